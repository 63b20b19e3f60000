// Three projections of one activation, as torch-mlir writes attention's
// Q, K and V (a whole module with its boilerplate):
//   Q = X Wq; K = X Wk; V = X Wv
// No tensor is produced and read among them, so only the input X links
// them: a group of the three that shares X reads it once, in one
// reservation. Hand-counted, f32 (32 bits), X 8x4, each W 4x8, each output
// 8x8:
//
// Unbounded, every einsum alone (or without shared inputs, where no group
// of them is connected): each reads X (32 elements) and its W (32) and
// writes its output (64): 3 x 128 = 384 elements = 12288 bits.
// Unbounded, {Q, K, V} sharing X: X once, then 3 x (32 + 64): 320
// elements = 10240 bits, the compulsory traffic with X read once.
//
// RUN: oro-opt %s --oro-pipeline="arch=%arches/snowcat.yaml csv=- progress=never" -o /dev/null | FileCheck %s --check-prefix=SHARED
// RUN: oro-opt %s --oro-pipeline="arch=%arches/snowcat.yaml csv=- fusion-share-inputs=false progress=never" -o /dev/null | FileCheck %s --check-prefix=PLAIN
// RUN: oro-opt %s --oro-pipeline="arch=%arches/snowcat.yaml report=- progress=never" -o /dev/null | FileCheck %s --check-prefix=JSON
// RUN: oro-opt %s --oro-pipeline="arch=%arches/snowcat.yaml report=%t.json progress=never" -o /dev/null
// RUN: %python %S/Inputs/check-fusion.py %t.json
// RUN: oro-opt %s --oro-pipeline="arch=%arches/snowcat.yaml progress=never" | FileCheck %s --check-prefix=MAP
//
// Down a hierarchy (H100), the fused table's traffic across HBM -> L2 is
// the group's: X once, 10240 bits, both from the mappings the pipeline
// writes into the IR and planned by --oro-emit-bounds alone; unfused,
// 12288.
// RUN: oro-opt %s --oro-pipeline="arch=%arches/gpu-h100.yaml report=%t.h100.json progress=never" -o /dev/null
// RUN: FileCheck %s --input-file=%t.h100.json --check-prefix=H100
// RUN: oro-opt %s --convert-linalg-to-oro --oro-emit-bounds="arch=%arches/gpu-h100.yaml report=%t.h100-plan.json progress=never" -o /dev/null
// RUN: FileCheck %s --input-file=%t.h100-plan.json --check-prefix=H100
// H100:      "hierarchy": [
// H100:      "fusion": "unfused",
// H100:      "level": "L2",
// H100:      "attained_bits": 12288,
// H100:      "fusion": "fused",
// H100:      "level": "L2",
// H100:      "bound_bits": 10240,
// H100-NEXT: "attained_bits": 10240,

// SHARED:     workload,unfused,forward_workload,,GlobalBuffer,MainMemory,{{[0-9]+}},12288,
// SHARED:     workload,fused,forward_workload,,GlobalBuffer,MainMemory,{{[0-9]+}},10240,
// SHARED-NOT: workload
// PLAIN:      workload,fused,forward_workload,,GlobalBuffer,MainMemory,{{[0-9]+}},12288,
// PLAIN-NOT:  workload

// Groups of the three share X (the function's first argument), nothing on
// chip; check-fusion.py checks that each point's per-tensor traffic adds
// up (X's is carried by its first reader, the others read none of it).
// JSON:      "share_inputs": true
// JSON:      "matmul",
// JSON-NEXT:   "matmul_1",
// JSON-NEXT:   "matmul_2"
// JSON:      "on_chip": [],
// JSON-NEXT: "shared_inputs": [
// JSON-NEXT:   "arg0"
// JSON-NEXT: ],

// The mapping search annotates the group; its #oro.fusion says that it
// shares its inputs.
// MAP: einsum "matmul" {{.*}}fusion = #oro.fusion<group = [[G:[0-9]+]], shared_loops = {{[0-9]+}}, shares_inputs = true>
// MAP: einsum "matmul_1" {{.*}}fusion = #oro.fusion<group = [[G]], shared_loops = {{[0-9]+}}, shares_inputs = true>
// MAP: einsum "matmul_2" {{.*}}fusion = #oro.fusion<group = [[G]], shared_loops = {{[0-9]+}}, shares_inputs = true>

module attributes {torch.debug_module_name = "Projections"} {
  ml_program.global private mutable @global_seed(dense<0> : tensor<i64>) : tensor<i64>
  func.func @forward(%x: tensor<8x4xf32>, %wq: tensor<4x8xf32>, %wk: tensor<4x8xf32>, %wv: tensor<4x8xf32>) -> (tensor<8x8xf32>, tensor<8x8xf32>, tensor<8x8xf32>) {
    %cst = arith.constant 0.000000e+00 : f32
    %0 = tensor.empty() : tensor<8x8xf32>
    %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<8x8xf32>) -> tensor<8x8xf32>
    %2 = linalg.matmul ins(%x, %wq : tensor<8x4xf32>, tensor<4x8xf32>) outs(%1 : tensor<8x8xf32>) -> tensor<8x8xf32>
    %3 = linalg.matmul ins(%x, %wk : tensor<8x4xf32>, tensor<4x8xf32>) outs(%1 : tensor<8x8xf32>) -> tensor<8x8xf32>
    %4 = linalg.matmul ins(%x, %wv : tensor<8x4xf32>, tensor<4x8xf32>) outs(%1 : tensor<8x8xf32>) -> tensor<8x8xf32>
    return %2, %3, %4 : tensor<8x8xf32>, tensor<8x8xf32>, tensor<8x8xf32>
  }
}
