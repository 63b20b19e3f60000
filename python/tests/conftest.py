"""Shared paths for the oro package tests (run by test/Python/pytest.test,
or by hand: /usr/bin/python3 -m pytest -q python/tests)."""
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "python"))

# Plots go to files only.
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture
def root():
    return ROOT


@pytest.fixture
def snowcat():
    return str(ROOT / "examples" / "arches" / "snowcat.yaml")


# The 4x4x4 int8 matmul of test/Transforms/EmitBounds/oro-emit-bounds.mlir,
# whose curve is known by hand (see test_analyze.py).
MM4 = """oro.workload @mm4(%a: tensor<4x4xi8> {oro.name = "A"}, %b: tensor<4x4xi8> {oro.name = "B"}) -> tensor<4x4xi8> {
  %c = oro.einsum "C" [m = 4, n = 4, k = 4] ins(%a[m, k], %b[k, n]) outs[m, n]
         : (tensor<4x4xi8>, tensor<4x4xi8>) -> tensor<4x4xi8>
  oro.yield %c : tensor<4x4xi8>
}
"""
