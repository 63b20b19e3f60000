// Driver for matmul.mlir: deterministic small-integer inputs (so f32 sums
// are exact in any order), @mm, and its result printed.
func.func private @printMemrefF32(memref<*xf32>)

func.func @main() {
  %c3 = arith.constant 3 : index
  %c5 = arith.constant 5 : index
  %c7 = arith.constant 7 : index
  %c11 = arith.constant 11 : index
  // A[i, j] = (7i + 3j) mod 11 - 5
  %a = tensor.generate {
  ^bb0(%i: index, %j: index):
    %i7 = arith.muli %i, %c7 : index
    %j3 = arith.muli %j, %c3 : index
    %s = arith.addi %i7, %j3 : index
    %r = arith.remui %s, %c11 : index
    %v = arith.subi %r, %c5 : index
    %w = arith.index_cast %v : index to i32
    %f = arith.sitofp %w : i32 to f32
    tensor.yield %f : f32
  } : tensor<13x19xf32>
  // B[i, j] = (i * j) mod 7 + i - j
  %b = tensor.generate {
  ^bb0(%i: index, %j: index):
    %p = arith.muli %i, %j : index
    %r = arith.remui %p, %c7 : index
    %s = arith.addi %r, %i : index
    %v = arith.subi %s, %j : index
    %w = arith.index_cast %v : index to i32
    %f = arith.sitofp %w : i32 to f32
    tensor.yield %f : f32
  } : tensor<19x17xf32>
  %c = func.call @mm(%a, %b) : (tensor<13x19xf32>, tensor<19x17xf32>) -> tensor<13x17xf32>
  %m = bufferization.to_buffer %c : tensor<13x17xf32> to memref<13x17xf32>
  %u = memref.cast %m : memref<13x17xf32> to memref<*xf32>
  func.call @printMemrefF32(%u) : (memref<*xf32>) -> ()
  return
}
