// Pass options and search budgets.
// RUN: not oro-opt %s --oro-map-search 2>&1 | FileCheck %s --check-prefix=NOARCH
// RUN: not oro-opt %s --oro-map-search="arch=%t.does-not-exist.yaml" 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not oro-opt %s --oro-map-search="arch=%arches/snowcat.yaml progress=sometimes" 2>&1 | FileCheck %s --check-prefix=PROGRESS
// RUN: not oro-opt %s --oro-map-search="arch=%arches/snowcat.yaml max-candidates=10" 2>&1 | FileCheck %s --check-prefix=BUDGET
// RUN: not oro-opt %s --oro-emit-bounds="arch=%arches/snowcat.yaml report=%s/r.json" 2>&1 | FileCheck %s --check-prefix=REPORT

// NOARCH: error: 'oro-map-search' needs an architecture: pass arch=<file.yaml>
// MISSING: does-not-exist.yaml
// PROGRESS: error: progress must be 'auto', 'always' or 'never', not 'sometimes'
// BUDGET: error: 'oro.einsum' op mapping search at level 'GlobalBuffer' failed: {{.*}}10
// REPORT: error: cannot write '{{.*}}r.json'
oro.workload @mm4(%a: tensor<4x4xi8>, %b: tensor<4x4xi8>) -> tensor<4x4xi8> {
  %c = oro.einsum "C" [m = 4, n = 4, k = 4] ins(%a[m, k], %b[k, n]) outs[m, n]
         : (tensor<4x4xi8>, tensor<4x4xi8>) -> tensor<4x4xi8>
  oro.yield %c : tensor<4x4xi8>
}
