// Single GEMM: C[m,n] = sum_k A[m,k] * B[k,n], M = N = K = 4096, bf16.
// Shapes: A [4096,4096], B [4096,4096], C [4096,4096]; 4096^3 = 68,719,476,736 MACs.
// Source: the form torch-mlir emits for `torch.mm(A, B)` (linalg-on-tensors backend): the
//   result is initialised with tensor.empty + linalg.fill(0) and accumulated by linalg.matmul.
// RUN-EXAMPLE: build/bin/oro-opt examples/matmul/matmul-4096.mlir --oro-pipeline="arch=examples/arches/snowcat.yaml report=out/matmul-4096.json"
// IMPORT: build/bin/oro-opt examples/matmul/matmul-4096.mlir --convert-linalg-to-oro

module {
  func.func @forward(%A: tensor<4096x4096xbf16>, %B: tensor<4096x4096xbf16>) -> tensor<4096x4096xbf16> {
    %zero = arith.constant 0.000000e+00 : bf16
    %empty = tensor.empty() : tensor<4096x4096xbf16>
    %C_init = linalg.fill ins(%zero : bf16) outs(%empty : tensor<4096x4096xbf16>) -> tensor<4096x4096xbf16>
    %C = linalg.matmul ins(%A, %B : tensor<4096x4096xbf16>, tensor<4096x4096xbf16>)
                       outs(%C_init : tensor<4096x4096xbf16>) -> tensor<4096x4096xbf16>
    return %C : tensor<4096x4096xbf16>
  }
}
