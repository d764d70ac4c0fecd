"""The Dask engine: a local cluster of 2 workers gives what the local engine gives, in input order."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.contract import dumps, to_contract
from dateline.errors import DatelineError
from dateline.records import Analysis
from dateline.resources import Settings

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "dateline" / "data" / "sample"


def lines(results) -> list[str]:
    return [dumps(to_contract(r)) if isinstance(r, Analysis) else f"{r.source} {r.code}" for r in results]


@pytest.mark.model
def test_a_local_dask_cluster_of_two_workers_gives_what_the_local_engine_gives(resources, tmp_path):
    distributed = pytest.importorskip("distributed")
    from dateline.runner import run

    (tmp_path / "bad.txt").write_bytes(b"\x00\x01" * 100)
    paths = [str(SAMPLE), str(tmp_path / "bad.txt")]
    local = lines(run(Settings(), paths, workers=1, resources=resources, batch_size=4))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        on_dask = lines(run(Settings(), paths, engine="dask", scheduler=cluster.scheduler_address, batch_size=4))
        with distributed.Client(cluster) as client:  # both workers took part
            assert all(count > 0 for count in client.run(_resources_loaded).values())
    assert len(local) == 18 and local[-1].endswith("E101")
    assert on_dask == local


def _resources_loaded() -> int:
    """On a worker: how many ``Resources`` it holds (one per thread that analysed a batch)."""
    import gc

    from dateline.resources import Resources

    return sum(1 for obj in gc.get_objects() if isinstance(obj, Resources))


def test_the_dask_engine_needs_a_scheduler():
    from dateline.runner import run

    with pytest.raises(DatelineError) as err:
        list(run(Settings(), [str(SAMPLE)], engine="dask"))
    assert err.value.code in ("E707", "E708")
    with pytest.raises(DatelineError) as err:
        list(run(Settings(), [str(SAMPLE)], engine="spark"))
    assert err.value.code == "E706"
