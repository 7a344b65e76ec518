"""The pipeline on a real on-disk store: commit, quarantine, catalog, idempotence, retract."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from ipas.catalog import RETRACTED
from ipas.errors import BadInput, NotFound, Refused, UnsupportedMediaType
from ipas.ingest import Ingestor
from ipas.sources import LoadOptions
from ipas.store.base import Scope
from ipas.store.oxigraph import OxigraphStore

ALL = Scope.everything()
MIXED = """@prefix e: <urn:ex:> .

e:ana a e:Person ; e:name "Ana" ; e:memberOf e:centinelas .
e:centinelas a e:Cartel .

e:bob a e:Person ;
    e:nick "B" .
e:eve a e:Person ; e:name "Eve" ; e:nick "E1", "E2" ;
    e:address [ e:city "Nogales" ] .
"""
OPTIONS = LoadOptions(marking="TLP:GREEN", agency="HSI", shared_with=("MX-FGR",),
                      reliability="B", credibility="2", source_name="interviews")


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def subjects(store: OxigraphStore, graph: str) -> set[str]:
    rows = store.select("SELECT DISTINCT ?s { ?s ?p ?o }", scope=Scope.of([graph])).rows
    return {str(r["s"]) for r in rows if isinstance(r["s"], URIRef)}


def test_valid_records_commit_invalid_ones_quarantined(
    ingestor: Ingestor, disk_store: OxigraphStore, tmp_path: Path
) -> None:
    result = ingestor.ingest([write(tmp_path, "people.ttl", MIXED)], options=OPTIONS)
    assert result.created and result.records == 3
    assert subjects(disk_store, result.batch.graph) == {
        "urn:ex:ana", "urn:ex:centinelas", "urn:ex:eve"
    }
    (held,) = result.quarantined
    assert str(held.position) == "people.ttl:6 [urn:ex:bob]"
    assert held.reasons[0]["message"] == "a person needs a name"
    assert "urn:ex:bob" in held.triples
    assert [w.severity.value for w in result.warnings] == ["Warning"]  # eve's two nicks
    shown = ingestor.quarantine.show(result.batch.id)
    assert [r.position.line for r in shown] == [6]
    assert len(ingestor.quarantine.report(result.batch.id)) > 0


def test_catalog_entry_committed_with_batch(ingestor: Ingestor, tmp_path: Path) -> None:
    result = ingestor.ingest([write(tmp_path, "people.ttl", MIXED)], options=OPTIONS)
    (entry,) = ingestor.catalog.batches()
    assert entry == result.batch
    assert (entry.marking, entry.agency, entry.shared_with) == ("TLP:GREEN", "HSI", ("MX-FGR",))
    assert (entry.reliability, entry.credibility, entry.source) == ("B", "2", "interviews")
    assert (entry.records, entry.quarantined, entry.loader) == (3, 1, "rdf")
    assert entry.triples == 10 and len(entry.checksum) == 64 and entry.loaded_at.endswith("Z")
    assert ingestor.catalog.get(entry.id).graph == entry.graph


def test_reload_is_idempotent(
    ingestor: Ingestor, disk_store: OxigraphStore, tmp_path: Path
) -> None:
    path = write(tmp_path, "people.ttl", MIXED)
    first = ingestor.ingest([path], options=OPTIONS)
    generation = disk_store.generation
    again = ingestor.ingest([path], options=OPTIONS)
    assert not again.created and again.batch.id == first.batch.id
    assert disk_store.generation == generation
    other = ingestor.ingest([path], options=LoadOptions(marking="TLP:RED", source_name="x"))
    assert other.created and other.batch.id != first.batch.id


def test_retract_drops_graphs_and_marks_entry(
    ingestor: Ingestor, disk_store: OxigraphStore, tmp_path: Path
) -> None:
    result = ingestor.ingest([write(tmp_path, "people.ttl", MIXED)], options=OPTIONS)
    inferred = ingestor.names.inferred_for(result.batch.graph)
    disk_store.load(b"<urn:ex:ana> a <urn:ex:Agent> .", "text/turtle", graph=inferred)
    entry = ingestor.retract(result.batch.id)
    assert entry.status == RETRACTED
    assert result.batch.graph not in disk_store.graphs() and inferred not in disk_store.graphs()
    assert ingestor.catalog.batches() == []
    with pytest.raises(NotFound):
        ingestor.retract("nope")
    reloaded = ingestor.ingest([write(tmp_path, "people.ttl", MIXED)], options=OPTIONS)
    assert reloaded.created  # a retracted batch is not the same batch any more


def test_malformed_turtle_reports_position_and_commits_nothing(
    ingestor: Ingestor, disk_store: OxigraphStore, tmp_path: Path
) -> None:
    bad = write(tmp_path, "bad.ttl", MIXED + '\ne:zed a e:Person ; e:name "unterminated .\n')
    with pytest.raises(BadInput) as err:
        ingestor.ingest([bad], options=OPTIONS)
    assert err.value.detail["source"] == "bad.ttl"
    assert err.value.detail["line"] == 11 and "column" in err.value.detail
    assert str(err.value).startswith("bad.ttl:11:")
    assert disk_store.graphs() == [] and disk_store.generation == 0


def test_rdfxml_doctype_refused_before_parsing(ingestor: Ingestor, tmp_path: Path) -> None:
    laughs = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
              b' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n'
              b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n')
    with pytest.raises(Refused) as err:
        ingestor.ingest([write(tmp_path, "lol.rdf", laughs)])
    assert err.value.detail["line"] == 2


@pytest.mark.parametrize(
    "context",
    ['"https://schema.org/"', '["https://example.org/c.jsonld", {"n": "urn:ex:name"}]',
     '{"@import": "https://example.org/c.jsonld"}'],
)
def test_jsonld_remote_context_refused(ingestor: Ingestor, tmp_path: Path, context: str) -> None:
    doc = '{"@context": ' + context + ', "@id": "urn:ex:a", "n": "x"}'
    with pytest.raises(Refused):
        ingestor.ingest([write(tmp_path, "a.jsonld", doc)])


def test_jsonld_inline_context_and_rdfxml_load(
    ingestor: Ingestor, disk_store: OxigraphStore, tmp_path: Path
) -> None:
    doc = ('{"@context": {"n": "urn:ex:name"}, "@id": "urn:ex:org1", '
           '"@type": "urn:ex:Org", "n": "Org One"}')
    first = ingestor.ingest([write(tmp_path, "a.jsonld", doc)])
    xml = ('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
           ' xmlns:e="urn:ex:">\n<rdf:Description rdf:about="urn:ex:org2">\n'
           '<e:name>Org Two</e:name>\n</rdf:Description>\n</rdf:RDF>\n')
    second = ingestor.ingest([write(tmp_path, "b.rdf", xml)])
    assert subjects(disk_store, first.batch.graph) == {"urn:ex:org1"}
    assert subjects(disk_store, second.batch.graph) == {"urn:ex:org2"}


def test_unknown_extension_and_media_type(ingestor: Ingestor, tmp_path: Path) -> None:
    with pytest.raises(BadInput) as err:
        ingestor.ingest([write(tmp_path, "notes.docx", "x")])
    assert ".ttl" in str(err.value)
    with pytest.raises(BadInput) as err:
        ingestor.ingest([write(tmp_path, "a.ttl", "")], fmt="nonesuch")
    assert "supported formats" in str(err.value)
    with pytest.raises(UnsupportedMediaType):
        ingestor.ingest_bytes(b"x", "application/msword")


def test_ingest_bytes_and_store_context(
    ingestor: Ingestor, disk_store: OxigraphStore
) -> None:
    org = ingestor.ingest_bytes(b"<urn:ex:c2> a <urn:ex:Cartel> .", "text/turtle")
    assert org.created and org.batch.source == "request body"
    person = b'<urn:ex:p2> a <urn:ex:Person> ; <urn:ex:name> "P" ; <urn:ex:memberOf> <urn:ex:c2> .'
    result = ingestor.ingest_bytes(person, "text/turtle", OPTIONS)
    assert result.ok, [q.reasons for q in result.quarantined]  # c2's type came from the store


def test_check_writes_nothing(
    ingestor: Ingestor, disk_store: OxigraphStore, tmp_path: Path
) -> None:
    result = ingestor.check([write(tmp_path, "people.ttl", MIXED)])
    assert (result.records, len(result.quarantined)) == (3, 1)
    assert disk_store.graphs() == [] and ingestor.quarantine.summaries() == []


def test_inferences_materialized_beside_the_batch(
    ingestor: Ingestor, disk_store: OxigraphStore, tmp_path: Path
) -> None:
    from ipas.ingest import ensure_ontology

    assert ensure_ontology(disk_store, ingestor.settings)
    result = ingestor.ingest([write(tmp_path, "people.ttl", MIXED)])
    inferred = ingestor.names.inferred_for(result.batch.graph)
    assert result.inferred > 0 and inferred in disk_store.graphs()
    query = "ASK { <urn:ex:centinelas> a <urn:ex:Org> }"
    assert disk_store.ask(query, scope=Scope.of([inferred]))
    assert not disk_store.ask(query, scope=Scope.of([result.batch.graph]))
    no_reasoning = Ingestor(disk_store, ingestor.settings, reason=False)
    other = no_reasoning.ingest([write(tmp_path, "b.ttl", "<urn:ex:c9> a <urn:ex:Cartel> .")])
    assert other.inferred == 0
    assert ingestor.names.inferred_for(other.batch.graph) not in disk_store.graphs()


def test_loader_rejections_are_quarantined_not_dropped(
    ingestor: Ingestor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from collections.abc import Iterator, Sequence
    from typing import ClassVar

    from rdflib import Literal

    from ipas.sources import Loader, Record, Rejected, SourcePosition, Triples

    class Rows(Loader):
        name: ClassVar[str] = "rows"
        summary: ClassVar[str] = "test rows"

        def read(self, paths: Sequence[Path], options: LoadOptions
                 ) -> Iterator[Record | Rejected]:
            for n, line in enumerate(paths[0].read_text().splitlines(), start=1):
                pos = SourcePosition(paths[0].name, n, line.split(",")[0])
                if line.count(",") != 1:
                    yield Rejected(pos, "expected two fields", raw=line)
                    continue
                g = Triples()
                subject = URIRef(f"urn:ex:{line.split(',')[0]}")
                g.add((subject, URIRef("urn:ex:label"), Literal(line.split(",")[1])))
                yield Record(pos, g, frozenset({subject}))

    monkeypatch.setattr("ipas.ingest.pipeline.get_loader", lambda name: Rows())
    result = ingestor.ingest([write(tmp_path, "rows.csv", "a,A\nb\nc,C\n")], fmt="rows")
    assert (result.records, result.triples) == (2, 2)
    (held,) = ingestor.quarantine.show(result.batch.id)
    assert str(held.position) == "rows.csv:2 [b]" and held.triples == "b"
    assert held.reasons[0]["message"] == "expected two fields"
