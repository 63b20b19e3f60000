#!/usr/bin/env python3
"""Chains N copies of a one-layer Linalg function into an N-layer stack.

    make-stack.py LAYER.mlir N [--shared ARG ...] > stack.mlir

LAYER.mlir holds one `func.func` whose first argument is the layer input and
whose result (same type) is the layer output, e.g. examples/gpt3. Layer i's
values and arguments get the prefix `L<i>_`; its input is layer i-1's result;
arguments named with --shared (the attention mask) stay single. Text in,
text out: the copies keep the layer's exact ops, so the stack exercises the
same import and search as the layer, N times over.
"""
import re
import sys


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    path, n = args[0], int(args[1])
    shared = set()
    rest = args[2:]
    while rest:
        if rest[0] != "--shared" or len(rest) < 2:
            sys.exit(__doc__)
        shared.add(rest[1])
        rest = rest[2:]
    text = open(path).read()
    m = re.search(r"func\.func @(\w+)\((.*?)\)\s*->\s*([^{]+)\{(.*)\n\s*return\s+%(\w+)\s*:[^\n]*\n\s*\}",
                  text, re.S)
    if not m:
        sys.exit(f"{path}: no func.func with a single return found")
    name, sig, result_type, body, result = m.groups()
    sig = re.sub(r"//[^\n]*", "", sig)
    params = [p.strip() for p in sig.split(",") if p.strip()]
    params = [re.match(r"%(\w+)\s*:\s*(.+)", p).groups() for p in params]
    layer_input = params[0][0]

    def rename(s, i):
        def sub(mo):
            v = mo.group(1)
            if v in shared:
                return "%" + v
            if v == layer_input and i > 0:
                return f"%L{i - 1}_{result}"
            if v == layer_input:
                return "%" + v
            return f"%L{i}_{v}"
        return re.sub(r"%([A-Za-z_][\w$.]*)", sub, s)

    header = text[: m.start()]
    out = [header.replace("module {", "// " + f"{n}-layer stack of {path}, made by make-stack.py\nmodule {{", 1)
           if "module {" in header else header]
    sig_out = [f"%{layer_input}: {params[0][1]}"]
    sig_out += [f"%{p}: {t}" for p, t in params[1:] if p in shared]
    for i in range(n):
        sig_out += [f"%L{i}_{p}: {t}" for p, t in params[1:] if p not in shared]
    out.append(f"func.func @{name}_x{n}(\n      " + ",\n      ".join(sig_out) +
               f"\n  ) -> {result_type.strip()} {{")
    for i in range(n):
        out.append(f"\n    // ---------------- layer {i} ----------------")
        out.append(rename(body, i))
    out.append(f"\n    return %L{n - 1}_{result} : {result_type.strip()}\n  }}\n}}\n")
    sys.stdout.write("\n".join(out))


if __name__ == "__main__":
    main()
