"""The W3C SPARQL 1.1 query suite (evaluation, syntax, result formats) against the store.

Each query goes the way the endpoint sends it: through the guard (with a permissive graph
naming, since the suite names its own files as graphs), with the dataset built by the same
rule (``FROM`` clauses, else the test's default graph and named graphs), to
:func:`ipas.query.worker.run_job` on a pyoxigraph store, which serializes the answer; the
answer is then read back and compared with the expected results.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from ipas.errors import BadInput, Refused
from ipas.query.guard import Guard
from ipas.query.worker import Job, run_job
from ipas.store.base import QueryKind
from tests.conformance.compare import (
    canonical,
    is_graph_result,
    read_graph,
    read_result_set_graph,
    read_results,
    rows_of,
    same_rows,
)
from tests.conformance.manifests import MF, QT, Case, cases, file_of
from tests.conformance.skips import QUERY_SKIPS

CASES = cases(
    "sparql11-query/manifest-sparql11-query.ttl",
    "sparql11-query/csv-tsv-res/manifest.ttl",
    "sparql11-query/json-res/manifest.ttl",
)
EXPECTED_COUNT = 338  # ../shared/suites/SOURCES.md: 232 evaluation + 3 CSV + 103 syntax
DEFAULT = "urn:x-conformance:default-graph"
GUARD = Guard(graph_base="", max_chars=1_000_000, max_depth=64)
_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)
_LOAD_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".rdf": ox.RdfFormat.RDF_XML,
                 ".nt": ox.RdfFormat.N_TRIPLES}


def test_every_case_was_collected(shared_dir: Path) -> None:
    assert len(CASES) == EXPECTED_COUNT
    assert set(QUERY_SKIPS) <= {c.id for c in CASES}, "a skip names no test"


@pytest.mark.shared
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_w3c_query(case: Case, shared_dir: Path) -> None:
    if case.id in QUERY_SKIPS:
        pytest.skip(QUERY_SKIPS[case.id])
    kind = case.type.split("#")[-1]
    if kind in ("PositiveSyntaxTest11", "NegativeSyntaxTest11"):
        _syntax(case, positive=kind.startswith("Positive"))
    elif kind in ("QueryEvaluationTest", "CSVResultFormatTest"):
        _evaluation(case, csv_format=kind == "CSVResultFormatTest")
    else:
        pytest.fail(f"unknown test type {kind}")


def _syntax(case: Case, *, positive: bool) -> None:
    path = file_of(case.value(MF.action))
    text = path.read_text(encoding="utf-8")
    try:
        checked = GUARD.check_query(text)
        run_job(ox.Store(), Job(text, _media(checked.form), None, None,
                                base_iri=path.as_uri()))
    except (BadInput, Refused) as err:
        if positive and "line" not in err.detail and not isinstance(err, Refused):
            return  # parsed; failed only when evaluated (e.g. an unknown extension function)
        assert not positive, f"valid query refused: {err}"
        return
    assert positive, "invalid query accepted"


def _media(form: QueryKind | None) -> str:
    if form in (QueryKind.CONSTRUCT, QueryKind.DESCRIBE):
        return "application/n-triples"
    return "application/sparql-results+json"


def _evaluation(case: Case, *, csv_format: bool) -> None:
    action = case.value(MF.action)
    query_path = file_of(case.graph.value(action, QT.query))
    text = query_path.read_text(encoding="utf-8")
    store = ox.Store()
    for data in case.graph.objects(action, QT.data):
        _load(store, file_of(data), None)
    named = []
    for data in case.graph.objects(action, QT.graphData):
        named.append(str(data))
        _load(store, file_of(data), str(data))
    checked = GUARD.check_query(text)
    base = query_path.as_uri()
    if checked.from_graphs or checked.from_named_graphs:
        default = tuple(_resolve(g, base) for g in checked.from_graphs)
        names = tuple(_resolve(g, base) for g in checked.from_named_graphs)
        for iri in {*default, *names} - {*named, DEFAULT}:  # FROM names a suite file
            _load(store, file_of(ox.NamedNode(iri).value), iri)
    else:
        default, names = (DEFAULT,), tuple(named)
    expected_path = file_of(case.value(MF.result))
    media = "text/csv" if csv_format else _media(checked.form)
    answer = run_job(store, Job(text, media, default, names, base_iri=base))
    if csv_format:
        assert same_rows(_csv(expected_path.read_bytes()), _csv(answer.body), ordered=False)
    elif checked.form in (QueryKind.CONSTRUCT, QueryKind.DESCRIBE):
        got = ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES)
        assert canonical(got) == read_graph(expected_path)
    else:
        actual = ox.parse_query_results(answer.body, ox.QueryResultsFormat.JSON)
        if is_graph_result(expected_path):
            boolean, expected_vars, expected_rows = read_result_set_graph(expected_path)
        else:
            expected = read_results(expected_path)
            boolean = bool(expected) if isinstance(expected, ox.QueryBoolean) else None
            if boolean is None:
                expected_vars, expected_rows = rows_of(expected)
        if boolean is not None:
            assert bool(actual) == boolean
            return
        actual_vars, actual_rows = rows_of(actual)
        assert actual_vars == expected_vars
        ordered = bool(_ORDER_BY.search(text))
        assert same_rows(expected_rows, actual_rows, ordered=ordered), (
            f"expected {expected_rows}\n     got {actual_rows}"
        )


def _load(store: ox.Store, path: Path, graph: str | None) -> None:
    target = ox.NamedNode(graph or DEFAULT)
    store.load(path=str(path), format=_LOAD_FORMATS[path.suffix], base_iri=path.as_uri(),
               to_graph=target)


def _resolve(iri: str, base: str) -> str:
    from urllib.parse import urljoin

    return urljoin(base, iri)


def _csv(body: bytes) -> list[dict[str, str]]:
    """Rows by column name (the column order of ``SELECT *`` is not defined), empty = unbound."""
    text = body.decode("utf-8").replace("\r\n", "\n")
    return [{k: _number(v) for k, v in row.items() if v}
            for row in csv.DictReader(io.StringIO(text))]


def _number(cell: str) -> str:
    """CSV drops datatypes: numbers compare by value ("1.0E6" is "1000000")."""
    try:
        return repr(float(cell))
    except ValueError:
        return cell
