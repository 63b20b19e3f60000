// ResNet-50 bottleneck block (conv2_x, identity shortcut), inference, NCHW, N=1, f32.
// Shapes: x [1,256,56,56]
//   conv1 1x1 256->64  : W1 [64,256,1,1] -> [1,64,56,56] (+bias, ReLU)
//   conv2 3x3 64->64, pad 1, stride 1 : padded input [1,64,58,58], W2 [64,64,3,3] -> [1,64,56,56] (+bias, ReLU)
//   conv3 1x1 64->256  : W3 [256,64,1,1] -> [1,256,56,56] (+bias), + x, ReLU -> [1,256,56,56]
//   MACs: 51,380,224 + 115,605,504 + 51,380,224 = 218,365,952.
// Source: hand-written in torch-mlir style for torchvision resnet50().layer1[1] in eval mode with
//   BatchNorm folded into conv weight/bias. Like torch-mlir, each conv's output is initialised by
//   broadcasting the bias (linalg.generic, map (n,c,h,w)->(c)) and the conv accumulates into it.
// Padding: NO tensor.pad. conv2's zero padding is materialised the way tensor.pad decomposes
//   (IREE/upstream pad decomposition): linalg.fill(0) of a [1,64,58,58] tensor, then
//   tensor.insert_slice of conv1's ReLU output at offset [0,0,1,1]. So the data flow from conv1 to
//   conv2 is kept and conv2 is a "valid" 3x3 conv on 58x58 -> 56x56.
// Forms used: bias b1 is a dense_resource constant (blob at end of file), bias b2 a function
//   argument, bias b3 a splat arith.constant; ReLU after conv1/conv2 is linalg.generic
//   (arith.maximumf with 0), the residual add is named linalg.add, and the final ReLU is named
//   linalg.max against a zero-filled tensor.
// RUN-EXAMPLE: build/bin/oro-opt examples/resnet50/bottleneck.mlir --oro-pipeline="arch=examples/arches/snowcat.yaml report=out/resnet50-bottleneck.json"
// IMPORT: build/bin/oro-opt examples/resnet50/bottleneck.mlir --convert-linalg-to-oro

#id4  = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#chan = affine_map<(d0, d1, d2, d3) -> (d1)>

