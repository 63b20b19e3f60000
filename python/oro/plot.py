"""Plots and text summaries of an oro report (JSON written by --oro-emit-bounds).

In Python (a notebook), on a :class:`oro.Result` or a report dict:

    oro.plot.ski_slope(result, einsum="matmul")       # one einsum's curve and bounds
    oro.plot.fused_vs_unfused(result)                  # a workload's curves and the ratio
    oro.plot.bound_vs_attained(result)                 # per level boundary, and a roofline
    oro.plot.summary(result)                           # the text tables

From the shell, ``tools/oro-plot/oro-plot.py`` is :func:`main`:

    python3 tools/oro-plot/oro-plot.py out/report.json -o out/report

writes out/report.png and out/report.svg: for each curve, a log-log step plot
of buffer capacity vs. the lowest attainable accesses to the parent memory,
with the compulsory traffic (dotted), the analytic lower bound
2*MACs/sqrt(S) - 2S of matmul-like einsums (dashed; Smith, Lowery, Langou,
van de Geijn) and the level's capacity in the architecture (vertical line).

Workloads of several einsums get a panel of their own first: the unfused
curve (every tensor through the parent, einsums one after another) and, when
the report has one, the fused curve (einsums grouped under shared loops,
intermediates kept on chip), each with its floor (dashed), and below them the
ratio unfused/fused accesses: where fusion starts to pay and by how much.
--summary prints a table of the curves and, per workload and level with both
curves, a "fusion" table of both curves at powers of 4 of capacity.

When the report has a "hierarchy" array, PREFIX-hierarchy.png and .svg get
a row per workload entry (and per einsum entry of a single-einsum workload;
with --einsum, per einsum entry of those names): on the left, bound vs.
chosen-mapping traffic across every level boundary with the gap; on the
right, a log-log roofline with a roof per parent bandwidth, the compute peak,
each boundary's bound and chosen point and the overall result. --summary
adds a per-level table and the attainable MACs/cycle of every entry.
The report stays the source of truth; this only draws it.
"""
import argparse
import json
import math
import sys

import matplotlib.pyplot as plt
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter


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
    for unit, size in (("PiB", 8 << 50), ("TiB", 8 << 40), ("GiB", 8 << 30),
                       ("MiB", 8 << 20), ("KiB", 8 << 10), ("B", 8)):
        if b >= size:
            return f"{b / size:.3g} {unit}"
    return f"{b:g} bits"


def tick_bits(b, _pos=None):
    """Axis tick label of a count of bits: B, KiB, MiB ... (powers of 2)."""
    for unit, size in (("PiB", 8 << 50), ("TiB", 8 << 40), ("GiB", 8 << 30),
                       ("MiB", 8 << 20), ("KiB", 8 << 10), ("B", 8)):
        if b >= size:
            return f"{b / size:.3g} {unit}"
    return f"{b:.3g} bits"


def level_capacity(curve):
    """The level's capacity in bits, or None when unbounded or saturated."""
    cap = curve.get("level_capacity_bits")
    return None if cap is None or cap == "saturated" else int(cap)


def mark_capacity(ax, curve, cap, labelled=True):
    """The level's capacity as a vertical line (nothing when unbounded)."""
    if cap is not None:
        ax.axvline(cap, color="C2", lw=1, ls="-.",
                   label=f"{curve['level']} = {human_bits(cap)}" if labelled else None)


def human_axes(ax, level, parent):
    """Log-log axes in bits, labelled in bytes (B, KiB, MiB ...)."""
    ax.set_xscale("log", base=2)
    ax.set_yscale("log", base=2)
    for axis, lims in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
        axis.set_major_locator(LogLocator(base=2, numticks=8))
        axis.set_major_formatter(FuncFormatter(tick_bits))
        axis.set_minor_formatter(NullFormatter())
        # A narrow range has a power of two or none: label a few steps
        # between powers of two too.
        octaves = math.log2(lims[1] / lims[0]) if lims[0] > 0 else 99
        if octaves < 3:
            subs = (1.5,) if octaves >= 1.5 else (1.25, 1.5, 1.75)
            axis.set_minor_locator(LogLocator(base=2, subs=subs, numticks=12))
            axis.set_minor_formatter(FuncFormatter(tick_bits))
    ax.set_xlabel(f"{level} capacity")
    ax.set_ylabel(f"bytes moved to/from {parent}")


def step_points(curve):
    """(capacity, accesses) of a curve's points, sorted by capacity; a
    saturated count is inf."""
    return [(as_int(p["capacity_bits"]), as_int(p["accesses_bits"]))
            for p in curve["points"]]


def step_at(pts, cap):
    """Accesses of a step curve at capacity `cap`: those of the last point
    with capacity <= cap; None when no point fits."""
    best = None
    for c, a in pts:
        if c <= cap:
            best = a
    return best


def fusion_ratio(unfused, fused):
    """The ratio unfused/fused accesses as a step function: [(capacity,
    ratio)] at every capacity where either curve changes and both are
    defined and finite."""
    caps = sorted({c for c, _ in unfused} | {c for c, _ in fused})
    out = []
    for c in caps:
        u, f = step_at(unfused, c), step_at(fused, c)
        if u is None or f is None or math.isinf(u) or math.isinf(f) or f <= 0:
            continue
        out.append((c, u / f))
    return out


