#!/usr/bin/env python3
"""Whole BERT-base encoder (seq 512, batch 1, f32) in Linalg.

    bert-base.py [--layers N] [--tokens S] [--dtype T] [-o FILE]
    bert-base.py 12 > bert-base.mlir             (12 layers = the model)

Word and token-type embeddings are gathered outside the graph (a gather is
not an einsum): the function takes them as `%tok`, `%typ` [1,512,768], adds
the position embedding `%wpe` [512,768] and applies the embedding LayerNorm;
then LAYERS copies of examples/bert/bert-base-layer.mlir (post-LN encoder
layer, the padding mask shared) and the pooler (the [CLS] row through a
768x768 dense layer and tanh), in the torch-mlir style of the layer file.
12 layers: 40*12 + 10 = 490 einsums.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import modelgen  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
LAYER = os.path.join(ROOT, "examples", "bert", "bert-base-layer.mlir")


def ln(prefix, src, w, b):
    """The layer file's LayerNorm decomposition over [1,512,768]."""
    p = prefix
    return f"""
    %{p}_sum = linalg.generic {{indexing_maps = [#id3, #red3], iterator_types = ["parallel", "parallel", "reduction"]}}
        ins(%{src} : tensor<1x512x768xf32>) outs(%e_red_0 : tensor<1x512x1xf32>) {{
    ^bb0(%in: f32, %acc: f32):
      %s = arith.addf %in, %acc : f32
      linalg.yield %s : f32
    }} -> tensor<1x512x1xf32>
    %{p}_mean = linalg.generic {{indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}}
        ins(%{p}_sum : tensor<1x512x1xf32>) outs(%e_red_e : tensor<1x512x1xf32>) {{
    ^bb0(%in: f32, %out: f32):
      %m = arith.divf %in, %e_hidden : f32
      linalg.yield %m : f32
    }} -> tensor<1x512x1xf32>
    %{p}_xc = linalg.generic {{indexing_maps = [#id3, #red3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}}
        ins(%{src}, %{p}_mean : tensor<1x512x768xf32>, tensor<1x512x1xf32>) outs(%e_act_e : tensor<1x512x768xf32>) {{
    ^bb0(%in: f32, %mu: f32, %out: f32):
      %c = arith.subf %in, %mu : f32
      linalg.yield %c : f32
    }} -> tensor<1x512x768xf32>
    %{p}_sqsum = linalg.generic {{indexing_maps = [#id3, #red3], iterator_types = ["parallel", "parallel", "reduction"]}}
        ins(%{p}_xc : tensor<1x512x768xf32>) outs(%e_red_0 : tensor<1x512x1xf32>) {{
    ^bb0(%in: f32, %acc: f32):
      %sq = arith.mulf %in, %in : f32
      %s = arith.addf %sq, %acc : f32
      linalg.yield %s : f32
    }} -> tensor<1x512x1xf32>
    %{p}_rstd = linalg.generic {{indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}}
        ins(%{p}_sqsum : tensor<1x512x1xf32>) outs(%e_red_e : tensor<1x512x1xf32>) {{
    ^bb0(%in: f32, %out: f32):
      %var = arith.divf %in, %e_hidden : f32
      %ve = arith.addf %var, %e_eps : f32
      %r = math.rsqrt %ve : f32
      linalg.yield %r : f32
    }} -> tensor<1x512x1xf32>
    %{p}_out = linalg.generic {{indexing_maps = [#id3, #red3, #vec3, #vec3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}}
        ins(%{p}_xc, %{p}_rstd, %{w}, %{b} : tensor<1x512x768xf32>, tensor<1x512x1xf32>, tensor<768xf32>, tensor<768xf32>)
        outs(%e_act_e : tensor<1x512x768xf32>) {{
    ^bb0(%in: f32, %r: f32, %g: f32, %b: f32, %out: f32):
      %n = arith.mulf %in, %r : f32
      %gn = arith.mulf %n, %g : f32
      %y = arith.addf %gn, %b : f32
      linalg.yield %y : f32
    }} -> tensor<1x512x768xf32>"""


