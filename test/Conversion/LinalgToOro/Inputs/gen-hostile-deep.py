"""Writes deep or long Linalg functions for hostile-deep.mlir:
gen-hostile-deep.py KIND N."""
import sys

kind, n = sys.argv[1], int(sys.argv[2])
out = []
emit = out.append
if kind == "reshape":  # N alternating expand/collapse of one tensor
    emit("func.func @reshape(%a: tensor<64xf32>) -> tensor<64xf32> {")
    cur = "%a"
    for i in range(n):
        if i % 2 == 0:
            emit(f"  %v{i} = tensor.expand_shape {cur} [[0, 1]] output_shape [8, 8]"
                 " : tensor<64xf32> into tensor<8x8xf32>")
        else:
            emit(f"  %v{i} = tensor.collapse_shape {cur} [[0, 1]]"
                 " : tensor<8x8xf32> into tensor<64xf32>")
        cur = f"%v{i}"
    ty = "tensor<64xf32>" if n % 2 == 0 else "tensor<8x8xf32>"
    emit(f"  %e = tensor.empty() : {ty}")
    emit(f"  %r = linalg.exp ins({cur} : {ty}) outs(%e : {ty}) -> {ty}")
    emit(f"  return %r : {ty}")
elif kind == "pad":  # N pads, each of the previous one
    emit(f"func.func @pad(%a: tensor<4xf32>) -> tensor<{4 + n}xf32> {{")
    emit("  %z = arith.constant 0.0 : f32")
    cur = "%a"
    for i in range(n):
        emit(f"  %p{i} = tensor.pad {cur} low[1] high[0] {{")
        emit("  ^bb0(%i: index):")
        emit("    tensor.yield %z : f32")
        emit(f"  }} : tensor<{4 + i}xf32> to tensor<{5 + i}xf32>")
        cur = f"%p{i}"
    emit(f"  return {cur} : tensor<{4 + n}xf32>")
elif kind == "init":  # N inserts of initialization into initialization
    emit("func.func @init(%a: tensor<8xf32>) -> tensor<8xf32> {")
    emit("  %e = tensor.empty() : tensor<4xf32>")
    emit("  %d0 = tensor.empty() : tensor<8xf32>")
    cur = "%d0"
    for i in range(n):
        emit(f"  %d{i + 1} = tensor.insert_slice %e into {cur}[{i % 5}] [4] [1]"
             " : tensor<4xf32> into tensor<8xf32>")
        cur = f"%d{i + 1}"
    emit(f"  %r = linalg.add ins(%a, {cur} : tensor<8xf32>, tensor<8xf32>)"
         " outs(%d0 : tensor<8xf32>) -> tensor<8xf32>")
    emit("  return %r : tensor<8xf32>")
elif kind == "chain":  # N elementwise ops in a row (N labels `exp_<i>`)
    emit("func.func @chain(%a: tensor<4xf32>) -> tensor<4xf32> {")
    emit("  %e = tensor.empty() : tensor<4xf32>")
    cur = "%a"
    for i in range(n):
        emit(f"  %x{i} = linalg.exp ins({cur} : tensor<4xf32>)"
             " outs(%e : tensor<4xf32>) -> tensor<4xf32>")
        cur = f"%x{i}"
    emit(f"  return {cur} : tensor<4xf32>")
elif kind == "weight":  # a weight through N transposes
    emit("func.func @weight(%a: tensor<4x4xf32>, %w: tensor<4x4xf32>) -> tensor<4x4xf32> {")
    emit("  %e = tensor.empty() : tensor<4x4xf32>")
    cur = "%w"
    for i in range(n):
        emit(f"  %t{i} = linalg.transpose ins({cur} : tensor<4x4xf32>)"
             " outs(%e : tensor<4x4xf32>) permutation = [1, 0]")
        cur = f"%t{i}"
    emit(f"  %m = linalg.matmul ins(%a, {cur} : tensor<4x4xf32>, tensor<4x4xf32>)"
         " outs(%e : tensor<4x4xf32>) -> tensor<4x4xf32>")
    emit("  return %m : tensor<4x4xf32>")
elif kind == "loc":  # N nested fused and name locations
    loc = '"inner"'
    for i in range(n):
        loc = f"fused[{loc}]" if i % 2 else f'"n{i}"({loc})'
    emit("func.func @loc(%a: tensor<4xf32>) -> tensor<4xf32> {")
    emit("  %e = tensor.empty() : tensor<4xf32>")
    emit("  %r = linalg.exp ins(%a : tensor<4xf32>) outs(%e : tensor<4xf32>)"
         f" -> tensor<4xf32> loc({loc})")
    emit("  return %r : tensor<4xf32>")
else:
    sys.exit(f"unknown kind {kind}")
emit("}")
print("\n".join(out))
