// --oro-emit-bounds evaluates the mappings written in the IR (by
// --oro-map-search, by hand or by another compiler) for the hierarchy
// tables' attained traffic, instead of planning mappings of its own; the
// tables say so ("attained_from": "mappings"). Counted by hand below.
// RUN: oro-opt %s --oro-emit-bounds="arch=%arches/snowcat.yaml report=%t.json" -o /dev/null
// RUN: FileCheck %s --input-file=%t.json --check-prefix=JSON
// RUN: %python %S/../../Examples/Inputs/check-hierarchy.py %t.json | FileCheck %s --check-prefix=TABLES
// Without the mappings, the tables plan their own.
// RUN: sed -e 's/ {.*mapping = .*}$//' %s | oro-opt --oro-emit-bounds="arch=%arches/snowcat.yaml report=%t.plain.json" -o /dev/null
// RUN: FileCheck %s --input-file=%t.plain.json --check-prefix=PLAIN --implicit-check-not='"attained_from": "mappings"'
// On an arch whose first level is not the mappings' level, too (with a
// warning).
// RUN: oro-opt %s --oro-emit-bounds="arch=%S/../../Inputs/buffer-112bits.yaml report=%t.other.json" -o /dev/null 2>&1 | FileCheck %s --check-prefix=OTHER
// RUN: FileCheck %s --input-file=%t.other.json --check-prefix=PLAIN --implicit-check-not='"attained_from": "mappings"'
// With fusion=false the tables are each einsum's own, which a fused
// group's mappings are not.
// RUN: oro-opt %s --oro-emit-bounds="arch=%arches/snowcat.yaml fusion=false" -o /dev/null 2>&1 | FileCheck %s --check-prefix=NOFUSION
// NOFUSION: warning: the fused mappings in the IR are not evaluated with fusion=false: the tables plan their own
// A selection (`einsums`) that holds part of a fused group: not the IR's
// group, so planned.
// RUN: oro-opt %s --oro-emit-bounds="arch=%arches/snowcat.yaml einsums=C" -o /dev/null 2>&1 | FileCheck %s --check-prefix=SELECTION
// SELECTION: ir-mappings.mlir:{{[0-9]+}}:1: warning: the selected einsums hold part of fused group 0: the hierarchy tables plan their own mappings
// Mappings that do not fit: the 64-bit buffer holds 4 bf16 elements.
// RUN: sed 's/GlobalBuffer/Buffer/' %s | oro-opt --oro-emit-bounds="arch=%S/../../Inputs/buffer-64bits.yaml" -o /dev/null 2>&1 | FileCheck %s --check-prefix=SMALL

