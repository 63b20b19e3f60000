#!/usr/bin/env python3
"""Hostile inputs for oro-opt, end to end: seeded mutations of real inputs.

Takes MLIR and architecture files, derives broken variants of each (truncated
at a random byte, a random line deleted or duplicated, two lines swapped,
random bytes overwritten, a number replaced by an extreme one) and runs
`oro-opt --oro-pipeline` on every variant (a mutated MLIR file with a good
architecture, a good MLIR file with a mutated architecture). Each run must

  - exit with 0 (the variant happened to be valid), or with 1 and at least
    one located diagnostic (`file:line:col: error: ...`, or, for an
    architecture, `arch.yaml:line:col: ...`);
  - not crash (no signal, no "Stack dump", no sanitizer report);
  - finish within the timeout (no hang).

A crash that plain upstream `mlir-opt` also shows on the same file (the
MLIR 22 parser and printer have such bugs) is counted separately and does
not fail the test; every other violation does. The summary line gives the
counts, so a FileCheck on it proves the runs happened.

Usage: mutate-inputs.py ORO_OPT MLIR_OPT WORKDIR SEED N --mlir F... --arch F...
(MLIR_OPT may be - or missing: then every crash fails the test.)
"""

import argparse
import os
import random
import re
import shutil
import subprocess
import sys

EXTREMES = ["0", "-1", "1099511627776", "9223372036854775807",
            "18446744073709551616", "4611686018427387904", "3.5", "1e309"]


def mutate(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    lines = data.split(b"\n")
    kind = rng.choice(["truncate", "delete-line", "duplicate-line",
                       "swap-lines", "overwrite-bytes", "extreme-number"])
    if kind == "truncate":
        return kind, data[: rng.randrange(len(data))]
    if kind == "delete-line":
        i = rng.randrange(len(lines))
        return kind, b"\n".join(lines[:i] + lines[i + 1:])
    if kind == "duplicate-line":
        i = rng.randrange(len(lines))
        return kind, b"\n".join(lines[: i + 1] + lines[i:])
    if kind == "swap-lines":
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
        return kind, b"\n".join(lines)
    if kind == "overwrite-bytes":
        out = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return kind, bytes(out)
    numbers = list(re.finditer(rb"\d+", data))
    if not numbers:
        return kind, data
    m = rng.choice(numbers)
    return kind, data[: m.start()] + rng.choice(EXTREMES).encode() + data[m.end():]


def crashed(proc: subprocess.CompletedProcess) -> bool:
    err = proc.stderr
    return (proc.returncode < 0 or proc.returncode > 1
            or "Stack dump" in err or "PLEASE submit a bug report" in err
            or "Sanitizer" in err or "runtime error:" in err)


def run(cmd, timeout):
    try:
        return subprocess.run(cmd, capture_output=True, text=True,
                              errors="replace", timeout=timeout)
    except subprocess.TimeoutExpired:
        return None


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("oro_opt")
    ap.add_argument("mlir_opt", help="upstream mlir-opt, or - if absent")
    ap.add_argument("workdir")
    ap.add_argument("seed", type=int)
    ap.add_argument("count", type=int, help="variants per input file")
    ap.add_argument("--mlir", nargs="+", required=True)
    ap.add_argument("--arch", nargs="+", required=True)
    ap.add_argument("--timeout", type=float, default=120)
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    mlir_opt = shutil.which(args.mlir_opt) if args.mlir_opt != "-" else None
    rng = random.Random(args.seed)
    good_arch = args.arch[0]
    good_mlir = args.mlir[0]
    # A small budget: a mutated extent can make an exact search explode,
    # and the budget error is a correct answer to that.
    options = "progress=never max-candidates=200000 max-group-size=4"

    jobs = []
    for path in args.mlir + args.arch:
        data = open(path, "rb").read()
        stem = os.path.basename(path)
        for i in range(args.count):
            kind, variant = mutate(data, rng)
            out = os.path.join(args.workdir, f"{i}-{kind}-{stem}")
            with open(out, "wb") as f:
                f.write(variant)
            if path in args.mlir:
                jobs.append((out, good_arch, out))
            else:
                jobs.append((good_mlir, out, out))

    counts = {"ok": 0, "error": 0, "upstream-crash": 0}
    failures = []
    for mlir, arch, mutated in jobs:
        cmd = [args.oro_opt, mlir, f"--oro-pipeline=arch={arch} {options}",
               "-o", os.devnull]
        proc = run(cmd, args.timeout)
        if proc is None:
            failures.append(f"{mutated}: no answer within {args.timeout} s")
            continue
        if crashed(proc):
            upstream = None
            if mlir_opt and mutated == mlir:
                upstream = run([mlir_opt, mlir, "-o", os.devnull],
                               args.timeout)
            if upstream is not None and crashed(upstream):
                counts["upstream-crash"] += 1
                print(f"upstream crash (mlir-opt too): {mutated}")
                continue
            failures.append(f"{mutated}: crashed (exit {proc.returncode}):\n"
                            + proc.stderr[-3000:])
            continue
        if proc.returncode == 0:
            counts["ok"] += 1
            continue
        # Located: in the mutated file, or (an architecture that reads but
        # does not fit the workload) at the einsum it fails on.
        if not re.search(r"^\S+:\d+:\d+: ", proc.stderr, re.M):
            failures.append(f"{mutated}: exit 1 without a located diagnostic:\n"
                            + proc.stderr[-3000:])
            continue
        counts["error"] += 1

    for f in failures:
        print("FAIL", f)
    print(f"mutants: {len(jobs)} ran, {counts['ok']} valid, "
          f"{counts['error']} located errors, "
          f"{counts['upstream-crash']} upstream crashes, "
          f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
