// Driver for attention.mlir: Q, K, V with entries in {-0.5, ..., 0.5},
// @attention, and its result printed.
func.func private @printMemrefF32(memref<*xf32>)

func.func @main() {
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c5 = arith.constant 5 : index
  %c7 = arith.constant 7 : index
  %quarter = arith.constant 0.25 : f32
  // Q[i, d] = ((i + 2d) mod 5 - 2) / 4
  %q = tensor.generate {
  ^bb0(%i: index, %d: index):
    %d2 = arith.muli %d, %c2 : index
    %s = arith.addi %i, %d2 : index
    %r = arith.remui %s, %c5 : index
    %v = arith.subi %r, %c2 : index
    %n = arith.index_cast %v : index to i32
    %f = arith.sitofp %n : i32 to f32
    %g = arith.mulf %f, %quarter : f32
    tensor.yield %g : f32
  } : tensor<12x16xf32>
  // K[j, d] = ((3j + d) mod 5 - 2) / 4
  %k = tensor.generate {
  ^bb0(%j: index, %d: index):
    %j3 = arith.muli %j, %c3 : index
    %s = arith.addi %j3, %d : index
    %r = arith.remui %s, %c5 : index
    %v = arith.subi %r, %c2 : index
    %n = arith.index_cast %v : index to i32
    %f = arith.sitofp %n : i32 to f32
    %g = arith.mulf %f, %quarter : f32
    tensor.yield %g : f32
  } : tensor<12x16xf32>
  // V[j, d] = (j * d) mod 7 - 3
  %v = tensor.generate {
  ^bb0(%j: index, %d: index):
    %p = arith.muli %j, %d : index
    %r = arith.remui %p, %c7 : index
    %w = arith.subi %r, %c3 : index
    %n = arith.index_cast %w : index to i32
    %f = arith.sitofp %n : i32 to f32
    tensor.yield %f : f32
  } : tensor<12x16xf32>
  %o = func.call @attention(%q, %k, %v) : (tensor<12x16xf32>, tensor<12x16xf32>, tensor<12x16xf32>) -> tensor<12x16xf32>
  %m = bufferization.to_buffer %o : tensor<12x16xf32> to memref<12x16xf32>
  %u = memref.cast %m : memref<12x16xf32> to memref<*xf32>
  func.call @printMemrefF32(%u) : (memref<*xf32>) -> ()
  return
}