// A 4x4x4 bf16 matmul under loops [m : 1, n : 1] (k held whole):
// - A[m, k] below the m loop: a row of 4, fetched once per m: 16 elements;
// - B[k, n] below both: a column of 4, fetched on every (m, n) step (n
//   changes on each, also from (m, 3) to (m + 1, 0)): 16 x 4 = 64;
// - C[m, n] below both: one element, written once per (m, n): 16.
// 96 elements = 1536 bits, holding 4 + 4 + 1 = 9 elements = 144 bits. The
// bound at the buffer's capacity is the compulsory 48 elements = 768 bits.
//
// JSON:      "hierarchy": [
// JSON:      "scope": "einsum",
// JSON-NEXT: "workload": "poor",
// JSON-NEXT: "einsum": "mm",
// JSON-NEXT: "bound_mapspace": "unfused",
// JSON-NEXT: "objective": "traffic",
// JSON-NEXT: "attained_from": "mappings",
// JSON:      "level": "GlobalBuffer",
// JSON:      "bound_bits": 768,
// JSON-NEXT: "attained_bits": 1536,
// JSON:      "occupancy_bits": 144,
//
// TABLES: poor/mm: 1 boundaries, bound <= attained; gaps 2.00
//
// PLAIN:      "hierarchy": [
// PLAIN:      "workload": "poor",
// PLAIN-NEXT: "einsum": "mm",
// PLAIN-NEXT: "bound_mapspace": "unfused",
// PLAIN-NEXT: "objective": "traffic",
// PLAIN-NEXT: "attained_from": "plan",
// PLAIN:      "bound_bits": 768,
// PLAIN-NEXT: "attained_bits": 768,
oro.workload @poor(%a: tensor<4x4xbf16> {oro.name = "A"}, %b: tensor<4x4xbf16> {oro.name = "B"}) -> tensor<4x4xbf16> {
  %c = oro.einsum "mm" [m = 4, n = 4, k = 4] ins(%a[m, k], %b[k, n]) outs[m, n] {mapping = #oro.mapping<level = "GlobalBuffer", loops = [m : 1, n : 1], positions = [1, 2, 2]>}
         : (tensor<4x4xbf16>, tensor<4x4xbf16>) -> tensor<4x4xbf16>
  oro.yield %c : tensor<4x4xbf16>
}

// The chain of fused.mlir, C[m,n] = A[m,k] B[k,n] then E[m,p] = C[m,n] D[n,p]
// (M=4, K=3, N=5, P=2, bf16), fused by hand under a shared m loop of tile 1
// that keeps a row of C on chip:
// - C under [m : 1, k : 1, n : 1]: A[m, k] below m and k, one element
//   fetched per (m, k): 12; B[k, n] below all three: 4 x 3 x 5 = 60;
// - E under [m : 1, p : 1, n : 1]: D[n, p] below all three: 4 x 2 x 5 = 40;
//   E[m, p] below m and p, written once per (m, p): 8.
// 120 elements = 1920 bits. At most 7 elements = 112 bits are live: C's
// row (5) and one element of each operand of the einsum running. The
// fused bound (fused.mlir) is 720 bits; unfused, each einsum is planned.
//
// JSON:      "scope": "workload",
// JSON-NEXT: "workload": "chain",
// JSON-NEXT: "fusion": "unfused",
// JSON-NEXT: "bound_mapspace": "fused",
// JSON-NEXT: "objective": "traffic",
// JSON-NEXT: "attained_from": "plan",
// JSON:      "scope": "workload",
// JSON-NEXT: "workload": "chain",
// JSON-NEXT: "fusion": "fused",
// JSON-NEXT: "bound_mapspace": "fused",
// JSON-NEXT: "objective": "traffic",
// JSON-NEXT: "attained_from": "mappings",
// JSON:      "bound_bits": 720,
// JSON-NEXT: "attained_bits": 1920,
// JSON:      "occupancy_bits": 112,
//
// TABLES: chain (fused): 1 boundaries, bound <= attained; gaps 2.67
//
// OTHER: warning: its mapping onto level 'GlobalBuffer' is not for level 1 of architecture 'tiny112' ('Buffer'): the hierarchy tables plan their own mappings
//
// SMALL: warning: its mapping in the IR needs 144 bits of level 'Buffer', which holds 64: its attained traffic does not fit this arch
// SMALL: warning: its mapping in the IR needs 112 bits of level 'Buffer', which holds 64: its attained traffic does not fit this arch
oro.workload @chain(%a: tensor<4x3xbf16> {oro.name = "A"}, %b: tensor<3x5xbf16> {oro.name = "B"},
                    %d: tensor<5x2xbf16> {oro.name = "D"}) -> tensor<4x2xbf16> {
  %c = oro.einsum "C" [m = 4, n = 5, k = 3] ins(%a[m, k], %b[k, n]) outs[m, n] {fusion = #oro.fusion<group = 0, shared_loops = 1>, mapping = #oro.mapping<level = "GlobalBuffer", loops = [m : 1, k : 1, n : 1], positions = [2, 3, fused]>}
         : (tensor<4x3xbf16>, tensor<3x5xbf16>) -> tensor<4x5xbf16>
  %e = oro.einsum "E" [m = 4, p = 2, n = 5] ins(%c[m, n], %d[n, p]) outs[m, p] {fusion = #oro.fusion<group = 0, shared_loops = 1>, mapping = #oro.mapping<level = "GlobalBuffer", loops = [m : 1, p : 1, n : 1], positions = [fused, 3, 2]>}
         : (tensor<4x5xbf16>, tensor<5x2xbf16>) -> tensor<4x2xbf16>
  oro.yield %e : tensor<4x2xbf16>
}
