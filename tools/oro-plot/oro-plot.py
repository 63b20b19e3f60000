#!/usr/bin/env python3
"""Plot the ski slopes of an oro report (JSON written by --oro-emit-bounds).

    python3 tools/oro-plot/oro-plot.py out/report.json -o out/report

writes out/report.png and out/report.svg: for each curve, a log-log step plot
of buffer capacity vs. the lowest attainable accesses to the parent memory,
with the compulsory traffic (dotted), the analytic lower bound
2*MACs/sqrt(S) - 2S of matmul-like einsums (dashed; Smith, Lowery, Langou,
van de Geijn) and the level's capacity in the architecture (vertical line).
The report stays the source of truth; this only draws it.
"""
import argparse
import json
import math
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def as_int(v):
    """Counts are exact JSON integers, or the string 'saturated'."""
    return float("inf") if v == "saturated" else int(v)


def matmul_like(einsum):
    """(total MACs, element bits) when the einsum is a (batched) matmul:
    two inputs, every rank in exactly two of the three tensors or in all
    three (batch), one reduction group; else None."""
    tensors = einsum["tensors"]
    if len(tensors) != 3:
        return None
    ranks = set(einsum["ranks"])
    seen = []
    for t in tensors:
        names = set()
        for d in t["projection"]:
            if d.isdigit():
                continue  # a broadcast (constant) dimension
            if not d.isidentifier():
                return None  # sliding windows, strides: not a plain matmul
            names.add(d)
        seen.append(names)
    # Rank groups by which of (A, B, C) they index: m in A and C, k in A and
    # B, n in B and C; batch ranks in all three.
    kinds = {(True, False, True): "m", (True, True, False): "k",
             (False, True, True): "n", (True, True, True): "batch"}
    groups = {"m": 0, "k": 0, "n": 0}
    for r in ranks:
        kind = kinds.get(tuple(r in s for s in seen))
        if kind is None:
            return None
        if kind != "batch":
            groups[kind] += 1
    if min(groups.values()) == 0:
        return None
    bits = {t["bits"] for t in tensors}
    if len(bits) != 1:
        return None
    return as_int(einsum["macs"]), bits.pop()


def human_bits(b):
    for unit, size in (("GiB", 8 << 30), ("MiB", 8 << 20), ("KiB", 8 << 10), ("B", 8)):
        if b >= size:
            return f"{b / size:.3g} {unit}"
    return f"{b:g} bits"


def draw(ax, curve, einsum):
    pts = [(as_int(p["capacity_bits"]), as_int(p["accesses_bits"])) for p in curve["points"]]
    pts = [(max(c, 1), a) for c, a in pts if a != float("inf")]
    if not pts:
        return
    xs = [c for c, _ in pts]
    ys = [a for _, a in pts]
    xmax = xs[-1] * 4
    # A step: from each point's capacity on, its accesses are attainable.
    ax.step(xs + [xmax], ys + [ys[-1]], where="post", color="C0", lw=1.8,
            label="attainable (oro)")
    ax.plot(xs, ys, "o", color="C0", ms=2.5)
    comp = as_int(curve["compulsory_bits"])
    ax.axhline(comp, color="0.4", ls=":", lw=1, label="compulsory")
    mm = matmul_like(einsum) if einsum else None
    if mm:
        macs, bits = mm
        bx, by = [], []
        s = xs[0]
        while s <= xmax:
            words = s / bits
            bound = (2 * macs / math.sqrt(words) - 2 * words) * bits
            if bound > 0:
                bx.append(s)
                by.append(bound)
            s *= 1.25
        if bx:
            ax.plot(bx, by, "--", color="C3", lw=1.2,
                    label=r"$2MNK/\sqrt{S}-2S$ bound")
    cap = curve.get("level_capacity_bits")
    if cap is not None and cap != "saturated":
        ax.axvline(int(cap), color="C2", lw=1, ls="-.",
                   label=f"{curve['level']} = {human_bits(int(cap))}")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log", base=2)
    ax.set_xlabel(f"{curve['level']} capacity (bits)")
    ax.set_ylabel(f"accesses to {curve['parent']} (bits)")
    ax.set_title(f"{curve['workload']} / {curve['einsum']}", fontsize=9)
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=7)


