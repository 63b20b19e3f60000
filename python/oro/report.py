"""Reading oro reports (the JSON of ``--oro-emit-bounds report=FILE``).

``load_report(path)`` needs nothing but this package: it parses the file,
validates it against ``docs/report.schema.json`` (when ``jsonschema`` is
installed; Debian's ``python3-jsonschema``) and returns a :class:`Result`
whose tables are pandas DataFrames. The report stays the source of truth:
``Result.report`` is the parsed JSON, unchanged.

Counts are exact integers in the report (up to 128 bits) or the string
``"saturated"``. In the DataFrames a count is an ``int64`` column when every
value fits, else a column of Python ints; ``"saturated"`` becomes ``inf``.
"""
import functools
import json
import math
import os
from pathlib import Path

__all__ = ["Result", "load_report", "schema_path", "validate", "as_count",
           "ReportError"]


class ReportError(ValueError):
    """The file is not an oro report (bad JSON, or not the schema's shape)."""


def schema_path():
    """Where report.schema.json is: docs/ of the source tree, or beside the
    package when installed."""
    here = Path(__file__).resolve().parent
    for p in (here / "report.schema.json",
              here.parent.parent / "docs" / "report.schema.json"):
        if p.is_file():
            return p
    return None


_SCHEMA = None


def _sample(v, keep=24):
    """A copy of `v` with every list cut to its first `keep` and last 4
    items: what validate() checks of a big report (full validation of a
    25 MB report takes 8 s; the writer is one program, so a shape error
    shows in every entry of a list, not in the 5000th alone)."""
    if isinstance(v, list):
        items = v if len(v) <= keep + 4 else v[:keep] + v[-4:]
        return [_sample(x, keep) for x in items]
    if isinstance(v, dict):
        return {k: _sample(x, keep) for k, x in v.items()}
    return v


def validate(report, full=True):
    """Raise ReportError when `report` does not match report.schema.json;
    with ``full=False`` only a sample of every long list is checked.
    Without jsonschema or the schema file, only the header is checked."""
    global _SCHEMA
    if not isinstance(report, dict) or report.get("format") != "oro-report":
        raise ReportError("not an oro report: 'format' is not 'oro-report'")
    if report.get("version") != 1:
        raise ReportError(f"unsupported oro report version {report.get('version')!r}")
    try:
        import jsonschema
    except ImportError:
        return
    if _SCHEMA is None:
        path = schema_path()
        if path is None:
            return
        with open(path) as f:
            _SCHEMA = json.load(f)
    cls = jsonschema.validators.validator_for(_SCHEMA)
    checked = report if full else _sample(report)
    error = jsonschema.exceptions.best_match(cls(_SCHEMA).iter_errors(checked))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        raise ReportError(f"report does not match report.schema.json at {where}: "
                          f"{error.message}")


def as_count(v):
    """A report count as a Python number: int, inf for 'saturated', None for
    null."""
    if v is None:
        return None
    if v == "saturated":
        return math.inf
    return int(v)


def _count_column(values):
    """A pandas Series of counts: int64 when all fit, else Python ints (with
    inf for saturated, None for missing)."""
    import pandas as pd
    if all(isinstance(v, int) and -2**63 <= v < 2**63 for v in values):
        return pd.Series(values, dtype="int64")
    return pd.Series(values, dtype="object")


def _curve_groups(c):
    """A fused curve's distinct groups: its "groups" list, or, in reports
    written before groups were listed once per curve, the groups written
    inline in the point witnesses (first appearance order)."""
    if "groups" in c:
        return c["groups"]
    seen, out = set(), []
    for p in c.get("points", []):
        for g in (p.get("witness") or {}).get("groups", []):
            if isinstance(g, dict):
                key = json.dumps(g, sort_keys=True)
                if key not in seen:
                    seen.add(key)
                    out.append(g)
    return out


def load_report(path, validate_schema=True):
    """Read a report written by ``--oro-emit-bounds report=PATH`` (or
    ``tools/oro-run``). No oro-opt needed.

    ``validate_schema``: True (default) checks the report against
    report.schema.json, wholly up to 4 MB and a sample of every long list
    beyond (see :func:`validate`); ``"full"`` checks all of it; False skips
    the check. A mismatch raises :class:`ReportError`."""
    path = os.fspath(path)
    try:
        with open(path) as f:
            report = json.load(f)
    except json.JSONDecodeError as e:
        raise ReportError(f"{path}:{e.lineno}:{e.colno}: not valid JSON: {e.msg}") from None
    if validate_schema:
        try:
            full = validate_schema == "full" or os.path.getsize(path) <= 4 << 20
            validate(report, full=full)
        except ReportError as e:
            raise ReportError(f"{path}: {e}") from None
    return Result(report, path=path)


