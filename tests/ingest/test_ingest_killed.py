"""A load killed mid-way (the out-of-memory killer's SIGKILL) is reported by the next one.

The child loads a small file and sends itself SIGKILL at one step of the pipeline, as the
kernel would when memory runs out there (a 10M-triple load once died that way and printed
nothing, leaving a catalog nobody could trust). The next ``ipas load`` says what the killed
load left, and finishes what follows a commit.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from ipas.cli.main import cli
from ipas.ingest import Ingestor
from ipas.ingest.journal import unfinished
from ipas.settings import Settings
from ipas.store.base import Scope
from ipas.store.oxigraph import OxigraphStore

CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from ipas.ingest import Ingestor
    from ipas.settings import Settings
    from ipas.store.oxigraph import OxigraphStore

    store_dir, home, ontology, shapes, source, step = sys.argv[1:]
    settings = Settings(store=store_dir, home=Path(home), ontology_dir=Path(ontology),
                        shapes_dir=Path(shapes))
    ingestor = Ingestor(OxigraphStore(Path(store_dir)), settings)

    def killed(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    setattr(ingestor, step, killed)
    ingestor.ingest([Path(source)])
    """
)

TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
DATA = f"""<urn:ex:p1> {TYPE} <urn:ex:Person> .
<urn:ex:p1> <urn:ex:name> "Ana" .
<urn:ex:p1> <urn:ex:memberOf> <urn:ex:o1> .
<urn:ex:o1> {TYPE} <urn:ex:Cartel> .
<urn:ex:p2> {TYPE} <urn:ex:Person> .
"""


def _killed_load(settings: Settings, source: Path, step: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, settings.store, str(settings.home),
         str(settings.ontology_dir), str(settings.shapes_dir), str(source), step],
        capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == -9, done.stderr[-2000:]


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "people.nt"
    path.write_text(DATA)
    return path


def test_killed_before_the_commit_left_nothing_and_says_so(
        ingest_settings: Settings, source: Path) -> None:
    _killed_load(ingest_settings, source, "_infer")  # killed while reasoning
    store = OxigraphStore(Path(ingest_settings.store))
    try:
        ingestor = Ingestor(store, ingest_settings)
        [message] = ingestor.recover()
        assert "an earlier load of people.nt" in message
        assert "killed while reasoning: nothing of it was committed" in message
        assert "out-of-memory killer" in message
        assert ingestor.catalog.batches() == []
        assert ingestor.recover() == []  # said once
        # The same file loads afterwards, as a new batch.
        assert ingestor.ingest([source]).created
    finally:
        store.close()


def test_killed_after_the_commit_is_finished_by_the_next_load(
        ingest_settings: Settings, source: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _killed_load(ingest_settings, source, "_derive")  # committed, then killed
    assert [n.phase_name for n in unfinished(ingest_settings.home)] == ["finishing"]
    for name, value in (("IPAS_STORE", ingest_settings.store),
                        ("IPAS_HOME", str(ingest_settings.home)),
                        ("IPAS_ONTOLOGY_DIR", str(ingest_settings.ontology_dir)),
                        ("IPAS_SHAPES_DIR", str(ingest_settings.shapes_dir))):
        monkeypatch.setenv(name, value)
    other = tmp_path / "other.nt"
    other.write_text(f'<urn:ex:p9> {TYPE} <urn:ex:Person> .\n<urn:ex:p9> <urn:ex:name> "Bo" .\n')
    result = CliRunner().invoke(cli, ["load", str(other)], catch_exceptions=False)
    text = " ".join(result.output.split())
    assert "warning: an earlier load of people.nt" in text
    assert "was killed while finishing, after its commit: the batch is committed" in text
    # The killed load quarantined p2 (no name) before it died: the count survives, not the report.
    assert "Its quarantine report (1 record(s)) was lost" in text
    assert unfinished(ingest_settings.home) == []
    store = OxigraphStore(Path(ingest_settings.store))
    try:
        ingestor = Ingestor(store, ingest_settings)
        killed = next(b for b in ingestor.catalog.batches() if b.source == "people.nt")
        # Counts are the store's (what the killed load never got to write), inferences in.
        assert killed.triples == store.stats(scope=Scope.of([killed.graph])).triples
        assert killed.inferred == store.stats(
            scope=Scope.of([ingestor.names.inferred_for(killed.graph)])).triples > 0
        assert killed.quarantined == 1
    finally:
        store.close()
