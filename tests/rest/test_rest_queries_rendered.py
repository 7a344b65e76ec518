"""Saved-query rows rendered by the query worker, over real HTTP on an on-disk store.

The route forwards the bytes its worker rendered (:mod:`ipas.query.rows`) instead of parsing
SPARQL results into Python terms: the answers must be what the terms path renders, cell for
cell, in JSON, CSV and JSON-LD; the row limit, the caller's scope and the time limit still
hold.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest

from api.routes.answers import rows_response
from ipas.query.rows import CSV, JSON, JSONLD
from ipas.settings import Settings
from ipas.store.base import Scope
from tests.api_sparql.conftest import NAMES
from tests.rest.live_queries import EX, GREEN, get, serve_queries

DATA = f"""@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{EX}a> <{EX}v> 1, "2.50"^^xsd:decimal, "INF"^^xsd:double, true, "01"^^xsd:integer,
    "x1"^^xsd:integer, "2020-01-02"^^xsd:date, "hola"@es, "=HYPERLINK(\\"http://x\\")",
    "-12.5", "ünï “quoted”", [] .
<{EX}b> <{EX}v> <{EX}c> .
<{EX}d> <{EX}w> 1 .
"""
THINGS = """#+ summary: Every value of every thing
SELECT ?s ?v ?other WHERE { ?s ?p ?v OPTIONAL { ?s <http://example.org/w> ?other } }
ORDER BY ?s STR(?v)
"""
RUNAWAY = """#+ summary: A cartesian product that never ends in time
SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?t ?h . ?i ?u ?j }
"""
MEDIA = (JSON, CSV, JSONLD)
Live = tuple[str, dict[str, dict[str, str]], Any]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    bulk = "\n".join(f"<{EX}n{i}> <{EX}v> {i} ." for i in range(300))
    with serve_queries(tmp_path_factory.mktemp("rendered"),
                       {"things": THINGS, "runaway": RUNAWAY}, DATA + bulk,
                       max_result_rows=200, answer_cache_mb=0) as served:
        yield served.url, served.headers, served.store


@pytest.mark.parametrize("media", MEDIA)
def test_worker_rendering_is_what_the_terms_path_renders(live: Live, media: str) -> None:
    url, headers, store = live
    status, ctype, body = get(f"{url}/queries/things", headers["analyst"], media)
    assert status == 200, body
    # The terms path: the same query through the store's select, rendered in this process.
    scope = Scope.of([NAMES.ontology, GREEN.graph, NAMES.inferred_for(GREEN.graph)])
    select = store.select(THINGS.split("\n", 1)[1], scope=scope, max_rows=200)
    reference = rows_response(media, select.variables, select.rows,
                              meta={"query": "things", "truncated": True, "inference": "all"},
                              vocab=f"{Settings().base_iri}query/things#")
    assert ctype == reference.headers["content-type"]
    assert body == reference.body


def test_cells_keep_their_types_and_spreadsheets_stay_safe(live: Live) -> None:
    url, headers, _ = live
    _, _, body = get(f"{url}/queries/things", headers["analyst"], JSON)
    doc = json.loads(body)
    assert list(doc) == ["query", "truncated", "inference", "columns", "rows"]
    values = [r["v"] for r in doc["rows"] if r["s"] == f"{EX}a"]
    assert 1 in values and 2.5 in values and True in values
    assert "INF" in values  # not a finite number: its lexical form, never invalid JSON
    assert "x1" in values and "2020-01-02" in values and "hola" in values
    assert any(isinstance(v, str) and v.startswith("_:") for v in values)
    assert "ünï “quoted”" in body.decode("utf-8")  # UTF-8, not escaped
    assert all("other" not in r for r in doc["rows"] if r["s"] == f"{EX}a")  # unbound: absent
    _, _, text = get(f"{url}/queries/things", headers["analyst"], CSV)
    cells = [c for row in csv.reader(io.StringIO(text.decode("utf-8"))) for c in row]
    assert "'=HYPERLINK(\"http://x\")" in cells and "-12.5" in cells
    _, _, ld = get(f"{url}/queries/things", headers["analyst"], JSONLD)
    graph = json.loads(ld)["@graph"]
    assert {"@value": "hola", "@language": "es"} in [n["v"] for n in graph]
    assert {"@id": f"{EX}c"} in [n["v"] for n in graph]


def test_row_limit_and_scope_hold(live: Live) -> None:
    url, headers, _ = live
    _, _, body = get(f"{url}/queries/things", headers["analyst"], JSON)
    doc = json.loads(body)
    assert doc["truncated"] is True and len(doc["rows"]) == 200
    assert "hidden" not in body.decode() and f"{EX}secret" not in body.decode()
    _, _, admin = get(f"{url}/queries/things", headers["admin"], CSV)
    _, _, analyst = get(f"{url}/queries/things", headers["analyst"], CSV)
    assert b"hidden" not in analyst  # the analyst cannot read TLP:RED
    assert admin.count(b"\r\n") == analyst.count(b"\r\n") == 201


def test_a_runaway_saved_query_is_still_stopped(live: Live) -> None:
    url, headers, _ = live
    status, ctype, body = get(f"{url}/queries/runaway", headers["analyst"], JSON)
    assert status == 503 and ctype.startswith("application/problem+json")
    assert json.loads(body)["type"].endswith("query_timeout")
    status, _, _ = get(f"{url}/queries/things", headers["analyst"], JSON)
    assert status == 200  # the worker was replaced