def print_summary(report):
    """One line per curve: the ends of the ski slope and the search cost."""
    head = ("einsum", "level", "points", "min cap", "accesses there",
            "compulsory", "reached at", "search s", "evaluated/mapspace")
    rows = []
    for c in report.get("curves", []):
        pts = c["points"]
        if not pts:
            continue
        first, last = pts[0], pts[-1]
        if c.get("scope") == "workload":
            rows.append((f"{c['workload']} ({c['fusion']})", c["level"], str(len(pts)),
                         human_bits(as_int(first["capacity_bits"])),
                         human_bits(as_int(first["accesses_bits"])),
                         human_bits(as_int(c["compulsory_bits"])),
                         human_bits(as_int(last["capacity_bits"])), "", ""))
            continue
        s = c.get("search", {})
        space = s.get("mapspace_size", 0)
        evald = s.get("candidates_evaluated", 0)
        frac = (f"{evald:.3g}/{as_int(space):.3g}" if space != "saturated"
                else f"{evald:.3g}/saturated")
        rows.append((f"{c['workload']}/{c['einsum']}", c["level"], str(len(pts)),
                     human_bits(as_int(first["capacity_bits"])),
                     human_bits(as_int(first["accesses_bits"])),
                     human_bits(as_int(c["compulsory_bits"])),
                     human_bits(as_int(last["capacity_bits"])),
                     f"{s.get('seconds', 0):.3f}" + (" (reused)" if s.get("reused") else ""),
                     frac))
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
    for r in [head] + rows:
        print("  ".join(x.ljust(w) for x, w in zip(r, widths)))


def draw_workload(ax, curves):
    """One panel per workload and level: its fused and unfused curves."""
    colors = {"fused": "C1", "unfused": "C0"}
    xmax = 0
    for c in curves:
        pts = [(max(as_int(p["capacity_bits"]), 1), as_int(p["accesses_bits"]))
               for p in c["points"]]
        if pts:
            xmax = max(xmax, pts[-1][0] * 4)
    for c in curves:
        pts = [(max(as_int(p["capacity_bits"]), 1), as_int(p["accesses_bits"]))
               for p in c["points"]]
        if not pts:
            continue
        xs = [x for x, _ in pts]
        ys = [y for _, y in pts]
        ax.step(xs + [xmax], ys + [ys[-1]], where="post", lw=1.8,
                color=colors.get(c["fusion"], "C2"), label=c["fusion"])
    c0 = curves[0]
    ax.axhline(as_int(c0["compulsory_bits"]), color="0.4", ls=":", lw=1,
               label="compulsory (every einsum)")
    cap = c0.get("level_capacity_bits")
    if cap is not None and cap != "saturated":
        ax.axvline(int(cap), color="C2", lw=1, ls="-.",
                   label=f"{c0['level']} = {human_bits(int(cap))}")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log", base=2)
    ax.set_xlabel(f"{c0['level']} capacity (bits)")
    ax.set_ylabel(f"accesses to {c0['parent']} (bits)")
    ax.set_title(f"{c0['workload']}: whole workload", fontsize=9)
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=7)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("report", help="JSON report of --oro-emit-bounds")
    ap.add_argument("-o", "--output", required=True,
                    help="output path without extension (.png and .svg are written)")
    ap.add_argument("--einsum", action="append",
                    help="only these einsums (repeatable)")
    ap.add_argument("--max-plots", type=int, default=12,
                    help="at most this many per-einsum panels (default 12)")
    ap.add_argument("--summary", action="store_true",
                    help="also print a table of the curves on stdout")
    args = ap.parse_args()

    with open(args.report) as f:
        report = json.load(f)
    if args.summary:
        print_summary(report)
    einsums = {(e["workload"], e["name"]): e for e in report.get("einsums", [])}
    curves = [c for c in report.get("curves", [])
              if c.get("scope", "einsum") == "einsum"
              and (not args.einsum or c["einsum"] in args.einsum)]
    # Workload panels first: fused and unfused curves of one workload and
    # level share a panel.
    panels = {}
    if not args.einsum:
        for c in report.get("curves", []):
            if c.get("scope") == "workload":
                panels.setdefault((c["workload"], c["level"]), []).append(c)
    if not curves and not panels:
        sys.exit("oro-plot: the report has no curves to plot")
    # Einsum panels by MACs, largest first: the contractions that dominate
    # traffic come before elementwise einsums with flat curves.
    def macs_of(c):
        e = einsums.get((c["workload"], c["einsum"]))
        return as_int(e["macs"]) if e else 0
    curves.sort(key=lambda c: -macs_of(c))
    items = [("workload", v) for v in panels.values()] + [("einsum", c) for c in curves]
    shown = items[: args.max_plots]
    cols = min(3, len(shown))
    rows = math.ceil(len(shown) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(5.2 * cols, 4 * rows), squeeze=False)
    for ax, (kind, c) in zip(axes.flat, shown):
        if kind == "workload":
            draw_workload(ax, c)
        else:
            draw(ax, c, einsums.get((c["workload"], c["einsum"])))
    for ax in list(axes.flat)[len(shown):]:
        ax.axis("off")
    if len(items) > len(shown):
        fig.suptitle(f"first {len(shown)} of {len(items)} panels (--max-plots)", fontsize=9)
    fig.tight_layout()
    for ext in ("png", "svg"):
        fig.savefig(f"{args.output}.{ext}", dpi=110)
    print(f"oro-plot: wrote {args.output}.png and {args.output}.svg", file=sys.stderr)


if __name__ == "__main__":
    main()
