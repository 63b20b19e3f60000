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
import re
import sys

_FUNC = re.compile(
    r"func\.func @(\w+)\((.*?)\)\s*->\s*([^{]+)\{(.*)\n\s*return\s+%(\w+)\s*:[^\n]*\n\s*\}",
    re.S)


def parse_layer(path):
    text = open(path).read()
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


def stack_layers(layer, n, shared=(), comment="", head=None, tail=None,
                 func_name=None):
    """head/tail: dict(maps=str, args=[(name, type)], body=str, input=str
    (head: the value it defines that layer 0 reads), result=str, type=str
    (tail: the value returned and its type))."""
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
    out.append("module {")
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
