"""The plot helpers draw what the report says."""
import io

import matplotlib
import matplotlib.pyplot as plt
import pytest

import oro
import oro.plot as op


@pytest.fixture
def fused(root):
    return oro.load_report(root / "test/Tools/Inputs/fused-report.json")


def test_fusion_verdict():
    # Step curves (capacity, accesses): fused saves >= 10% from 16 on.
    unfused = [(1, 100), (16, 50), (64, 40)]
    fused = [(1, 100), (8, 95), (16, 40), (64, 20)]
    ranges, best, at = op.fusion_verdict(unfused, fused)
    assert ranges == [(16, None)] and best == 2 and at == 64
    assert op.step_at(unfused, 20) == 50 and op.step_at(unfused, 0) is None


def test_ski_slope_has_bound(root, snowcat):
    r = oro.load_report(root / "test/Tools/Inputs/fused-report.json")
    ax = op.ski_slope(r, einsum="mm")
    labels = [l.get_label() for l in ax.get_lines()]
    assert any("sqrt{S}" in l for l in labels)  # mm is a matmul
    assert "compulsory" in labels
    plt.close("all")


def test_fused_vs_unfused_has_ratio_panel(fused, tmp_path):
    fig = op.fused_vs_unfused(fused)
    assert len(fig.axes) == 2
    ratio = fig.axes[1]
    # 640/512 = 1.25 from 16 KiB, 384/192 = 2 from 64 KiB (hand-checked in
    # test/Tools/oro-plot-fused.test).
    ys = list(ratio.get_lines()[0].get_ydata())
    assert 2.0 in ys and 1.25 in ys
    fig.savefig(tmp_path / "f.png")
    assert (tmp_path / "f.png").stat().st_size > 0
    plt.close("all")


def test_bound_vs_attained(root):
    r = oro.load_report(root / "test/Tools/Inputs/hierarchy-report.json")
    fig = op.bound_vs_attained(r)
    assert "decode_mlp" in fig.axes[0].get_title()
    fig = op.bound_vs_attained(r, einsum="matmul", workload="prefill_gemm")
    assert "prefill_gemm/matmul" in fig.axes[0].get_title()
    with pytest.raises(KeyError):
        op.bound_vs_attained(oro.load_report(root / "test/Tools/Inputs/fused-report.json"))
    plt.close("all")


def test_summary_brief_and_verbose(fused):
    out = io.StringIO()
    op.summary(fused, verbose=True, file=out)
    full = out.getvalue()
    assert "mm/mm" in full.replace("layer/", "") or "/mm" in full
    assert "fusion saves >= 10% from 16 KiB on" in full
    out = io.StringIO()
    op.summary(fused, verbose=False, file=out)
    brief = out.getvalue()
    assert "fusion saves >= 10% from 16 KiB on" in brief
    assert "/mm " not in brief and "not shown: 2 more curves (the einsums')" in brief
