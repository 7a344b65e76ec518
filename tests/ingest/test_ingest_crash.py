"""``kill -9`` while a batch is being committed leaves it wholly absent; the next load works.

The child is killed as soon as it says it is handing the staged file to the store. The store's
load is one transaction, so whatever instant the signal lands, the batch and its catalog
entry are either both absent (the usual case: the load takes far longer than the signal) or
both complete; never partial.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ipas.ingest import Ingestor
from ipas.settings import Settings
from ipas.store.base import Scope
from ipas.store.oxigraph import OxigraphStore

N = 30_000

CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import ipas.store.oxigraph as oxi
    from ipas.ingest import Ingestor
    from ipas.settings import Settings

    store_dir, home, ontology, shapes, source, bulk = sys.argv[1:]
    if bulk == "bulk":
        oxi.BULK_LOAD_BYTES = 0  # the streamed bulk path
    settings = Settings(store=store_dir, home=Path(home), ontology_dir=Path(ontology),
                        shapes_dir=Path(shapes))
    store = oxi.OxigraphStore(Path(store_dir))
    real_load = store.load

    def load(*args, **kwargs):
        print("COMMITTING", flush=True)
        return real_load(*args, **kwargs)

    store.load = load
    Ingestor(store, settings).ingest([Path(source)])
    print("DONE", flush=True)
    """
)


@pytest.mark.parametrize("path", ["transactional", "bulk"])
def test_kill_during_commit_leaves_batch_absent(
    ingest_settings: Settings, tmp_path: Path, path: str
) -> None:
    source = tmp_path / "big.nt"
    with source.open("w") as out:
        for i in range(N):
            out.write(f'<urn:ex:s{i // 4}> <urn:ex:p{i % 4}> "value {i}" .\n')
    shapes = tmp_path / "no-shapes"
    shapes.mkdir()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, ingest_settings.store, str(ingest_settings.home),
         str(ingest_settings.ontology_dir), str(shapes), str(source), path],
        stdout=subprocess.PIPE, text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    assert line.strip() == "COMMITTING"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    store = OxigraphStore(Path(ingest_settings.store))  # the writer lock died with the child
    try:
        ingestor = Ingestor(store, ingest_settings)
        batches = ingestor.catalog.batches()
        graphs = [g for g in store.graphs() if ingestor.names.is_batch(g)]
        if batches:  # the signal lost the race: then the batch must be complete
            assert graphs == [batches[0].graph] and batches[0].triples == N
        else:
            assert graphs == []
        staging = ingest_settings.home / "tmp"
        assert any(staging.iterdir())  # the dead child's staged file is still there
        result = ingestor.ingest([source])
        assert result.created != bool(batches) and result.triples == N
        assert list(staging.iterdir()) == []  # swept by the next load
        assert store.stats(scope=Scope.of([result.batch.graph])).triples == N
    finally:
        store.close()