def fusion_verdict(unfused, fused):
    """Where fusion saves at least 10% (fused <= 90% of unfused, exact):
    ([(from, to or None = on)] capacity ranges, best ratio, first capacity
    where it is attained). A capacity where no fused mapping fits does not
    save; one where only the fused curve has a mapping does."""
    caps = sorted({c for c, _ in unfused} | {c for c, _ in fused})
    ranges = []
    best, best_at = None, None
    for c in caps:
        u, f = step_at(unfused, c), step_at(fused, c)
        if f is None or math.isinf(f):
            saves = False
        elif u is None or math.isinf(u):
            saves = True
        else:
            saves = 10 * f <= 9 * u
            if f > 0 and (best is None or u / f > best):
                best, best_at = u / f, c
        if saves and (not ranges or ranges[-1][1] is not None):
            ranges.append([c, None])
        elif not saves and ranges and ranges[-1][1] is None:
            ranges[-1][1] = c
    return [tuple(r) for r in ranges], best, best_at


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
    mark_capacity(ax, curve, level_capacity(curve))
    human_axes(ax, curve["level"], curve["parent"])
    ax.set_title(f"{curve['workload']} / {curve['einsum']} at {curve['level']}", fontsize=9)
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=7)


SUMMARY_HEAD = ("einsum", "level", "points", "min cap", "accesses there",
                "compulsory", "reached at", "search s", "evaluated/mapspace")


def summary_rows(curves):
    """A row per curve: the ends of the ski slope and the search cost."""
    rows = []
    for c in curves:
        pts = c["points"]
        if not pts:
            continue
        first, last = pts[0], pts[-1]
        if c.get("scope") == "workload":
            fused = c.get("fusion") == "fused"
            # A fused curve's floor is reading every persistent input and
            # writing every output once; an unfused one's, every einsum's
            # compulsory traffic.
            floor = c.get("persistent_compulsory_bits") if fused else None
            floor = c["compulsory_bits"] if floor is None else floor
            s = c.get("search", {}) if fused else {}
            label = c["fusion"]
            if s.get("exact") is False:
                why = []
                if s.get("max_group_size"):
                    why.append(f"groups <= {s['max_group_size']}")
                # groups_truncated counts them all; truncated_groups lists
                # only the first 1000.
                cut = as_int(s.get("groups_truncated",
                                   len(s.get("truncated_groups") or [])))
                if cut:
                    by = ("max-group-candidates and max-candidates (used up)"
                          if s.get("budget_exhausted")
                          else "max-group-candidates")
                    why.append(f"{cut} group{'s' if cut > 1 else ''} cut "
                               f"by {by}")
                label += f", {', '.join(why) or 'not exact'}: not the bound"
            rows.append((f"{c['workload']} ({label})", c["level"], str(len(pts)),
                         human_bits(as_int(first["capacity_bits"])),
                         human_bits(as_int(first["accesses_bits"])),
                         human_bits(as_int(floor)),
                         human_bits(as_int(last["capacity_bits"])),
                         f"{s['seconds']:.3f}" if "seconds" in s else "",
                         (f"{as_int(s.get('candidates_evaluated', 0)):.3g} in "
                          f"{as_int(s.get('groups_searched', 0)):.3g} groups") if s else ""))
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
    return rows


def print_rows(rows):
    head = SUMMARY_HEAD
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
    for r in [head] + rows:
        print("  ".join(x.ljust(w) for x, w in zip(r, widths)))


def print_fusion_tables(report, levels=None):
    panels = {}
    for c in report.get("curves", []):
        if c.get("scope") == "workload" and (levels is None or c["level"] in levels):
            panels.setdefault((c["workload"], c["level"]), []).append(c)
    for curves in panels.values():
        unfused, fused = by_fusion(curves)
        if unfused is not None and fused is not None:
            print_fusion(unfused, fused)


def print_summary(report):
    """Everything: a line per curve, the fusion tables, every hierarchy
    entry."""
    print_rows(summary_rows(report.get("curves", [])))
    print_fusion_tables(report)
    for h in report.get("hierarchy") or []:
        print_hierarchy(h)


def print_brief(report):
    """What fits a screen: the workload view (the workload curves, or the
    einsum curves of a workload without them), the fusion table and where
    fusion pays, the hierarchy of each workload (or of a lone einsum); then
    a count of what was left out."""
    curves = report.get("curves", [])
    with_workload = {c["workload"] for c in curves if c.get("scope") == "workload"}
    # Only the outermost level below the backing store: the parent traffic
    # the workload's fusion decides first (the hierarchy tables cover the
    # levels below).
    first = curves[0]["level"] if curves else None
    shown = [c for c in curves if c["level"] == first
             and (c.get("scope") == "workload" or c["workload"] not in with_workload)]
    rows = summary_rows(shown)
    if rows:
        print_rows(rows)
    print_fusion_tables(report, levels={first})
    entries = hierarchy_to_draw(report)
    for h in entries:
        print_hierarchy(h)
    left = len(curves) - len(shown)
    hleft = len(report.get("hierarchy") or []) - len(entries)
    if left or hleft:
        parts = []
        if left:
            inner = sorted({c["level"] for c in curves if c["level"] != first})
            parts.append(f"{left} more curve{'s' if left > 1 else ''} (the einsums'"
                         + (f", and all at {', '.join(inner)}" if inner else "") + ")")
        if hleft:
            parts.append(f"{hleft} per-einsum hierarchy table{'s' if hleft > 1 else ''}")
        print(f"\nnot shown: {' and '.join(parts)} (the verbose summary prints them:"
              " oro-run --verbose, oro-plot --summary)")


