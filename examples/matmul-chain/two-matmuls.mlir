// Two chained matmuls (a 2-Einsum instance of AccelForge's basic `matmuls` workload,
// examples/workloads/basic/matmuls.yaml with N_EINSUMS=2, M=1024, KN=1024), bf16:
//   MatmulA: A[m,nA] = sum_nI I[m,nI] * WA[nI,nA]
//   MatmulB: B[m,nB] = sum_nA A[m,nA] * WB[nA,nB]
// Shapes: M = 1024, nI = nA = nB = KN = 1024 (tensor names follow AccelForge: I, WA, A, WB, B).
//   I [1024,1024], WA [1024,1024], A [1024,1024] (intermediate), WB [1024,1024], B [1024,1024].
//   MACs: 2 x 1024^3 = 2,147,483,648. (AccelForge uses 8 bits/value; this file is bf16.)
// Source: hand-written in torch-mlir style (`torch.mm(torch.mm(I, WA), WB)`): each result is
//   tensor.empty + linalg.fill(0) + linalg.matmul; A is the fusable intermediate.
// RUN-EXAMPLE: build/bin/oro-opt examples/matmul-chain/two-matmuls.mlir --oro-pipeline="arch=examples/arches/snowcat.yaml report=out/two-matmuls.json"
// IMPORT: build/bin/oro-opt examples/matmul-chain/two-matmuls.mlir --convert-linalg-to-oro

module {
  func.func @forward(%I: tensor<1024x1024xbf16>, %WA: tensor<1024x1024xbf16>,
                     %WB: tensor<1024x1024xbf16>) -> tensor<1024x1024xbf16> {
    %zero = arith.constant 0.000000e+00 : bf16
    // MatmulA: A = I . WA
    %A_empty = tensor.empty() : tensor<1024x1024xbf16>
    %A_init = linalg.fill ins(%zero : bf16) outs(%A_empty : tensor<1024x1024xbf16>) -> tensor<1024x1024xbf16>
    %A = linalg.matmul ins(%I, %WA : tensor<1024x1024xbf16>, tensor<1024x1024xbf16>)
                       outs(%A_init : tensor<1024x1024xbf16>) -> tensor<1024x1024xbf16>
    // MatmulB: B = A . WB
    %B_empty = tensor.empty() : tensor<1024x1024xbf16>
    %B_init = linalg.fill ins(%zero : bf16) outs(%B_empty : tensor<1024x1024xbf16>) -> tensor<1024x1024xbf16>
    %B = linalg.matmul ins(%A, %WB : tensor<1024x1024xbf16>, tensor<1024x1024xbf16>)
                       outs(%B_init : tensor<1024x1024xbf16>) -> tensor<1024x1024xbf16>
    return %B : tensor<1024x1024xbf16>
  }
}
