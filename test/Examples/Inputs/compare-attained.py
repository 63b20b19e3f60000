#!/usr/bin/env python3
"""Compares the hierarchy tables of one input analysed twice: once with the
mappings --oro-map-search wrote into the IR (the pipeline) and once with
--oro-emit-bounds alone, which plans the mappings itself. Prints one line
per table kind and exits non-zero on the first difference.

  compare-attained.py FROM-IR.json PLANNED.json

The mappings map-search writes are the plans emit-bounds would make, so
every number of every table (bounds, attained traffic, occupancy, energy)
must be equal; only "attained_from" differs: "mappings" for the tables the
IR's mappings cover (the fused one with fusion, else the einsum and unfused
ones), "plan" for the others.
"""
import json
import sys


def fail(msg):
    sys.exit("compare-attained: " + msg)


def tables(path):
    out = {}
    for h in json.load(open(path)).get("hierarchy", []):
        key = (h["workload"], h["scope"], h.get("einsum", ""), h.get("fusion", ""))
        out[key] = h
    return out


ir, planned = tables(sys.argv[1]), tables(sys.argv[2])
if ir.keys() != planned.keys() or not ir:
    fail("the reports have different tables")
counts = {}
for key, h in ir.items():
    p = planned[key]
    if p["attained_from"] != "plan":
        fail(f"{key}: planned report says {p['attained_from']}")
    for field in ("levels", "energy_pj", "bound_mapspace"):
        if h.get(field) != p.get(field):
            fail(f"{key}: {field} differs")
    kind = (key[1], key[3], h["attained_from"])
    counts[kind] = counts.get(kind, 0) + 1
for (scope, fusion, source), n in sorted(counts.items()):
    name = scope + (" " + fusion if fusion else "")
    print(f"{name}: {n} equal, attained from {source}")
