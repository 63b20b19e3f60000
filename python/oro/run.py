"""Running oro-opt from Python: :func:`analyze`.

Each call runs ``oro-opt --oro-pipeline`` in a fresh process, so nothing one
analysis caches (oro's curve memos) can change what a later one reports or
warns: a long-lived Python session gets the same results and diagnostics as
the command line.
"""
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from .report import Result, load_report

__all__ = ["OroError", "Diagnostic", "analyze", "find_oro_opt", "pipeline_options"]

# "file:line:col: error: message" as MLIR prints a located diagnostic.
_DIAG = re.compile(r"^(?P<file>.*?):(?P<line>\d+):(?P<col>\d+): "
                   r"(?P<severity>error|warning|remark|note): (?P<message>.*)$")


class Diagnostic:
    """One located diagnostic of oro-opt."""

    def __init__(self, file, line, col, severity, message):
        self.file, self.line, self.col = file, line, col
        self.severity, self.message = severity, message

    @property
    def location(self):
        return f"{self.file}:{self.line}:{self.col}"

    def __str__(self):
        return f"{self.location}: {self.severity}: {self.message}"

    __repr__ = __str__


def parse_diagnostics(text):
    """The located diagnostics in oro-opt's stderr, in order."""
    out = []
    for line in text.splitlines():
        m = _DIAG.match(line)
        if m:
            out.append(Diagnostic(m["file"], int(m["line"]), int(m["col"]),
                                  m["severity"], m["message"]))
    return out


class OroError(RuntimeError):
    """oro-opt failed. ``file``, ``line``, ``col`` and ``message`` are those of
    the first located error (None when oro-opt gave no location);
    ``diagnostics`` lists every located diagnostic and ``stderr`` is the
    whole output."""

    def __init__(self, stderr, returncode, command):
        self.stderr, self.returncode, self.command = stderr, returncode, command
        self.diagnostics = parse_diagnostics(stderr)
        errors = [d for d in self.diagnostics if d.severity == "error"]
        first = errors[0] if errors else None
        self.file = first.file if first else None
        self.line = first.line if first else None
        self.col = first.col if first else None
        self.message = first.message if first else (stderr.strip().splitlines() or
                                                    [f"oro-opt exited with {returncode}"])[-1]
        super().__init__(str(first) if first else self.message)

    @property
    def location(self):
        return None if self.file is None else f"{self.file}:{self.line}:{self.col}"


def find_oro_opt():
    """oro-opt: $ORO_OPT, else build/bin/oro-opt of the tree this package is
    in, else <prefix>/bin/oro-opt of an install (package in
    <prefix>/share/oro/python), else PATH."""
    env = os.environ.get("ORO_OPT")
    if env:
        return env
    here = Path(__file__).resolve().parent
    for cand in (here.parent.parent / "build" / "bin" / "oro-opt",
                 here.parents[3] / "bin" / "oro-opt"):
        if cand.is_file() and os.access(cand, os.X_OK):
            return str(cand)
    found = shutil.which("oro-opt")
    if found:
        return found
    raise FileNotFoundError("oro-opt not found: build it (bash tools/setup.sh) "
                            "or set ORO_OPT")


def _option_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, tuple)):
        return ",".join(_option_value(x) for x in v)
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def pipeline_options(**options):
    """The --oro-pipeline option string for Python keyword options:
    ``max_candidates=1e6, fusion=False, einsums=["matmul", "addf"]`` ->
    ``max-candidates=1000000 fusion=false einsums=matmul,addf``."""
    parts = []
    for k, v in options.items():
        if v is None:
            continue
        s = _option_value(v)
        if any(ch.isspace() for ch in s) or '"' in s:
            raise ValueError(f"option {k}={s!r}: spaces and quotes are not supported")
        parts.append(f"{k.replace('_', '-')}={s}")
    return " ".join(parts)


def analyze(mlir, arch, oro_opt=None, keep_ir=True, timeout=None,
            map_search=True, **options):
    """Run oro's pipeline (import, map search, bounds) on Linalg or oro IR.

    ``map_search=False`` skips the mapping search: the bounds are computed
    as always, and the hierarchy tables' attained traffic is that of the
    mappings already in the IR (``#oro.mapping``, ``inner_mappings``,
    ``#oro.fusion``; "attained_from": "mappings" in ``r.hierarchy``), e.g.
    a ``result.ir`` whose mapping you edited, or another compiler's.
    ``allow_partial`` and ``dynamic_dims`` apply to the import either way.

    ``mlir``: a path to a .mlir file, or the IR itself as text (anything with
    a newline or a '{' is taken as text). ``arch``: path to an architecture
    YAML. Other keywords are --oro-pipeline options with '_' for '-'
    (``max_candidates``, ``fusion``, ``max_group_size``,
    ``fusion_lookahead`` (0: fused groups are intervals of program order),
    ``fusion_share_inputs`` (False: each einsum of a group reads its own
    copy of an input they share), ``fusion_retile`` (True: an einsum of a
    fused group may tile a shared rank again below the shared loops),
    ``max_group_candidates``, ``objective``, ``allow_partial``, and
    ``einsums``, a list of einsum names analysed as a workload of their
    own: docs/FusedSearch.md).
    ``progress`` defaults to ``never``.

    Returns a :class:`oro.Result`; raises :class:`OroError` (with
    file:line:col) when oro-opt reports an error.
    """
    opt = oro_opt or find_oro_opt()
    options.setdefault("progress", "never")
    for bad in ("arch", "report", "csv"):
        if bad in options:
            raise TypeError(f"analyze() sets {bad!r} itself")
    text = None
    if isinstance(mlir, (bytes, bytearray)):
        text = mlir.decode()
    elif isinstance(mlir, str) and ("\n" in mlir or "{" in mlir):
        text = mlir
    else:
        path = os.fspath(mlir)
        if not os.path.isfile(path):
            raise FileNotFoundError(f"{path}: no such file")
    arch = os.fspath(arch)
    if not os.path.isfile(arch):
        raise FileNotFoundError(f"{arch}: no such architecture file")
    with tempfile.TemporaryDirectory(prefix="oro-") as tmp:
        report = os.path.join(tmp, "report.json")
        out = os.path.join(tmp, "out.mlir")
        if map_search:
            opts = pipeline_options(arch=os.path.abspath(arch), report=report,
                                    **options)
            passes = [f"--oro-pipeline={opts}"]
        else:
            imports = {k: options.pop(k) for k in ("allow_partial", "dynamic_dims")
                       if k in options}
            convert = pipeline_options(**imports)
            passes = ["--convert-linalg-to-oro" + (f"={convert}" if convert else ""),
                      "--oro-emit-bounds=" + pipeline_options(
                          arch=os.path.abspath(arch), report=report, **options)]
        cmd = [opt, "-" if text is not None else os.path.abspath(path),
               *passes, "-o", out if keep_ir else os.devnull]
        proc = subprocess.run(cmd, input=text, capture_output=True, text=True,
                              timeout=timeout)
        if proc.returncode != 0:
            raise OroError(proc.stderr, proc.returncode, cmd)
        result = load_report(report)
        result.path = None
        result.diagnostics = proc.stderr
        if keep_ir:
            with open(out) as f:
                result.ir = f.read()
        return result
