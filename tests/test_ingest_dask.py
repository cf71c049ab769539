"""The Dask engine against a LocalCluster with 2 workers: byte-for-byte the tables of the local run."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_ingest_helpers import MAX_BYTES, make_archive, table_bytes

from extractor.ingest import IngestOptions, ingest


@pytest.mark.dask
def test_dask_engine_gives_the_same_tables_as_the_local_pool(tmp_path: Path) -> None:
    from distributed import LocalCluster

    source = make_archive(tmp_path / "archive", hostile=False)
    local = ingest([source], tmp_path / "local", IngestOptions(workers=2, max_bytes=MAX_BYTES, progress="none"))
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        options = IngestOptions(engine="dask", scheduler=cluster.scheduler_address, max_bytes=MAX_BYTES,
                                progress="none")
        remote = ingest([source], tmp_path / "dask", options)
    assert (remote.processed, remote.records, remote.failed) == (local.processed, local.records, local.failed)
    assert remote.errors_by_code == local.errors_by_code
    assert table_bytes(tmp_path / "dask") == table_bytes(tmp_path / "local")
