#!/usr/bin/env python3
"""Whole ResNet-50 (torchvision resnet50, v1.5: stride on the 3x3 conv),
inference, NCHW, batch 1, 224x224, f32, in Linalg.

    resnet50.py [--layers BLOCKS] [--batch N] [--dtype T] [-o FILE]
    resnet50.py 16 > resnet50.mlir               (16 blocks = the model)

Written as examples/resnet50/bottleneck.mlir is (torch-mlir style, BatchNorm
folded into each conv's weight and bias): every conv's output starts as its
bias broadcast over (n, h, w) and the conv accumulates into it; zero padding
is fill + insert_slice (upstream tensor.pad decomposition); ReLU is a
linalg.generic; the block output is linalg.add of the residual and
linalg.max against zero. Stem: 7x7/2 conv 3->64 (pad 3), ReLU, 3x3/2 max
pool (pad 1 with -inf). Then the 16 bottlenecks [3, 4, 6, 3] with widths 64,
128, 256, 512 (x4 out), the first of each stage with a 1x1 projection
shortcut (stride 2 from stage 2 on); global average pool (7x7 sum pool and a
division), and the 1000-way fc (transpose + matmul + bias). With BLOCKS < 16
the network stops after that many bottlenecks (no pool, no fc).
16 blocks: 195 einsums.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import modelgen  # noqa: E402

# The batch (NCHW's N), set by --batch.
N = 1

STAGES = [(3, 64, 1), (4, 128, 2), (6, 256, 2), (3, 512, 2)]


class Gen:
    def __init__(self):
        self.args = []
        self.lines = []

    def arg(self, name, ty):
        self.args.append(f"%{name}: {ty}")
        return name

    def emit(self, s):
        self.lines.append(s)

    @staticmethod
    def t(c, h, w=None):
        return f"tensor<{N}x{c}x{h}x{h if w is None else w}xf32>"

    def conv(self, name, src, c_in, h_in, c_out, k, stride, pad, relu):
        """Conv k x k / stride with zero padding `pad`, folded-BN bias,
        optional ReLU. Returns (value, h_out)."""
        if pad:
            hp = h_in + 2 * pad
            self.emit(f"    %{name}_pe = tensor.empty() : {self.t(c_in, hp)}")
            self.emit(f"    %{name}_pz = linalg.fill ins(%zero : f32) outs(%{name}_pe : {self.t(c_in, hp)}) -> {self.t(c_in, hp)}")
            self.emit(f"    %{name}_pad = tensor.insert_slice %{src} into %{name}_pz[0, 0, {pad}, {pad}] [{N}, {c_in}, {h_in}, {h_in}] [1, 1, 1, 1] : {self.t(c_in, h_in)} into {self.t(c_in, hp)}")
            src, h_in = f"{name}_pad", hp
        h_out = (h_in - k) // stride + 1
        w = self.arg(f"{name}_w", f"tensor<{c_out}x{c_in}x{k}x{k}xf32>")
        b = self.arg(f"{name}_b", f"tensor<{c_out}xf32>")
        to = self.t(c_out, h_out)
        self.emit(f"    %{name}_e = tensor.empty() : {to}")
        self.emit(f"""    %{name}_init = linalg.generic {{indexing_maps = [#chan, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}}
        ins(%{b} : tensor<{c_out}xf32>) outs(%{name}_e : {to}) {{
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    }} -> {to}""")
        self.emit(f"""    %{name} = linalg.conv_2d_nchw_fchw {{dilations = dense<1> : vector<2xi64>, strides = dense<{stride}> : vector<2xi64>}}
        ins(%{src}, %{w} : {self.t(c_in, h_in)}, tensor<{c_out}x{c_in}x{k}x{k}xf32>) outs(%{name}_init : {to}) -> {to}""")
        if not relu:
            return name, h_out
        self.emit(f"""    %{name}_r = linalg.generic {{indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}}
        ins(%{name} : {to}) outs(%{name}_e : {to}) {{
    ^bb0(%in: f32, %out: f32):
      %y = arith.maximumf %in, %zero : f32
      linalg.yield %y : f32
    }} -> {to}""")
        return f"{name}_r", h_out

    def bottleneck(self, name, src, c_in, h, width, stride, proj):
        self.emit(f"\n    // ---------------- {name}: {c_in} -> {width} -> {width} (3x3/{stride}) -> {4 * width}"
                  f"{', projection shortcut' if proj else ''} ----------------")
        a, _ = self.conv(f"{name}_c1", src, c_in, h, width, 1, 1, 0, True)
        b, h2 = self.conv(f"{name}_c2", a, width, h, width, 3, stride, 1, True)
        c, _ = self.conv(f"{name}_c3", b, width, h2, 4 * width, 1, 1, 0, False)
        short = src
        if proj:
            short, _ = self.conv(f"{name}_sc", src, c_in, h, 4 * width, 1, stride, 0, False)
        to = self.t(4 * width, h2)
        self.emit(f"    %{name}_oe = tensor.empty() : {to}")
        self.emit(f"    %{name}_sum = linalg.add ins(%{c}, %{short} : {to}, {to}) outs(%{name}_oe : {to}) -> {to}")
        self.emit(f"    %{name}_z = linalg.fill ins(%zero : f32) outs(%{name}_oe : {to}) -> {to}")
        self.emit(f"    %{name}_out = linalg.max ins(%{name}_sum, %{name}_z : {to}, {to}) outs(%{name}_oe : {to}) -> {to}")
        return f"{name}_out", h2


def main(argv=None):
    global N
    ap = modelgen.arg_parser(__doc__, 16, "bottleneck blocks", dtype="f32")
    args = modelgen.parse_args(ap, argv)
    blocks, N = args.layers, args.batch
    g = Gen()
    g.arg("x", g.t(3, 224))
    g.emit("    %zero = arith.constant 0.000000e+00 : f32")
    g.emit("    %ninf = arith.constant 0xFF800000 : f32")
    g.emit("\n    // ---------------- stem: 7x7/2 conv 3 -> 64, ReLU, 3x3/2 max pool ----------------")
    s, h = g.conv("stem", "x", 3, 224, 64, 7, 2, 3, True)
    g.emit(f"    %mp_pe = tensor.empty() : {g.t(64, h + 2)}")
    g.emit(f"    %mp_pz = linalg.fill ins(%ninf : f32) outs(%mp_pe : {g.t(64, h + 2)}) -> {g.t(64, h + 2)}")
    g.emit(f"    %mp_pad = tensor.insert_slice %{s} into %mp_pz[0, 0, 1, 1] [{N}, 64, {h}, {h}] [1, 1, 1, 1] : {g.t(64, h)} into {g.t(64, h + 2)}")
    hp = (h + 2 - 3) // 2 + 1
    g.emit(f"    %mp_win = tensor.empty() : tensor<3x3xf32>")
    g.emit(f"    %mp_oe = tensor.empty() : {g.t(64, hp)}")
    g.emit(f"    %mp_o0 = linalg.fill ins(%ninf : f32) outs(%mp_oe : {g.t(64, hp)}) -> {g.t(64, hp)}")
    g.emit(f"""    %mp = linalg.pooling_nchw_max {{dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}}
        ins(%mp_pad, %mp_win : {g.t(64, h + 2)}, tensor<3x3xf32>) outs(%mp_o0 : {g.t(64, hp)}) -> {g.t(64, hp)}""")
    cur, c, h = "mp", 64, hp
    done = 0
    for si, (nb, width, stride) in enumerate(STAGES):
        for bi in range(nb):
            if done == blocks:
                break
            cur, h = g.bottleneck(f"s{si + 1}b{bi}", cur, c, h, width,
                                  stride if bi == 0 else 1, bi == 0)
            c = 4 * width
            done += 1
    ret, ret_t = cur, g.t(c, h)
    if blocks >= 16:
        g.emit(f"\n    // ---------------- global average pool {h}x{h}, fc {c} -> 1000 ----------------")
        g.emit(f"    %ap_win = tensor.empty() : tensor<{h}x{h}xf32>")
        g.emit(f"    %ap_e = tensor.empty() : {g.t(c, 1)}")
        g.emit(f"    %ap_0 = linalg.fill ins(%zero : f32) outs(%ap_e : {g.t(c, 1)}) -> {g.t(c, 1)}")
        g.emit(f"""    %ap_sum = linalg.pooling_nchw_sum {{dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}}
        ins(%{cur}, %ap_win : {g.t(c, h)}, tensor<{h}x{h}xf32>) outs(%ap_0 : {g.t(c, 1)}) -> {g.t(c, 1)}""")
        g.emit(f"    %ap_n = arith.constant {float(h * h):e} : f32")
        g.emit(f"""    %ap = linalg.generic {{indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}}
        ins(%ap_sum : {g.t(c, 1)}) outs(%ap_e : {g.t(c, 1)}) {{
    ^bb0(%in: f32, %out: f32):
      %y = arith.divf %in, %ap_n : f32
      linalg.yield %y : f32
    }} -> {g.t(c, 1)}""")
        g.emit(f"    %ap2 = tensor.collapse_shape %ap [[0], [1, 2, 3]] : {g.t(c, 1)} into tensor<{N}x{c}xf32>")
        g.arg("fc_w", f"tensor<1000x{c}xf32>")
        g.arg("fc_b", "tensor<1000xf32>")
        g.emit(f"    %fc_wte = tensor.empty() : tensor<{c}x1000xf32>")
        g.emit(f"    %fc_wt = linalg.transpose ins(%fc_w : tensor<1000x{c}xf32>) outs(%fc_wte : tensor<{c}x1000xf32>) permutation = [1, 0]")
        g.emit(f"    %fc_e = tensor.empty() : tensor<{N}x1000xf32>")
        g.emit(f"    %fc_0 = linalg.fill ins(%zero : f32) outs(%fc_e : tensor<{N}x1000xf32>) -> tensor<{N}x1000xf32>")
        g.emit(f"    %fc_mm = linalg.matmul ins(%ap2, %fc_wt : tensor<{N}x{c}xf32>, tensor<{c}x1000xf32>) outs(%fc_0 : tensor<{N}x1000xf32>) -> tensor<{N}x1000xf32>")
        g.emit(f"""    %logits = linalg.generic {{indexing_maps = [#id2, #vec2, #id2], iterator_types = ["parallel", "parallel"]}}
        ins(%fc_mm, %fc_b : tensor<{N}x1000xf32>, tensor<1000xf32>) outs(%fc_e : tensor<{N}x1000xf32>) {{
    ^bb0(%in: f32, %b: f32, %out: f32):
      %y = arith.addf %in, %b : f32
      linalg.yield %y : f32
    }} -> tensor<{N}x1000xf32>""")
        ret, ret_t = "logits", f"tensor<{N}x1000xf32>"
    out = [f"// ResNet-50 ({blocks} of 16 bottlenecks{', pool and fc' if blocks >= 16 else ''}), NCHW, {N}x3x224x224, f32;",
           f"// made by examples/models/resnet50.py --layers {blocks} --batch {N} --dtype {args.dtype}.",
           "#id4  = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>",
           "#chan = affine_map<(d0, d1, d2, d3) -> (d1)>",
           "#id2  = affine_map<(d0, d1) -> (d0, d1)>",
           "#vec2 = affine_map<(d0, d1) -> (d1)>",
           "",
           modelgen.torch_module_open("ResNet50"),
           "  func.func @resnet50(\n      " + ",\n      ".join(g.args) + f"\n  ) -> {ret_t} {{"]
    out += g.lines
    out.append(f"    return %{ret} : {ret_t}\n  }}\n}}\n")
    modelgen.write(modelgen.retype("\n".join(out), "f32", args.dtype), args.output)


if __name__ == "__main__":
    main()
