#!/usr/bin/env python3
"""Writes MLIR whose nesting depth, as oro/Support/InputNesting.h counts it,
is DEPTH: `deep-nesting.py SHAPE DEPTH > FILE`. Each shape is one way MLIR's
recursive-descent parser recurses once per level:

  array     module attribute [[[...]]]
  dict      module attribute {a = {a = ...}}
  tuple     module attribute tuple<tuple<...>>
  parens    affine expression ((...(d0)...))
  minus     affine expression - - ... - d0
  region    unregistered ops nested in regions ("x.op"() ({ ... }))
  sum       affine expression d0 + d0 + ... (DEPTH terms; does not nest,
            but the parser still recurses once per term)
"""
import sys


def main():
    shape, depth = sys.argv[1], int(sys.argv[2])
    attr = 'module attributes {x.a = %s} {}'
    # affine_map<(d0) -> (E)> opens 3 levels around E.
    amap = 'module attributes {x.a = affine_map<(d0) -> (%s)>} {}'
    if shape == 'array':
        n = depth - 1  # `{` of the attribute dictionary
        text = attr % ('[' * n + ']' * n)
    elif shape == 'dict':
        n = depth - 1
        text = attr % ('{a = ' * n + '1' + '}' * n)
    elif shape == 'tuple':
        n = depth - 1
        text = attr % ('tuple<' * n + 'i32' + '>' * n)
    elif shape == 'parens':
        n = depth - 3
        text = amap % ('(' * n + 'd0' + ')' * n)
    elif shape == 'minus':
        n = depth - 3
        text = amap % ('- ' * n + 'd0')
    elif shape == 'region':
        # Two levels per region (`({`); the innermost op's `()` is one
        # more, and its attribute `{a = [1]}` two.
        n, inner = (depth - 1) // 2, '"x.op"() : () -> ()'
        if depth % 2 == 0:
            n, inner = (depth - 2) // 2, '"x.op"() {a = [1]} : () -> ()'
        text = '"x.op"() ({ ' * n + inner + ' }) : () -> ()' * n
    elif shape == 'sum':
        text = amap % ' + '.join(['d0'] * depth)
    else:
        sys.exit('unknown shape ' + shape)
    print(text)


if __name__ == '__main__':
    main()
