// einsums=: analyze a selection of a workload's einsums, as the seed
// tutorial's einsum_names=["Q"] does. The selection is a workload of its
// own: a tensor crossing its boundary goes through the backing store.
//
// RUN: oro-opt %s --oro-pipeline="arch=%arches/snowcat.yaml csv=- einsums=mmB" -o /dev/null | FileCheck %s --check-prefix=ONE
// RUN: oro-opt %s --oro-pipeline="arch=%arches/snowcat.yaml report=- einsums=mmB" -o /dev/null | FileCheck %s --check-prefix=JSON
// RUN: oro-opt %s --oro-pipeline="arch=%arches/snowcat.yaml csv=-" -o /dev/null > %t.all.csv
// RUN: oro-opt %s --oro-pipeline="arch=%arches/snowcat.yaml csv=- einsums=mmB,mmA" -o /dev/null > %t.both.csv
// RUN: diff %t.all.csv %t.both.csv
// RUN: FileCheck %s --check-prefix=ALL < %t.all.csv
// RUN: not oro-opt %s --oro-pipeline="arch=%arches/snowcat.yaml csv=- einsums=mmB,Q" -o /dev/null 2>&1 | FileCheck %s --check-prefix=UNKNOWN
//
// mmA: A[4,5] = I[4,3] . WA[3,5]; mmB: B[4,2] = A[4,5] . WB[5,2]; bf16.
// mmB alone: A is read from the backing store like WB, and B written to
// it, so its compulsory traffic is 20 + 10 + 8 elements = 608 bits, and its
// curve ends there (every element moved once). In the whole workload,
// fused, A stays on chip: the unbounded point moves I, WA, WB and B once,
// 12 + 15 + 10 + 8 = 45 elements = 720 bits. Selecting both einsums is the
// whole workload.
//
// ONE-NOT: mmA
// ONE: einsum,,chain_workload,mmB,GlobalBuffer,MainMemory,{{[0-9]+}},608,{{[0-9.]+}},40,608
// ONE-NOT: mmB
// ONE-NOT: workload,
// JSON: "einsums": [
// JSON-NEXT: {
// JSON-NEXT: "workload": "chain_workload",
// JSON-NEXT: "name": "mmB",
// JSON: "name": "mmA",
// JSON: "kind": "input",
// JSON-NOT: "workload": "chain_workload",
// JSON: "curves": [
// ALL: workload,fused,chain_workload,,GlobalBuffer,MainMemory,400,720,
// UNKNOWN: error: einsums: no einsum is named 'Q' (einsums are named as in the report, e.g. 'mmA', 'mmB')

module {
  func.func @chain(%I: tensor<4x3xbf16>, %WA: tensor<3x5xbf16>,
                   %WB: tensor<5x2xbf16>) -> tensor<4x2xbf16> {
    %zero = arith.constant 0.000000e+00 : bf16
    %A_empty = tensor.empty() : tensor<4x5xbf16>
    %A_init = linalg.fill ins(%zero : bf16) outs(%A_empty : tensor<4x5xbf16>) -> tensor<4x5xbf16>
    %A = linalg.matmul ins(%I, %WA : tensor<4x3xbf16>, tensor<3x5xbf16>)
                       outs(%A_init : tensor<4x5xbf16>) -> tensor<4x5xbf16> loc("mmA")
    %B_empty = tensor.empty() : tensor<4x2xbf16>
    %B_init = linalg.fill ins(%zero : bf16) outs(%B_empty : tensor<4x2xbf16>) -> tensor<4x2xbf16>
    %B = linalg.matmul ins(%A, %WB : tensor<4x5xbf16>, tensor<5x2xbf16>)
                       outs(%B_init : tensor<4x2xbf16>) -> tensor<4x2xbf16> loc("mmB")
    return %B : tensor<4x2xbf16>
  }
}
