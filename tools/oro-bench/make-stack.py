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
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "examples", "models"))
import modelgen  # noqa: E402  (the whole-model generators' stacking)


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
    layer = modelgen.parse_layer(path)
    sys.stdout.write(modelgen.stack_layers(
        layer, n, shared=shared,
        comment=f"// {n}-layer stack of {path}, made by make-stack.py",
        func_name=f"{layer['name']}_x{n}"))


if __name__ == "__main__":
    main()
