"""oro.analyze runs oro-opt: known answers, bounds, located errors."""
import math
import os

import pytest

import oro
from conftest import MM4


def test_matmul4_by_hand(snowcat):
    # test/Transforms/EmitBounds/oro-emit-bounds.mlir: with one element of
    # each tensor (24 bits) A and B are read once per MAC (64 each) and C
    # written once (16): 144 int8 elements = 1152 bits. Compulsory traffic,
    # 48 elements = 384 bits, needs one operand whole, a row of another and
    # one element of the third: 21 elements = 168 bits.
    r = oro.analyze(MM4, arch=snowcat)
    c = r.curves
    assert len(c) == 6
    first, last = c.iloc[0], c.iloc[-1]
    assert (first.capacity_bits, first.accesses_bits) == (24, 1152)
    assert (last.capacity_bits, last.accesses_bits) == (168, 384)
    assert first.OI == pytest.approx(64 / (1152 / 8))
    assert c.accesses_bits.is_monotonic_decreasing
    w = r.witness(0)
    assert [l["tile"] for l in w["loops"]] == [1, 1, 1]
    assert sum(w["tensor_accesses_bits"].values()) == 1152
    assert r.einsums.iloc[0].macs == 64 and r.einsums.iloc[0].compulsory_bits == 384
    assert "oro.workload @mm4" in r.ir


def test_matmul4096_against_theory(root, snowcat):
    # The example. No point may be below 2MNK/sqrt(S) - 2S words
    # (Smith, Lowery, Langou, van de Geijn) and the curve ends at the
    # compulsory traffic: A, B and C once, 3 * 4096^2 bf16.
    r = oro.analyze(str(root / "examples/matmul/matmul-4096.mlir"), arch=snowcat)
    c = r.curves
    assert set(c.einsum) == {"matmul"}
    n = 4096
    for cap, acc in zip(c.capacity_bits, c.accesses_bits):
        words = cap / 16
        assert acc / 16 >= 2 * n ** 3 / math.sqrt(words) - 2 * words
    assert c.accesses_bits.iloc[-1] == 3 * n * n * 16
    assert c.accesses_bits.iloc[0] > 2 * n ** 3 * 16  # one element each: no reuse of A, B


def test_options_reach_the_pipeline(root, snowcat):
    chain = str(root / "examples/matmul-chain/two-matmuls.mlir")
    fused = oro.analyze(chain, arch=snowcat, keep_ir=False)
    assert set(fused.curves.fusion.dropna()) == {"fused", "unfused"}
    assert fused.ir is None
    unfused = oro.analyze(chain, arch=snowcat, fusion=False)
    assert set(unfused.curves.fusion.dropna()) == {"unfused"}
    assert oro.run.pipeline_options(max_candidates=1e6, fusion=False, x=None) == \
        "max-candidates=1000000 fusion=false"


def unbounded_fused(f, arch, **options):
    """The fused curve's last (unbounded) point, in bits."""
    c = oro.analyze(f, arch=arch, keep_ir=False, **options).curves
    return c[c.fusion == "fused"].accesses_bits.iloc[-1]


def test_interleaved_branches_fuse(root, snowcat):
    # test/Examples/interleaved-branches.mlir, counted by hand there: with
    # groups that need not be intervals, A and B never leave the buffer
    # (8192 bits, the compulsory traffic); with fusion_lookahead=0 they are
    # written and read back (16384 bits, as unfused).
    f = str(root / "test/Examples/interleaved-branches.mlir")
    assert unbounded_fused(f, snowcat) == 8192
    assert unbounded_fused(f, snowcat, fusion_lookahead=0) == 16384


def test_shared_input_read_once(root, snowcat):
    # test/Examples/shared-inputs.mlir, counted by hand there: three
    # projections of one X share it, read once (10240 bits, the compulsory
    # traffic with X once); with fusion_share_inputs=False each reads it
    # (12288 bits, as unfused).
    f = str(root / "test/Examples/shared-inputs.mlir")
    assert unbounded_fused(f, snowcat) == 10240
    assert unbounded_fused(f, snowcat, fusion_share_inputs=False) == 12288