def table_rows(rows):
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(x.ljust(w) for x, w in zip(r, widths)).rstrip() for r in rows]


def print_fusion(unfused, fused):
    """Both workload curves side by side at each power of 4 of bytes from
    1 KiB until both reach their floors, and at the level's capacity; then
    where fusion saves at least 10% and where it saves most."""
    u_pts, f_pts = step_points(unfused), step_points(fused)
    print()
    print(f"fusion: {unfused['workload']} at {unfused['level']} "
          f"(bytes moved to/from {unfused['parent']})")
    floors_at = max(u_pts[-1][0] if u_pts else 0, f_pts[-1][0] if f_pts else 0)
    caps = []
    c = 8 << 10
    while True:
        caps.append(c)
        if c >= floors_at:
            break
        c *= 4
    level_cap = level_capacity(unfused)
    if level_cap is not None:
        if level_cap not in caps:
            caps.append(level_cap)
        caps.sort()
    rows = [("capacity", "unfused", "fused", "unfused/fused", "")]
    for c in caps:
        u, f = step_at(u_pts, c), step_at(f_pts, c)
        fmt = lambda v: "-" if v is None else (  # noqa: E731
            "saturated" if math.isinf(v) else human_bits(v))
        ratio = "-"
        if u is not None and f is not None and not math.isinf(u) \
                and not math.isinf(f) and f > 0:
            ratio = f"{u / f:.2f}x"
        rows.append((human_bits(c), fmt(u), fmt(f), ratio,
                     f"<- {unfused['level']} capacity" if c == level_cap else ""))
    for line in table_rows(rows):
        print("  " + line)
    ranges, best, best_at = fusion_verdict(u_pts, f_pts)
    most = (f"most ({best:.2f}x) at {human_bits(best_at)}" if best is not None
            else "no capacity where both fit")
    where = ", ".join(f"from {human_bits(a)} on" if b is None
                      else f"from {human_bits(a)} to below {human_bits(b)}"
                      for a, b in ranges)
    print(f"fusion saves >= 10% {where}; {most}" if ranges
          else f"fusion saves < 10% at every capacity; {most}")


def by_fusion(curves):
    """The unfused and fused curve of one workload and level (or None)."""
    pick = {c.get("fusion"): c for c in curves}
    return pick.get("unfused"), pick.get("fused")


def workload_panel(fig, spec, curves):
    """A workload's curves in grid cell `spec` of `fig`: over a ratio panel
    when it has both a fused and an unfused curve."""
    unfused, fused = by_fusion(curves)
    if unfused is not None and fused is not None:
        sub = spec.subgridspec(2, 1, height_ratios=[3, 1.3], hspace=0)
        ax = fig.add_subplot(sub[0])
        draw_workload(ax, curves, fig.add_subplot(sub[1], sharex=ax))
    else:
        draw_workload(fig.add_subplot(spec), curves)


