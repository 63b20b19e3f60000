// Known answers written by hand, checked against the search.
// RUN: oro-opt %s --oro-emit-bounds="arch=%arches/snowcat.yaml csv=-" -o /dev/null | FileCheck %s --check-prefix=CSV
// RUN: oro-opt %s --oro-emit-bounds="arch=%arches/snowcat.yaml" | FileCheck %s --check-prefix=IR

// 4x4x4 int8 matmul. With one element of each tensor (24 bits) the best loop
// order keeps C stationary across k: A and B are read once per MAC (64 each)
// and C written once (16): 144 elements = 1152 bits. Compulsory traffic is
// 16 + 16 + 16 elements = 384 bits; it needs one operand whole (16), a row of
// another (4) and one element of the third: 21 elements = 168 bits.
// CSV: scope,fusion,workload,einsum,level,parent,capacity_bits,accesses_bits,operational_intensity,macs,compulsory_bits
// CSV-NEXT: einsum,,mm4,C,GlobalBuffer,MainMemory,24,1152,0.444444,64,384
// CSV:      einsum,,mm4,C,GlobalBuffer,MainMemory,168,384,1.33333,64,384
// CSV-NOT:  mm4,C
// IR-LABEL: oro.workload @mm4
// IR: bounds = #oro.bounds<level = "GlobalBuffer", capacity_bits = 168, accesses_bits = 384, compulsory_bits = 384, compulsory_capacity_bits = 168, macs = 64
oro.workload @mm4(%a: tensor<4x4xi8> {oro.name = "A"}, %b: tensor<4x4xi8> {oro.name = "B"}) -> tensor<4x4xi8> {
  %c = oro.einsum "C" [m = 4, n = 4, k = 4] ins(%a[m, k], %b[k, n]) outs[m, n]
         : (tensor<4x4xi8>, tensor<4x4xi8>) -> tensor<4x4xi8>
  oro.yield %c : tensor<4x4xi8>
}

// Elementwise: nothing to reuse; one element of each operand suffices for
// compulsory traffic: 3 x 8 elements x 32 bits = 768 bits at 96 bits.
// CSV:      einsum,,ew,add,GlobalBuffer,MainMemory,96,768,
// CSV-NOT:  ew,add
oro.workload @ew(%x: tensor<8xf32>, %y: tensor<8xf32>) -> tensor<8xf32> {
  %z = oro.einsum "add" [i = 8] ins(%x[i], %y[i]) outs[i]
         : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  oro.yield %z : tensor<8xf32>
}

// Two einsums run one after the other reuse the buffer: the unfused
// workload curve is the pointwise sum of the two step functions. D (an
// elementwise add of C and X) costs its compulsory 3 x 16 int8 elements =
// 384 bits from 24 bits on, so every point of C's curve moves up by 384.
// CSV:      einsum,,two,C,GlobalBuffer,MainMemory,24,1152,
// CSV:      einsum,,two,D,GlobalBuffer,MainMemory,24,384,
// CSV-NEXT: workload,unfused,two,,GlobalBuffer,MainMemory,24,1536,0.416667,80,768
// CSV-NEXT: workload,unfused,two,,GlobalBuffer,MainMemory,40,1280,
// CSV-NEXT: workload,unfused,two,,GlobalBuffer,MainMemory,48,1152,
// CSV-NEXT: workload,unfused,two,,GlobalBuffer,MainMemory,64,1024,
// CSV-NEXT: workload,unfused,two,,GlobalBuffer,MainMemory,88,896,
// CSV-NEXT: workload,unfused,two,,GlobalBuffer,MainMemory,168,768,0.833333,80,768
oro.workload @two(%a: tensor<4x4xi8> {oro.name = "A"}, %b: tensor<4x4xi8> {oro.name = "B"},
                  %x: tensor<4x4xi8> {oro.name = "X"}) -> tensor<4x4xi8> {
  %c = oro.einsum "C" [m = 4, n = 4, k = 4] ins(%a[m, k], %b[k, n]) outs[m, n]
         : (tensor<4x4xi8>, tensor<4x4xi8>) -> tensor<4x4xi8>
  %d = oro.einsum "D" [i = 4, j = 4] ins(%c[i, j], %x[i, j]) outs[i, j]
         : (tensor<4x4xi8>, tensor<4x4xi8>) -> tensor<4x4xi8>
  oro.yield %d : tensor<4x4xi8>
}
