#!/usr/bin/env python3
"""Whole GPT-3 6.7B forward pass (prefill, 2048 tokens, batch 1, bf16) in Linalg.

    gpt3-6.7b.py [--layers N] [--tokens S] [--dtype T] [-o FILE]
    gpt3-6.7b.py 32 > gpt3-6.7b.mlir             (32 layers = the model)

Token embeddings are gathered outside the graph (a gather is not an einsum):
the function takes them as `%tok` [1,2048,4096] and adds the learned
position embedding `%wpe` [2048,4096]; then LAYERS copies of
examples/gpt3/gpt3-6.7b-layer.mlir (pre-LN decoder layer, the causal mask
shared), the final LayerNorm `ln_f` and the LM head, tied to the token
embedding `%wte` [50257,4096] read transposed (`logits = h . wte^T`), in the
torch-mlir style of the layer file. 32 layers: 43*32 + 8 = 1384 einsums.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import modelgen  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
LAYER = os.path.join(ROOT, "examples", "gpt3", "gpt3-6.7b-layer.mlir")
VOCAB = 50257

HEAD = dict(
    maps="#m_pos = affine_map<(d0, d1, d2) -> (d1, d2)>",
    args=[("tok", "tensor<1x2048x4096xbf16>"), ("wpe", "tensor<2048x4096xbf16>")],
    input="x0",
    body="""
    // ---------------- embeddings: gathered tokens + positions ----------------
    %emb_e = tensor.empty() : tensor<1x2048x4096xbf16>
    %x0 = linalg.generic {indexing_maps = [#id3, #m_pos, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%tok, %wpe : tensor<1x2048x4096xbf16>, tensor<2048x4096xbf16>) outs(%emb_e : tensor<1x2048x4096xbf16>) {
    ^bb0(%t: bf16, %p: bf16, %out: bf16):
      %y = arith.addf %t, %p : bf16
      linalg.yield %y : bf16
    } -> tensor<1x2048x4096xbf16>""")

TAIL = dict(
    args=[("lnf_w", "tensor<4096xbf16>"), ("lnf_b", "tensor<4096xbf16>"),
          ("wte", f"tensor<{VOCAB}x4096xbf16>")],
    result="logits", type=f"tensor<2048x{VOCAB}xbf16>",
    body=f"""
    // ---------------- final LayerNorm ln_f ----------------
    %f_zero = arith.constant 0.000000e+00 : bf16
    %f_dm = arith.constant 4.096000e+03 : bf16
    %f_eps = arith.constant 9.99999974E-6 : bf16
    %f_red_e = tensor.empty() : tensor<1x2048x1xbf16>
    %f_red_0 = linalg.fill ins(%f_zero : bf16) outs(%f_red_e : tensor<1x2048x1xbf16>) -> tensor<1x2048x1xbf16>
    %f_act_e = tensor.empty() : tensor<1x2048x4096xbf16>
    %f_sum = linalg.generic {{indexing_maps = [#id3, #red3], iterator_types = ["parallel", "parallel", "reduction"]}}
        ins(%LAST : tensor<1x2048x4096xbf16>) outs(%f_red_0 : tensor<1x2048x1xbf16>) {{
    ^bb0(%in: bf16, %acc: bf16):
      %s = arith.addf %in, %acc : bf16
      linalg.yield %s : bf16
    }} -> tensor<1x2048x1xbf16>
    %f_mean = linalg.generic {{indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}}
        ins(%f_sum : tensor<1x2048x1xbf16>) outs(%f_red_e : tensor<1x2048x1xbf16>) {{
    ^bb0(%in: bf16, %out: bf16):
      %m = arith.divf %in, %f_dm : bf16
      linalg.yield %m : bf16
    }} -> tensor<1x2048x1xbf16>
    %f_xc = linalg.generic {{indexing_maps = [#id3, #red3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}}
        ins(%LAST, %f_mean : tensor<1x2048x4096xbf16>, tensor<1x2048x1xbf16>) outs(%f_act_e : tensor<1x2048x4096xbf16>) {{
    ^bb0(%in: bf16, %mu: bf16, %out: bf16):
      %c = arith.subf %in, %mu : bf16
      linalg.yield %c : bf16
    }} -> tensor<1x2048x4096xbf16>
    %f_sqsum = linalg.generic {{indexing_maps = [#id3, #red3], iterator_types = ["parallel", "parallel", "reduction"]}}
        ins(%f_xc : tensor<1x2048x4096xbf16>) outs(%f_red_0 : tensor<1x2048x1xbf16>) {{
    ^bb0(%in: bf16, %acc: bf16):
      %sq = arith.mulf %in, %in : bf16
      %s = arith.addf %sq, %acc : bf16
      linalg.yield %s : bf16
    }} -> tensor<1x2048x1xbf16>
    %f_rstd = linalg.generic {{indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}}
        ins(%f_sqsum : tensor<1x2048x1xbf16>) outs(%f_red_e : tensor<1x2048x1xbf16>) {{
    ^bb0(%in: bf16, %out: bf16):
      %var = arith.divf %in, %f_dm : bf16
      %ve = arith.addf %var, %f_eps : bf16
      %r = math.rsqrt %ve : bf16
      linalg.yield %r : bf16
    }} -> tensor<1x2048x1xbf16>
    %f_h = linalg.generic {{indexing_maps = [#id3, #red3, #vec3, #vec3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}}
        ins(%f_xc, %f_rstd, %lnf_w, %lnf_b : tensor<1x2048x4096xbf16>, tensor<1x2048x1xbf16>, tensor<4096xbf16>, tensor<4096xbf16>)
        outs(%f_act_e : tensor<1x2048x4096xbf16>) {{
    ^bb0(%in: bf16, %r: bf16, %g: bf16, %b: bf16, %out: bf16):
      %n = arith.mulf %in, %r : bf16
      %gn = arith.mulf %n, %g : bf16
      %y = arith.addf %gn, %b : bf16
      linalg.yield %y : bf16
    }} -> tensor<1x2048x4096xbf16>
    %f_h2 = tensor.collapse_shape %f_h [[0, 1], [2]] : tensor<1x2048x4096xbf16> into tensor<2048x4096xbf16>

    // ---------------- LM head, tied to wte: [2048,4096] x wte[{VOCAB},4096]^T ----------------
    %lg_e = tensor.empty() : tensor<2048x{VOCAB}xbf16>
    %lg_0 = linalg.fill ins(%f_zero : bf16) outs(%lg_e : tensor<2048x{VOCAB}xbf16>) -> tensor<2048x{VOCAB}xbf16>
    %logits = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
        ins(%f_h2, %wte : tensor<2048x4096xbf16>, tensor<{VOCAB}x4096xbf16>) outs(%lg_0 : tensor<2048x{VOCAB}xbf16>) -> tensor<2048x{VOCAB}xbf16>""")


def main(argv=None):
    ap = modelgen.arg_parser(__doc__, 32, "decoder layers", tokens=2048, dtype="bf16")
    args = modelgen.parse_args(ap, argv, batch_one=True)
    n = args.layers
    layer = modelgen.parse_layer(LAYER)
    comment = (f"// GPT-3 6.7B, {n} decoder layer(s) + embeddings add, ln_f and the tied LM head;\n"
               f"// made by examples/models/gpt3-6.7b.py --layers {n} --tokens {args.tokens} "
               f"--dtype {args.dtype} from examples/gpt3/gpt3-6.7b-layer.mlir.")
    text = modelgen.stack_layers(layer, n, shared=["mask"], comment=comment,
                                 module_name="GPT3_6_7B",
                                 head=HEAD, tail=TAIL, func_name="gpt3_6_7b")
    text = modelgen.retype(text, "bf16", args.dtype, 2048, args.tokens)
    modelgen.write(text, args.output)


if __name__ == "__main__":
    main()