def draw_workload(ax, curves, ratio_ax=None):
    """One panel per workload and level: its unfused and fused curves, their
    floors and the level's capacity; with `ratio_ax`, the ratio unfused/fused
    accesses below."""
    colors = {"fused": "C1", "unfused": "C0"}
    unfused, fused = by_fusion(curves)
    xmax = 0
    for c in curves:
        pts = [(max(as_int(p["capacity_bits"]), 1), as_int(p["accesses_bits"]))
               for p in c["points"]]
        if pts:
            xmax = max(xmax, pts[-1][0] * 4)
    c0 = unfused or curves[0]
    cap = level_capacity(c0)
    if fused is not None and cap is not None:
        xmax = max(xmax, cap * 2)
    for c in curves:
        pts = [(max(as_int(p["capacity_bits"]), 1), as_int(p["accesses_bits"]))
               for p in c["points"]]
        pts = [(x, y) for x, y in pts if y != float("inf")]
        if not pts:
            continue
        xs = [x for x, _ in pts]
        ys = [y for _, y in pts]
        color = colors.get(c["fusion"], "C2")
        # Beside a fused curve, the unfused one is drawn wider underneath so
        # that both stay visible where they coincide.
        wide = fused is not None and c["fusion"] == "unfused"
        ax.step(xs + [xmax], ys + [ys[-1]], where="post", lw=3.2 if wide else 1.8,
                alpha=0.7 if wide else 1, color=color, label=c["fusion"],
                zorder=2 if wide else 3)
        if fused is not None:
            ax.plot(xs, ys, "o", color=color, ms=2.5, zorder=3)
    if fused is None:
        ax.axhline(as_int(c0["compulsory_bits"]), color="0.4", ls=":", lw=1,
                   label="compulsory (every einsum)")
    else:
        if unfused is not None:
            comp = as_int(unfused["compulsory_bits"])
            ax.axhline(comp, color=colors["unfused"], ls="--", lw=1, alpha=0.8,
                       label=f"unfused floor {human_bits(comp)} (every einsum's compulsory)")
        pcomp = fused.get("persistent_compulsory_bits")
        if pcomp is not None:
            pcomp = as_int(pcomp)
            ax.axhline(pcomp, color=colors["fused"], ls="--", lw=1, alpha=0.8,
                       label=f"fused floor {human_bits(pcomp)} (persistent tensors once)")
    mark_capacity(ax, c0, cap)
    human_axes(ax, c0["level"], c0["parent"])
    ax.set_title(f"{c0['workload']}: whole workload at {c0['level']}", fontsize=9)
    ax.grid(True, which="major", alpha=0.3)
    if fused is not None:
        # Headroom above the curves for the legend (a ski slope's upper right
        # is empty anyway).
        lo, hi = ax.get_ylim()
        ax.set_ylim(lo, hi * (hi / lo) ** 0.35)
    ax.legend(fontsize=7, loc="upper right" if fused is not None else "best")
    if ratio_ax is None or unfused is None or fused is None:
        return
    ratio = fusion_ratio(step_points(unfused), step_points(fused))
    if not ratio:
        return
    xs = [max(c, 1) for c, _ in ratio]
    ys = [r for _, r in ratio]
    ratio_ax.step(xs + [xmax], ys + [ys[-1]], where="post", color="C3", lw=1.6,
                  label="unfused / fused")
    ratio_ax.axhline(1, color="0.4", lw=0.8)
    ratio_ax.axhline(1 / 0.9, color="0.4", lw=0.8, ls=":", label="10% saved")
    saves = [r >= 1 / 0.9 for r in ys] + [ys[-1] >= 1 / 0.9]
    ratio_ax.fill_between(xs + [xmax], 1, ys + [ys[-1]], where=saves, step="post",
                          color="C3", alpha=0.15, lw=0)
    ranges, best, best_at = fusion_verdict(step_points(unfused), step_points(fused))
    since = ranges[-1][0] if ranges and ranges[-1][1] is None else None
    if best is not None:
        ratio_ax.plot([max(best_at, 1)], [best], "o", color="C3", ms=4)
        ratio_ax.annotate(f"{best:.2f}x at {human_bits(best_at)}", (max(best_at, 1), best),
                          textcoords="offset points", xytext=(4, -10), fontsize=7)
    if since is not None:
        ratio_ax.axvline(since, color="C3", lw=0.8, ls="--",
                         label=f"saves >= 10% from {human_bits(since)} on")
    mark_capacity(ratio_ax, c0, cap, labelled=False)
    ratio_ax.set_xscale("log", base=2)
    ratio_ax.xaxis.set_major_locator(LogLocator(base=2, numticks=6))
    ratio_ax.xaxis.set_major_formatter(FuncFormatter(tick_bits))
    ratio_ax.xaxis.set_minor_formatter(NullFormatter())
    top = max(ys)
    ratio_ax.set_ylim(min(0.95, min(ys) * 0.95), top + max(0.15, 0.15 * (top - 1)))
    ratio_ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:g}x"))
    ratio_ax.set_ylabel("unfused/fused", fontsize=8)
    ratio_ax.set_xlabel(ax.get_xlabel())
    ax.set_xlabel("")
    ax.tick_params(labelbottom=False)
    ratio_ax.grid(True, which="major", alpha=0.3)
    ratio_ax.legend(fontsize=7, loc="upper left")


# --- Memory hierarchy: bound vs. chosen mapping per level, and a roofline ---
# The report's "hierarchy" array (absent in older reports): per workload (and
# per einsum), every level boundary's least attainable traffic (bound), the
# traffic of the mapping oro-map-search chose (attained) and the MACs per
# cycle each allows given the parent's bandwidth.


def count(v):
    """A count that may be null (None) or 'saturated' (inf)."""
    return None if v is None else as_int(v)


def number(v):
    """A float field that may be null."""
    return None if v is None else float(v)


def boundary(lv):
    return f"{lv['parent']} -> {lv['level']}"


def fmt_count(v):
    if v is None:
        return "-"
    return "saturated" if math.isinf(v) else human_bits(v)


def fmt_num(v):
    """MAC/cycle, MACs/byte: whole numbers from 1000 on, else 3 digits."""
    if v is None:
        return "-"
    if math.isinf(v):
        return "inf"
    return f"{v:.0f}" if abs(v) >= 1000 else f"{v:.3g}"


def fmt_capacity(lv):
    """One instance's capacity, 'x132' when the machine has 132 of them."""
    cap = count(lv.get("capacity_bits"))
    if cap is None:
        return "unbounded"
    text = fmt_count(cap)
    n = lv.get("instances")
    if n not in (None, 1):
        text += f" x{n}"
    return text


def hierarchy_name(h):
    if h.get("scope") == "einsum":
        return f"{h['workload']}/{h.get('einsum', '?')}"
    fusion = h.get("fusion")
    return f"{h['workload']} (workload" + (f", {fusion} mapping)" if fusion else ")")


