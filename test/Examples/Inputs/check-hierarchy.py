#!/usr/bin/env python3
"""Checks the "hierarchy" tables of an oro report against the arch and
against each other; prints one line per table and exits non-zero on the
first violation.

  check-hierarchy.py REPORT.json

For every table (einsum or workload) and boundary:
- there is one boundary per level below the backing store, in arch order;
- the pooled capacity is the sum over this level and the ones below of
  capacity x instances, recomputed from the arch;
- the chosen mapping's occupancy fits one instance of the level;
- attained >= bound (the bound pools everything at and below the level);
- bounds never decrease inward (less pooled capacity, never less traffic);
- gap, per-instance shares, operational intensities and roofline rates
  agree with the counts
  (MACs per byte; min(peak, bandwidth * MACs / bits));
- a workload's unfused table sums its einsums' tables.
"""
import json
import math
import sys


def fail(msg):
    sys.exit("check-hierarchy: " + msg)


def num(v):
    if v == "saturated":
        fail("saturated count")
    return v


def close(a, b):
    return a is None and b is None or (
        a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9))


def main():
    r = json.load(open(sys.argv[1]))
    levels = r["arch"]["levels"]
    instances, n = [], 1
    for l in levels:
        n *= l["fanout"]
        instances.append(n)
    tables = r.get("hierarchy", [])
    if not tables:
        fail("no hierarchy tables")
    per_einsum = {}
    for h in tables:
        name = h["workload"] + ("/" + h["einsum"] if h["scope"] == "einsum"
                                else " (" + h["fusion"] + ")")
        bnds = h["levels"]
        if [b["level"] for b in bnds] != [l["name"] for l in levels[1:]]:
            fail(name + ": boundaries do not follow the arch")
        peak = h["peak_macs_per_cycle"]
        prev_bound = None
        for i, b in enumerate(bnds, start=1):
            where = name + " @" + b["level"]
            caps = [l["capacity_bits"] for l in levels[i:]]
            pooled = None if None in caps else sum(
                c * instances[i + j] for j, c in enumerate(caps))
            if b["bound_capacity_bits"] != pooled:
                fail(where + ": pooled capacity %s, expected %s"
                     % (b["bound_capacity_bits"], pooled))
            if b["instances"] != instances[i]:
                fail(where + ": instances")
            bound, att = num(b["bound_bits"]), num(b["attained_bits"])
            occ, cap = b["occupancy_bits"], b["capacity_bits"]
            if occ is not None and cap is not None and occ > cap:
                fail(where + ": occupancy %d exceeds capacity %d" % (occ, cap))
            if bound is not None and att is not None and att < bound:
                fail(where + ": attained %d below the bound %d" % (att, bound))
            if bound is not None and prev_bound is not None and bound < prev_bound:
                fail(where + ": bound %d below the one above (%d)"
                     % (bound, prev_bound))
            prev_bound = bound
            macs = h["macs"]
            oi = lambda bits: None if not bits else macs / (bits / 8)
            if not close(b["oi_bound"], oi(bound)) or not close(
                    b["oi_attained"], oi(att)):
                fail(where + ": operational intensity")
            if bound and att and not close(b["gap"], att / bound):
                fail(where + ": gap")
            n = instances[i]
            if b["bound_bits_per_instance"] != (None if bound is None else -(-bound // n)):
                fail(where + ": bound per instance")
            if b["attained_bits_mean_per_instance"] != (None if att is None else att // n):
                fail(where + ": attained mean per instance")
            bw = b["bandwidth_bits_per_cycle"]
            for bits, key in ((bound, "bound_macs_per_cycle"),
                              (att, "attained_macs_per_cycle")):
                want = None
                if bw is not None and bits is not None:
                    want = peak if bits == 0 else min(peak, bw * macs / bits)
                if not close(b[key], want):
                    fail(where + ": " + key)
        if h["scope"] == "einsum":
            per_einsum.setdefault(h["workload"], []).append(h)
        elif h["fusion"] == "unfused" and h["workload"] in per_einsum:
            for k, b in enumerate(bnds):
                parts = [e["levels"][k]["attained_bits"]
                         for e in per_einsum[h["workload"]]]
                want = None if None in parts else sum(parts)
                if b["attained_bits"] != want:
                    fail(name + ": unfused table is not the sum of its einsums")
        rl = h["roofline"]
        for key in ("bound_macs_per_cycle", "attained_macs_per_cycle"):
            if rl[key] is not None and rl[key] > peak * (1 + 1e-9):
                fail(name + ": roofline above the peak")
        print("%s: %d boundaries, bound <= attained; gaps %s; limited by %s"
              % (name, len(bnds),
                 " ".join("-" if b["gap"] is None else "%.2f" % b["gap"]
                          for b in bnds), rl["attained_limiter"]))


main()
