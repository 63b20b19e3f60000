// Two independent branches written interleaved, as front ends emit them
// (torch-mlir lowers both projections before either activation):
//   A = X W1; B = Y W2; C = relu(A); D = relu(B)
// {A, C} and {B, D} are connected through A and B but not contiguous in
// program order, so an interval-only fusion search cannot keep A or B on
// chip. Hand-counted, f32 (32 bits), X and Y 8x4, W1 and W2 4x8, A..D 8x8:
//
// Unbounded, every einsum alone (or groups as intervals; no interval of two
// or more einsums here is connected but none helps): A and B are written
// and read back. X 32 + W1 32 + Y 32 + W2 32 + A 64 + 64 + B 64 + 64 + C 64
// + D 64 = 512 elements = 16384 bits.
// Unbounded, with {mmA, reluA} and {mmB, reluB} fused: A and B never leave
// the buffer: 256 elements = 8192 bits, the compulsory traffic.
//
// RUN: oro-opt %s --oro-pipeline="arch=%arches/snowcat.yaml csv=- progress=never" -o /dev/null | FileCheck %s --check-prefix=CONVEX
// RUN: oro-opt %s --oro-pipeline="arch=%arches/snowcat.yaml csv=- fusion-lookahead=0 progress=never" -o /dev/null | FileCheck %s --check-prefix=INTERVALS
// RUN: oro-opt %s --oro-pipeline="arch=%arches/snowcat.yaml report=- progress=never" -o /dev/null | FileCheck %s --check-prefix=JSON
// RUN: oro-opt %s --oro-pipeline="arch=%arches/snowcat.yaml progress=never" | FileCheck %s --check-prefix=MAP
// RUN: oro-opt %s --oro-pipeline="arch=%arches/snowcat.yaml progress=never" | oro-opt --oro-apply-mapping | FileCheck %s --check-prefix=APPLY

// The unfused curve ends at 16384 bits; the fused one at 8192 with fusion
// across the interleaving, and at 16384 without it.
// CONVEX:         workload,unfused,forward_workload,,GlobalBuffer,MainMemory,{{[0-9]+}},16384,
// CONVEX:         workload,fused,forward_workload,,GlobalBuffer,MainMemory,{{[0-9]+}},8192,
// CONVEX-NOT:     workload
// INTERVALS:      workload,fused,forward_workload,,GlobalBuffer,MainMemory,{{[0-9]+}},16384,
// INTERVALS-NOT:  workload

// The unbounded witness: two groups, each a projection with its activation
// under shared m and n loops, the projection's output on chip.
// JSON:      "lookahead": 4
// JSON:      "matmul",
// JSON-NEXT:   "cmpf_select"
// JSON-NEXT: ],
// JSON:      "on_chip": [
// JSON-NEXT:   "matmul"
// JSON-NEXT: ],
// JSON:      "matmul_1",
// JSON-NEXT:   "cmpf_select_1"
// JSON-NEXT: ],
// JSON:      "on_chip": [
// JSON-NEXT:   "matmul_1"
// JSON-NEXT: ],

// The mapping search annotates both groups; each activation joins its own
// projection's group.
// MAP: einsum "matmul" {{.*}}fusion = #oro.fusion<group = [[G0:[0-9]+]], shared_loops = 2>
// MAP: einsum "matmul_1" {{.*}}fusion = #oro.fusion<group = [[G1:[0-9]+]], shared_loops = 2>
// MAP: einsum "cmpf_select" {{.*}}fusion = #oro.fusion<group = [[G0]], shared_loops = 2>
// MAP: einsum "cmpf_select_1" {{.*}}fusion = #oro.fusion<group = [[G1]], shared_loops = 2>

// Tiled and fused as chosen: each projection computes its tile inside its
// activation's loops, the other branch's loops after them.
// APPLY:      scf.for
// APPLY:        scf.for
// APPLY:          linalg.matmul {oro.einsum = "matmul"}
// APPLY:          linalg.generic {{.*}}oro.einsum = "cmpf_select"}
// APPLY:      scf.for
// APPLY:        scf.for
// APPLY:          linalg.matmul {oro.einsum = "matmul_1"}
// APPLY:          linalg.generic {{.*}}oro.einsum = "cmpf_select_1"}

#map = affine_map<(d0, d1) -> (d0, d1)>
module attributes {torch.debug_module_name = "TwoBranches"} {
  ml_program.global private mutable @global_seed(dense<0> : tensor<i64>) : tensor<i64>
  func.func @forward(%x: tensor<8x4xf32>, %w1: tensor<4x8xf32>, %y: tensor<8x4xf32>, %w2: tensor<4x8xf32>) -> (tensor<8x8xf32>, tensor<8x8xf32>) {
    %cst = arith.constant 0.000000e+00 : f32
    %0 = tensor.empty() : tensor<8x8xf32>
    %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<8x8xf32>) -> tensor<8x8xf32>
    %2 = linalg.matmul ins(%x, %w1 : tensor<8x4xf32>, tensor<4x8xf32>) outs(%1 : tensor<8x8xf32>) -> tensor<8x8xf32>
    %3 = linalg.matmul ins(%y, %w2 : tensor<8x4xf32>, tensor<4x8xf32>) outs(%1 : tensor<8x8xf32>) -> tensor<8x8xf32>
    %4 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]} ins(%2 : tensor<8x8xf32>) outs(%0 : tensor<8x8xf32>) {
    ^bb0(%in: f32, %out: f32):
      %6 = arith.cmpf ugt, %in, %cst : f32
      %7 = arith.select %6, %in, %cst : f32
      linalg.yield %7 : f32
    } -> tensor<8x8xf32>
    %5 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]} ins(%3 : tensor<8x8xf32>) outs(%0 : tensor<8x8xf32>) {
    ^bb0(%in: f32, %out: f32):
      %6 = arith.cmpf ugt, %in, %cst : f32
      %7 = arith.select %6, %in, %cst : f32
      linalg.yield %7 : f32
    } -> tensor<8x8xf32>
    return %4, %5 : tensor<8x8xf32>, tensor<8x8xf32>
  }
}
