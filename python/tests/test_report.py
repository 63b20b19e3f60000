"""oro.load_report on hand-made reports: tables, witnesses, schema."""
import copy
import json
import math

import pytest

import oro
from oro.report import validate

KIB = 8192  # bits


@pytest.fixture
def fused(root):
    return oro.load_report(root / "test" / "Tools" / "Inputs" / "fused-report.json")


def test_curves_table(fused):
    # test/Tools/oro-plot-fused.test derives these by hand.
    c = fused.curves
    assert list(c.columns) == ["workload", "einsum", "level", "parent", "scope", "fusion",
                               "capacity_bits", "accesses_bits", "OI", "witness", "curve"]
    mm = c[(c.scope == "einsum") & (c.einsum == "mm")]
    assert list(mm.capacity_bits) == [256 * 8, 4 * KIB, 16 * KIB, 64 * KIB, 192 * KIB]
    assert list(mm.accesses_bits) == [3968 * KIB, 896 * KIB, 512 * KIB, 256 * KIB, 192 * KIB]
    assert list(mm.witness) == [0, 1, 2, 3, 4]
    fusedc = c[c.fusion == "fused"]
    assert fusedc.einsum.isna().all()
    assert fusedc.accesses_bits.iloc[-1] == 192 * KIB
    unf = c[c.fusion == "unfused"]
    assert unf.accesses_bits.iloc[-1] == 320 * KIB  # floor: 192 + 128 KiB
    assert str(c.capacity_bits.dtype) == "int64"


def test_point_at_and_witness(fused):
    i, p = fused.point_at(10 * KIB, fusion="fused")
    assert p["accesses_bits"] == 960 * KIB  # the 8 KiB point
    w = fused.witness(capacity_bits=10 * KIB, fusion="fused")
    assert w["accesses_bits"] == 960 * KIB and w["fusion"] == "fused"
    assert [g["einsums"] for g in w["groups"]] == [["mm", "relu"]]
    # Unfused: each einsum's point resolved to its own witness.
    w = fused.witness(capacity_bits=16 * KIB, fusion="unfused")
    assert set(w["einsums"]) == {"mm", "relu"}
    # By row of the curves table.
    row = fused.curves.index[(fused.curves.einsum == "mm")][0]
    assert fused.witness(row)["capacity_bits"] == 256 * 8
    assert fused.point_at(8, einsum="mm") is None


def test_einsums_and_groups(fused):
    e = fused.einsums.set_index("einsum")
    assert e.loc["mm", "macs"] == 256 ** 3
    assert e.loc["mm", "ranks"] == {"m": 256, "n": 256, "k": 256}
    g = fused.groups
    assert (g.einsums == ("mm", "relu")).any()
    assert fused.hierarchy.empty


def test_hierarchy_table(root):
    r = oro.load_report(root / "test" / "Tools" / "Inputs" / "hierarchy-report.json")
    h = r.hierarchy
    mlp = h[(h.workload == "decode_mlp") & (h.scope == "workload")]
    # 256.5 MiB bound everywhere; chosen 264 / 320 / 384 MiB.
    assert set(mlp.bound_bits) == {int(256.5 * 8 * 2 ** 20)}
    assert list(mlp.attained_bits) == [264 * 8 << 20, 320 * 8 << 20, 384 * 8 << 20]
    assert list(mlp.gap.round(2)) == [1.03, 1.25, 1.5]


def test_schema_rejects_broken_reports(fused):
    good = fused.report
    validate(good)
    bad = copy.deepcopy(good)
    del bad["curves"]
    with pytest.raises(oro.ReportError, match="curves"):
        validate(bad)
    bad = copy.deepcopy(good)
    bad["curves"][0]["points"][0]["accesses_bits"] = -1
    with pytest.raises(oro.ReportError, match="curves/0/points/0/accesses_bits"):
        validate(bad)
    bad = copy.deepcopy(good)
    bad["format"] = "something"
    with pytest.raises(oro.ReportError, match="not an oro report"):
        validate(bad)


def test_load_report_errors(tmp_path):
    p = tmp_path / "broken.json"
    p.write_text('{"format": "oro-report",\n "version": 1,,}')
    with pytest.raises(oro.ReportError, match=r"broken.json:2:15: not valid JSON"):
        oro.load_report(p)
    p.write_text(json.dumps({"format": "oro-report", "version": 1, "arch": {}}))
    with pytest.raises(oro.ReportError, match="report.schema.json"):
        oro.load_report(p)


def test_saturated_counts(fused):
    rep = copy.deepcopy(fused.report)
    rep["curves"][0]["points"][0]["accesses_bits"] = "saturated"
    rep["curves"][0]["points"][1]["accesses_bits"] = 2 ** 100
    validate(rep)
    c = oro.Result(rep).curves
    assert c.accesses_bits.dtype == object
    assert math.isinf(c.accesses_bits.iloc[0])
    assert c.accesses_bits.iloc[1] == 2 ** 100