def flops_factor(h):
    """(factor from MAC/cycle to the plotted unit, unit name)."""
    clock = number(h.get("clock_ghz"))
    if clock:
        return 2 * clock / 1000, "TFLOP/s"
    return 1.0, "MAC/cycle"


def fmt_rate(h, v):
    """MACs per cycle, and TFLOP/s when the clock is known."""
    if v is None:
        return "-"
    text = f"{fmt_num(v)} MAC/cycle"
    clock = number(h.get("clock_ghz"))
    if clock:
        text += f" = {2 * v * clock / 1000:.3g} TFLOP/s"
    return text


def roofline_line(h):
    """'attainable: bound X (limited by ...), chosen mapping Y (...)', or
    None when the report knows no rate at all."""
    roof = h.get("roofline") or {}
    b, a = number(roof.get("bound_macs_per_cycle")), number(roof.get("attained_macs_per_cycle"))
    if b is None and a is None:
        return None

    def part(v, lim):
        return fmt_rate(h, v) + (f" (limited by {lim})" if v is not None and lim else "")
    return (f"attainable: bound {part(b, roof.get('bound_limiter'))}, "
            f"chosen mapping {part(a, roof.get('attained_limiter'))}")


def print_hierarchy(h):
    """One hierarchy entry: a row per level boundary, then the roofline."""
    print()
    macs = count(h.get("macs"))
    peak = number(h.get("peak_macs_per_cycle"))
    clock = number(h.get("clock_ghz"))
    facts = [f"{macs:.3g} MACs" if macs is not None and not math.isinf(macs) else None,
             f"peak {fmt_num(peak)} MAC/cycle" if peak is not None else "peak unknown",
             f"clock {clock:g} GHz" if clock else None]
    scope = " (einsum)" if h.get("scope") == "einsum" else ""
    print(f"hierarchy: {hierarchy_name(h)}{scope}: " + ", ".join(f for f in facts if f))
    rows = [("boundary", "capacity", "bound", "attained", "gap", "OI bound",
             "OI attained", "occupancy")]
    for lv in h.get("levels") or []:
        gap = number(lv.get("gap"))
        rows.append((boundary(lv), fmt_capacity(lv),
                     fmt_count(count(lv.get("bound_bits"))),
                     fmt_count(count(lv.get("attained_bits"))),
                     "-" if gap is None else f"{gap:.2f}x",
                     fmt_num(number(lv.get("oi_bound"))),
                     fmt_num(number(lv.get("oi_attained"))),
                     fmt_count(count(lv.get("occupancy_bits")))))
    if len(rows) > 1:
        for line in table_rows(rows):
            print("  " + line)
    print(roofline_line(h) or "attainable: unknown (no bandwidth and no compute peak)")
    if h.get("bound_mapspace") == "fused-not-exact":
        print("note: the fused search was cut short (not exact): 'bound' is "
              "the least traffic over the fused groups searched, attainable "
              "but not a lower bound")


def hierarchy_to_draw(report, only=None):
    """The entries with a figure row: workloads, and einsums of a
    single-einsum workload (which has no workload entry); with `only`
    (--einsum), the einsum entries of those names instead."""
    entries = report.get("hierarchy") or []
    if only:
        return [h for h in entries if h.get("scope") == "einsum" and h.get("einsum") in only]
    per_workload = {}
    for e in report.get("einsums", []):
        per_workload[e["workload"]] = per_workload.get(e["workload"], 0) + 1
    with_entry = {h["workload"] for h in entries if h.get("scope") == "workload"}
    in_hier = {}
    for h in entries:
        if h.get("scope") == "einsum":
            in_hier[h["workload"]] = in_hier.get(h["workload"], 0) + 1
    out = []
    for h in entries:
        if h.get("scope") == "workload":
            out.append(h)
        elif h.get("scope") == "einsum" and h["workload"] not in with_entry \
                and per_workload.get(h["workload"], in_hier[h["workload"]]) == 1:
            out.append(h)
    return out


BOUND_COLOR, ATTAINED_COLOR = "C2", "C3"


