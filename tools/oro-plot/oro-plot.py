#!/usr/bin/env python3
"""oro-plot: draw and summarize an oro report (see `oro-plot --help`).

A thin caller of the `oro` Python package (python/oro/plot.py), which holds
the one implementation of the plots and tables. Works from the source tree
(python/ beside tools/) and from an install (share/oro/python beside bin/),
with or without the package on sys.path.
"""
import os
import sys

import matplotlib

matplotlib.use("Agg")  # files only; never a window

here = os.path.dirname(os.path.realpath(__file__))
for cand in (os.path.join(here, "..", "..", "python"),
             os.path.join(here, "..", "share", "oro", "python")):
    if os.path.isfile(os.path.join(cand, "oro", "__init__.py")):
        sys.path.insert(0, os.path.abspath(cand))
        break

from oro.plot import main  # noqa: E402

if __name__ == "__main__":
    main()
