// GPT-3 6.7B: one decoder layer (pre-LN), prefill of 8192 tokens (the seed tutorial's N_TOKENS), batch 1, bf16.
// The layer of gpt3-6.7b-layer.mlir with 2048 replaced by 8192 throughout.
// Shapes: S=8192 tokens, D=d_model=4096, H=32 heads x Dh=128 (H*Dh=D), F=MLP hidden=16384.
//   x: [1,8192,4096] -> LN1 -> Q/K/V [8192,4096] -> heads [32,8192,128]
//   -> scores [32,8192,8192] (scale 1/sqrt(128), additive causal mask, softmax)
//   -> AV [32,8192,128] -> [8192,4096] -> out-proj -> +x -> LN2 -> MLP 4096->16384 (GELU tanh) -> 16384->4096 -> +residual.
// Source: hand-written in the form torch-mlir (torch -> linalg-on-tensors backend) emits for a
//   HuggingFace-style GPT block: weights/biases are function arguments in PyTorch [out,in] layout,
//   layernorm/softmax decomposed into linalg.generic reductions with keepdim broadcast maps
//   (d0,d1,d2)->(d0,d1,0), bias/residual adds as elementwise generics.
// The three projection forms torch-mlir/IREE produce all appear here:
//   Q, attn-out, MLP-down: linalg.transpose(W) + linalg.matmul;
//   K, MLP-up:             linalg.matmul with indexing_maps reading W[n,k] (transpose_b);
//   V:                     linalg.transpose(W) + linalg.broadcast to [1,4096,4096] + linalg.batch_matmul.
// The causal mask is an additive [8192,8192] argument (0 / -inf) as HF passes it.
// RUN-EXAMPLE: build/bin/oro-opt examples/gpt3/gpt3-6.7b-layer.mlir --oro-pipeline="arch=examples/arches/snowcat.yaml report=out/gpt3-6.7b-layer.json"
// IMPORT: build/bin/oro-opt examples/gpt3/gpt3-6.7b-layer.mlir --convert-linalg-to-oro

// 3-D activation maps over [1,S,D] (and over [H,S,S] for attention scores).
#id3  = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#red3 = affine_map<(d0, d1, d2) -> (d0, d1, 0)>
#vec3 = affine_map<(d0, d1, d2) -> (d2)>
#mask = affine_map<(d0, d1, d2) -> (d1, d2)>
// 2-D maps over [S,N].
#id2  = affine_map<(d0, d1) -> (d0, d1)>
#vec2 = affine_map<(d0, d1) -> (d1)>