def test_retiling(root, snowcat):
    # test/Examples/retile.mlir, counted by hand there: with re-tiling the
    # chain's fused curve has a point at 256 bits moving 1792; without it
    # the best at 256 bits moves 2048.
    f = str(root / "test/Examples/retile.mlir")

    def at_256(**options):
        c = oro.analyze(f, arch=snowcat, keep_ir=False, **options).curves
        c = c[(c.fusion == "fused") & (c.capacity_bits <= 256)]
        return c.accesses_bits.min()

    assert at_256(fusion_retile=True) == 1792
    assert at_256() == 2048


def test_mappings_in_the_ir(root, snowcat):
    # test/Transforms/EmitBounds/ir-mappings.mlir, counted by hand: a 4x4x4
    # matmul mapped [m:1 n:1] with B below both loops moves 1536 bits where
    # the bound is 768; a chain fused by hand moves 1920 (bound 720).
    path = os.path.join(root, "test/Transforms/EmitBounds/ir-mappings.mlir")
    r = oro.analyze(path, arch=snowcat, map_search=False)
    h = r.hierarchy
    poor = h[(h.workload == "poor") & (h.scope == "einsum")].iloc[0]
    assert (poor.attained_from, poor.bound_bits, poor.attained_bits) == \
        ("mappings", 768, 1536)
    chain = h[(h.workload == "chain") & (h.fusion == "fused")].iloc[0]
    assert (chain.attained_from, chain.bound_bits, chain.attained_bits) == \
        ("mappings", 720, 1920)
    # The pipeline's own mappings, evaluated again: the same tables.
    chain_file = os.path.join(root, "examples/matmul-chain/two-matmuls.mlir")
    full = oro.analyze(chain_file, arch=snowcat)
    again = oro.analyze(full.ir, arch=snowcat, map_search=False)
    a, b = full.hierarchy, again.hierarchy
    assert list(a.attained_bits) == list(b.attained_bits)
    assert list(b[b.fusion == "fused"].attained_from) == ["mappings"]


def test_einsum_selection(root, snowcat):
    # The second matmul of the chain alone: its input from the first is
    # read from memory like a weight, so the curve ends at the compulsory
    # traffic of A (1024x1024), WB and B: 3 * 1024 * 1024 * 16 bits.
    chain = str(root / "examples/matmul-chain/two-matmuls.mlir")
    one = oro.analyze(chain, arch=snowcat, einsums=["matmul_1"])
    assert list(one.einsums.einsum) == ["matmul_1"]
    assert one.curves.accesses_bits.min() == 3 * 1024 * 1024 * 16
    assert oro.run.pipeline_options(einsums=("a", "b")) == "einsums=a,b"
    with pytest.raises(oro.OroError, match="no einsum is named 'Q'"):
        oro.analyze(chain, arch=snowcat, einsums=["Q"])


def test_same_result_twice(root, snowcat):
    # Every call is a fresh oro-opt: nothing cached in this process changes
    # the second run's report or diagnostics.
    chain = str(root / "examples/matmul-chain/two-matmuls.mlir")
    a = oro.analyze(chain, arch=snowcat)
    b = oro.analyze(chain, arch=snowcat)
    assert a.curves.equals(b.curves)
    assert a.diagnostics == b.diagnostics


def test_located_error_in_ir(snowcat):
    with pytest.raises(oro.OroError) as e:
        oro.analyze(MM4.replace("k = 4]", "k = 0]"), arch=snowcat)
    assert (e.value.file, e.value.line, e.value.col) == ("<stdin>", 2, 8)
    assert e.value.location == "<stdin>:2:8"
    assert "extent 0 of rank 'k' must be positive" in e.value.message
    assert "<stdin>:2:8: error:" in str(e.value)


def test_located_error_in_arch(root):
    arch = root / "test/Arch/Inputs/unknown-key.yaml"
    with pytest.raises(oro.OroError) as e:
        oro.analyze(MM4, arch=str(arch))
    assert e.value.file.endswith("unknown-key.yaml")
    assert (e.value.line, e.value.col) == (7, 5)
    assert "did you mean 'capacity'?" in e.value.message


def test_missing_files(snowcat):
    with pytest.raises(FileNotFoundError):
        oro.analyze("no/such.mlir", arch=snowcat)
    with pytest.raises(FileNotFoundError):
        oro.analyze(MM4, arch="no/such.yaml")
    with pytest.raises(TypeError):
        oro.analyze(MM4, arch=snowcat, report="x.json")