class Result:
    """One oro report, as tables.

    ``curves``: one row per point of every curve (workload, einsum, level,
    parent, scope, fusion, capacity_bits, accesses_bits, OI, witness, curve);
    ``witness`` is the point's index in its curve, ``curve`` the curve's
    index in ``report["curves"]``. ``einsums``, ``groups`` and ``hierarchy``
    are one row per einsum, per fused group and per hierarchy level.
    ``report`` is the raw JSON. ``ir`` is the annotated module when
    :func:`oro.analyze` made the result.
    """

    def __init__(self, report, path=None, ir=None, diagnostics=""):
        self.report = report
        self.path = path
        self.ir = ir
        self.diagnostics = diagnostics

    def __repr__(self):
        arch = (self.report.get("arch") or {}).get("name")
        return (f"<oro.Result arch={arch!r} einsums={len(self.report.get('einsums', []))} "
                f"curves={len(self.report.get('curves', []))}>")

    @property
    def arch(self):
        return self.report.get("arch") or {}

    @functools.cached_property
    def curves(self):
        return self._make_curves()

    @functools.cached_property
    def einsums(self):
        return self._make_einsums()

    @functools.cached_property
    def groups(self):
        return self._make_groups()

    @functools.cached_property
    def hierarchy(self):
        return self._make_hierarchy()

    # --- tables -------------------------------------------------------------

    def _make_curves(self):
        import pandas as pd
        cols = {k: [] for k in ("workload", "einsum", "level", "parent", "scope",
                                "fusion", "capacity_bits", "accesses_bits", "OI",
                                "witness", "curve")}
        for ci, c in enumerate(self.report.get("curves", [])):
            scope = c.get("scope", "einsum")
            for pi, p in enumerate(c["points"]):
                cols["workload"].append(c["workload"])
                cols["einsum"].append(c.get("einsum") if scope == "einsum" else None)
                cols["level"].append(c["level"])
                cols["parent"].append(c["parent"])
                cols["scope"].append(scope)
                cols["fusion"].append(c.get("fusion") if scope == "workload" else None)
                cols["capacity_bits"].append(as_count(p["capacity_bits"]))
                cols["accesses_bits"].append(as_count(p["accesses_bits"]))
                oi = p.get("operational_intensity")
                cols["OI"].append(math.nan if oi is None else float(oi))
                cols["witness"].append(pi)
                cols["curve"].append(ci)
        df = pd.DataFrame({k: v for k, v in cols.items()
                           if k not in ("capacity_bits", "accesses_bits")})
        df.insert(6, "capacity_bits", _count_column(cols["capacity_bits"]))
        df.insert(7, "accesses_bits", _count_column(cols["accesses_bits"]))
        return df

    def _make_einsums(self):
        import pandas as pd
        rows = []
        for e in self.report.get("einsums", []):
            rows.append({
                "workload": e["workload"], "einsum": e["name"],
                "location": e.get("location"),
                "ranks": dict(e.get("ranks", {})),
                "tensors": [t["name"] for t in e.get("tensors", [])],
                "macs": as_count(e.get("macs")),
                "compulsory_bits": as_count(e.get("compulsory_bits")),
            })
        return pd.DataFrame(rows, columns=["workload", "einsum", "location", "ranks",
                                           "tensors", "macs", "compulsory_bits"])

    def _make_groups(self):
        import pandas as pd
        rows = []
        for ci, c in enumerate(self.report.get("curves", [])):
            for gi, g in enumerate(_curve_groups(c)):
                rows.append({
                    "workload": c["workload"], "level": c["level"], "curve": ci,
                    "group": gi, "einsums": tuple(g["einsums"]),
                    "size": len(g["einsums"]),
                    "shared_loops": [(l["rank"], as_count(l["tile"]))
                                     for l in g.get("shared_loops", [])],
                    "on_chip": tuple(g.get("on_chip", [])),
                })
        return pd.DataFrame(rows, columns=["workload", "level", "curve", "group",
                                           "einsums", "size", "shared_loops", "on_chip"])

    def _make_hierarchy(self):
        import pandas as pd
        keys = ("instances", "capacity_bits", "bound_capacity_bits", "bound_bits",
                "attained_bits", "gap", "occupancy_bits", "oi_bound", "oi_attained",
                "bandwidth_bits_per_cycle", "bound_macs_per_cycle",
                "attained_macs_per_cycle")
        floats = {"gap", "oi_bound", "oi_attained", "bandwidth_bits_per_cycle",
                  "bound_macs_per_cycle", "attained_macs_per_cycle"}
        rows = []
        for hi, h in enumerate(self.report.get("hierarchy") or []):
            for lv in h.get("levels") or []:
                row = {"entry": hi, "scope": h.get("scope"), "workload": h.get("workload"),
                       "einsum": h.get("einsum"), "fusion": h.get("fusion"),
                       "objective": h.get("objective"),
                       "attained_from": h.get("attained_from"),
                       "bound_mapspace": h.get("bound_mapspace"),
                       "level": lv["level"], "parent": lv["parent"]}
                for k in keys:
                    v = lv.get(k)
                    row[k] = (math.nan if v is None else float(v)) if k in floats \
                        else as_count(v)
                rows.append(row)
        return pd.DataFrame(rows, columns=["entry", "scope", "workload", "einsum",
                                           "fusion", "objective", "attained_from",
                                           "bound_mapspace",
                                           "level", "parent", *keys])

    # --- lookups ------------------------------------------------------------

    def curve(self, workload=None, einsum=None, level=None, fusion=None):
        """The one curve (a dict of the report) matching the arguments.
        ``einsum=None`` with ``fusion`` set selects a workload curve."""
        found = []
        for c in self.report.get("curves", []):
            scope = c.get("scope", "einsum")
            if workload is not None and c["workload"] != workload:
                continue
            if level is not None and c["level"] != level:
                continue
            if fusion is not None:
                if scope != "workload" or c.get("fusion") != fusion:
                    continue
            elif einsum is not None:
                if scope != "einsum" or c.get("einsum") != einsum:
                    continue
            elif scope != "einsum":
                continue
            found.append(c)
        if len(found) != 1:
            what = ", ".join(f"{k}={v!r}" for k, v in (("workload", workload),
                             ("einsum", einsum), ("level", level), ("fusion", fusion))
                             if v is not None) or "no filter"
            raise KeyError(f"{len(found)} curves match {what}")
        return found[0]

    def point_at(self, capacity_bits, **select):
        """(index, point) of the curve's point attainable with
        `capacity_bits` of buffer: the last one whose capacity fits. None
        when no mapping fits."""
        c = self.curve(**select)
        best = None
        for i, p in enumerate(c["points"]):
            if as_count(p["capacity_bits"]) <= capacity_bits:
                best = (i, p)
        return best

    def witness(self, row=None, *, capacity_bits=None, **select):
        """The mapping that attains a point.

        ``witness(i)``: the point of row ``i`` of ``curves``;
        ``witness(capacity_bits=S, einsum=..., level=..., fusion=...)``: the
        point attainable with S bits of buffer (see :meth:`curve`).

        An einsum point's witness is its mapping (loops outermost first,
        positions, bypass, per-tensor accesses). A fused point's is its
        groups in program order, each with its shared loops, on-chip
        tensors and per-einsum mappings; an unfused point's names, per
        einsum, the point of that einsum's curve it uses, with its witness.
        """
        if row is not None:
            r = self.curves.loc[row]
            c = self.report["curves"][int(r["curve"])]
            p = c["points"][int(r["witness"])]
        else:
            if capacity_bits is None:
                raise TypeError("witness() needs a curves row or capacity_bits=")
            c = self.curve(**select)
            hit = self.point_at(capacity_bits, **select)
            if hit is None:
                raise ValueError(f"no mapping fits in {capacity_bits} bits")
            p = hit[1]
        w = p.get("witness") or {}
        out = {"scope": c.get("scope", "einsum"), "workload": c["workload"],
               "level": c["level"], "capacity_bits": as_count(p["capacity_bits"]),
               "accesses_bits": as_count(p["accesses_bits"])}
        if c.get("scope", "einsum") == "einsum":
            out["einsum"] = c.get("einsum")
            out.update({k: v for k, v in w.items() if k != "accesses_bits"})
            out["tensor_accesses_bits"] = w.get("accesses_bits", {})
        elif c.get("fusion") == "fused":
            out["fusion"] = "fused"
            out["groups"] = [c["groups"][g] if isinstance(g, int) else g
                             for g in w.get("groups", [])]
        else:
            out["fusion"] = c.get("fusion")
            per = {}
            for name, idx in (w.get("einsum_points") or {}).items():
                ec = self.curve(workload=c["workload"], einsum=name, level=c["level"])
                per[name] = dict(ec["points"][idx].get("witness") or {}, point=idx)
            out["einsums"] = per
        return out
