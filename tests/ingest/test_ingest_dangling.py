"""No dangling links (#16.4) and true counts (#16.5), over every loader and the RDF path.

For each format, one record that other records of the same batch link to is made to fail
validation (an extra shape that targets exactly its node: the project's shapes judge every
other record as usual). Nothing committed may describe or point at it afterwards, every
triple that did is in quarantine with the reason "refers to quarantined record ...", and what
the load reports as committed equals a SPARQL count over the batch's graphs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from ipas.cli.main import cli
from ipas.ingest import Ingestor, ensure_ontology
from ipas.settings import PROJECT_ROOT, Settings
from ipas.sources import LoadOptions, Record, get_loader
from ipas.store.base import Scope
from ipas.store.oxigraph import OxigraphStore
from ipas.validation import Validator

DATA = Path(__file__).parents[1] / "data" / "loaders"
RDF_DOC = """@prefix ipas: <https://w3id.org/ipas/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix e: <https://w3id.org/ipas/id/test/> .
e:house a ipas:Location ; rdfs:label "Stash house" .
e:yard a ipas:Location ; rdfs:label "Yard" ; ipas:locatedIn e:house .
"""
FORMATS = {
    "ofac": lambda: sorted((DATA / "ofac").glob("*.csv")),
    "icij": lambda: sorted((DATA / "icij").glob("*.csv")),
    "stix": lambda: [DATA / "stix" / "bundle.json"],
    "ftm": lambda: [DATA / "ftm" / "finance.ftm.json"],
    "cbp-seizures": lambda: [DATA / "cbp" / "drugs.csv"],
    "mapping": lambda: [PROJECT_ROOT / "docs" / "examples" / "mapping" / "seizures.yaml"],
}
# The mapping example links no row to another; this one does (a person "knows" another row's).
KNOWS = """source: {name: crew, format: csv, files: [crew.csv]}
entities:
  person:
    class: ipas:Person
    key: "{id}"
    properties:
      rdfs:label: {column: name, required: true}
      rdfs:seeAlso: {ref: {kind: person, key: "{knows}"}}
"""


def linked_node(fmt: str, paths: list[Path]) -> str | None:
    """A node one record describes (its subject) that another record links to."""
    records = [r for r in get_loader(fmt).read(paths, LoadOptions()) if isinstance(r, Record)]
    owners: dict[str, set[int]] = {}
    for i, record in enumerate(records):
        for s in record.subjects:
            owners.setdefault(str(s), set()).add(i)
    for i, record in enumerate(records):
        for _, _, o in record.graph:
            # The subject of one record only, linked to from another.
            if isinstance(o, URIRef) and len(owners.get(str(o), ())) == 1 \
                    and i not in owners[str(o)]:
                return str(o)
    return None


def failing_validator(node: str) -> Validator:
    shapes = Validator.from_settings(Settings(store="memory")).shapes
    extra = Graph().parse(format="turtle", data=f"""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:test:FailShape> a sh:NodeShape ; sh:targetNode <{node}> ;
          sh:property [ sh:path <urn:test:never> ; sh:minCount 1 ;
                        sh:message "held back by the test" ] .""")
    base = Validator.from_settings(Settings(store="memory"))
    return Validator(shapes + extra, base.ontology)


def load(tmp_path: Path, fmt: str, paths: list[Path], node: str):  # type: ignore[no-untyped-def]
    settings = Settings(store=str(tmp_path / "store"), home=tmp_path / "home")
    store = OxigraphStore(tmp_path / "store")
    ensure_ontology(store, settings)
    ingestor = Ingestor(store, settings, failing_validator(node))
    return settings, store, ingestor.ingest(paths, fmt=fmt)


def count(store: OxigraphStore, graph: str) -> int:
    return store.stats(scope=Scope.of([graph])).triples


def check_no_dangling(store: OxigraphStore, graph: str, node: str) -> None:
    rows = store.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(?s = ?n || ?o = ?n) }",
                        scope=Scope.of([graph]), bindings={"n": URIRef(node)}).rows
    assert rows == [], f"committed triples still touch {node}: {rows[:3]}"


@pytest.mark.parametrize("fmt", [*sorted(FORMATS), "mapping-links"])
def test_links_to_a_quarantined_record_are_quarantined_too(tmp_path: Path, fmt: str) -> None:
    if fmt == "mapping-links":
        (tmp_path / "crew.yaml").write_text(KNOWS)
        (tmp_path / "crew.csv").write_text("id,name,knows\n1,Ana,2\n2,Beto,3\n3,Caro,1\n")
        fmt, paths = "mapping", [tmp_path / "crew.yaml"]
    else:
        paths = FORMATS[fmt]()
    node = linked_node(fmt, paths)
    if node is None:
        pytest.skip(f"{fmt}: no record of the sample links to another record's node")
    _, store, result = load(tmp_path, fmt, paths, node)
    held = [q for q in result.quarantined if q.reasons[0]["message"] == "held back by the test"]
    assert held and all(node in q.triples for q in held)
    refers = [q for q in result.quarantined
              if q.reasons[0]["message"].startswith("refers to quarantined record")]
    assert refers and all(f"<{node}>" in q.triples for q in refers)
    assert all(q.position.source != "(unknown)" for q in refers)
    check_no_dangling(store, result.batch.graph, node)
    # What the load reports is what the store holds, asserted and inferred apart.
    inferred_graph = result.batch.graph + "/inferred"
    assert result.triples == count(store, result.batch.graph) > 0
    assert result.inferred == count(store, inferred_graph)
    store.close()


def test_rdf_path_and_printed_counts(tmp_path: Path) -> None:
    path = tmp_path / "route.ttl"
    path.write_text(RDF_DOC)
    node = "https://w3id.org/ipas/id/test/house"
    settings, store, result = load(tmp_path, "rdf", [path], node)
    (refers,) = [q for q in result.quarantined if q.reasons[0]["message"] ==
                 f"refers to quarantined record {node}"]
    assert refers.position.source == "route.ttl" and refers.position.line == 5
    check_no_dangling(store, result.batch.graph, node)
    asserted = count(store, result.batch.graph)
    inferred = count(store, result.batch.graph + "/inferred")
    assert (result.triples, result.inferred) == (asserted, inferred) and inferred > 0
    store.close()
    # `ipas batches list` says the same (the catalog holds the counts, not the staging file).
    home, where = ["--home", str(settings.home)], ["--store", settings.store]
    listed = CliRunner().invoke(cli, [*where, *home, "batches", "list", "--json"])
    assert listed.exit_code == 0, listed.output
    (entry,) = json.loads(listed.output)
    assert (entry["triples"], entry["inferred"]) == (asserted, inferred)


def test_duplicate_triples_across_records_counted_once(tmp_path: Path) -> None:
    # Every OFAC record restates the shared nodes it uses (country, programme): the store
    # keeps each triple once, and so does the count.
    settings = Settings(store=str(tmp_path / "store"), home=tmp_path / "home")
    store = OxigraphStore(tmp_path / "store")
    result = Ingestor(store, settings).ingest(sorted((DATA / "ofac").glob("*.csv")),
                                              fmt="ofac")
    assert result.triples == count(store, result.batch.graph)
    assert result.inferred == count(store, result.batch.graph + "/inferred")
    store.close()
    runner = CliRunner()
    out = runner.invoke(cli, ["--store", settings.store, "--home", str(settings.home),
                              "load", *map(str, sorted((DATA / "ofac").glob("*.csv"))),
                              "--format", "ofac"])
    assert "unchanged" in out.output  # the second load is the same batch, same counts
