// Every architecture-spec error reaches the user as a diagnostic located in
// the YAML file (file:line:col), through the passes that read the spec.
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/backing-store-keep.yaml 2>&1 | FileCheck %s --check-prefix=BACKING_STORE_KEEP
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/bandwidth-both.yaml 2>&1 | FileCheck %s --check-prefix=BANDWIDTH_BOTH
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/bandwidth-zero.yaml 2>&1 | FileCheck %s --check-prefix=BANDWIDTH_ZERO
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/capacity-fractional-bits.yaml 2>&1 | FileCheck %s --check-prefix=CAPACITY_FRACTIONAL_BITS
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/capacity-negative.yaml 2>&1 | FileCheck %s --check-prefix=CAPACITY_NEGATIVE
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/capacity-no-unit.yaml 2>&1 | FileCheck %s --check-prefix=CAPACITY_NO_UNIT
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/capacity-overflow.yaml 2>&1 | FileCheck %s --check-prefix=CAPACITY_OVERFLOW
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/capacity-unknown-unit.yaml 2>&1 | FileCheck %s --check-prefix=CAPACITY_UNKNOWN_UNIT
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/capacity-zero.yaml 2>&1 | FileCheck %s --check-prefix=CAPACITY_ZERO
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/compute-macs-missing.yaml 2>&1 | FileCheck %s --check-prefix=COMPUTE_MACS_MISSING
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/duplicate-key.yaml 2>&1 | FileCheck %s --check-prefix=DUPLICATE_KEY
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/duplicate-level.yaml 2>&1 | FileCheck %s --check-prefix=DUPLICATE_LEVEL
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/empty.yaml 2>&1 | FileCheck %s --check-prefix=EMPTY
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/energy-negative.yaml 2>&1 | FileCheck %s --check-prefix=ENERGY_NEGATIVE
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/energy-non-finite.yaml 2>&1 | FileCheck %s --check-prefix=ENERGY_NON_FINITE
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/fanout-zero.yaml 2>&1 | FileCheck %s --check-prefix=FANOUT_ZERO
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/invalid-yaml.yaml 2>&1 | FileCheck %s --check-prefix=INVALID_YAML
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/level-name-invalid.yaml 2>&1 | FileCheck %s --check-prefix=LEVEL_NAME_INVALID
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/missing-compute.yaml 2>&1 | FileCheck %s --check-prefix=MISSING_COMPUTE
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/missing-key.yaml 2>&1 | FileCheck %s --check-prefix=MISSING_KEY
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/multiple-documents.yaml 2>&1 | FileCheck %s --check-prefix=MULTIPLE_DOCUMENTS
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/no-levels.yaml 2>&1 | FileCheck %s --check-prefix=NO_LEVELS
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/not-a-map.yaml 2>&1 | FileCheck %s --check-prefix=NOT_A_MAP
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/set-cycle.yaml 2>&1 | FileCheck %s --check-prefix=SET_CYCLE
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/set-misspelt-class.yaml 2>&1 | FileCheck %s --check-prefix=SET_MISSPELT_CLASS
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/set-name-class.yaml 2>&1 | FileCheck %s --check-prefix=SET_NAME_CLASS
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/set-syntax.yaml 2>&1 | FileCheck %s --check-prefix=SET_SYNTAX
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/set-unclosed-paren.yaml 2>&1 | FileCheck %s --check-prefix=SET_UNCLOSED_PAREN
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/unknown-key.yaml 2>&1 | FileCheck %s --check-prefix=UNKNOWN_KEY
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/unknown-top-key.yaml 2>&1 | FileCheck %s --check-prefix=UNKNOWN_TOP_KEY
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/wrong-type-list.yaml 2>&1 | FileCheck %s --check-prefix=WRONG_TYPE_LIST
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/wrong-type-number.yaml 2>&1 | FileCheck %s --check-prefix=WRONG_TYPE_NUMBER
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/wrong-type-string.yaml 2>&1 | FileCheck %s --check-prefix=WRONG_TYPE_STRING
// RUN: not oro-opt %s --oro-map-search=arch=%S/Inputs/no-such-file.yaml 2>&1 | FileCheck %s --check-prefix=UNREADABLE
// RUN: not oro-opt %s --oro-emit-bounds=arch=%S/Inputs/unknown-key.yaml 2>&1 | FileCheck %s --check-prefix=UNKNOWN_KEY
// RUN: not oro-opt %s --oro-map-search=arch=%inputs/one-level.yaml 2>&1 | FileCheck %s --check-prefix=ONE_LEVEL
// RUN: not oro-opt %s --oro-map-search=arch=%inputs/backing-store-small.yaml 2>&1 | FileCheck %s --check-prefix=SMALL_STORE