HEAD = dict(
    maps="#m_pos = affine_map<(d0, d1, d2) -> (d1, d2)>",
    args=[("tok", "tensor<1x512x768xf32>"), ("typ", "tensor<1x512x768xf32>"),
          ("wpe", "tensor<512x768xf32>"),
          ("emb_ln_w", "tensor<768xf32>"), ("emb_ln_b", "tensor<768xf32>")],
    input="emb_out",
    body="""
    // ---------------- embeddings: word + token type (gathered) + position, LayerNorm ----------------
    %e_zero = arith.constant 0.000000e+00 : f32
    %e_hidden = arith.constant 7.680000e+02 : f32
    %e_eps = arith.constant 9.99999996E-13 : f32
    %e_act_e = tensor.empty() : tensor<1x512x768xf32>
    %e_red_e = tensor.empty() : tensor<1x512x1xf32>
    %e_red_0 = linalg.fill ins(%e_zero : f32) outs(%e_red_e : tensor<1x512x1xf32>) -> tensor<1x512x1xf32>
    %e_sum3 = linalg.generic {indexing_maps = [#id3, #id3, #m_pos, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%tok, %typ, %wpe : tensor<1x512x768xf32>, tensor<1x512x768xf32>, tensor<512x768xf32>) outs(%e_act_e : tensor<1x512x768xf32>) {
    ^bb0(%t: f32, %y: f32, %p: f32, %out: f32):
      %a = arith.addf %t, %y : f32
      %s = arith.addf %a, %p : f32
      linalg.yield %s : f32
    } -> tensor<1x512x768xf32>""" + ln("emb", "e_sum3", "emb_ln_w", "emb_ln_b"))

TAIL = dict(
    args=[("pool_w", "tensor<768x768xf32>"), ("pool_b", "tensor<768xf32>")],
    result="pooled", type="tensor<1x768xf32>",
    body="""
    // ---------------- pooler: tanh(h[:, 0] . W_p^T + b_p) ----------------
    %p_cls3 = tensor.extract_slice %LAST[0, 0, 0] [1, 1, 768] [1, 1, 1] : tensor<1x512x768xf32> to tensor<1x1x768xf32>
    %p_cls = tensor.collapse_shape %p_cls3 [[0, 1], [2]] : tensor<1x1x768xf32> into tensor<1x768xf32>
    %p_wt_e = tensor.empty() : tensor<768x768xf32>
    %p_wt = linalg.transpose ins(%pool_w : tensor<768x768xf32>) outs(%p_wt_e : tensor<768x768xf32>) permutation = [1, 0]
    %p_e = tensor.empty() : tensor<1x768xf32>
    %p_zero = arith.constant 0.000000e+00 : f32
    %p_0 = linalg.fill ins(%p_zero : f32) outs(%p_e : tensor<1x768xf32>) -> tensor<1x768xf32>
    %p_mm = linalg.matmul ins(%p_cls, %p_wt : tensor<1x768xf32>, tensor<768x768xf32>) outs(%p_0 : tensor<1x768xf32>) -> tensor<1x768xf32>
    %pooled = linalg.generic {indexing_maps = [#id2, #vec2, #id2], iterator_types = ["parallel", "parallel"]}
        ins(%p_mm, %pool_b : tensor<1x768xf32>, tensor<768xf32>) outs(%p_e : tensor<1x768xf32>) {
    ^bb0(%in: f32, %b: f32, %out: f32):
      %y = arith.addf %in, %b : f32
      %t = math.tanh %y : f32
      linalg.yield %t : f32
    } -> tensor<1x768xf32>""")


def main(argv=None):
    ap = modelgen.arg_parser(__doc__, 12, "encoder layers", tokens=512, dtype="f32")
    args = modelgen.parse_args(ap, argv, batch_one=True)
    n = args.layers
    layer = modelgen.parse_layer(LAYER)
    comment = (f"// BERT-base, embeddings add + LayerNorm, {n} encoder layer(s) and the pooler;\n"
               f"// made by examples/models/bert-base.py --layers {n} --tokens {args.tokens} "
               f"--dtype {args.dtype} from examples/bert/bert-base-layer.mlir.")
    text = modelgen.stack_layers(layer, n, shared=["mask"], comment=comment,
                                 module_name="BertBase",
                                 head=HEAD, tail=TAIL, func_name="bert_base")
    text = modelgen.retype(text, "f32", args.dtype, 512, args.tokens)
    modelgen.write(text, args.output)


if __name__ == "__main__":
    main()