def draw_traffic(ax, h):
    """Bound vs. attained traffic per level boundary: horizontal bars on a
    log axis, outermost boundary on top, the gap beside the attained bar."""
    levels = h.get("levels") or []
    vals = []
    for lv in levels:
        for key in ("bound_bits", "attained_bits"):
            v = count(lv.get(key))
            if v is not None and 0 < v < float("inf"):
                vals.append(v)
    ax.set_title(f"{hierarchy_name(h)}: traffic per level boundary", fontsize=9)
    if not levels or not vals:
        ax.text(0.5, 0.5, "no traffic in the report", ha="center", va="center",
                transform=ax.transAxes, fontsize=9, color="0.4")
        ax.set_axis_off()
        return
    lo, hi = min(vals) / 4, max(vals)
    # Room on the right for the value and gap labels (log axis: a factor).
    right = hi * (hi / lo) ** 0.45
    bar = 0.38
    labels = []
    for i, lv in enumerate(levels):
        for key, dy, color in (("bound_bits", -bar / 2, BOUND_COLOR),
                               ("attained_bits", bar / 2, ATTAINED_COLOR)):
            v = count(lv.get(key))
            y = i + dy
            if v is None or v == 0:
                ax.text(lo * 1.2, y, "not in the report" if v is None else "no traffic",
                        va="center", fontsize=7, color=color)
                continue
            if math.isinf(v):
                ax.barh(y, right - lo, bar, left=lo, color=color, alpha=0.35, hatch="//")
                ax.text(lo * 1.2, y, "saturated", va="center", fontsize=7)
                continue
            ax.barh(y, v - lo, bar, left=lo, color=color)
            text = human_bits(v)
            if key == "attained_bits":
                gap = number(lv.get("gap"))
                if gap is not None:
                    text += f"  ({gap:.3g}x)"
            ax.annotate(text, (v, y), xytext=(4, 0), textcoords="offset points",
                        va="center", fontsize=7,
                        fontweight="bold" if key == "attained_bits" else None)
        cap = fmt_capacity(lv)
        occ = count(lv.get("occupancy_bits"))
        labels.append(f"{boundary(lv)}\n{lv['level']}: {cap}"
                      + (f"\npeak use {fmt_count(occ)}" if occ is not None else ""))
    ax.set_xscale("log", base=2)
    ax.set_xlim(lo, right)
    ax.xaxis.set_major_locator(LogLocator(base=2, numticks=7))
    ax.xaxis.set_major_formatter(FuncFormatter(tick_bits))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_yticks(range(len(levels)))
    ax.set_yticklabels(labels, fontsize=7)
    # Outermost on top; an empty band at the bottom for the legend.
    ax.set_ylim(len(levels) - 0.1, -0.55)
    ax.set_xlabel("bytes moved across the boundary")
    ax.grid(True, axis="x", which="major", alpha=0.3)
    ax.legend(handles=[Patch(color=BOUND_COLOR, label="bound (least traffic)"),
                       Patch(color=ATTAINED_COLOR, label="chosen mapping")],
              fontsize=7, loc="lower right", ncol=2)


def draw_roofline(ax, h):
    """Log-log roofline: a roof per level whose parent has a bandwidth, the
    compute peak, each level's bound and chosen-mapping point and the
    overall result (the lowest of them)."""
    factor, unit = flops_factor(h)
    clock = number(h.get("clock_ghz"))
    peak = number(h.get("peak_macs_per_cycle"))
    levels = h.get("levels") or []
    ax.set_title(f"{hierarchy_name(h)}: roofline", fontsize=9)
    with_bw = [(i, lv) for i, lv in enumerate(levels)
               if number(lv.get("bandwidth_bits_per_cycle"))]
    if not with_bw and peak is None:
        ax.text(0.5, 0.5, "no roofline: the architecture gives\nno bandwidth and no compute peak",
                ha="center", va="center", transform=ax.transAxes, fontsize=9, color="0.4")
        ax.set_axis_off()
        return
    ois = [v for lv in levels for v in (number(lv.get("oi_bound")), number(lv.get("oi_attained")))
           if v is not None and v > 0]
    ridges = [peak / (number(lv["bandwidth_bits_per_cycle"]) / 8) for _, lv in with_bw] \
        if peak else []
    xs = ois + ridges or [1.0]
    xlo, xhi = min(xs) / 8, max(xs) * 8
    colors = ["C0", "C1", "C4", "C5", "C6", "C8", "C9", "C7"]
    ys = []
    for i, lv in with_bw:
        bpc = number(lv["bandwidth_bits_per_cycle"]) / 8  # bytes per cycle
        end = min(xhi, peak / bpc) if peak else xhi
        color = colors[i % len(colors)]
        rate = (f"{bpc * clock / 1000:.3g} TB/s" if clock else f"{fmt_num(bpc)} B/cycle")
        ax.plot([xlo, end], [bpc * xlo * factor, bpc * end * factor], color=color, lw=1.6,
                label=f"{boundary(lv)}: {lv['parent']} {rate}")
        ys += [bpc * xlo * factor, bpc * end * factor]
        for key, marker, fill in (("bound", "o", "none"), ("attained", "D", color)):
            x = number(lv.get(f"oi_{key}"))
            y = number(lv.get(f"{key}_macs_per_cycle"))
            if x is None or y is None or x <= 0 or y <= 0:
                continue
            ax.plot([x], [y * factor], marker, ms=7, mec=color, mfc=fill, mew=1.5, zorder=4)
            ys.append(y * factor)
    if peak:
        ax.axhline(peak * factor, color="k", lw=1.6, label="compute peak "
                   + (f"{peak * factor:.3g} {unit}" if clock else f"{fmt_num(peak)} MAC/cycle"))
        ys.append(peak * factor)
    # Marker legend, in grey: the colour says which boundary.
    ax.plot([], [], "o", ms=7, mec="0.3", mfc="none", mew=1.5, label="least traffic (bound)")
    ax.plot([], [], "D", ms=6, mec="0.3", mfc="0.3", label="chosen mapping")
    # The overall result: the lowest roof over the levels and the peak.
    roof = h.get("roofline") or {}
    lines = []
    for key, name, color in (("bound", "bound", BOUND_COLOR),
                             ("attained", "chosen", ATTAINED_COLOR)):
        v = number(roof.get(f"{key}_macs_per_cycle"))
        lim = roof.get(f"{key}_limiter")
        if v is None:
            continue
        val = f"{v * factor:.3g} {unit}" if clock else f"{fmt_num(v)} MAC/cycle"
        lines.append(f"{name}: {val}" + (f", limited by {lim}" if lim else ""))
        # A ring around the limiting level's point; when the peak limits,
        # on the peak above the level closest to limiting (lowest roof).
        x = None
        for lv in levels:
            if lim == boundary(lv):
                x = number(lv.get(f"oi_{key}"))
        if x is None and lim == "compute":
            close = []
            for _, lv in with_bw:
                oi = number(lv.get(f"oi_{key}"))
                if oi:
                    close.append((number(lv["bandwidth_bits_per_cycle"]) * oi, oi))
            x = min(close)[1] if close else None
        if x:
            ax.plot([x], [v * factor], "o", ms=17 if key == "bound" else 12, mfc="none",
                    mec=color, mew=2.2, zorder=3, label=f"overall {name}")
            ys.append(v * factor)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(xlo, xhi)
    ys = [y for y in ys if y > 0]
    if ys:
        ax.set_ylim(min(ys) / 2, max(ys) * 6)
    if lines:
        ax.text(0.02, 0.97, "\n".join(lines), transform=ax.transAxes, va="top", ha="left",
                fontsize=7.5, bbox=dict(boxstyle="round", fc="white", ec="0.7", alpha=0.9))
    no_bw = [boundary(lv) for lv in levels if not number(lv.get("bandwidth_bits_per_cycle"))]
    if no_bw:
        ax.text(0.98, 0.02, "no bandwidth given: " + ", ".join(no_bw), transform=ax.transAxes,
                ha="right", va="bottom", fontsize=7, color="0.35")
    ax.set_xlabel("operational intensity (MACs per byte across the boundary)")
    ax.set_ylabel(f"attainable {unit}" + (f" (2 FLOP/MAC at {clock:g} GHz)" if clock else ""))
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=7, loc="lower right", bbox_to_anchor=(1, 0.06 if no_bw else 0))


