// BERT-base: one encoder layer (post-LN), seq 512, batch 1, f32.
// Shapes: S=512 tokens, D=hidden=768, H=12 heads x Dh=64 (H*Dh=D), F=FFN=3072.
//   x [1,512,768] -> Q/K/V [1,512,768] -> heads [1,512,12,64] -> scores [1,12,512,512]
//   (scale 1/sqrt(64)=0.125, additive padding mask [1,512] over keys, softmax) -> context [1,512,12,64]
//   -> [512,768] -> out-proj -> +x -> LN1 -> FFN 768->3072 (GELU erf) -> 3072->768 -> +residual -> LN2.
// Source: hand-written in torch-mlir style for HF BertLayer (eval): weights are function arguments in
//   PyTorch [out,in] layout; layernorm/softmax decomposed into linalg.generic reductions with keepdim
//   maps (..)->(..,0). Projection forms:
//   Q/K/V, FFN up/down: linalg.transpose(W) + linalg.batch_matmul whose indexing_maps broadcast the
//                       2-D weight over the batch (B map (b,m,n,k)->(k,n));
//   attention output:   linalg.transpose(W) + linalg.matmul on the collapsed [512,768] activation.
//   Q.K^T and P.V are plain linalg.generic contractions that index the [1,512,12,64] head layout
//   directly (no head transposes), as IREE/torch-mlir produce after fusing the permutes into einsums.
// LayerNorm-1 gamma/beta are splat arith.constants (freshly initialised nn.LayerNorm: 1 and 0);
//   all other parameters are arguments.
// RUN-EXAMPLE: build/bin/oro-opt examples/bert/bert-base-layer.mlir --oro-pipeline="arch=examples/arches/snowcat.yaml report=out/bert-base-layer.json"
// IMPORT: build/bin/oro-opt examples/bert/bert-base-layer.mlir --convert-linalg-to-oro

#id3   = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#red3  = affine_map<(d0, d1, d2) -> (d0, d1, 0)>
#vec3  = affine_map<(d0, d1, d2) -> (d2)>
#id2   = affine_map<(d0, d1) -> (d0, d1)>
#vec2  = affine_map<(d0, d1) -> (d1)>
#id4   = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#red4  = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, 0)>
#mask4 = affine_map<(d0, d1, d2, d3) -> (d0, d3)>
// batch_matmul with a 2-D weight broadcast over the batch.
#bm_a  = affine_map<(b, m, n, k) -> (b, m, k)>
#bm_w  = affine_map<(b, m, n, k) -> (k, n)>
#bm_c  = affine_map<(b, m, n, k) -> (b, m, n)>
// scores[b,h,i,j] = sum_d Q[b,i,h,d] * K[b,j,h,d]     loops (b,h,i,j,d)
#qk_q  = affine_map<(b, h, i, j, d) -> (b, i, h, d)>
#qk_k  = affine_map<(b, h, i, j, d) -> (b, j, h, d)>
#qk_s  = affine_map<(b, h, i, j, d) -> (b, h, i, j)>
// ctx[b,i,h,d] = sum_j P[b,h,i,j] * V[b,j,h,d]         loops (b,i,h,d,j)
#pv_p  = affine_map<(b, i, h, d, j) -> (b, h, i, j)>
#pv_v  = affine_map<(b, i, h, d, j) -> (b, j, h, d)>
#pv_c  = affine_map<(b, i, h, d, j) -> (b, i, h, d)>

