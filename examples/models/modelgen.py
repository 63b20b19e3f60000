"""Shared helpers of the whole-model generators (text in, text out).

`stack_layers` chains N copies of a one-layer Linalg function (the layer
files of examples/gpt3 and examples/bert): layer i's values and per-layer
arguments get the prefix `L<i>_`, its input is layer i-1's result, and
arguments named in `shared` (the attention mask) stay single. A `head` and a
`tail` (Linalg text using `%<input>` and `%<last>`) can be put before the
first and after the last layer, with their own arguments and affine maps.
The copies keep the layer's exact ops, so a whole model exercises the same
import as the layer, N times over.
"""
import argparse
import re
import sys

# Element types the generators can emit, with their -inf literal (MLIR
# writes a float's bits in hex).
NEG_INF = {"f32": "0xFF800000", "f16": "0xFC00", "bf16": "0xFF80"}


def arg_parser(doc, layers, layers_help, tokens=None, dtype="f32"):
    """The command line shared by the generators: --layers (or the old
    positional LAYERS), --tokens (sequence models), --batch, --dtype, -o."""
    ap = argparse.ArgumentParser(description=doc,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("layers_pos", nargs="?", type=int, metavar="LAYERS",
                    help=f"same as --layers (kept for old callers)")
    ap.add_argument("--layers", type=int, help=f"{layers_help} (default {layers})")
    if tokens is not None:
        ap.add_argument("--tokens", type=int, default=tokens,
                        help=f"sequence length (default {tokens})")
    ap.add_argument("--batch", type=int, default=1, help="batch size (default 1)")
    ap.add_argument("--dtype", choices=sorted(NEG_INF), default=dtype,
                    help=f"element type (default {dtype})")
    ap.add_argument("-o", "--output", default="-",
                    help="output file (default: stdout)")
    ap.set_defaults(default_layers=layers)
    return ap


def parse_args(ap, argv=None, batch_one=False):
    """batch_one: the layer file is written for batch 1 (it folds the batch
    away before the projections; a batch would need its own rank through
    attention, not a longer sequence), so --batch must be 1."""
    args = ap.parse_args(argv)
    if batch_one and args.batch != 1:
        ap.error("--batch: only 1 (the layer is written for batch 1)")
    if args.layers is not None and args.layers_pos is not None \
            and args.layers != args.layers_pos:
        ap.error("LAYERS and --layers disagree")
    args.layers = args.layers if args.layers is not None else (
        args.layers_pos if args.layers_pos is not None else args.default_layers)
    if args.layers < 1:
        ap.error(f"--layers must be at least 1, got {args.layers}")
    if args.batch < 1:
        ap.error(f"--batch must be at least 1, got {args.batch}")
    if getattr(args, "tokens", 1) < 1:
        ap.error(f"--tokens must be at least 1, got {args.tokens}")
    return args


def retype(text, dtype_from, dtype_to, tokens_from=None, tokens_to=None):
    """The same module with another element type and sequence length: the
    layer files use their token count for nothing else (checked by the
    import test), and -inf literals change with the type."""
    if tokens_from is not None and tokens_to != tokens_from:
        # Standalone ("[2048,4096]", "= 2048") or a shape dimension
        # ("1x2048x4096xbf16").
        text = re.sub(rf"(?:(?<=\dx)|(?<![\w.])){tokens_from}(?:(?=x)|(?![\w.]))",
                      str(tokens_to), text)
    if dtype_to != dtype_from:
        text = text.replace(f"{NEG_INF[dtype_from]} : {dtype_from}",
                            f"{NEG_INF[dtype_to]} : {dtype_to}")
        # A scalar type (": f32") or a shape's element type ("4x4xf32").
        text = re.sub(rf"(?:(?<=\dx)|(?<!\w)){dtype_from}(?!\w)", dtype_to, text)
    return text


def write(text, path):
    if path == "-":
        sys.stdout.write(text)
    else:
        with open(path, "w") as f:
            f.write(text)

_FUNC = re.compile(
    r"func\.func @(\w+)\((.*?)\)\s*->\s*([^{]+)\{(.*)\n\s*return\s+%(\w+)\s*:[^\n]*\n\s*\}",
    re.S)


def parse_layer(path):
    with open(path) as f:
        text = f.read()
    m = _FUNC.search(text)
    if not m:
        sys.exit(f"{path}: no func.func with a single return found")
    name, sig, result_type, body, result = m.groups()
    sig = re.sub(r"//[^\n]*", "", sig)
    params = [p.strip() for p in sig.split(",") if p.strip()]
    params = [re.match(r"%(\w+)\s*:\s*(.+)", p).groups() for p in params]
    header = text[: m.start()]
    header = header[: header.rfind("module {")] if "module {" in header else header
    return dict(name=name, params=params, result_type=result_type.strip(),
                body=body, result=result, header=header)


def torch_module_open(name):
    """How torch-mlir's linalg-on-tensors backend opens a module: the
    module's debug name and the global RNG seed (which no einsum reads)."""
    return (f'module attributes {{torch.debug_module_name = "{name}"}} {{\n'
            "  ml_program.global private mutable @global_seed(dense<0> : "
            "tensor<i64>) : tensor<i64>")


def stack_layers(layer, n, shared=(), comment="", head=None, tail=None,
                 func_name=None, module_name=None):
    """head/tail: dict(maps=str, args=[(name, type)], body=str, input=str
    (head: the value it defines that layer 0 reads), result=str, type=str
    (tail: the value returned and its type)). module_name: open the module
    as torch-mlir does (torch_module_open)."""
    shared = set(shared)
    params = layer["params"]
    layer_input = params[0][0]
    result = layer["result"]

    def rename(s, i):
        def sub(mo):
            v = mo.group(1)
            if v in shared:
                return "%" + v
            if v == layer_input:
                if i > 0:
                    return f"%L{i - 1}_{result}"
                return "%" + (head["input"] if head else layer_input)
            return f"%L{i}_{v}"
        return re.sub(r"%([A-Za-z_][\w$.]*)", sub, s)

    out = [comment, layer["header"]]
    for part in (head, tail):
        if part and part.get("maps"):
            out.append(part["maps"])
    out.append(torch_module_open(module_name) if module_name else "module {")
    sig = []
    if head:
        sig += [f"%{p}: {t}" for p, t in head["args"]]
    else:
        sig.append(f"%{layer_input}: {params[0][1]}")
    sig += [f"%{p}: {t}" for p, t in params[1:] if p in shared]
    for i in range(n):
        sig += [f"%L{i}_{p}: {t}" for p, t in params[1:] if p not in shared]
    if tail:
        sig += [f"%{p}: {t}" for p, t in tail["args"]]
    ret_type = tail["type"] if tail else layer["result_type"]
    out.append(f"  func.func @{func_name or layer['name']}(\n      " +
               ",\n      ".join(sig) + f"\n  ) -> {ret_type} {{")
    if head:
        out.append(head["body"])
    for i in range(n):
        out.append(f"\n    // ---------------- layer {i} ----------------")
        out.append(rename(layer["body"], i))
    last = f"L{n - 1}_{result}"
    if tail:
        out.append(tail["body"].replace("%LAST", "%" + last))
        out.append(f"\n    return %{tail['result']} : {ret_type}\n  }}\n}}\n")
    else:
        out.append(f"\n    return %{last} : {ret_type}\n  }}\n}}\n")
    return "\n".join(out)
