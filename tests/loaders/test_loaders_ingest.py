"""End to end: each loader through the ingest pipeline (SHACL shapes, quarantine, batches)
into an on-disk Oxigraph store, then queried. Quarantine counts are exactly the rows the
loaders reject: every mapped record conforms to the shapes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from ipas.ingest import Ingestor, IngestResult
from ipas.namespace import IPAS
from ipas.settings import Settings
from ipas.sources import LoadOptions
from ipas.store import open_store
from ipas.store.base import Scope, Store
from loaders._iri import mint

DATA = Path(__file__).resolve().parent.parent / "data" / "loaders"
EXAMPLE = Path(__file__).resolve().parent.parent.parent / "docs" / "examples" / "mapping"


@pytest.fixture(scope="module")
def ingestor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ingestor]:
    root = tmp_path_factory.mktemp("loaders-ingest")
    settings = Settings(store=str(root / "store"), home=root / "home")
    store = open_store(settings)
    yield Ingestor(store, settings)
    store.close()


def load(ing: Ingestor, fmt: str, paths: Sequence[Path], source: str | None = None
         ) -> IngestResult:
    return ing.ingest(list(paths), fmt=fmt, options=LoadOptions(source_name=source))


def shacl_failures(result: IngestResult) -> list[str]:
    """Quarantined records that failed the shapes (not the loader's own rejections)."""
    return [str(q.reasons) for q in result.quarantined if any("focus" in r for r in q.reasons)]


def ask(store: Store, pattern: str) -> bool:
    prefix = f"PREFIX ipas: <{IPAS}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    return store.ask(prefix + f"ASK {{ GRAPH ?g {{ {pattern} }} }}", scope=Scope.everything())


def test_ofac_fixture_through_pipeline(ingestor: Ingestor) -> None:
    files = sorted((DATA / "ofac").glob("*.csv"))
    result = load(ingestor, "ofac", files)
    assert (result.records, len(result.quarantined)) == (5, 3)
    assert not shacl_failures(result)
    assert {(q.position.source, q.position.line) for q in result.quarantined} == {
        ("sdn.csv", 5), ("add.csv", 3), ("add.csv", 4)}
    person = mint("party", "ofac", "9002").n3()
    assert ask(ingestor.store, f"{person} a ipas:Person ; ipas:alias \"RAMOS, Julio\" .")
    assert ask(ingestor.store, f"?s ipas:sanctionedEntity {person} ; ipas:programme ?p . "
                               "?p ipas:programmeCode \"ILLICIT-DRUGS-EO14059\" .")
    again = load(ingestor, "ofac", files)
    assert not again.created  # same content, same options: the earlier batch


def test_ftm_deltas_across_batches_withdraw_earlier_statements(ingestor: Ingestor) -> None:
    folder = DATA / "ftm-deltas"
    person = mint("entity", "ftm", "demo-person-1").n3()
    org = mint("entity", "ftm", "demo-org-1").n3()
    for release in ("r1", "r2", "r3"):
        result = load(ingestor, "ftm", [folder / release / "entities.delta.json"], "demo-os")
        assert result.created and not result.quarantined
        if release == "r1":
            assert ask(ingestor.store, f"{person} a ipas:Person .")
            assert ask(ingestor.store, f"{org} rdfs:label \"Los Centinelas Ficticios\" .")
    assert not ask(ingestor.store, f"{person} ?p ?o .")  # DEL withdrew every statement
    assert ask(ingestor.store, f"{org} rdfs:label \"Centinelas del Sur (ficticio)\" .")
    assert not ask(ingestor.store, f"{org} rdfs:label \"Los Centinelas Ficticios\" .")
    # The change feed reports the earlier releases as replaced by the later ones.
    from ipas.changes import events

    entries = ingestor.catalog.batches(include_retracted=True)
    replaced = [c for c in events(entries) if c.kind == "replaced"]
    assert replaced and {c.by for c in replaced} <= {e.id for e in entries[1:]}
    assert all(c.entry.id != c.by for c in replaced)


@pytest.mark.parametrize(
    ("fmt", "paths", "committed", "quarantined"),
    [
        ("icij", sorted((DATA / "icij").glob("*.csv")), 5, 2),
        ("ftm", [DATA / "ftm" / "finance.ftm.json"], 15, 0),  # its Position: a PublicOffice
        ("stix", [DATA / "stix" / "bundle.json"], 7, 1),
        ("stix", [DATA / "stix" / "bare-identity.json"], 1, 0),
        ("cbp-seizures", [DATA / "cbp" / "drugs.csv"], 3, 2),
        ("mapping", [EXAMPLE / "seizures.yaml"], 3, 1),
    ],
)
def test_fixtures_conform_to_shapes(
    ingestor: Ingestor, fmt: str, paths: list[Path], committed: int, quarantined: int
) -> None:
    result = load(ingestor, fmt, paths)
    assert not shacl_failures(result)
    assert (result.records, len(result.quarantined)) == (committed, quarantined)


def test_mapping_example_answers_like_hand_written_data(ingestor: Ingestor) -> None:
    load(ingestor, "mapping", [EXAMPLE / "seizures.yaml"])
    seizure = mint("seizure", "port-seizures", "SZ-2024-0001").n3()
    port = '"Nogales (DeConcini) port of entry"'
    assert ask(ingestor.store, f"{seizure} a ipas:Seizure ; ipas:commodity ipas:Commodity_Fentanyl"
                               f" ; ipas:place/rdfs:label {port} .")
    assert ask(ingestor.store, f"{seizure} ipas:quantity ?q . FILTER(?q = 12.5)")


@pytest.mark.shared
def test_real_samples_conform_to_shapes(ingestor: Ingestor, shared_dir: Path) -> None:
    data = shared_dir / "data"
    mini = data / "ofac-watchman" / "mini"
    result = load(ingestor, "ofac", sorted(mini.glob("*.csv")))
    assert (result.records, len(result.quarantined)) == (17, 9)
    assert not shacl_failures(result)
    result = load(ingestor, "ftm", [data / "opensanctions-ftm" / "zala.entities.ftm.json"])
    # One FTM Passport carries no number: the shapes require one, so it waits in quarantine.
    assert (result.records, len(result.quarantined)) == (90, 1)
    assert "document number" in str(result.quarantined[0].reasons)
    panama = data / "icij-offshoreleaks" / "panama-2016-mini-EDITED"
    result = load(ingestor, "icij", sorted(panama.glob("*.csv")))
    assert (result.records, len(result.quarantined)) == (145, 0)
    result = load(ingestor, "stix", [data / "stix21" / "threat-reports" / "apt1.json"])
    assert (result.records, len(result.quarantined)) == (76, 0)  # its 77 objects, bundle aside
    assert not shacl_failures(result)
    report = mint("report", "stix", "report--e33ffe07-2f4c-48d8-b0af-ee2619d765cf").n3()
    graded = f"{report} ipas:marking ipas:TLP_AMBER ; ipas:sourceReliability ?r ."
    assert ask(ingestor.store, graded)


def test_loaded_entities_answer_saved_queries(ingestor: Ingestor) -> None:
    from ipas.query.registry import QueryRegistry
    from ipas.settings import PROJECT_ROOT

    load(ingestor, "ofac", sorted((DATA / "ofac").glob("*.csv")))
    registry = QueryRegistry.load(PROJECT_ROOT / "queries")
    scope = Scope.of(ingestor.store.graphs())
    answer = registry.run(ingestor.store, "shared-identifiers", {"kind": "phone"}, scope=scope)
    assert answer.select is not None
    rows = [r for r in answer.select.rows if str(r["value"]) == "526675550100"]
    assert len(rows) == 1 and int(rows[0]["entities"]) == 2  # written two ways, one selector
    assert set(str(rows[0]["entityIris"]).split()) == {
        str(mint("party", "ofac", "9003")), str(mint("party", "ofac", "9005"))}


def test_links_validate_when_records_fall_in_different_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Validate a handful of triples at a time: every link must carry what its shape checks
    # about the other end, because the other end's record is in another chunk.
    monkeypatch.setattr("ipas.ingest.fast.CHUNK_TRIPLES", 10)
    settings = Settings(store=str(tmp_path / "store"), home=tmp_path / "home")
    store = open_store(settings)
    try:
        ing = Ingestor(store, settings)
        for fmt, paths in (
            ("ofac", sorted((DATA / "ofac").glob("*.csv"))),
            ("icij", sorted((DATA / "icij").glob("*.csv"))),
            ("stix", [DATA / "stix" / "bundle.json"]),
            ("ftm", [DATA / "ftm" / "finance.ftm.json"]),
        ):
            result = load(ing, fmt, paths)
            assert not shacl_failures(result), (fmt, shacl_failures(result)[:2])
    finally:
        store.close()
