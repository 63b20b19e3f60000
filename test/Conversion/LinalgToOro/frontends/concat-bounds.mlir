// RUN: oro-opt %s --convert-linalg-to-oro | oro-opt --oro-emit-bounds="arch=%arches/snowcat.yaml csv=-" -o /dev/null | FileCheck %s
// RUN: oro-opt %s --oro-pipeline="arch=%arches/snowcat.yaml progress=never" | oro-opt --verify-diagnostics

// Bounds of a concatenation, counted by hand (f32: 32 bits an element).
// ea = exp(a), then torch.cat((ea, b), dim=1), then exp of the 4x16 result:
//
//   exp      reads a (32), writes ea (32)                       64 elements
//   concat   reads ea (32), writes its part [0:4, 0:8] (32)     64
//   concat_1 reads b (32), writes its part [0:4, 8:16] (32)     64
//   exp_1    reads the concatenation (64), writes (64)         128
//
// Each einsum touches every element once at any buffer, so its bound is
// its compulsory traffic from the least buffer on (2 elements = 64 bits).
// Unfused: 320 elements = 10240 bits. Fused: `exp` and `concat` share
// their loops and `ea` stays on chip (-64 elements: 256 = 8192 bits, at 3
// elements = 96 bits: one element each of a, ea and the part). The
// concatenation is yielded (materialized), so `concat_1` + `exp_1` save
// nothing: 8192 is the fused bound at every larger buffer.
//
// Had the concatenation not been yielded, the fused search would keep it
// on chip with `concat_1` alone and let `exp_1` read the part `concat`
// wrote (and sent to memory) for free: 5120 bits, less than the 6144 any
// program with that grouping moves. That is why it is yielded. (A program
// that fuses all four and keeps the concatenation on chip moves only a, b
// and the result, 128 elements = 4096 bits; oro's core, with one producer
// per tensor, cannot express that grouping: docs/FrontEnds.md.)

// CHECK:      einsum,,cat_workload,exp,GlobalBuffer,MainMemory,64,2048,
// CHECK-NEXT: einsum,,cat_workload,concat,GlobalBuffer,MainMemory,64,2048,
// CHECK-NEXT: einsum,,cat_workload,concat_1,GlobalBuffer,MainMemory,64,2048,
// CHECK-NEXT: einsum,,cat_workload,exp_1,GlobalBuffer,MainMemory,64,4096,
// CHECK-NEXT: workload,unfused,cat_workload,,GlobalBuffer,MainMemory,64,10240,
// CHECK-NEXT: workload,fused,cat_workload,,GlobalBuffer,MainMemory,64,10240,
// CHECK-NEXT: workload,fused,cat_workload,,GlobalBuffer,MainMemory,96,8192,
// CHECK-NOT:  workload,fused
func.func @cat(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>) -> tensor<4x16xf32> {
  %e8 = tensor.empty() : tensor<4x8xf32>
  %ea = linalg.exp ins(%a : tensor<4x8xf32>) outs(%e8 : tensor<4x8xf32>) -> tensor<4x8xf32>
  %e = tensor.empty() : tensor<4x16xf32>
  %0 = tensor.insert_slice %ea into %e[0, 0] [4, 8] [1, 1] : tensor<4x8xf32> into tensor<4x16xf32>
  %1 = tensor.insert_slice %b into %0[0, 8] [4, 8] [1, 1] : tensor<4x8xf32> into tensor<4x16xf32>
  %2 = linalg.exp ins(%1 : tensor<4x16xf32>) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %2 : tensor<4x16xf32>
}
