// GPT-3 6.7B: one decoder layer in AccelForge's einsum structure, prefill of 8192 tokens (the seed
// tutorial's N_TOKENS, AccelForge's default), batch 1, 16-bit (bf16).
// The layer of gpt3-6.7b-layer-accelforge.mlir with 2048 replaced by 8192 throughout.
// The einsums are those of AccelForge's GPT-3 6.7B workload (examples/workloads/gpt3_6.7B.yaml, and
// transformers/gpt/ with _attention_decode_types/multi_head.yaml + _feedforward_types/dense_two_layer.yaml,
// bits_per_value 16), with its rank names:
//   I[b,m,d]           = I_in[b,m,d]                        copy of the layer input (read once, then on chip)
//   V[b,m,h,e]         = I[b,m,d] * WV[h,e,d]               value projection
//   K[b,m,h,e]         = I[b,m,d] * WK[h,e,d]               key projection
//   Q[b,m,h,e]         = I[b,m,d] * WQ[h,e,d]               query projection
//   QK[b,m,p,h]        = Q[b,m,h,e] * K[b,p,h,e]            scores (key tokens p range over the tokens M)
//   QK_softmax[b,m,p,h] = f(QK[b,m,p,h])                    softmax as ONE elementwise einsum
//   AV[b,m,h,f]        = QK_softmax[b,m,p,h] * V[b,p,h,f]   attention-weighted values
//   Z[b,m,g]           = AV[b,m,h,f] * WZ[h,f,g]            output projection
//   FFA[b,m,c]         = Z[b,m,g] * WFFA[g,c]               MLP up (activation omitted)
//   FFB[b,m,j]         = FFA[b,m,c] * WFFB[c,j]             MLP down
// B=1, M=P=8192 tokens, H=32 heads, E=F=128 per head, D=G=J=4096, C=16384.
// Like AccelForge, and unlike gpt3-6.7b-layer.mlir (the torch-mlir form of the same layer), this omits
// layer norms, biases, residual adds, the GELU, and the softmax's max/sum reductions: AccelForge
// "assumes softmax can be performed elementwise and includes causal mask plus score scaling", so
// QK_softmax is one linalg.generic, elementwise over [b,m,p,h], computing exp(scale * QK) with the causal
// mask from linalg.index (no mask tensor: it moves no data). There is no separate scale or mask einsum.
// Written as a front end would write it (StableHLO dot_general / einsum -> linalg.generic with the
// einsum's maps; nn.Linear on a [1,S,D] activation -> collapse_shape + linalg.matmul + expand_shape):
// V/K/Q/QK/AV/Z as linalg.generic contractions with AccelForge's index maps and tensor layouts,
// FFA/FFB as linalg.matmul on the collapsed [M, *] activation; accumulators are linalg.fill of
// tensor.empty. Each op carries loc("<AccelForge einsum name>"), so the report names the einsums as
// AccelForge does (and einsums=Q selects the tutorial's einsum_names=["Q"]).
// RUN-EXAMPLE: build/bin/oro-opt examples/gpt3/gpt3-6.7b-layer-accelforge-8192.mlir --oro-pipeline="arch=examples/arches/snowcat.yaml report=out/gpt3-6.7b-layer-accelforge-8192.json"
// IMPORT: build/bin/oro-opt examples/gpt3/gpt3-6.7b-layer-accelforge-8192.mlir --convert-linalg-to-oro

// I: copy over (b, m, d).
#bmd   = affine_map<(b, m, d) -> (b, m, d)>
// V/K/Q over (b, m, h, e, d): I[b,m,d] * W[h,e,d] -> [b,m,h,e].
#proj_i = affine_map<(b, m, h, e, d) -> (b, m, d)>
#proj_w = affine_map<(b, m, h, e, d) -> (h, e, d)>
#proj_o = affine_map<(b, m, h, e, d) -> (b, m, h, e)>
// QK over (b, m, p, h, e): Q[b,m,h,e] * K[b,p,h,e] -> [b,m,p,h].
#qk_q  = affine_map<(b, m, p, h, e) -> (b, m, h, e)>
#qk_k  = affine_map<(b, m, p, h, e) -> (b, p, h, e)>
#qk_o  = affine_map<(b, m, p, h, e) -> (b, m, p, h)>
// QK_softmax over (b, m, p, h).
#bmph  = affine_map<(b, m, p, h) -> (b, m, p, h)>
// AV over (b, m, h, f, p): QK_softmax[b,m,p,h] * V[b,p,h,f] -> [b,m,h,f].
#av_s  = affine_map<(b, m, h, f, p) -> (b, m, p, h)>
#av_v  = affine_map<(b, m, h, f, p) -> (b, p, h, f)>
#av_o  = affine_map<(b, m, h, f, p) -> (b, m, h, f)>
// Z over (b, m, g, h, f): AV[b,m,h,f] * WZ[h,f,g] -> [b,m,g].
#z_a   = affine_map<(b, m, g, h, f) -> (b, m, h, f)>
#z_w   = affine_map<(b, m, g, h, f) -> (h, f, g)>
#z_o   = affine_map<(b, m, g, h, f) -> (b, m, g)>

