"""The loader contract in the core: the registry finds every loader by entry point, and a
loader mints IRIs under the deployment's base, which it receives in its options."""

from __future__ import annotations

from pathlib import Path

from ipas.ingest import Ingestor
from ipas.settings import Settings
from ipas.sources import LoadOptions, Record, available, get_loader, guess_format
from ipas.store.base import Scope
from ipas.store.oxigraph import OxigraphStore

DATA = Path(__file__).parents[1] / "data" / "loaders"


def test_every_builtin_loader_is_registered_by_entry_point() -> None:
    assert {"rdf", "ofac", "ftm", "icij", "stix", "cbp-seizures", "mapping"} <= set(available())
    for name in available():
        assert get_loader(name).name == name
    assert guess_format(Path("x.ttl")) == "rdf"


def test_loader_mints_under_the_base_in_its_options() -> None:
    loader = get_loader("icij")
    files = sorted((DATA / "icij").glob("*.csv"))
    options = LoadOptions(base_iri="https://kb.example.org/id/")
    subjects = {str(s) for item in loader.records(files, options) if isinstance(item, Record)
                for s in item.subjects}
    assert subjects
    assert all(s.startswith("https://kb.example.org/id/") for s in subjects)


def test_ingest_uses_the_deployment_base_not_the_callers(tmp_path: Path) -> None:
    # The uploader's options cannot choose where instance IRIs live: the deployment does.
    settings = Settings(store="memory", home=tmp_path, base_iri="https://kb.example.org/id/")
    ingestor = Ingestor(OxigraphStore(), settings, reason=False)
    options = LoadOptions(base_iri="https://attacker.example/")
    result = ingestor.ingest(sorted((DATA / "icij").glob("*.csv")), fmt="icij", options=options)
    assert result.triples > 0
    rows = ingestor.store.select("SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) }",
                                 scope=Scope.of([result.batch.graph])).rows
    subjects = {str(r["s"]) for r in rows}
    assert subjects and all(s.startswith("https://kb.example.org/") for s in subjects)
