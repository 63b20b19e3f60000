"""oro from Python: run oro's pipeline, read its reports as pandas tables,
plot them, and sweep architectures x workloads x options.

    import oro
    r = oro.analyze("examples/matmul/matmul-4096.mlir",
                    arch="examples/arches/snowcat.yaml")
    r.curves                 # one row per point of every ski slope
    r.witness(0)             # the mapping attaining a point
    oro.plot.ski_slope(r)    # the curve with its bounds
    oro.load_report("out/gpt3-6.7b-layer.json")   # a saved report, no oro-opt
    oro.sweep(files, archs, options)               # one DataFrame of many runs

Needs Debian's python3-pandas and python3-matplotlib; oro-opt for analyze()
and sweep() ($ORO_OPT, or build/bin/oro-opt of this tree).
"""
from .report import Result, ReportError, load_report, schema_path  # noqa: F401
from .run import Diagnostic, OroError, analyze, find_oro_opt  # noqa: F401
from .sweep import sweep  # noqa: F401


def __getattr__(name):
    # oro.plot imports matplotlib.pyplot; load it when first used.
    if name == "plot":
        import importlib
        return importlib.import_module(".plot", __name__)
    raise AttributeError(f"module 'oro' has no attribute {name!r}")


__version__ = "0.1.0"