// BACKING_STORE_KEEP: backing-store-keep.yaml:6:5: error: backing store 'DRAM' must keep every persistent tensor, but its 'keep' (Inputs) leaves out outputs
// BANDWIDTH_BOTH: bandwidth-both.yaml:9:5: error: level 'Buffer' gives both 'bandwidth_bits_per_cycle' and 'bandwidth_bytes_per_cycle'; keep one
// BANDWIDTH_ZERO: bandwidth-zero.yaml:8:32: error: 'bandwidth_bytes_per_cycle' of level 'Buffer' must be a positive number, got '0'
// CAPACITY_FRACTIONAL_BITS: capacity-fractional-bits.yaml:7:15: error: 'capacity' of level 'Buffer' is not a whole number of bits, got '0.1 bits'
// CAPACITY_NEGATIVE: capacity-negative.yaml:7:15: error: 'capacity' of level 'Buffer' must be positive, got '-1 KiB'
// CAPACITY_NO_UNIT: capacity-no-unit.yaml:7:15: error: 'capacity' of level 'Buffer' needs a unit (bits, B, KiB, MiB, GiB, TiB, KB, MB, GB, TB) or must be 'inf', got '1024'
// CAPACITY_OVERFLOW: capacity-overflow.yaml:7:15: error: 'capacity' of level 'Buffer' is too large, got
// CAPACITY_UNKNOWN_UNIT: capacity-unknown-unit.yaml:7:17: error: unknown unit 'KIB' in 'capacity' of level 'Buffer'; did you mean 'KiB'?
// CAPACITY_ZERO: capacity-zero.yaml:7:15: error: 'capacity' of level 'Buffer' must be positive, got '0 KiB'
// COMPUTE_MACS_MISSING: compute-macs-missing.yaml:7:3: error: 'compute' is missing required key 'macs_per_cycle'
// DUPLICATE_KEY: duplicate-key.yaml:8:5: error: duplicate key 'capacity' in level 'Buffer' (first given at 7:5)
// DUPLICATE_LEVEL: duplicate-level.yaml:8:11: error: duplicate level name 'Buffer' (first defined at 6:11)
// EMPTY: empty.yaml:1:1: error: architecture spec is empty; expected a map with keys 'name', 'levels' and 'compute'
// ENERGY_NEGATIVE: energy-negative.yaml:8:29: error: 'read_energy_pj_per_bit' of level 'Buffer' must be a non-negative number, got '-0.5'
// ENERGY_NON_FINITE: energy-non-finite.yaml:8:30: error: 'write_energy_pj_per_bit' of level 'Buffer' must be finite, got '.inf'
// FANOUT_ZERO: fanout-zero.yaml:8:13: error: 'fanout' of level 'Buffer' must be an integer from 1 to 2147483647, got '0'
// INVALID_YAML: invalid-yaml.yaml:4:1: error: invalid YAML: end of sequence flow not found
// LEVEL_NAME_INVALID: level-name-invalid.yaml:6:11: error: name of level 2 must be an identifier ([A-Za-z_][A-Za-z0-9_.]*), got 'PE buffer'
// MISSING_COMPUTE: missing-compute.yaml:2:1: error: architecture spec is missing required key 'compute'
// MISSING_KEY: missing-key.yaml:6:5: error: level 'Buffer' is missing required key 'capacity'
// MULTIPLE_DOCUMENTS: multiple-documents.yaml:3:1: error: expected one YAML document, found more
// NO_LEVELS: no-levels.yaml:3:9: error: 'levels' must list at least one memory level
// NOT_A_MAP: not-a-map.yaml:2:1: error: architecture spec must be a map with keys 'name', 'levels' and 'compute', got a list
// SET_CYCLE: set-cycle.yaml:4:3: error: cycle in 'sets': a -> b -> c -> a
// SET_MISSPELT_CLASS: set-misspelt-class.yaml:8:15: error: 'may_keep' of level 'Buffer': unknown class 'Input'; did you mean 'Inputs'? (quote a tensor name as "Input")
// SET_NAME_CLASS: set-name-class.yaml:4:3: error: set name 'Inputs' is a built-in class
// SET_SYNTAX: set-syntax.yaml:8:20: error: 'keep' of level 'Buffer': expected a tensor name, class or '(' after '|', got '|'
// SET_UNCLOSED_PAREN: set-unclosed-paren.yaml:8:12: error: 'keep' of level 'Buffer': unclosed '('
// UNKNOWN_KEY: unknown-key.yaml:7:5: error: unknown key 'capcity' in level 'Buffer'; did you mean 'capacity'?
// UNKNOWN_TOP_KEY: unknown-top-key.yaml:3:1: error: unknown key 'level' in the architecture spec; did you mean 'levels'?
// WRONG_TYPE_LIST: wrong-type-list.yaml:4:3: error: 'levels' must be a list of memory levels, got a map
// WRONG_TYPE_NUMBER: wrong-type-number.yaml:8:13: error: 'fanout' of level 'Buffer' must be an integer from 1 to 2147483647, got 'many'
// WRONG_TYPE_STRING: wrong-type-string.yaml:8:11: error: 'keep' of level 'Buffer' must be a set expression string, got a list
// UNREADABLE: no-such-file.yaml:1:1: error: cannot read architecture spec: No such file or directory
// ONE_LEVEL: one-level.yaml:1:1: error: architecture 'flat' needs a backing store and at least one level below it
// SMALL_STORE: error: 'oro.workload' op cannot run on architecture 'small-store': persistent tensors need 768 bits but backing store 'DRAM' holds 512

oro.workload @ew(%x: tensor<8xf32>, %y: tensor<8xf32>) -> tensor<8xf32> {
  %z = oro.einsum "add" [i = 8] ins(%x[i], %y[i]) outs[i]
         : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  oro.yield %z : tensor<8xf32>
}
