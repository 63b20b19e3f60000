// Pass options and search budgets.
// RUN: not oro-opt %s --oro-map-search 2>&1 | FileCheck %s --check-prefix=NOARCH
// RUN: not oro-opt %s --oro-map-search="arch=%t.does-not-exist.yaml" 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not oro-opt %s --oro-map-search="arch=%arches/snowcat.yaml progress=sometimes" 2>&1 | FileCheck %s --check-prefix=PROGRESS
// RUN: not oro-opt %s --oro-map-search="arch=%arches/snowcat.yaml max-candidates=10" 2>&1 | FileCheck %s --check-prefix=BUDGET
// RUN: not oro-opt %s --oro-emit-bounds="arch=%arches/snowcat.yaml report=%s/r.json" 2>&1 | FileCheck %s --check-prefix=REPORT
// RUN: not oro-opt %s --oro-map-search="arch=%arches/snowcat.yaml objective=speed" 2>&1 | FileCheck %s --check-prefix=OBJECTIVE
// RUN: not oro-opt %s --oro-emit-bounds="arch=%S/../../Inputs/buffer-64bits.yaml objective=energy" 2>&1 | FileCheck %s --check-prefix=NOENERGY

// NOARCH: error: 'oro-map-search' needs an architecture: pass arch=<file.yaml>
// MISSING: does-not-exist.yaml
// PROGRESS: error: progress must be 'auto', 'always' or 'never', not 'sometimes'
// BUDGET: error: 'oro.einsum' op mapping search at level 'GlobalBuffer' failed: {{.*}}10
// REPORT: error: cannot write '{{.*}}r.json'
// OBJECTIVE: error: objective must be 'traffic' or 'energy', not 'speed'
// The first level without energies, located in the spec.
// NOENERGY: buffer-64bits.yaml:4:5: error: objective=energy needs read_energy_pj_per_bit and write_energy_pj_per_bit on every level; level 'DRAM' of architecture 'tiny' lacks read_energy_pj_per_bit
oro.workload @mm4(%a: tensor<4x4xi8>, %b: tensor<4x4xi8>) -> tensor<4x4xi8> {
  %c = oro.einsum "C" [m = 4, n = 4, k = 4] ins(%a[m, k], %b[k, n]) outs[m, n]
         : (tensor<4x4xi8>, tensor<4x4xi8>) -> tensor<4x4xi8>
  oro.yield %c : tensor<4x4xi8>
}