module {
  func.func @forward(
      %x: tensor<1x8192x4096xbf16>,        // layer input (residual stream)
      %mask: tensor<8192x8192xbf16>,       // additive causal mask: 0 where j<=i, -inf where j>i
      %ln1_w: tensor<4096xbf16>, %ln1_b: tensor<4096xbf16>,
      %wq: tensor<4096x4096xbf16>, %bq: tensor<4096xbf16>,
      %wk: tensor<4096x4096xbf16>, %bk: tensor<4096xbf16>,
      %wv: tensor<4096x4096xbf16>, %bv: tensor<4096xbf16>,
      %wo: tensor<4096x4096xbf16>, %bo: tensor<4096xbf16>,
      %ln2_w: tensor<4096xbf16>, %ln2_b: tensor<4096xbf16>,
      %w_up: tensor<16384x4096xbf16>, %b_up: tensor<16384xbf16>,
      %w_down: tensor<4096x16384xbf16>, %b_down: tensor<4096xbf16>
  ) -> tensor<1x8192x4096xbf16> {
    %zero = arith.constant 0.000000e+00 : bf16
    %ninf = arith.constant 0xFF80 : bf16                 // -inf
    %d_model = arith.constant 4.096000e+03 : bf16
    %eps = arith.constant 9.99999974E-6 : bf16           // GPT-3 layer_norm_epsilon 1e-5
    %scale = arith.constant 0.088388347648318447 : bf16  // 1/sqrt(128)
    %half = arith.constant 5.000000e-01 : bf16
    %one = arith.constant 1.000000e+00 : bf16
    %gelu_c = arith.constant 0.79788456080286541 : bf16  // sqrt(2/pi)
    %gelu_a = arith.constant 4.471500e-02 : bf16

    // ---------------- LayerNorm 1 over D: [1,8192,4096] ----------------
    %red_e = tensor.empty() : tensor<1x8192x1xbf16>
    %red_0 = linalg.fill ins(%zero : bf16) outs(%red_e : tensor<1x8192x1xbf16>) -> tensor<1x8192x1xbf16>
    %act_e = tensor.empty() : tensor<1x8192x4096xbf16>
    %ln1_sum = linalg.generic {indexing_maps = [#id3, #red3], iterator_types = ["parallel", "parallel", "reduction"]}
        ins(%x : tensor<1x8192x4096xbf16>) outs(%red_0 : tensor<1x8192x1xbf16>) {
    ^bb0(%in: bf16, %acc: bf16):
      %s = arith.addf %in, %acc : bf16
      linalg.yield %s : bf16
    } -> tensor<1x8192x1xbf16>
    %ln1_mean = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%ln1_sum : tensor<1x8192x1xbf16>) outs(%red_e : tensor<1x8192x1xbf16>) {
    ^bb0(%in: bf16, %out: bf16):
      %m = arith.divf %in, %d_model : bf16
      linalg.yield %m : bf16
    } -> tensor<1x8192x1xbf16>
    %ln1_xc = linalg.generic {indexing_maps = [#id3, #red3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%x, %ln1_mean : tensor<1x8192x4096xbf16>, tensor<1x8192x1xbf16>) outs(%act_e : tensor<1x8192x4096xbf16>) {
    ^bb0(%in: bf16, %mu: bf16, %out: bf16):
      %c = arith.subf %in, %mu : bf16
      linalg.yield %c : bf16
    } -> tensor<1x8192x4096xbf16>
    %ln1_sqsum = linalg.generic {indexing_maps = [#id3, #red3], iterator_types = ["parallel", "parallel", "reduction"]}
        ins(%ln1_xc : tensor<1x8192x4096xbf16>) outs(%red_0 : tensor<1x8192x1xbf16>) {
    ^bb0(%in: bf16, %acc: bf16):
      %sq = arith.mulf %in, %in : bf16
      %s = arith.addf %sq, %acc : bf16
      linalg.yield %s : bf16
    } -> tensor<1x8192x1xbf16>
    %ln1_rstd = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%ln1_sqsum : tensor<1x8192x1xbf16>) outs(%red_e : tensor<1x8192x1xbf16>) {
    ^bb0(%in: bf16, %out: bf16):
      %var = arith.divf %in, %d_model : bf16
      %ve = arith.addf %var, %eps : bf16
      %r = math.rsqrt %ve : bf16
      linalg.yield %r : bf16
    } -> tensor<1x8192x1xbf16>
    %h1 = linalg.generic {indexing_maps = [#id3, #red3, #vec3, #vec3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%ln1_xc, %ln1_rstd, %ln1_w, %ln1_b : tensor<1x8192x4096xbf16>, tensor<1x8192x1xbf16>, tensor<4096xbf16>, tensor<4096xbf16>)
        outs(%act_e : tensor<1x8192x4096xbf16>) {
    ^bb0(%in: bf16, %r: bf16, %g: bf16, %b: bf16, %out: bf16):
      %n = arith.mulf %in, %r : bf16
      %gn = arith.mulf %n, %g : bf16
      %y = arith.addf %gn, %b : bf16
      linalg.yield %y : bf16
    } -> tensor<1x8192x4096xbf16>
    %h1_2d = tensor.collapse_shape %h1 [[0, 1], [2]] : tensor<1x8192x4096xbf16> into tensor<8192x4096xbf16>

    // ---------------- Q/K/V projections: [8192,4096] x [4096,4096] ----------------
    %sd_e = tensor.empty() : tensor<8192x4096xbf16>
    %sd_0 = linalg.fill ins(%zero : bf16) outs(%sd_e : tensor<8192x4096xbf16>) -> tensor<8192x4096xbf16>
    %dd_e = tensor.empty() : tensor<4096x4096xbf16>
    // Q: transpose + matmul.
    %wq_t = linalg.transpose ins(%wq : tensor<4096x4096xbf16>) outs(%dd_e : tensor<4096x4096xbf16>) permutation = [1, 0]
    %q_mm = linalg.matmul ins(%h1_2d, %wq_t : tensor<8192x4096xbf16>, tensor<4096x4096xbf16>) outs(%sd_0 : tensor<8192x4096xbf16>) -> tensor<8192x4096xbf16>
    %q = linalg.generic {indexing_maps = [#id2, #vec2, #id2], iterator_types = ["parallel", "parallel"]}
        ins(%q_mm, %bq : tensor<8192x4096xbf16>, tensor<4096xbf16>) outs(%sd_e : tensor<8192x4096xbf16>) {
    ^bb0(%in: bf16, %b: bf16, %out: bf16):
      %y = arith.addf %in, %b : bf16
      linalg.yield %y : bf16
    } -> tensor<8192x4096xbf16>
    // K: matmul with transposed-B indexing maps (reads W[n,k] directly).
    %k_mm = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
        ins(%h1_2d, %wk : tensor<8192x4096xbf16>, tensor<4096x4096xbf16>) outs(%sd_0 : tensor<8192x4096xbf16>) -> tensor<8192x4096xbf16>
    %k = linalg.generic {indexing_maps = [#id2, #vec2, #id2], iterator_types = ["parallel", "parallel"]}
        ins(%k_mm, %bk : tensor<8192x4096xbf16>, tensor<4096xbf16>) outs(%sd_e : tensor<8192x4096xbf16>) {
    ^bb0(%in: bf16, %b: bf16, %out: bf16):
      %y = arith.addf %in, %b : bf16
      linalg.yield %y : bf16
    } -> tensor<8192x4096xbf16>
    // V: transpose + broadcast weight to batch 1 + batch_matmul on the 3-D activation.
    %wv_t = linalg.transpose ins(%wv : tensor<4096x4096xbf16>) outs(%dd_e : tensor<4096x4096xbf16>) permutation = [1, 0]
    %bdd_e = tensor.empty() : tensor<1x4096x4096xbf16>
    %wv_b = linalg.broadcast ins(%wv_t : tensor<4096x4096xbf16>) outs(%bdd_e : tensor<1x4096x4096xbf16>) dimensions = [0]
    %act_0 = linalg.fill ins(%zero : bf16) outs(%act_e : tensor<1x8192x4096xbf16>) -> tensor<1x8192x4096xbf16>
    %v_mm = linalg.batch_matmul ins(%h1, %wv_b : tensor<1x8192x4096xbf16>, tensor<1x4096x4096xbf16>) outs(%act_0 : tensor<1x8192x4096xbf16>) -> tensor<1x8192x4096xbf16>
    %v3 = linalg.generic {indexing_maps = [#id3, #vec3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%v_mm, %bv : tensor<1x8192x4096xbf16>, tensor<4096xbf16>) outs(%act_e : tensor<1x8192x4096xbf16>) {
    ^bb0(%in: bf16, %b: bf16, %out: bf16):
      %y = arith.addf %in, %b : bf16
      linalg.yield %y : bf16
    } -> tensor<1x8192x4096xbf16>
    %v = tensor.collapse_shape %v3 [[0, 1], [2]] : tensor<1x8192x4096xbf16> into tensor<8192x4096xbf16>

    // ---------------- split heads: [8192,4096] -> [8192,32,128] -> [32,8192,128] ----------------
    %q_s = tensor.expand_shape %q [[0], [1, 2]] output_shape [8192, 32, 128] : tensor<8192x4096xbf16> into tensor<8192x32x128xbf16>
    %k_s = tensor.expand_shape %k [[0], [1, 2]] output_shape [8192, 32, 128] : tensor<8192x4096xbf16> into tensor<8192x32x128xbf16>
    %v_s = tensor.expand_shape %v [[0], [1, 2]] output_shape [8192, 32, 128] : tensor<8192x4096xbf16> into tensor<8192x32x128xbf16>
    %hsd_e = tensor.empty() : tensor<32x8192x128xbf16>
    %q_h = linalg.transpose ins(%q_s : tensor<8192x32x128xbf16>) outs(%hsd_e : tensor<32x8192x128xbf16>) permutation = [1, 0, 2]
    %hds_e = tensor.empty() : tensor<32x128x8192xbf16>
    %k_ht = linalg.transpose ins(%k_s : tensor<8192x32x128xbf16>) outs(%hds_e : tensor<32x128x8192xbf16>) permutation = [1, 2, 0]
    %v_h = linalg.transpose ins(%v_s : tensor<8192x32x128xbf16>) outs(%hsd_e : tensor<32x8192x128xbf16>) permutation = [1, 0, 2]

    // ---------------- scores = Q K^T per head: [32,8192,128] x [32,128,8192] ----------------
    %hss_e = tensor.empty() : tensor<32x8192x8192xbf16>
    %hss_0 = linalg.fill ins(%zero : bf16) outs(%hss_e : tensor<32x8192x8192xbf16>) -> tensor<32x8192x8192xbf16>
    %qk = linalg.batch_matmul ins(%q_h, %k_ht : tensor<32x8192x128xbf16>, tensor<32x128x8192xbf16>) outs(%hss_0 : tensor<32x8192x8192xbf16>) -> tensor<32x8192x8192xbf16>
    // scale by 1/sqrt(Dh) and add the causal mask (broadcast over heads).
    %scores = linalg.generic {indexing_maps = [#id3, #mask, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%qk, %mask : tensor<32x8192x8192xbf16>, tensor<8192x8192xbf16>) outs(%hss_e : tensor<32x8192x8192xbf16>) {
    ^bb0(%in: bf16, %m: bf16, %out: bf16):
      %sc = arith.mulf %in, %scale : bf16
      %y = arith.addf %sc, %m : bf16
      linalg.yield %y : bf16
    } -> tensor<32x8192x8192xbf16>

    // ---------------- softmax over keys (d2) ----------------
    %hs1_e = tensor.empty() : tensor<32x8192x1xbf16>
    %hs1_ninf = linalg.fill ins(%ninf : bf16) outs(%hs1_e : tensor<32x8192x1xbf16>) -> tensor<32x8192x1xbf16>
    %hs1_0 = linalg.fill ins(%zero : bf16) outs(%hs1_e : tensor<32x8192x1xbf16>) -> tensor<32x8192x1xbf16>
    %sm_max = linalg.generic {indexing_maps = [#id3, #red3], iterator_types = ["parallel", "parallel", "reduction"]}
        ins(%scores : tensor<32x8192x8192xbf16>) outs(%hs1_ninf : tensor<32x8192x1xbf16>) {
    ^bb0(%in: bf16, %acc: bf16):
      %mx = arith.maximumf %in, %acc : bf16
      linalg.yield %mx : bf16
    } -> tensor<32x8192x1xbf16>
    %sm_exp = linalg.generic {indexing_maps = [#id3, #red3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%scores, %sm_max : tensor<32x8192x8192xbf16>, tensor<32x8192x1xbf16>) outs(%hss_e : tensor<32x8192x8192xbf16>) {
    ^bb0(%in: bf16, %mx: bf16, %out: bf16):
      %d = arith.subf %in, %mx : bf16
      %e = math.exp %d : bf16
      linalg.yield %e : bf16
    } -> tensor<32x8192x8192xbf16>
    %sm_sum = linalg.generic {indexing_maps = [#id3, #red3], iterator_types = ["parallel", "parallel", "reduction"]}
        ins(%sm_exp : tensor<32x8192x8192xbf16>) outs(%hs1_0 : tensor<32x8192x1xbf16>) {
    ^bb0(%in: bf16, %acc: bf16):
      %s = arith.addf %in, %acc : bf16
      linalg.yield %s : bf16
    } -> tensor<32x8192x1xbf16>
    %probs = linalg.generic {indexing_maps = [#id3, #red3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%sm_exp, %sm_sum : tensor<32x8192x8192xbf16>, tensor<32x8192x1xbf16>) outs(%hss_e : tensor<32x8192x8192xbf16>) {
    ^bb0(%in: bf16, %s: bf16, %out: bf16):
      %p = arith.divf %in, %s : bf16
      linalg.yield %p : bf16
    } -> tensor<32x8192x8192xbf16>

    // ---------------- AV per head: [32,8192,8192] x [32,8192,128] ----------------
    %hsd_0 = linalg.fill ins(%zero : bf16) outs(%hsd_e : tensor<32x8192x128xbf16>) -> tensor<32x8192x128xbf16>
    %av = linalg.batch_matmul ins(%probs, %v_h : tensor<32x8192x8192xbf16>, tensor<32x8192x128xbf16>) outs(%hsd_0 : tensor<32x8192x128xbf16>) -> tensor<32x8192x128xbf16>
    // merge heads: [32,8192,128] -> [8192,32,128] -> [8192,4096]
    %shd_e = tensor.empty() : tensor<8192x32x128xbf16>
    %av_t = linalg.transpose ins(%av : tensor<32x8192x128xbf16>) outs(%shd_e : tensor<8192x32x128xbf16>) permutation = [1, 0, 2]
    %ctx = tensor.collapse_shape %av_t [[0], [1, 2]] : tensor<8192x32x128xbf16> into tensor<8192x4096xbf16>

    // ---------------- output projection + residual ----------------
    %wo_t = linalg.transpose ins(%wo : tensor<4096x4096xbf16>) outs(%dd_e : tensor<4096x4096xbf16>) permutation = [1, 0]
    %o_mm = linalg.matmul ins(%ctx, %wo_t : tensor<8192x4096xbf16>, tensor<4096x4096xbf16>) outs(%sd_0 : tensor<8192x4096xbf16>) -> tensor<8192x4096xbf16>
    %o = linalg.generic {indexing_maps = [#id2, #vec2, #id2], iterator_types = ["parallel", "parallel"]}
        ins(%o_mm, %bo : tensor<8192x4096xbf16>, tensor<4096xbf16>) outs(%sd_e : tensor<8192x4096xbf16>) {
    ^bb0(%in: bf16, %b: bf16, %out: bf16):
      %y = arith.addf %in, %b : bf16
      linalg.yield %y : bf16
    } -> tensor<8192x4096xbf16>
    %o3 = tensor.expand_shape %o [[0, 1], [2]] output_shape [1, 8192, 4096] : tensor<8192x4096xbf16> into tensor<1x8192x4096xbf16>
    %res1 = linalg.generic {indexing_maps = [#id3, #id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%x, %o3 : tensor<1x8192x4096xbf16>, tensor<1x8192x4096xbf16>) outs(%act_e : tensor<1x8192x4096xbf16>) {
    ^bb0(%a: bf16, %b: bf16, %out: bf16):
      %y = arith.addf %a, %b : bf16
      linalg.yield %y : bf16
    } -> tensor<1x8192x4096xbf16>

    // ---------------- LayerNorm 2 over D ----------------
    %ln2_sum = linalg.generic {indexing_maps = [#id3, #red3], iterator_types = ["parallel", "parallel", "reduction"]}
        ins(%res1 : tensor<1x8192x4096xbf16>) outs(%red_0 : tensor<1x8192x1xbf16>) {
    ^bb0(%in: bf16, %acc: bf16):
      %s = arith.addf %in, %acc : bf16
      linalg.yield %s : bf16
    } -> tensor<1x8192x1xbf16>
    %ln2_mean = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%ln2_sum : tensor<1x8192x1xbf16>) outs(%red_e : tensor<1x8192x1xbf16>) {
    ^bb0(%in: bf16, %out: bf16):
      %m = arith.divf %in, %d_model : bf16
      linalg.yield %m : bf16
    } -> tensor<1x8192x1xbf16>
    %ln2_xc = linalg.generic {indexing_maps = [#id3, #red3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%res1, %ln2_mean : tensor<1x8192x4096xbf16>, tensor<1x8192x1xbf16>) outs(%act_e : tensor<1x8192x4096xbf16>) {
    ^bb0(%in: bf16, %mu: bf16, %out: bf16):
      %c = arith.subf %in, %mu : bf16
      linalg.yield %c : bf16
    } -> tensor<1x8192x4096xbf16>
    %ln2_sqsum = linalg.generic {indexing_maps = [#id3, #red3], iterator_types = ["parallel", "parallel", "reduction"]}
        ins(%ln2_xc : tensor<1x8192x4096xbf16>) outs(%red_0 : tensor<1x8192x1xbf16>) {
    ^bb0(%in: bf16, %acc: bf16):
      %sq = arith.mulf %in, %in : bf16
      %s = arith.addf %sq, %acc : bf16
      linalg.yield %s : bf16
    } -> tensor<1x8192x1xbf16>
    %ln2_rstd = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%ln2_sqsum : tensor<1x8192x1xbf16>) outs(%red_e : tensor<1x8192x1xbf16>) {
    ^bb0(%in: bf16, %out: bf16):
      %var = arith.divf %in, %d_model : bf16
      %ve = arith.addf %var, %eps : bf16
      %r = math.rsqrt %ve : bf16
      linalg.yield %r : bf16
    } -> tensor<1x8192x1xbf16>
    %h2 = linalg.generic {indexing_maps = [#id3, #red3, #vec3, #vec3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%ln2_xc, %ln2_rstd, %ln2_w, %ln2_b : tensor<1x8192x4096xbf16>, tensor<1x8192x1xbf16>, tensor<4096xbf16>, tensor<4096xbf16>)
        outs(%act_e : tensor<1x8192x4096xbf16>) {
    ^bb0(%in: bf16, %r: bf16, %g: bf16, %b: bf16, %out: bf16):
      %n = arith.mulf %in, %r : bf16
      %gn = arith.mulf %n, %g : bf16
      %y = arith.addf %gn, %b : bf16
      linalg.yield %y : bf16
    } -> tensor<1x8192x4096xbf16>
    %h2_2d = tensor.collapse_shape %h2 [[0, 1], [2]] : tensor<1x8192x4096xbf16> into tensor<8192x4096xbf16>

    // ---------------- MLP up: [8192,4096] x W_up[16384,4096]^T -> [8192,16384], GELU(tanh) ----------------
    %sf_e = tensor.empty() : tensor<8192x16384xbf16>
    %sf_0 = linalg.fill ins(%zero : bf16) outs(%sf_e : tensor<8192x16384xbf16>) -> tensor<8192x16384xbf16>
    %up_mm = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
        ins(%h2_2d, %w_up : tensor<8192x4096xbf16>, tensor<16384x4096xbf16>) outs(%sf_0 : tensor<8192x16384xbf16>) -> tensor<8192x16384xbf16>
    %up = linalg.generic {indexing_maps = [#id2, #vec2, #id2], iterator_types = ["parallel", "parallel"]}
        ins(%up_mm, %b_up : tensor<8192x16384xbf16>, tensor<16384xbf16>) outs(%sf_e : tensor<8192x16384xbf16>) {
    ^bb0(%in: bf16, %b: bf16, %out: bf16):
      %y = arith.addf %in, %b : bf16
      linalg.yield %y : bf16
    } -> tensor<8192x16384xbf16>
    // gelu(x) = 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * x^3)))
    %act = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
        ins(%up : tensor<8192x16384xbf16>) outs(%sf_e : tensor<8192x16384xbf16>) {
    ^bb0(%in: bf16, %out: bf16):
      %x2 = arith.mulf %in, %in : bf16
      %x3 = arith.mulf %x2, %in : bf16
      %ax3 = arith.mulf %x3, %gelu_a : bf16
      %inner = arith.addf %in, %ax3 : bf16
      %arg = arith.mulf %inner, %gelu_c : bf16
      %t = math.tanh %arg : bf16
      %onep = arith.addf %t, %one : bf16
      %hx = arith.mulf %in, %half : bf16
      %y = arith.mulf %hx, %onep : bf16
      linalg.yield %y : bf16
    } -> tensor<8192x16384xbf16>

    // ---------------- MLP down: [8192,16384] x W_down[4096,16384]^T -> [8192,4096] ----------------
    %fd_e = tensor.empty() : tensor<16384x4096xbf16>
    %w_down_t = linalg.transpose ins(%w_down : tensor<4096x16384xbf16>) outs(%fd_e : tensor<16384x4096xbf16>) permutation = [1, 0]
    %down_mm = linalg.matmul ins(%act, %w_down_t : tensor<8192x16384xbf16>, tensor<16384x4096xbf16>) outs(%sd_0 : tensor<8192x4096xbf16>) -> tensor<8192x4096xbf16>
    %down = linalg.generic {indexing_maps = [#id2, #vec2, #id2], iterator_types = ["parallel", "parallel"]}
        ins(%down_mm, %b_down : tensor<8192x4096xbf16>, tensor<4096xbf16>) outs(%sd_e : tensor<8192x4096xbf16>) {
    ^bb0(%in: bf16, %b: bf16, %out: bf16):
      %y = arith.addf %in, %b : bf16
      linalg.yield %y : bf16
    } -> tensor<8192x4096xbf16>
    %down3 = tensor.expand_shape %down [[0, 1], [2]] output_shape [1, 8192, 4096] : tensor<8192x4096xbf16> into tensor<1x8192x4096xbf16>
    %result = linalg.generic {indexing_maps = [#id3, #id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%res1, %down3 : tensor<1x8192x4096xbf16>, tensor<1x8192x4096xbf16>) outs(%act_e : tensor<1x8192x4096xbf16>) {
    ^bb0(%a: bf16, %b: bf16, %init: bf16):
      %y = arith.addf %a, %b : bf16
      linalg.yield %y : bf16
    } -> tensor<1x8192x4096xbf16>
    return %result : tensor<1x8192x4096xbf16>
  }
}