module {
  func.func @forward(
      %x: tensor<1x512x768xf32>,          // layer input (hidden states)
      %mask: tensor<1x512xf32>,           // additive attention mask over keys (0 / -10000)
      %wq: tensor<768x768xf32>, %bq: tensor<768xf32>,
      %wk: tensor<768x768xf32>, %bk: tensor<768xf32>,
      %wv: tensor<768x768xf32>, %bv: tensor<768xf32>,
      %wo: tensor<768x768xf32>, %bo: tensor<768xf32>,
      %w_up: tensor<3072x768xf32>, %b_up: tensor<3072xf32>,
      %w_down: tensor<768x3072xf32>, %b_down: tensor<768xf32>,
      %ln2_w: tensor<768xf32>, %ln2_b: tensor<768xf32>
  ) -> tensor<1x512x768xf32> {
    %zero = arith.constant 0.000000e+00 : f32
    %ninf = arith.constant 0xFF800000 : f32             // -inf
    %hidden = arith.constant 7.680000e+02 : f32
    %eps = arith.constant 9.99999996E-13 : f32          // BERT layer_norm_eps 1e-12
    %scale = arith.constant 1.250000e-01 : f32          // 1/sqrt(64)
    %half = arith.constant 5.000000e-01 : f32
    %one = arith.constant 1.000000e+00 : f32
    %inv_sqrt2 = arith.constant 0.707106769 : f32
    %ln1_w = arith.constant dense<1.000000e+00> : tensor<768xf32>
    %ln1_b = arith.constant dense<0.000000e+00> : tensor<768xf32>

    %act_e = tensor.empty() : tensor<1x512x768xf32>
    %act_0 = linalg.fill ins(%zero : f32) outs(%act_e : tensor<1x512x768xf32>) -> tensor<1x512x768xf32>
    %dd_e = tensor.empty() : tensor<768x768xf32>

    // ---------------- Q/K/V: [1,512,768] x W^T[768,768] (+bias) ----------------
    %wq_t = linalg.transpose ins(%wq : tensor<768x768xf32>) outs(%dd_e : tensor<768x768xf32>) permutation = [1, 0]
    %q_mm = linalg.batch_matmul indexing_maps = [#bm_a, #bm_w, #bm_c]
        ins(%x, %wq_t : tensor<1x512x768xf32>, tensor<768x768xf32>) outs(%act_0 : tensor<1x512x768xf32>) -> tensor<1x512x768xf32>
    %q = linalg.generic {indexing_maps = [#id3, #vec3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%q_mm, %bq : tensor<1x512x768xf32>, tensor<768xf32>) outs(%act_e : tensor<1x512x768xf32>) {
    ^bb0(%in: f32, %b: f32, %out: f32):
      %y = arith.addf %in, %b : f32
      linalg.yield %y : f32
    } -> tensor<1x512x768xf32>
    %wk_t = linalg.transpose ins(%wk : tensor<768x768xf32>) outs(%dd_e : tensor<768x768xf32>) permutation = [1, 0]
    %k_mm = linalg.batch_matmul indexing_maps = [#bm_a, #bm_w, #bm_c]
        ins(%x, %wk_t : tensor<1x512x768xf32>, tensor<768x768xf32>) outs(%act_0 : tensor<1x512x768xf32>) -> tensor<1x512x768xf32>
    %k = linalg.generic {indexing_maps = [#id3, #vec3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%k_mm, %bk : tensor<1x512x768xf32>, tensor<768xf32>) outs(%act_e : tensor<1x512x768xf32>) {
    ^bb0(%in: f32, %b: f32, %out: f32):
      %y = arith.addf %in, %b : f32
      linalg.yield %y : f32
    } -> tensor<1x512x768xf32>
    %wv_t = linalg.transpose ins(%wv : tensor<768x768xf32>) outs(%dd_e : tensor<768x768xf32>) permutation = [1, 0]
    %v_mm = linalg.batch_matmul indexing_maps = [#bm_a, #bm_w, #bm_c]
        ins(%x, %wv_t : tensor<1x512x768xf32>, tensor<768x768xf32>) outs(%act_0 : tensor<1x512x768xf32>) -> tensor<1x512x768xf32>
    %v = linalg.generic {indexing_maps = [#id3, #vec3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%v_mm, %bv : tensor<1x512x768xf32>, tensor<768xf32>) outs(%act_e : tensor<1x512x768xf32>) {
    ^bb0(%in: f32, %b: f32, %out: f32):
      %y = arith.addf %in, %b : f32
      linalg.yield %y : f32
    } -> tensor<1x512x768xf32>

    // ---------------- heads: [1,512,768] -> [1,512,12,64] ----------------
    %q_h = tensor.expand_shape %q [[0], [1], [2, 3]] output_shape [1, 512, 12, 64] : tensor<1x512x768xf32> into tensor<1x512x12x64xf32>
    %k_h = tensor.expand_shape %k [[0], [1], [2, 3]] output_shape [1, 512, 12, 64] : tensor<1x512x768xf32> into tensor<1x512x12x64xf32>
    %v_h = tensor.expand_shape %v [[0], [1], [2, 3]] output_shape [1, 512, 12, 64] : tensor<1x512x768xf32> into tensor<1x512x12x64xf32>

    // ---------------- scores[b,h,i,j] = sum_d Q[b,i,h,d] K[b,j,h,d] ----------------
    %hss_e = tensor.empty() : tensor<1x12x512x512xf32>
    %hss_0 = linalg.fill ins(%zero : f32) outs(%hss_e : tensor<1x12x512x512xf32>) -> tensor<1x12x512x512xf32>
    %qk = linalg.generic {indexing_maps = [#qk_q, #qk_k, #qk_s], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
        ins(%q_h, %k_h : tensor<1x512x12x64xf32>, tensor<1x512x12x64xf32>) outs(%hss_0 : tensor<1x12x512x512xf32>) {
    ^bb0(%qq: f32, %kk: f32, %acc: f32):
      %p = arith.mulf %qq, %kk : f32
      %s = arith.addf %acc, %p : f32
      linalg.yield %s : f32
    } -> tensor<1x12x512x512xf32>
    %scores = linalg.generic {indexing_maps = [#id4, #mask4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
        ins(%qk, %mask : tensor<1x12x512x512xf32>, tensor<1x512xf32>) outs(%hss_e : tensor<1x12x512x512xf32>) {
    ^bb0(%in: f32, %m: f32, %out: f32):
      %sc = arith.mulf %in, %scale : f32
      %y = arith.addf %sc, %m : f32
      linalg.yield %y : f32
    } -> tensor<1x12x512x512xf32>

    // ---------------- softmax over keys (d3) ----------------
    %hs1_e = tensor.empty() : tensor<1x12x512x1xf32>
    %hs1_ninf = linalg.fill ins(%ninf : f32) outs(%hs1_e : tensor<1x12x512x1xf32>) -> tensor<1x12x512x1xf32>
    %hs1_0 = linalg.fill ins(%zero : f32) outs(%hs1_e : tensor<1x12x512x1xf32>) -> tensor<1x12x512x1xf32>
    %sm_max = linalg.generic {indexing_maps = [#id4, #red4], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
        ins(%scores : tensor<1x12x512x512xf32>) outs(%hs1_ninf : tensor<1x12x512x1xf32>) {
    ^bb0(%in: f32, %acc: f32):
      %mx = arith.maximumf %in, %acc : f32
      linalg.yield %mx : f32
    } -> tensor<1x12x512x1xf32>
    %sm_exp = linalg.generic {indexing_maps = [#id4, #red4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
        ins(%scores, %sm_max : tensor<1x12x512x512xf32>, tensor<1x12x512x1xf32>) outs(%hss_e : tensor<1x12x512x512xf32>) {
    ^bb0(%in: f32, %mx: f32, %out: f32):
      %d = arith.subf %in, %mx : f32
      %e = math.exp %d : f32
      linalg.yield %e : f32
    } -> tensor<1x12x512x512xf32>
    %sm_sum = linalg.generic {indexing_maps = [#id4, #red4], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
        ins(%sm_exp : tensor<1x12x512x512xf32>) outs(%hs1_0 : tensor<1x12x512x1xf32>) {
    ^bb0(%in: f32, %acc: f32):
      %s = arith.addf %in, %acc : f32
      linalg.yield %s : f32
    } -> tensor<1x12x512x1xf32>
    %probs = linalg.generic {indexing_maps = [#id4, #red4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
        ins(%sm_exp, %sm_sum : tensor<1x12x512x512xf32>, tensor<1x12x512x1xf32>) outs(%hss_e : tensor<1x12x512x512xf32>) {
    ^bb0(%in: f32, %s: f32, %out: f32):
      %pr = arith.divf %in, %s : f32
      linalg.yield %pr : f32
    } -> tensor<1x12x512x512xf32>

    // ---------------- context[b,i,h,d] = sum_j P[b,h,i,j] V[b,j,h,d] ----------------
    %ctx_e = tensor.empty() : tensor<1x512x12x64xf32>
    %ctx_0 = linalg.fill ins(%zero : f32) outs(%ctx_e : tensor<1x512x12x64xf32>) -> tensor<1x512x12x64xf32>
    %ctx = linalg.generic {indexing_maps = [#pv_p, #pv_v, #pv_c], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
        ins(%probs, %v_h : tensor<1x12x512x512xf32>, tensor<1x512x12x64xf32>) outs(%ctx_0 : tensor<1x512x12x64xf32>) {
    ^bb0(%pp: f32, %vv: f32, %acc: f32):
      %p = arith.mulf %pp, %vv : f32
      %s = arith.addf %acc, %p : f32
      linalg.yield %s : f32
    } -> tensor<1x512x12x64xf32>
    %ctx_2d = tensor.collapse_shape %ctx [[0, 1], [2, 3]] : tensor<1x512x12x64xf32> into tensor<512x768xf32>

    // ---------------- attention output projection + residual ----------------
    %wo_t = linalg.transpose ins(%wo : tensor<768x768xf32>) outs(%dd_e : tensor<768x768xf32>) permutation = [1, 0]
    %sd_e = tensor.empty() : tensor<512x768xf32>
    %sd_0 = linalg.fill ins(%zero : f32) outs(%sd_e : tensor<512x768xf32>) -> tensor<512x768xf32>
    %o_mm = linalg.matmul ins(%ctx_2d, %wo_t : tensor<512x768xf32>, tensor<768x768xf32>) outs(%sd_0 : tensor<512x768xf32>) -> tensor<512x768xf32>
    %o = linalg.generic {indexing_maps = [#id2, #vec2, #id2], iterator_types = ["parallel", "parallel"]}
        ins(%o_mm, %bo : tensor<512x768xf32>, tensor<768xf32>) outs(%sd_e : tensor<512x768xf32>) {
    ^bb0(%in: f32, %b: f32, %out: f32):
      %y = arith.addf %in, %b : f32
      linalg.yield %y : f32
    } -> tensor<512x768xf32>
    %o3 = tensor.expand_shape %o [[0, 1], [2]] output_shape [1, 512, 768] : tensor<512x768xf32> into tensor<1x512x768xf32>
    %res1 = linalg.generic {indexing_maps = [#id3, #id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%o3, %x : tensor<1x512x768xf32>, tensor<1x512x768xf32>) outs(%act_e : tensor<1x512x768xf32>) {
    ^bb0(%a: f32, %bb: f32, %out: f32):
      %y = arith.addf %a, %bb : f32
      linalg.yield %y : f32
    } -> tensor<1x512x768xf32>

    // ---------------- LayerNorm 1 over D=768 ----------------
    %red_e = tensor.empty() : tensor<1x512x1xf32>
    %red_0 = linalg.fill ins(%zero : f32) outs(%red_e : tensor<1x512x1xf32>) -> tensor<1x512x1xf32>
    %ln1_sum = linalg.generic {indexing_maps = [#id3, #red3], iterator_types = ["parallel", "parallel", "reduction"]}
        ins(%res1 : tensor<1x512x768xf32>) outs(%red_0 : tensor<1x512x1xf32>) {
    ^bb0(%in: f32, %acc: f32):
      %s = arith.addf %in, %acc : f32
      linalg.yield %s : f32
    } -> tensor<1x512x1xf32>
    %ln1_mean = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%ln1_sum : tensor<1x512x1xf32>) outs(%red_e : tensor<1x512x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %mu = arith.divf %in, %hidden : f32
      linalg.yield %mu : f32
    } -> tensor<1x512x1xf32>
    %ln1_xc = linalg.generic {indexing_maps = [#id3, #red3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%res1, %ln1_mean : tensor<1x512x768xf32>, tensor<1x512x1xf32>) outs(%act_e : tensor<1x512x768xf32>) {
    ^bb0(%in: f32, %mu: f32, %out: f32):
      %c = arith.subf %in, %mu : f32
      linalg.yield %c : f32
    } -> tensor<1x512x768xf32>
    %ln1_sqsum = linalg.generic {indexing_maps = [#id3, #red3], iterator_types = ["parallel", "parallel", "reduction"]}
        ins(%ln1_xc : tensor<1x512x768xf32>) outs(%red_0 : tensor<1x512x1xf32>) {
    ^bb0(%in: f32, %acc: f32):
      %sq = arith.mulf %in, %in : f32
      %s = arith.addf %sq, %acc : f32
      linalg.yield %s : f32
    } -> tensor<1x512x1xf32>
    %ln1_rstd = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%ln1_sqsum : tensor<1x512x1xf32>) outs(%red_e : tensor<1x512x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %var = arith.divf %in, %hidden : f32
      %ve = arith.addf %var, %eps : f32
      %r = math.rsqrt %ve : f32
      linalg.yield %r : f32
    } -> tensor<1x512x1xf32>
    %h1 = linalg.generic {indexing_maps = [#id3, #red3, #vec3, #vec3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%ln1_xc, %ln1_rstd, %ln1_w, %ln1_b : tensor<1x512x768xf32>, tensor<1x512x1xf32>, tensor<768xf32>, tensor<768xf32>)
        outs(%act_e : tensor<1x512x768xf32>) {
    ^bb0(%in: f32, %r: f32, %g: f32, %b: f32, %out: f32):
      %n = arith.mulf %in, %r : f32
      %gn = arith.mulf %n, %g : f32
      %y = arith.addf %gn, %b : f32
      linalg.yield %y : f32
    } -> tensor<1x512x768xf32>

    // ---------------- FFN up: [1,512,768] x W_up^T[768,3072] (+bias), GELU(erf) ----------------
    %df_e = tensor.empty() : tensor<768x3072xf32>
    %w_up_t = linalg.transpose ins(%w_up : tensor<3072x768xf32>) outs(%df_e : tensor<768x3072xf32>) permutation = [1, 0]
    %sf_e = tensor.empty() : tensor<1x512x3072xf32>
    %sf_0 = linalg.fill ins(%zero : f32) outs(%sf_e : tensor<1x512x3072xf32>) -> tensor<1x512x3072xf32>
    %up_mm = linalg.batch_matmul indexing_maps = [#bm_a, #bm_w, #bm_c]
        ins(%h1, %w_up_t : tensor<1x512x768xf32>, tensor<768x3072xf32>) outs(%sf_0 : tensor<1x512x3072xf32>) -> tensor<1x512x3072xf32>
    %up = linalg.generic {indexing_maps = [#id3, #vec3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%up_mm, %b_up : tensor<1x512x3072xf32>, tensor<3072xf32>) outs(%sf_e : tensor<1x512x3072xf32>) {
    ^bb0(%in: f32, %b: f32, %out: f32):
      %y = arith.addf %in, %b : f32
      linalg.yield %y : f32
    } -> tensor<1x512x3072xf32>
    // gelu(x) = 0.5 * x * (1 + erf(x / sqrt(2)))
    %act = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%up : tensor<1x512x3072xf32>) outs(%sf_e : tensor<1x512x3072xf32>) {
    ^bb0(%in: f32, %out: f32):
      %xs = arith.mulf %in, %inv_sqrt2 : f32
      %er = math.erf %xs : f32
      %onep = arith.addf %er, %one : f32
      %hx = arith.mulf %in, %half : f32
      %y = arith.mulf %hx, %onep : f32
      linalg.yield %y : f32
    } -> tensor<1x512x3072xf32>

    // ---------------- FFN down: [1,512,3072] x W_down^T[3072,768] (+bias) + residual ----------------
    %fd_e = tensor.empty() : tensor<3072x768xf32>
    %w_down_t = linalg.transpose ins(%w_down : tensor<768x3072xf32>) outs(%fd_e : tensor<3072x768xf32>) permutation = [1, 0]
    %down_mm = linalg.batch_matmul indexing_maps = [#bm_a, #bm_w, #bm_c]
        ins(%act, %w_down_t : tensor<1x512x3072xf32>, tensor<3072x768xf32>) outs(%act_0 : tensor<1x512x768xf32>) -> tensor<1x512x768xf32>
    %down = linalg.generic {indexing_maps = [#id3, #vec3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%down_mm, %b_down : tensor<1x512x768xf32>, tensor<768xf32>) outs(%act_e : tensor<1x512x768xf32>) {
    ^bb0(%in: f32, %b: f32, %out: f32):
      %y = arith.addf %in, %b : f32
      linalg.yield %y : f32
    } -> tensor<1x512x768xf32>
    %res2 = linalg.generic {indexing_maps = [#id3, #id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%down, %h1 : tensor<1x512x768xf32>, tensor<1x512x768xf32>) outs(%act_e : tensor<1x512x768xf32>) {
    ^bb0(%a: f32, %bb: f32, %out: f32):
      %y = arith.addf %a, %bb : f32
      linalg.yield %y : f32
    } -> tensor<1x512x768xf32>

    // ---------------- LayerNorm 2 over D=768 ----------------
    %ln2_sum = linalg.generic {indexing_maps = [#id3, #red3], iterator_types = ["parallel", "parallel", "reduction"]}
        ins(%res2 : tensor<1x512x768xf32>) outs(%red_0 : tensor<1x512x1xf32>) {
    ^bb0(%in: f32, %acc: f32):
      %s = arith.addf %in, %acc : f32
      linalg.yield %s : f32
    } -> tensor<1x512x1xf32>
    %ln2_mean = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%ln2_sum : tensor<1x512x1xf32>) outs(%red_e : tensor<1x512x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %mu = arith.divf %in, %hidden : f32
      linalg.yield %mu : f32
    } -> tensor<1x512x1xf32>
    %ln2_xc = linalg.generic {indexing_maps = [#id3, #red3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%res2, %ln2_mean : tensor<1x512x768xf32>, tensor<1x512x1xf32>) outs(%act_e : tensor<1x512x768xf32>) {
    ^bb0(%in: f32, %mu: f32, %out: f32):
      %c = arith.subf %in, %mu : f32
      linalg.yield %c : f32
    } -> tensor<1x512x768xf32>
    %ln2_sqsum = linalg.generic {indexing_maps = [#id3, #red3], iterator_types = ["parallel", "parallel", "reduction"]}
        ins(%ln2_xc : tensor<1x512x768xf32>) outs(%red_0 : tensor<1x512x1xf32>) {
    ^bb0(%in: f32, %acc: f32):
      %sq = arith.mulf %in, %in : f32
      %s = arith.addf %sq, %acc : f32
      linalg.yield %s : f32
    } -> tensor<1x512x1xf32>
    %ln2_rstd = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%ln2_sqsum : tensor<1x512x1xf32>) outs(%red_e : tensor<1x512x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %var = arith.divf %in, %hidden : f32
      %ve = arith.addf %var, %eps : f32
      %r = math.rsqrt %ve : f32
      linalg.yield %r : f32
    } -> tensor<1x512x1xf32>
    %result = linalg.generic {indexing_maps = [#id3, #red3, #vec3, #vec3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%ln2_xc, %ln2_rstd, %ln2_w, %ln2_b : tensor<1x512x768xf32>, tensor<1x512x1xf32>, tensor<768xf32>, tensor<768xf32>)
        outs(%act_e : tensor<1x512x768xf32>) {
    ^bb0(%in: f32, %r: f32, %g: f32, %b: f32, %out: f32):
      %n = arith.mulf %in, %r : f32
      %gn = arith.mulf %n, %g : f32
      %y = arith.addf %gn, %b : f32
      linalg.yield %y : f32
    } -> tensor<1x512x768xf32>
    return %result : tensor<1x512x768xf32>
  }
}
