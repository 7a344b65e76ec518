"""The lean read path: which queries skip the workers, and that they answer exactly as a worker.

Lean queries run in the server's process, where nothing can stop them, so the classification
is tested as a table of texts (each refused construct is one that Oxigraph may evaluate with a
scan or a hash join over the store), and the executor tests check where a query ran by the
worker pool's count of started workers (no timing).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import URIRef

from ipas.facade import sparql as facade_sparql
from ipas.query.executor import IsolatedStore
from ipas.query.lean import MAX_TRIPLES, is_lean
from ipas.query.lean_reader import LEAN_MAX_ROWS
from ipas.settings import Settings
from ipas.store.base import Scope
from ipas.store.oxigraph import OxigraphStore

LEAN = [
    "SELECT ?p ?o WHERE { <urn:e> ?p ?o }",
    "SELECT ?o { <urn:a> ?p ?o } ORDER BY DESC(?o) LIMIT 3 OFFSET 1",
    "PREFIX ex: <urn:x#> SELECT * { ex:a ex:p ?o . ?o ex:q ?z ; ex:r ?w , ?v }",
    "SELECT ?x WHERE { ?x <urn:memberOf> <urn:org> }",
    "SELECT * { <urn:a> ?p ?o OPTIONAL { ?o <urn:label> ?l } }",
    "SELECT * { <urn:a> ?p ?o FILTER NOT EXISTS { ?o ?q ?r } }",
    "SELECT * { <urn:a> ?p ?o FILTER(?o > 3 && regex(str(?o), 'x')) }",
    "SELECT * { GRAPH ?g { <urn:a> ?p ?o } }",
    "ASK { <urn:a> ?p ?o }",
    "CONSTRUCT WHERE { <urn:a> ?p ?o }",
    "SELECT * { <urn:a> <urn:p> \"x\"@en , \"y\"^^<urn:t>, 3, -4, true }",
    "SELECT * FROM <urn:g> { <urn:a> ?p $x . ?x ?q ?r }",
]
NOT_LEAN = [
    "SELECT * { ?s ?p ?o }",
    "SELECT ?x WHERE { ?x a <urn:Person> }",  # every member of a class
    "PREFIX r: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> SELECT * { ?x r:type <urn:P> }",
    "SELECT ?x WHERE { ?x ?p <urn:org> }",
    "SELECT * { ?o <urn:q> ?z . <urn:e> ?p ?o }",  # anchored only later: not followed
    "SELECT * { <urn:e> <urn:p>+ ?o }",
    "SELECT * { <urn:e> <urn:p>/<urn:q> ?o }",
    "SELECT * { <urn:e> ^<urn:p> ?o }",
    "SELECT * { <urn:e> <urn:p>? ?o }",
    "SELECT * { <urn:e> !<urn:p> ?o }",
    "SELECT * { { <urn:e> ?p ?o } UNION { ?o ?p <urn:e> } }",
    "SELECT * { <urn:e> ?p ?o MINUS { ?o ?q ?r } }",
    "SELECT * { OPTIONAL { <urn:a> <urn:p> ?x } ?x ?q ?y }",  # ?x may be unbound
    "SELECT * { <urn:a> ?p ?o BIND(?o AS ?x) ?x ?q ?r }",
    "SELECT * { <urn:a> ?p ?o . <urn:b> ?q ?r }",  # a cartesian product
    "SELECT (COUNT(*) AS ?n) { <urn:a> ?p ?o }",
    "SELECT * { <urn:a> ?p ?o { SELECT ?x { ?x ?y ?z } } }",
    "SELECT * { <urn:a> ?p ?o FILTER(!EXISTS { ?z ?q ?r }) }",
    "SELECT * { GRAPH ?g { ?a ?p ?o } }",
    "SELECT * { <urn:a> ?p ?o } VALUES ?o { 1 }",
    "SELECT * { <urn:a> <urn:p> [ <urn:q> ?o ] }",
    "SELECT * { _:b <urn:p> ?o }",
    "SELECT * { <urn:\\u0061> ?p ?o }",  # escapes: not interpreted here
    "DESCRIBE <urn:a>",
    "SELECT * { <urn:a> ?p ?o0 . " + " . ".join(f"?o{i} ?p ?o{i + 1}"
                                                for i in range(MAX_TRIPLES)) + " }",
]


@pytest.mark.parametrize("text", LEAN)
def test_lean(text: str) -> None:
    assert is_lean(text)


@pytest.mark.parametrize("text", NOT_LEAN)
def test_not_lean(text: str) -> None:
    assert not is_lean(text)


def test_rest_entity_get_is_lean_and_neighbours_is_not() -> None:
    assert is_lean(facade_sparql.DESCRIBE, bound={"_id"})
    assert not is_lean(facade_sparql.DESCRIBE)  # ?_id unbound: every statement
    assert not is_lean(facade_sparql.NEIGHBOURS, bound={"_id"})  # UNION


G, HIDDEN = "urn:test:g", "urn:test:hidden"
SCOPE = Scope.of([G])


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[tuple[OxigraphStore, Settings, Path]]:
    inner = OxigraphStore(tmp_path / "store")
    inner.load(b"<urn:s> <urn:p> 1, 2 ; <urn:q> 'x' .", "text/turtle", graph=G)
    inner.load(b"<urn:s> <urn:p> 99 .", "text/turtle", graph=HIDDEN)
    settings = Settings(store=str(tmp_path / "store"), query_workers=1)
    yield inner, settings, tmp_path
    inner.close()


def _workers(store: IsolatedStore) -> int:
    assert store._pool is not None
    return store._pool._started


def test_lean_queries_run_in_process_within_scope(
    disk: tuple[OxigraphStore, Settings, Path],
) -> None:
    inner, settings, _ = disk
    store = IsolatedStore(inner, settings)
    try:
        lookup = "SELECT ?o WHERE { <urn:s> <urn:p> ?o } ORDER BY ?o"
        rows = [r["o"].toPython() for r in store.select(lookup, scope=SCOPE).rows]
        assert rows == [1, 2]  # 99 is in a graph outside the scope
        hidden = "SELECT ?o WHERE { GRAPH <urn:test:hidden> { <urn:s> ?p ?o } }"
        assert store.select(hidden, scope=SCOPE).rows == []
        assert _workers(store) == 0  # neither started a worker
        inner.load(b"<urn:s> <urn:p> 3 .", "text/turtle", graph=G)  # a new generation
        assert len(store.select(lookup, scope=SCOPE).rows) == 3  # the snapshot reopened
        assert store.select("SELECT ?s { ?s ?p ?o }", scope=SCOPE).rows  # not lean
        assert _workers(store) == 1
    finally:
        store.close()


def test_bound_variables_must_be_substituted(
    disk: tuple[OxigraphStore, Settings, Path],
) -> None:
    inner, settings, _ = disk
    store = IsolatedStore(inner, settings)
    try:
        # ?_id is not projected: the engine cannot substitute it, so the text is no longer
        # anchored in the plan; it goes to a worker (which binds it with VALUES).
        text = "SELECT ?p ?o WHERE { ?_id ?p ?o }"
        assert is_lean(text, bound={"_id"})
        rows = store.select(text, scope=SCOPE, bindings={"_id": URIRef("urn:s")}).rows
        assert len(rows) == 3 and _workers(store) == 1
    finally:
        store.close()


def test_lean_reads_can_be_switched_off(disk: tuple[OxigraphStore, Settings, Path]) -> None:
    inner, settings, _ = disk
    store = IsolatedStore(inner, settings.model_copy(update={"lean_reads": False}))
    try:
        assert store.ask("ASK { <urn:s> <urn:q> 'x' }", scope=SCOPE)
        assert _workers(store) == 1
    finally:
        store.close()


def test_a_large_answer_is_built_by_a_worker(disk: tuple[OxigraphStore, Settings, Path]) -> None:
    inner, settings, _ = disk
    many = LEAN_MAX_ROWS + 10
    inner.load("".join(f"<urn:hub> <urn:p> {i} .\n" for i in range(many)).encode(),
               "text/turtle", graph=G)
    store = IsolatedStore(inner, settings)
    try:
        hub = "SELECT ?o WHERE { <urn:hub> <urn:p> ?o }"
        cut = store.select(hub, scope=SCOPE, max_rows=10)  # the caller's own limit: lean
        assert len(cut.rows) == 10 and cut.truncated and _workers(store) == 0
        whole = store.select(hub, scope=SCOPE)  # past what is built in process: a worker
        assert len(whole.rows) == many and not whole.truncated and _workers(store) == 1
    finally:
        store.close()


ESCAPES = [  # lean texts that try to read the hidden graph
    "SELECT ?o WHERE { GRAPH <urn:test:hidden> { <urn:s> ?p ?o } }",
    "SELECT ?g ?o WHERE { GRAPH ?g { <urn:s> <urn:p> ?o } }",
    "SELECT ?o FROM <urn:test:hidden> WHERE { <urn:s> <urn:p> ?o }",
    "SELECT ?o FROM NAMED <urn:test:hidden> WHERE { GRAPH ?g { <urn:s> ?p ?o } }",
    "ASK { <urn:s> <urn:p> 99 }",
    "CONSTRUCT WHERE { <urn:s> <urn:p> ?o }",
]


def test_lean_answers_equal_the_workers_within_the_scope(
    disk: tuple[OxigraphStore, Settings, Path],
) -> None:
    inner, settings, _ = disk
    lean = IsolatedStore(inner, settings)
    workers = IsolatedStore(inner, settings.model_copy(update={"lean_reads": False}))
    try:
        for text in ESCAPES:
            assert is_lean(text), text
            media = "application/n-triples" if text.startswith("CONSTRUCT") else "text/csv"
            got = lean.query_raw(text, scope=SCOPE, media_type=media)
            want = workers.query_raw(text, scope=SCOPE, media_type=media)
            assert got.body == want.body and b"99" not in got.body, text
        assert _workers(lean) == 0 and _workers(workers) == 1
    finally:
        lean.close()
        workers.close()