module {
  func.func @forward(%x: tensor<1x256x56x56xf32>,
                     %w1: tensor<64x256x1x1xf32>,
                     %w2: tensor<64x64x3x3xf32>, %b2: tensor<64xf32>,
                     %w3: tensor<256x64x1x1xf32>) -> tensor<1x256x56x56xf32> {
    %zero = arith.constant 0.000000e+00 : f32
    %b1 = arith.constant dense_resource<bn1_folded_bias> : tensor<64xf32>
    %b3 = arith.constant dense<1.000000e-02> : tensor<256xf32>

    // ---- conv1: 1x1, 256 -> 64, [1,256,56,56] -> [1,64,56,56] ----
    %e64 = tensor.empty() : tensor<1x64x56x56xf32>
    %c1_init = linalg.generic {indexing_maps = [#chan, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
        ins(%b1 : tensor<64xf32>) outs(%e64 : tensor<1x64x56x56xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<1x64x56x56xf32>
    %c1 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
        ins(%x, %w1 : tensor<1x256x56x56xf32>, tensor<64x256x1x1xf32>) outs(%c1_init : tensor<1x64x56x56xf32>) -> tensor<1x64x56x56xf32>
    %r1 = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
        ins(%c1 : tensor<1x64x56x56xf32>) outs(%e64 : tensor<1x64x56x56xf32>) {
    ^bb0(%in: f32, %out: f32):
      %y = arith.maximumf %in, %zero : f32
      linalg.yield %y : f32
    } -> tensor<1x64x56x56xf32>

    // ---- zero padding (1 on each side of H and W) without tensor.pad: [1,64,56,56] -> [1,64,58,58] ----
    %e58 = tensor.empty() : tensor<1x64x58x58xf32>
    %z58 = linalg.fill ins(%zero : f32) outs(%e58 : tensor<1x64x58x58xf32>) -> tensor<1x64x58x58xf32>
    %r1_pad = tensor.insert_slice %r1 into %z58[0, 0, 1, 1] [1, 64, 56, 56] [1, 1, 1, 1] : tensor<1x64x56x56xf32> into tensor<1x64x58x58xf32>

    // ---- conv2: 3x3, 64 -> 64, [1,64,58,58] -> [1,64,56,56] ----
    %c2_init = linalg.generic {indexing_maps = [#chan, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
        ins(%b2 : tensor<64xf32>) outs(%e64 : tensor<1x64x56x56xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<1x64x56x56xf32>
    %c2 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
        ins(%r1_pad, %w2 : tensor<1x64x58x58xf32>, tensor<64x64x3x3xf32>) outs(%c2_init : tensor<1x64x56x56xf32>) -> tensor<1x64x56x56xf32>
    %r2 = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
        ins(%c2 : tensor<1x64x56x56xf32>) outs(%e64 : tensor<1x64x56x56xf32>) {
    ^bb0(%in: f32, %out: f32):
      %y = arith.maximumf %in, %zero : f32
      linalg.yield %y : f32
    } -> tensor<1x64x56x56xf32>

    // ---- conv3: 1x1, 64 -> 256, [1,64,56,56] -> [1,256,56,56] ----
    %e256 = tensor.empty() : tensor<1x256x56x56xf32>
    %c3_init = linalg.generic {indexing_maps = [#chan, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
        ins(%b3 : tensor<256xf32>) outs(%e256 : tensor<1x256x56x56xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<1x256x56x56xf32>
    %c3 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
        ins(%r2, %w3 : tensor<1x64x56x56xf32>, tensor<256x64x1x1xf32>) outs(%c3_init : tensor<1x256x56x56xf32>) -> tensor<1x256x56x56xf32>

    // ---- residual add + final ReLU ----
    %sum = linalg.add ins(%c3, %x : tensor<1x256x56x56xf32>, tensor<1x256x56x56xf32>) outs(%e256 : tensor<1x256x56x56xf32>) -> tensor<1x256x56x56xf32>
    %z256 = linalg.fill ins(%zero : f32) outs(%e256 : tensor<1x256x56x56xf32>) -> tensor<1x256x56x56xf32>
    %result = linalg.max ins(%sum, %z256 : tensor<1x256x56x56xf32>, tensor<1x256x56x56xf32>) outs(%e256 : tensor<1x256x56x56xf32>) -> tensor<1x256x56x56xf32>
    return %result : tensor<1x256x56x56xf32>
  }
}

{-#
  dialect_resources: {
    builtin: {
      bn1_folded_bias: "0x040000000AD7A3BDCDCC4CBD0AD7A3BC0AD7233C0AD7233D295C8F3D295C8FBD0AD723BD0AD723BC0AD7A33CCDCC4C3D0AD7A33D8FC275BD8FC2F5BC000000008FC2F53C8FC2753D0AD7A3BDCDCC4CBD0AD7A3BC0AD7233C0AD7233D295C8F3D295C8FBD0AD723BD0AD723BC0AD7A33CCDCC4C3D0AD7A33D8FC275BD8FC2F5BC000000008FC2F53C8FC2753D0AD7A3BDCDCC4CBD0AD7A3BC0AD7233C0AD7233D295C8F3D295C8FBD0AD723BD0AD723BC0AD7A33CCDCC4C3D0AD7A33D8FC275BD8FC2F5BC000000008FC2F53C8FC2753D0AD7A3BDCDCC4CBD0AD7A3BC0AD7233C0AD7233D295C8F3D295C8FBD0AD723BD0AD723BC0AD7A33CCDCC4C3D0AD7A33D8FC275BD"
    }
  }
#-}
