"""Many runs at once: :func:`sweep` over workloads x architectures x options.

Each run is one oro-opt process (:func:`oro.analyze`). By default the runs
fan out over a local process pool; given a ``dask.distributed`` client they
go to its cluster instead (Debian's ``python3-distributed``), so a sweep can
outgrow one machine without oro scheduling anything itself. The workers need
the ``oro`` package and an oro-opt (``ORO_OPT`` or the tree's build/).
"""
import itertools
import os

__all__ = ["sweep", "run_one"]


def run_one(task):
    """One run of a sweep: the curves of ``analyze(file, arch, **options)``
    with the run's file, arch and options as columns. Module level, so that
    process pools and Dask workers can import it."""
    from .run import OroError, analyze
    file, arch, options, on_error = task
    cols = {"file": os.fspath(file), "arch": os.fspath(arch),
            "options": " ".join(f"{k}={v}" for k, v in sorted(options.items()))}
    # The sweep's own workers use the cores: one thread per run (the output
    # is the same at any count), unless the run's options say otherwise.
    run_options = dict({"threads": 1}, **options)
    try:
        result = analyze(file, arch=arch, keep_ir=False, **run_options)
    except OroError as e:
        if on_error == "raise":
            raise
        import pandas as pd
        return pd.DataFrame([dict(cols, error=str(e))])
    df = result.curves.copy()
    df.insert(0, "options", cols["options"])
    df.insert(0, "arch", cols["arch"])
    df.insert(0, "file", cols["file"])
    df["error"] = None
    return df


def sweep(files, archs, options=None, client=None, processes=None,
          errors="raise"):
    """Run every (file, arch, options) combination and return one
    DataFrame: the curves of every run (see ``Result.curves``) with columns
    ``file``, ``arch`` and ``options`` first.

    ``files`` and ``archs``: paths (a single path is accepted too);
    ``options``: a dict of pipeline options, or a list of such dicts, one
    run each (default: one run with the defaults). ``client``: a
    ``dask.distributed.Client``; without one, a ``ProcessPoolExecutor`` of
    ``processes`` workers (default: the CPU count). ``errors="record"``
    keeps going past a failing run and puts its message in the ``error``
    column; ``"raise"`` (default) raises its :class:`oro.OroError`.
    """
    import pandas as pd
    if isinstance(files, (str, os.PathLike)):
        files = [files]
    if isinstance(archs, (str, os.PathLike)):
        archs = [archs]
    if options is None:
        options = [{}]
    elif isinstance(options, dict):
        options = [options]
    if errors not in ("raise", "record"):
        raise ValueError("errors must be 'raise' or 'record'")
    tasks = [(os.path.abspath(f), os.path.abspath(a), dict(o), errors)
             for f, a, o in itertools.product(files, archs, options)]
    if not tasks:
        return pd.DataFrame()
    if client is not None:
        futures = client.map(run_one, tasks, pure=False)
        frames = client.gather(futures)
    elif processes == 1 or len(tasks) == 1:
        frames = [run_one(t) for t in tasks]
    else:
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(max_workers=processes) as pool:
            frames = list(pool.map(run_one, tasks))
    return pd.concat(frames, ignore_index=True)
