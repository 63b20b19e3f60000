// Driver for conv.mlir: deterministic small-integer inputs (f32 sums stay
// exact in any order), @conv, and its result printed.
func.func private @printMemrefF32(memref<*xf32>)

func.func @main() {
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c5 = arith.constant 5 : index
  %c7 = arith.constant 7 : index
  // X[n, c, h, w] = (5c + 3h + w) mod 7 - 3
  %x = tensor.generate {
  ^bb0(%n: index, %c: index, %h: index, %w: index):
    %c5c = arith.muli %c, %c5 : index
    %h3 = arith.muli %h, %c3 : index
    %s0 = arith.addi %c5c, %h3 : index
    %s = arith.addi %s0, %w : index
    %r = arith.remui %s, %c7 : index
    %v = arith.subi %r, %c3 : index
    %i = arith.index_cast %v : index to i32
    %f = arith.sitofp %i : i32 to f32
    tensor.yield %f : f32
  } : tensor<1x3x10x10xf32>
  // W[f, c, r, s] = (f * r + c + 2s) mod 5 - 2
  %wt = tensor.generate {
  ^bb0(%f: index, %c: index, %r: index, %s: index):
    %fr = arith.muli %f, %r : index
    %s2 = arith.muli %s, %c2 : index
    %t0 = arith.addi %fr, %c : index
    %t = arith.addi %t0, %s2 : index
    %m = arith.remui %t, %c5 : index
    %v = arith.subi %m, %c2 : index
    %i = arith.index_cast %v : index to i32
    %fl = arith.sitofp %i : i32 to f32
    tensor.yield %fl : f32
  } : tensor<4x3x3x3xf32>
  %y = func.call @conv(%x, %wt) : (tensor<1x3x10x10xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  %m = bufferization.to_buffer %y : tensor<1x4x8x8xf32> to memref<1x4x8x8xf32>
  %u = memref.cast %m : memref<1x4x8x8xf32> to memref<*xf32>
  func.call @printMemrefF32(%u) : (memref<*xf32>) -> ()
  return
}
