// oro-check needs a workload: a module with no function of einsums says so.
// RUN: not oro-check %s 2>&1 | FileCheck %s
// CHECK: oro-check: {{.*}}oro-check-errors.mlir has no workload
module {
}