module {
  func.func @forward(
      %I_in: tensor<1x8192x4096xbf16> loc("I_in"),   // layer input [b,m,d]
      %WV: tensor<32x128x4096xbf16> loc("WV"),       // [h,e,d]
      %WK: tensor<32x128x4096xbf16> loc("WK"),       // [h,e,d]
      %WQ: tensor<32x128x4096xbf16> loc("WQ"),       // [h,e,d]
      %WZ: tensor<32x128x4096xbf16> loc("WZ"),       // [h,f,g]
      %WFFA: tensor<4096x16384xbf16> loc("WFFA"),    // [g,c]
      %WFFB: tensor<16384x4096xbf16> loc("WFFB")     // [c,j]
  ) -> tensor<1x8192x4096xbf16> {
    %zero = arith.constant 0.000000e+00 : bf16
    %ninf = arith.constant 0xFF80 : bf16                 // -inf
    %scale = arith.constant 0.088388347648318447 : bf16  // 1/sqrt(128)

    // ---------------- I: copy of the input ----------------
    %bmd_e = tensor.empty() : tensor<1x8192x4096xbf16>
    %I = linalg.copy ins(%I_in : tensor<1x8192x4096xbf16>) outs(%bmd_e : tensor<1x8192x4096xbf16>) -> tensor<1x8192x4096xbf16> loc("I")

    // ---------------- V, K, Q: [b,m,d] x [h,e,d] -> [b,m,h,e] ----------------
    %bmhe_e = tensor.empty() : tensor<1x8192x32x128xbf16>
    %bmhe_0 = linalg.fill ins(%zero : bf16) outs(%bmhe_e : tensor<1x8192x32x128xbf16>) -> tensor<1x8192x32x128xbf16>
    %V = linalg.generic {indexing_maps = [#proj_i, #proj_w, #proj_o],
                         iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
        ins(%I, %WV : tensor<1x8192x4096xbf16>, tensor<32x128x4096xbf16>) outs(%bmhe_0 : tensor<1x8192x32x128xbf16>) {
    ^bb0(%a: bf16, %w: bf16, %acc: bf16):
      %p = arith.mulf %a, %w : bf16
      %s = arith.addf %acc, %p : bf16
      linalg.yield %s : bf16
    } -> tensor<1x8192x32x128xbf16> loc("V")
    %K = linalg.generic {indexing_maps = [#proj_i, #proj_w, #proj_o],
                         iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
        ins(%I, %WK : tensor<1x8192x4096xbf16>, tensor<32x128x4096xbf16>) outs(%bmhe_0 : tensor<1x8192x32x128xbf16>) {
    ^bb0(%a: bf16, %w: bf16, %acc: bf16):
      %p = arith.mulf %a, %w : bf16
      %s = arith.addf %acc, %p : bf16
      linalg.yield %s : bf16
    } -> tensor<1x8192x32x128xbf16> loc("K")
    %Q = linalg.generic {indexing_maps = [#proj_i, #proj_w, #proj_o],
                         iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
        ins(%I, %WQ : tensor<1x8192x4096xbf16>, tensor<32x128x4096xbf16>) outs(%bmhe_0 : tensor<1x8192x32x128xbf16>) {
    ^bb0(%a: bf16, %w: bf16, %acc: bf16):
      %p = arith.mulf %a, %w : bf16
      %s = arith.addf %acc, %p : bf16
      linalg.yield %s : bf16
    } -> tensor<1x8192x32x128xbf16> loc("Q")

    // ---------------- QK: [b,m,h,e] x [b,p,h,e] -> [b,m,p,h] ----------------
    %bmph_e = tensor.empty() : tensor<1x8192x8192x32xbf16>
    %bmph_0 = linalg.fill ins(%zero : bf16) outs(%bmph_e : tensor<1x8192x8192x32xbf16>) -> tensor<1x8192x8192x32xbf16>
    %QK = linalg.generic {indexing_maps = [#qk_q, #qk_k, #qk_o],
                          iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
        ins(%Q, %K : tensor<1x8192x32x128xbf16>, tensor<1x8192x32x128xbf16>) outs(%bmph_0 : tensor<1x8192x8192x32xbf16>) {
    ^bb0(%q: bf16, %k: bf16, %acc: bf16):
      %p = arith.mulf %q, %k : bf16
      %s = arith.addf %acc, %p : bf16
      linalg.yield %s : bf16
    } -> tensor<1x8192x8192x32xbf16> loc("QK")

    // ---------------- QK_softmax: one elementwise einsum over [b,m,p,h] ----------------
    // AccelForge's model of softmax: scale, causal mask (key p after query m -> -inf) and exp, per
    // element; the row max and row sum of a real softmax are not modeled (no reduction einsum).
    %QK_softmax = linalg.generic {indexing_maps = [#bmph, #bmph],
                                  iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
        ins(%QK : tensor<1x8192x8192x32xbf16>) outs(%bmph_e : tensor<1x8192x8192x32xbf16>) {
    ^bb0(%in: bf16, %out: bf16):
      %m = linalg.index 1 : index
      %p = linalg.index 2 : index
      %future = arith.cmpi ugt, %p, %m : index
      %sc = arith.mulf %in, %scale : bf16
      %masked = arith.select %future, %ninf, %sc : bf16
      %e = math.exp %masked : bf16
      linalg.yield %e : bf16
    } -> tensor<1x8192x8192x32xbf16> loc("QK_softmax")

    // ---------------- AV: [b,m,p,h] x [b,p,h,f] -> [b,m,h,f] ----------------
    %AV = linalg.generic {indexing_maps = [#av_s, #av_v, #av_o],
                          iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
        ins(%QK_softmax, %V : tensor<1x8192x8192x32xbf16>, tensor<1x8192x32x128xbf16>) outs(%bmhe_0 : tensor<1x8192x32x128xbf16>) {
    ^bb0(%s: bf16, %v: bf16, %acc: bf16):
      %p = arith.mulf %s, %v : bf16
      %a = arith.addf %acc, %p : bf16
      linalg.yield %a : bf16
    } -> tensor<1x8192x32x128xbf16> loc("AV")

    // ---------------- Z: [b,m,h,f] x [h,f,g] -> [b,m,g] ----------------
    %bmd_0 = linalg.fill ins(%zero : bf16) outs(%bmd_e : tensor<1x8192x4096xbf16>) -> tensor<1x8192x4096xbf16>
    %Z = linalg.generic {indexing_maps = [#z_a, #z_w, #z_o],
                         iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction"]}
        ins(%AV, %WZ : tensor<1x8192x32x128xbf16>, tensor<32x128x4096xbf16>) outs(%bmd_0 : tensor<1x8192x4096xbf16>) {
    ^bb0(%a: bf16, %w: bf16, %acc: bf16):
      %p = arith.mulf %a, %w : bf16
      %s = arith.addf %acc, %p : bf16
      linalg.yield %s : bf16
    } -> tensor<1x8192x4096xbf16> loc("Z")

    // ---------------- FFA: [m,g] x [g,c] -> [m,c]; FFB: [m,c] x [c,j] -> [m,j] ----------------
    %Z_2d = tensor.collapse_shape %Z [[0, 1], [2]] : tensor<1x8192x4096xbf16> into tensor<8192x4096xbf16>
    %mc_e = tensor.empty() : tensor<8192x16384xbf16>
    %mc_0 = linalg.fill ins(%zero : bf16) outs(%mc_e : tensor<8192x16384xbf16>) -> tensor<8192x16384xbf16>
    %FFA = linalg.matmul ins(%Z_2d, %WFFA : tensor<8192x4096xbf16>, tensor<4096x16384xbf16>)
                         outs(%mc_0 : tensor<8192x16384xbf16>) -> tensor<8192x16384xbf16> loc("FFA")
    %mj_e = tensor.empty() : tensor<8192x4096xbf16>
    %mj_0 = linalg.fill ins(%zero : bf16) outs(%mj_e : tensor<8192x4096xbf16>) -> tensor<8192x4096xbf16>
    %FFB = linalg.matmul ins(%FFA, %WFFB : tensor<8192x16384xbf16>, tensor<16384x4096xbf16>)
                         outs(%mj_0 : tensor<8192x4096xbf16>) -> tensor<8192x4096xbf16> loc("FFB")
    %out = tensor.expand_shape %FFB [[0, 1], [2]] output_shape [1, 8192, 4096] : tensor<8192x4096xbf16> into tensor<1x8192x4096xbf16>
    return %out : tensor<1x8192x4096xbf16>
  }
}
