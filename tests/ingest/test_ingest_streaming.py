"""N-Triples stream in chunks with exact lines; delta records withdraw earlier statements."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import ClassVar

import pytest
from rdflib import RDF, Literal, URIRef

from ipas.errors import BadInput
from ipas.ingest import Ingestor
from ipas.sources import Loader, LoadOptions, Record, Rejected, SourcePosition, Triples
from ipas.store.base import Scope
from ipas.store.oxigraph import OxigraphStore
from loaders.rdf import RdfLoader


def ntriples(n: int, bad_at: int | None = None) -> bytes:
    """``n`` people, two lines each, with comments and blank lines in between."""
    lines = ["# people"]
    for i in range(n):
        lines.append(f"<urn:ex:p{i}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                     "<urn:ex:Person> .")
        if i != bad_at:
            lines.append(f'<urn:ex:p{i}> <urn:ex:name> "P{i}" .')
        if i % 7 == 0:
            lines.append("")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("loaders.rdf.CHUNK_LINES", 50)
    monkeypatch.setattr("ipas.ingest.fast.CHUNK_TRIPLES", 64)


def test_streamed_ntriples_exact_lines(
    small_chunks: None, ingestor: Ingestor, disk_store: OxigraphStore, tmp_path: Path
) -> None:
    data = ntriples(600, bad_at=457)
    path = tmp_path / "people.nt"
    path.write_bytes(data)
    result = ingestor.ingest([path])
    assert result.records == 599 and result.triples == 1198
    (held,) = result.quarantined
    expected = data.decode().splitlines().index(
        "<urn:ex:p457> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <urn:ex:Person> ."
    ) + 1
    assert (held.position.line, held.position.record_id) == (expected, "urn:ex:p457")
    count = disk_store.stats(scope=Scope.of([result.batch.graph])).triples
    assert count == 1198


def test_records_stream_before_a_late_syntax_error(small_chunks: None, tmp_path: Path) -> None:
    path = tmp_path / "late.nt"
    path.write_bytes(ntriples(300) + b"<urn:ex:x> <urn:ex:p> .\n")
    records = RdfLoader().read([path], LoadOptions())
    first = next(records)  # yielded before the parser reaches the bad line
    assert isinstance(first, Record) and first.position.line == 2
    with pytest.raises(BadInput) as err:
        list(records)
    assert err.value.detail["line"] == len(path.read_bytes().splitlines())


def test_late_syntax_error_commits_nothing(
    small_chunks: None, ingestor: Ingestor, disk_store: OxigraphStore, tmp_path: Path
) -> None:
    path = tmp_path / "late.nq"
    path.write_bytes(ntriples(300) + b"<urn:ex:x> <urn:ex:p> .\n")
    with pytest.raises(BadInput):
        ingestor.ingest([path])
    assert disk_store.graphs() == []
    assert list((ingestor.settings.home / "tmp").iterdir()) == []  # staging file removed


class DeltaLoader(Loader):
    """A stand-in delta stream: ``+s name`` adds, ``-s`` withdraws (one record per line)."""

    name: ClassVar[str] = "delta"
    summary: ClassVar[str] = "test delta stream"

    def read(self, paths: Sequence[Path], options: LoadOptions) -> Iterator[Record | Rejected]:
        for path in paths:
            for line_no, line in enumerate(path.read_text().splitlines(), start=1):
                subject = URIRef(f"urn:ex:{line[1:].split()[0]}")
                pos = SourcePosition(path.name, line_no, str(subject))
                graph = Triples()
                if line.startswith("+"):
                    graph.add((subject, URIRef("urn:ex:label"), Literal(line.split()[1])))
                    graph.add((subject, RDF.type, URIRef("urn:ex:Cartel")))
                    yield Record(pos, graph, frozenset({subject}), retractions=(subject,))
                else:
                    yield Record(pos, graph, frozenset(), retractions=(subject,))


def test_delta_retractions_withdraw_earlier_statements(
    ingestor: Ingestor, disk_store: OxigraphStore, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("ipas.ingest.pipeline.get_loader", lambda name: DeltaLoader())
    options = LoadOptions(source_name="feed")
    first = tmp_path / "d1.txt"
    first.write_text("+a A1\n+b B1\n")
    ingestor.ingest([first], fmt="delta", options=options)
    second = tmp_path / "d2.txt"
    second.write_text("+a A2\n-b\n")
    ingestor.ingest([second], fmt="delta", options=options)
    other = tmp_path / "o.txt"
    other.write_text("+b Bother\n")
    ingestor.ingest([other], fmt="delta", options=LoadOptions(source_name="other feed"))
    rows = disk_store.select("SELECT ?s ?l { ?s <urn:ex:label> ?l }",
                             scope=Scope.of([b.graph for b in ingestor.catalog.batches()])).rows
    assert sorted((str(r["s"]), str(r["l"])) for r in rows) == [
        ("urn:ex:a", "A2"), ("urn:ex:b", "Bother")
    ]
    # Inferences drawn from withdrawn statements go too (the feed's inferred graphs are redone).
    feed = [b.graph for b in ingestor.catalog.batches() if b.source == "feed"]
    feed_scope = Scope.of(feed + [ingestor.names.inferred_for(g) for g in feed])
    assert disk_store.ask("ASK { <urn:ex:a> a <urn:ex:Org> }", scope=feed_scope)
    assert not disk_store.ask("ASK { <urn:ex:b> ?p ?o }", scope=feed_scope)


def turtle(n: int) -> bytes:
    """``n`` people, each with an address written as a nested blank node."""
    lines = ["@prefix e: <urn:ex:> ."]
    for i in range(n):
        lines.append(f'e:p{i} a e:Person ; e:name "P{i}" ; e:address [ e:city "C{i}" ] .')
    return ("\n".join(lines) + "\n").encode()


def test_turtle_streams_in_windows_keeping_blank_nodes_with_their_subject(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("loaders.rdf.WINDOW", 7)  # a window boundary every couple of records
    path = tmp_path / "people.ttl"
    path.write_bytes(turtle(40) + b"e:bad e:p .\n")
    records = RdfLoader().read([path], LoadOptions())
    first = next(records)  # yielded before the parser reaches the bad last line
    assert isinstance(first, Record) and first.position.record_id == "urn:ex:p0"
    seen = [first]
    with pytest.raises(BadInput) as err:
        seen.extend(records)
    assert err.value.detail["line"] == 42
    assert [r.position.line for r in seen] == list(range(2, 2 + len(seen)))
    for record in seen:  # each person has its 4 triples: type, name, address, the city
        assert len(record.graph) == 4, (record.position, list(record.graph))
