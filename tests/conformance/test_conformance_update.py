"""The W3C SPARQL 1.1 Update suite against the store (H3's OxigraphStore, in memory).

Each update passes the guard first (permissive graph naming: the suite writes to
``http://example.org/...`` graphs), then runs through the store's writer; the whole dataset
(default graph and every named graph) is then compared with the expected one, blank nodes
canonicalized.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDFS

from ipas.errors import BadInput, Refused
from ipas.query.guard import Guard
from ipas.store.oxigraph import OxigraphStore
from tests.conformance.manifests import MF, SUITES, UT, Case, cases, file_of
from tests.conformance.skips import UPDATE_SKIPS

FOLDERS = ("add", "basic-update", "clear", "copy", "delete-data", "delete-insert",
           "delete-where", "delete", "drop", "move", "update-silent")
CASES = cases(*(f"sparql11-update/{folder}/manifest.ttl" for folder in FOLDERS))
EXPECTED_COUNT = 102  # 94 evaluation + 8 negative syntax, counted from the 11 manifests
GUARD = Guard(graph_base="", max_chars=1_000_000, max_depth=64)
_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES,
            ".rdf": ox.RdfFormat.RDF_XML}


def test_every_case_was_collected(shared_dir: Path) -> None:
    assert (SUITES / "sparql11-update").is_dir()
    assert len(CASES) == EXPECTED_COUNT
    assert set(UPDATE_SKIPS) <= {c.id for c in CASES}, "a skip names no test"


@pytest.mark.shared
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_w3c_update(case: Case, shared_dir: Path) -> None:
    if case.id in UPDATE_SKIPS:
        pytest.skip(UPDATE_SKIPS[case.id])
    kind = case.type.split("#")[-1]
    if kind == "NegativeSyntaxTest11":
        text = file_of(case.value(MF.action)).read_text(encoding="utf-8")
        with pytest.raises(BadInput):
            GUARD.check_update(text)
            OxigraphStore().update(text)
        return
    assert kind == "UpdateEvaluationTest", kind
    action = case.value(MF.action)
    text = file_of(case.graph.value(action, UT.request)).read_text(encoding="utf-8")
    store = OxigraphStore()
    _load(store, case, action)
    try:
        GUARD.check_update(text)
        store.update(text)
    except (BadInput, Refused) as err:
        pytest.fail(f"update failed: {err}")
    expected = OxigraphStore()
    _load(expected, case, case.value(MF.result))
    assert _dataset(store) == _dataset(expected)


def _load(store: OxigraphStore, case: Case, node: object) -> None:
    for data in case.graph.objects(node, UT.data):
        path = file_of(data)
        store.engine.load(path=str(path), format=_FORMATS[path.suffix], base_iri=path.as_uri())
    for graph_data in case.graph.objects(node, UT.graphData):
        path = file_of(case.graph.value(graph_data, UT.graph))
        name = str(case.graph.value(graph_data, RDFS.label))
        store.engine.load(path=str(path), format=_FORMATS[path.suffix], base_iri=path.as_uri(),
                          to_graph=ox.NamedNode(name))


def _dataset(store: OxigraphStore) -> set[str]:
    dataset = ox.Dataset(store.engine.quads_for_pattern(None, None, None, None))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {str(q) for q in dataset}