def plot_hierarchy(entries, prefix, max_rows):
    """<prefix>-hierarchy.png and .svg: a row per entry, traffic on the
    left, the roofline on the right."""
    shown = entries[:max_rows]
    fig = plt.figure(figsize=(13, 4.8 * len(shown)), layout="constrained")
    grid = fig.add_gridspec(len(shown), 2, width_ratios=[1, 1.15])
    for i, h in enumerate(shown):
        draw_traffic(fig.add_subplot(grid[i, 0]), h)
        draw_roofline(fig.add_subplot(grid[i, 1]), h)
    if len(entries) > len(shown):
        fig.suptitle(f"first {len(shown)} of {len(entries)} hierarchy entries (--max-plots)",
                     fontsize=9)
    fig.savefig(f"{prefix}-hierarchy.png", dpi=110)
    fig.set_layout_engine("none")
    fig.savefig(f"{prefix}-hierarchy.svg", dpi=110)
    plt.close(fig)
    print(f"oro-plot: wrote {prefix}-hierarchy.png and {prefix}-hierarchy.svg", file=sys.stderr)




# --- The Python API: one figure per call, on a Result or a report dict ---


def _report(r):
    """The report dict of a Result, a dict, or a path."""
    if isinstance(r, dict):
        return r
    if hasattr(r, "report"):
        return r.report
    with open(r) as f:
        return json.load(f)


def _einsum_record(report, workload, name):
    for e in report.get("einsums", []):
        if e["workload"] == workload and e["name"] == name:
            return e
    return None


def _pick(items, what, **want):
    """The one item whose fields equal `want` (None = any); the first when
    several match and nothing narrows them."""
    found = [c for c in items
             if all(v is None or c.get(k) == v for k, v in want.items())]
    if not found:
        raise KeyError(f"no {what} with " + ", ".join(
            f"{k}={v!r}" for k, v in want.items() if v is not None))
    return found[0]


def ski_slope(result, einsum=None, workload=None, level=None, ax=None):
    """One einsum's ski slope: attainable accesses vs. buffer capacity, its
    compulsory traffic, the 2MNK/sqrt(S) - 2S bound when it is a matmul and
    the level's capacity. Without `einsum`: the one with the most MACs.
    Returns the Axes."""
    report = _report(result)
    curves = [c for c in report.get("curves", []) if c.get("scope", "einsum") == "einsum"]
    if einsum is None:
        macs = {(e["workload"], e["name"]): as_int(e["macs"]) for e in report.get("einsums", [])}
        curves = sorted(curves, key=lambda c: -macs.get((c["workload"], c["einsum"]), 0))
    c = _pick(curves, "einsum curve", einsum=einsum, workload=workload, level=level)
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 4.8), layout="constrained")
    draw(ax, c, _einsum_record(report, c["workload"], c["einsum"]))
    return ax


def fused_vs_unfused(result, workload=None, level=None, fig=None):
    """A workload's unfused and fused curves with their floors and, below,
    the ratio unfused/fused. Returns the Figure."""
    report = _report(result)
    panels = {}
    for c in report.get("curves", []):
        if c.get("scope") == "workload" and (workload is None or c["workload"] == workload) \
                and (level is None or c["level"] == level):
            panels.setdefault((c["workload"], c["level"]), []).append(c)
    if not panels:
        raise KeyError("no workload curves (a workload of 2+ einsums has them)")
    curves = next(iter(panels.values()))
    if fig is None:
        fig = plt.figure(figsize=(7.5, 6), layout="constrained")
    workload_panel(fig, fig.add_gridspec(1, 1)[0], curves)
    return fig


