"""Reads, writes, atomicity and serialization of the Store implementations."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from ipas.errors import BadInput, Conflict, NotAcceptable, UnsupportedMediaType
from ipas.store.base import QueryKind, Scope, Store
from ipas.store.oxigraph import OxigraphStore, read_generation

ALL = Scope.everything()
TTL = b'@prefix e: <urn:e:> . e:a e:p "01"^^<http://www.w3.org/2001/XMLSchema#integer>, "x"@en .'


def test_load_into_named_graph_and_terms_round_trip(store: Store) -> None:
    store.load(TTL, "text/turtle", graph="urn:g")
    assert store.graphs() == ["urn:g"]
    rows = store.select("SELECT ?o { ?s ?p ?o } ORDER BY ?o", scope=ALL).rows
    objs = {r["o"] for r in rows}
    assert any(o.datatype == XSD.integer and o.toPython() == 1 for o in objs)
    assert Literal("x", lang="en") in objs


def test_failed_load_writes_nothing(store: Store) -> None:
    store.load(b"<urn:a> <urn:p> <urn:b> .", "application/n-triples", graph="urn:g1")
    bad = b"<urn:c> <urn:p> <urn:d> .\n<urn:e> <urn:p> <bad iri> .\n"
    with pytest.raises(BadInput) as err:
        store.load(bad, "application/n-triples", graph="urn:g2")
    assert err.value.detail.get("line") == 2
    assert store.graphs() == ["urn:g1"]
    assert store.stats(scope=ALL).triples == 1


def test_unknown_media_type(store: Store) -> None:
    with pytest.raises(UnsupportedMediaType):
        store.load(b"", "application/x-unknown", graph="urn:g")


def test_max_rows_truncates(store: Store) -> None:
    nt = b"".join(b"<urn:s%d> <urn:p> <urn:o> .\n" % i for i in range(10))
    store.load(nt, "application/n-triples", graph="urn:g")
    res = store.select("SELECT ?s { ?s ?p ?o }", scope=ALL, max_rows=3)
    assert len(res.rows) == 3 and res.truncated
    assert not store.select("SELECT ?s { ?s ?p ?o }", scope=ALL, max_rows=10).truncated
    raw = store.query_raw(
        "SELECT ?s { ?s ?p ?o }", scope=ALL, media_type="application/sparql-results+json",
        max_rows=4,
    )
    assert raw.row_count == 4
    assert len(json.loads(raw.body)["results"]["bindings"]) == 4


@pytest.mark.parametrize(
    ("media_type", "marker"),
    [
        ("application/sparql-results+json", b'"bindings"'),
        ("application/sparql-results+xml", b"<sparql"),
        ("text/csv", b"o\r\n"),
        ("text/tab-separated-values", b"?o\n"),
    ],
)
def test_query_raw_select_formats(store: Store, media_type: str, marker: bytes) -> None:
    store.load(TTL, "text/turtle", graph="urn:g")
    raw = store.query_raw("SELECT ?o { ?s ?p ?o }", scope=ALL, media_type=media_type)
    assert raw.kind == QueryKind.SELECT and marker in raw.body and raw.row_count == 2


def test_query_raw_ask_and_construct(store: Store) -> None:
    store.load(TTL, "text/turtle", graph="urn:g")
    ask = store.query_raw("ASK { ?s ?p ?o }", scope=ALL,
                          media_type="application/sparql-results+json")
    assert json.loads(ask.body)["boolean"] is True
    con = store.query_raw("CONSTRUCT WHERE { ?s ?p ?o }", scope=ALL, media_type="text/turtle")
    assert con.kind == QueryKind.CONSTRUCT and b"urn:e:a" in con.body
    with pytest.raises(NotAcceptable):
        store.query_raw("ASK {}", scope=ALL, media_type="image/png")


def test_construct_and_wrong_form(store: Store) -> None:
    store.load(TTL, "text/turtle", graph="urn:g")
    triples = store.construct("CONSTRUCT WHERE { ?s ?p ?o }", scope=ALL)
    assert {t[0] for t in triples} == {URIRef("urn:e:a")}
    with pytest.raises(BadInput):
        store.select("ASK {}", scope=ALL)
    with pytest.raises(BadInput) as err:
        store.select("SELEC ?x {}", scope=ALL)
    assert err.value.detail.get("line") == 1


def test_update_and_drop(store: Store) -> None:
    store.update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:p> <urn:b> } }")
    assert store.ask("ASK { <urn:a> ?p ?o }", scope=ALL)
    store.drop_graph("urn:g")
    store.drop_graph("urn:absent")
    assert store.graphs() == []


def test_export_formats(store: Store) -> None:
    store.load(b"<urn:a> <urn:p> <urn:b> <urn:g1> .\n<urn:c> <urn:p> <urn:d> <urn:g2> .\n",
               "application/n-quads")
    out = io.BytesIO()
    store.export(out, media_type="application/n-quads")
    assert out.getvalue().count(b"\n") == 2
    out = io.BytesIO()
    store.export(out, media_type="application/n-quads", graphs=["urn:g2"])
    assert b"urn:g1" not in out.getvalue() and b"urn:g2" in out.getvalue()
    out = io.BytesIO()
    store.export(out, media_type="text/turtle", graphs=["urn:g1"])
    assert b"urn:a" in out.getvalue() and b"urn:c" not in out.getvalue()
    with pytest.raises(BadInput):
        store.export(io.BytesIO(), media_type="text/turtle")


def test_generation_persisted_and_second_writer_refused(tmp_path: Path) -> None:
    path = tmp_path / "store"
    first = OxigraphStore(path)
    first.load(b"<urn:a> <urn:p> <urn:b> .", "application/n-triples", graph="urn:g")
    assert first.generation == 1 and read_generation(path) == 1
    with pytest.raises(Conflict):
        OxigraphStore(path)
    snapshot = OxigraphStore(path, read_only=True)
    assert snapshot.graphs() == ["urn:g"]
    with pytest.raises(Conflict):
        snapshot.drop_graph("urn:g")
    snapshot.close()
    first.close()
    again = OxigraphStore(path)
    assert again.generation == 1 and again.graphs() == ["urn:g"]
    again.close()


def test_large_file_bulk_load_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ipas.store.oxigraph.BULK_LOAD_BYTES", 10)
    store = OxigraphStore(tmp_path / "store")
    good = tmp_path / "good.nt"
    good.write_bytes(b"".join(b"<urn:s%d> <urn:p> <urn:o> .\n" % i for i in range(1000)))
    store.load(good, "application/n-triples", graph="urn:g")
    assert store.stats(scope=ALL).triples == 1000
    bad = tmp_path / "bad.nt"
    bad.write_bytes(good.read_bytes() + b"<urn:x> <urn:p> .\n")
    with pytest.raises(BadInput) as err:
        store.load(bad, "application/n-triples", graph="urn:bad")
    assert err.value.detail["source"] == "bad.nt"
    assert "urn:bad" not in store.graphs()
    store.close()
