// A 3x3 convolution (32 -> 32 channels, 28 x 28) on examples/arches/eyeriss.yaml
// (108 KiB global buffer, 168 PEs of 520 B): its output-row window rank p
// (input row p + r) is tiled by 14 at the buffer and by 3 over the PEs (a
// partial last chunk: 14 = 4 * 3 + 2), so the PEs get a mapping; before
// windows could be tiled at two levels the PE level was left unmapped.
// RUN: oro-opt %s --oro-pipeline="arch=%arches/eyeriss.yaml progress=never" 2>&1 | FileCheck %s
// CHECK-NOT: warning
// CHECK: einsum "conv_2d_nchw_fchw" [n = 1, f = 32, p = 28, q = 28, c = 32, r = 3, s = 3]
// CHECK-SAME: inner_mappings = [#oro.mapping<level = "PEScratchpad", loops = [f : 1, p : 3, {{.*}}], spatial = 2,
// CHECK-SAME: mapping = #oro.mapping<level = "GlobalBuffer", loops = [p : 14, {{.*}}]>

module {
  func.func @conv(%img: tensor<1x32x30x30xf32>, %w: tensor<32x32x3x3xf32>) -> tensor<1x32x28x28xf32> {
    %zero = arith.constant 0.000000e+00 : f32
    %init = tensor.empty() : tensor<1x32x28x28xf32>
    %acc = linalg.fill ins(%zero : f32) outs(%init : tensor<1x32x28x28xf32>) -> tensor<1x32x28x28xf32>
    %out = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
             ins(%img, %w : tensor<1x32x30x30xf32>, tensor<32x32x3x3xf32>)
             outs(%acc : tensor<1x32x28x28xf32>) -> tensor<1x32x28x28xf32>
    return %out : tensor<1x32x28x28xf32>
  }
}