def bound_vs_attained(result, workload=None, einsum=None, fusion=None, fig=None):
    """Bound vs. chosen-mapping traffic at every level boundary (left) and
    the roofline (right) of one hierarchy entry: by default the first
    workload entry (fused when there is one), else the first einsum entry.
    Returns the Figure."""
    report = _report(result)
    entries = report.get("hierarchy") or []
    if not entries:
        raise KeyError("the report has no hierarchy (the arch has one level below "
                       "the backing store)")
    if einsum is not None:
        h = _pick(entries, "hierarchy entry", scope="einsum", workload=workload,
                  einsum=einsum)
    else:
        ws = [h for h in entries if h.get("scope") == "workload"]
        if ws:
            if fusion is None and any(h.get("fusion") == "fused" for h in ws):
                fusion = "fused"
            h = _pick(ws, "hierarchy entry", workload=workload, fusion=fusion)
        else:
            h = _pick(entries, "hierarchy entry", workload=workload)
    if fig is None:
        fig = plt.figure(figsize=(13, 4.8), layout="constrained")
    grid = fig.add_gridspec(1, 2, width_ratios=[1, 1.15])
    draw_traffic(fig.add_subplot(grid[0, 0]), h)
    draw_roofline(fig.add_subplot(grid[0, 1]), h)
    return fig


def summary(result, verbose=True, file=None):
    """Print the report's tables: with `verbose`, every curve, the fusion
    tables and every hierarchy entry (what ``oro-plot --summary`` prints);
    without, what fits a screen (see :func:`print_brief`)."""
    report = _report(result)
    out = sys.stdout if file is None else file
    old, sys.stdout = sys.stdout, out
    try:
        if verbose:
            print_summary(report)
        else:
            print_brief(report)
    finally:
        sys.stdout = old


def plot_report(result, prefix, einsum=None, max_plots=12):
    """PREFIX.png and .svg (workload panels, then einsum panels by MACs)
    and, with a hierarchy, PREFIX-hierarchy.png and .svg: what oro-plot
    draws."""
    report = _report(result)
    einsums = {(e["workload"], e["name"]): e for e in report.get("einsums", [])}
    curves = [c for c in report.get("curves", [])
              if c.get("scope", "einsum") == "einsum"
              and (not einsum or c["einsum"] in einsum)]
    # Workload panels first: fused and unfused curves of one workload and
    # level share a panel.
    panels = {}
    if not einsum:
        for c in report.get("curves", []):
            if c.get("scope") == "workload":
                panels.setdefault((c["workload"], c["level"]), []).append(c)
    hierarchy = hierarchy_to_draw(report, einsum)
    if not curves and not panels:
        if not hierarchy:
            sys.exit("oro-plot: the report has no curves to plot")
        plot_hierarchy(hierarchy, prefix, max_plots)
        return

    # Einsum panels by MACs, largest first: the contractions that dominate
    # traffic come before elementwise einsums with flat curves.
    def macs_of(c):
        e = einsums.get((c["workload"], c["einsum"]))
        return as_int(e["macs"]) if e else 0
    curves.sort(key=lambda c: -macs_of(c))
    items = [("workload", v) for v in panels.values()] + [("einsum", c) for c in curves]
    shown = items[:max_plots]
    cols = min(3, len(shown))
    rows = math.ceil(len(shown) / cols)
    fig = plt.figure(figsize=(5.6 * cols, 4.4 * rows), layout="constrained")
    grid = fig.add_gridspec(rows, cols)
    for i, (kind, c) in enumerate(shown):
        spec = grid[i // cols, i % cols]
        if kind == "workload":
            workload_panel(fig, spec, c)
        else:
            draw(fig.add_subplot(spec), c, einsums.get((c["workload"], c["einsum"])))
    if len(items) > len(shown):
        fig.suptitle(f"first {len(shown)} of {len(items)} panels (--max-plots)", fontsize=9)
    fig.savefig(f"{prefix}.png", dpi=110)
    # The layout is settled by the first save; redoing it for the SVG costs
    # about a sixth of the plot's time on a 12-panel figure.
    fig.set_layout_engine("none")
    fig.savefig(f"{prefix}.svg", dpi=110)
    plt.close(fig)
    print(f"oro-plot: wrote {prefix}.png and {prefix}.svg", file=sys.stderr)
    if hierarchy:
        plot_hierarchy(hierarchy, prefix, max_plots)


def main(argv=None):
    """The oro-plot command line."""
    ap = argparse.ArgumentParser(prog="oro-plot", description=__doc__,
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
    ap.add_argument("--brief", action="store_true",
                    help="with --summary: only the workload view, the fusion "
                         "table and where fusion pays (fits a screen)")
    args = ap.parse_args(argv)

    with open(args.report) as f:
        report = json.load(f)
    if args.summary:
        summary(report, verbose=not args.brief)
    plot_report(report, args.output, args.einsum, args.max_plots)
