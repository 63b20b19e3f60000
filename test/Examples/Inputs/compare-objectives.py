#!/usr/bin/env python3
"""Compares the hierarchy tables of one input mapped with objective=traffic
and with objective=energy; prints one line per workload and exits non-zero
on the first violation.

  compare-objectives.py TRAFFIC.json ENERGY.json

What must hold, whatever the numbers:
- each report names its objective in every table, and the tables match up
  (same scopes, einsums, fusion kinds, boundaries);
- the bounds do not depend on the objective;
- traffic across the outermost boundary is never lower with energy: the
  traffic objective takes the least at level 1's capacity first (energy
  may pick a smaller level-1 point or run a fused group unfused);
- a workload's unfused energy is the sum of its einsums'.
And, as a regression check on the inputs given (the greedy mapper is not
optimal, so this is not a theorem): the energy objective's fused and
unfused tables use no more energy than the traffic objective's.
"""
import json
import math
import sys


def fail(msg):
    sys.exit("compare-objectives: " + msg)


def tables(path, objective):
    r = json.load(open(path))
    out = {}
    for h in r["hierarchy"]:
        if h["objective"] != objective:
            fail(f"{path}: table has objective {h['objective']!r}, "
                 f"expected {objective!r}")
        key = (h["workload"], h["scope"], h.get("einsum"), h.get("fusion"))
        out[key] = h
    return out


def main():
    traffic = tables(sys.argv[1], "traffic")
    energy = tables(sys.argv[2], "energy")
    if traffic.keys() != energy.keys():
        fail("the two reports have different tables")
    sums = {}
    for key, t in traffic.items():
        e = energy[key]
        name = "/".join(str(k) for k in key if k is not None)
        if [l["level"] for l in t["levels"]] != [l["level"] for l in e["levels"]]:
            fail(f"{name}: different boundaries")
        for lt, le in zip(t["levels"], e["levels"]):
            if lt["bound_bits"] != le["bound_bits"]:
                fail(f"{name}: bound at {lt['level']} depends on the objective")
        at, ae = t["levels"][0]["attained_bits"], e["levels"][0]["attained_bits"]
        if at is not None and ae is not None and ae < at:
            fail(f"{name}: energy moves less across the outermost boundary "
                 f"({ae}) than traffic ({at})")
        if key[1] == "einsum":
            s = sums.setdefault(key[0], [0.0, True])
            if e["energy_pj"] is None:
                s[1] = False
            else:
                s[0] += e["energy_pj"]
    for key, e in energy.items():
        if key[1] != "workload":
            continue
        name = f"{key[0]} ({key[3]})"
        t = traffic[key]
        if key[3] == "unfused" and sums[key[0]][1] and e["energy_pj"] is not None \
                and not math.isclose(e["energy_pj"], sums[key[0]][0], rel_tol=1e-9):
            fail(f"{name}: energy {e['energy_pj']} is not the sum of its "
                 f"einsums' {sums[key[0]][0]}")
        if t["energy_pj"] is None or e["energy_pj"] is None:
            fail(f"{name}: no energy")
        if e["energy_pj"] > t["energy_pj"] * (1 + 1e-9):
            fail(f"{name}: objective=energy uses more energy "
                 f"({e['energy_pj']:.4g} pJ) than objective=traffic "
                 f"({t['energy_pj']:.4g} pJ)")
        print(f"{name}: energy {e['energy_pj'] / t['energy_pj']:.3f}x of "
              f"traffic's, outermost traffic "
              f"{e['levels'][0]['attained_bits'] / t['levels'][0]['attained_bits']:.2f}x"
              + (f"; {e['note']}" if e.get("note") else ""))


main()
