"""oro.sweep: a process pool by default, a Dask cluster when given one."""
import pytest

import oro


def runs(root, snowcat):
    files = [str(root / "examples/matmul/matmul-4096.mlir"),
             str(root / "examples/matmul-chain/two-matmuls.mlir")]
    return files, [snowcat], [{}, {"fusion": False}]


def check(df, files):
    assert list(df.columns[:3]) == ["file", "arch", "options"]
    assert set(df.file) == set(files)
    assert set(df.options) == {"", "fusion=False"}
    chain = df[df.file == files[1]]
    # The chain has a fused curve only when fusion is on.
    assert set(chain[chain.options == ""].fusion.dropna()) == {"fused", "unfused"}
    assert set(chain[chain.options == "fusion=False"].fusion.dropna()) == {"unfused"}
    mm = df[(df.file == files[0]) & (df.options == "")]
    assert mm.accesses_bits.iloc[-1] == 3 * 4096 ** 2 * 16
    assert df.error.isna().all()


def test_process_pool(root, snowcat):
    files, archs, options = runs(root, snowcat)
    df = oro.sweep(files, archs, options, processes=2)
    check(df, files)
    serial = oro.sweep(files, archs, options, processes=1)
    assert df.drop(columns="error").equals(serial.drop(columns="error"))


def test_errors_recorded(root, snowcat):
    bad = str(root / "test/Arch/Inputs/unknown-key.yaml")
    df = oro.sweep(str(root / "examples/matmul/matmul-4096.mlir"), [snowcat, bad],
                   errors="record", processes=1)
    failed = df[df.error.notna()]
    assert len(failed) == 1 and "unknown-key.yaml:7:5" in failed.error.iloc[0]
    with pytest.raises(oro.OroError):
        oro.sweep(str(root / "examples/matmul/matmul-4096.mlir"), bad, processes=1)


def test_dask_local_cluster(root, snowcat):
    import distributed  # Debian: python3-distributed (tools/setup.sh installs it)
    files, archs, options = runs(root, snowcat)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        df = oro.sweep(files, archs, options, client=client)
    check(df, files)
