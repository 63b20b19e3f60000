#!/usr/bin/env python3
"""Checks the workload curves of an oro report against each other and the
floors they must respect; prints one line per (workload, level) checked and
exits non-zero on the first violation.

  check-fusion.py REPORT.json

For every workload and level with both an unfused and a fused curve:
- both are step functions: capacities strictly increasing, accesses strictly
  decreasing;
- fused <= unfused at every capacity where either curve has a point;
- the unfused curve ends at the sum of its einsums' compulsory traffic;
- the fused curve never goes below reading every persistent input once and
  writing every output once;
- every fused point's groups cover the einsums once each, each group after
  the producers of its einsums' inputs (a group need not be an interval of
  the program order), and their per-tensor traffic (each group einsum's `accesses_bits`) adds up
  to the point's accesses.
"""
import json
import sys


def at(points, cap):
    best = None
    for p in points:
        if p["capacity_bits"] <= cap:
            best = p["accesses_bits"]
    return best


def fail(msg):
    sys.exit("check-fusion: " + msg)


def main():
    report = json.load(open(sys.argv[1]))
    einsums = {}
    # Per workload: each einsum's producers (einsums whose output it reads).
    producers = {}
    made = {}  # per workload: tensor -> the einsum writing it
    for e in report["einsums"]:
        einsums.setdefault(e["workload"], []).append(e["name"])
        for t in e["tensors"]:
            if t["output"]:
                made.setdefault(e["workload"], {})[t["name"]] = e["name"]
    for e in report["einsums"]:
        m = made.get(e["workload"], {})
        producers.setdefault(e["workload"], {})[e["name"]] = {
            m[t["name"]] for t in e["tensors"]
            if not t["output"] and t["name"] in m}
    curves = {}
    for c in report["curves"]:
        if c["scope"] == "workload":
            curves.setdefault((c["workload"], c["level"]), {})[c["fusion"]] = c
    checked = 0
    for (w, level), pair in sorted(curves.items()):
        if "fused" not in pair or "unfused" not in pair:
            continue
        f, u = pair["fused"], pair["unfused"]
        for c in (f, u):
            pts = c["points"]
            for a, b in zip(pts, pts[1:]):
                if not (a["capacity_bits"] < b["capacity_bits"]
                        and a["accesses_bits"] > b["accesses_bits"]):
                    fail(f"{w}@{level} {c['fusion']}: not a step function at "
                         f"{a['capacity_bits']} -> {b['capacity_bits']}")
        caps = sorted({p["capacity_bits"] for p in f["points"] + u["points"]})
        for cap in caps:
            fa, ua = at(f["points"], cap), at(u["points"], cap)
            if ua is not None and (fa is None or fa > ua):
                fail(f"{w}@{level}: fused {fa} above unfused {ua} at {cap} bits")
        if u["points"][-1]["accesses_bits"] != u["compulsory_bits"]:
            fail(f"{w}@{level}: unfused ends at {u['points'][-1]['accesses_bits']}"
                 f", not compulsory {u['compulsory_bits']}")
        floor = f["persistent_compulsory_bits"]
        if f["points"][-1]["accesses_bits"] < floor:
            fail(f"{w}@{level}: fused below the persistent floor {floor}")
        names = einsums[w]
        for p in f["points"]:
            covered = []
            traffic = 0
            for g in p["witness"]["groups"]:
                group = f["groups"][g]
                for e in group["einsums"]:
                    early = producers[w][e] - set(covered) - set(group["einsums"])
                    if early:
                        fail(f"{w}@{level}: '{e}' runs before {sorted(early)}")
                covered += group["einsums"]
                for m in group["mappings"].values():
                    traffic += sum(m["accesses_bits"].values())
            if sorted(covered) != sorted(names) or len(set(covered)) != len(covered):
                fail(f"{w}@{level}: a fused point's groups cover {covered}")
            if traffic != p["accesses_bits"]:
                fail(f"{w}@{level}: the point at {p['capacity_bits']} bits "
                     f"moves {p['accesses_bits']} bits but its groups' "
                     f"tensors add up to {traffic}")
        ratio = u["points"][-1]["accesses_bits"] / f["points"][-1]["accesses_bits"]
        print(f"{w}@{level}: {len(caps)} capacities, fused <= unfused, "
              f"{len(f['points'])} fused points add up; "
              f"unbounded: unfused/fused = {ratio:.2f}")
        checked += 1
    if checked == 0:
        fail("no workload has both curves")


if __name__ == "__main__":
    main()
