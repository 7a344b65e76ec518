"""Every node shape has a self-contained case (data + expected report) that it fails on purpose."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF, SH

from ipas.ontology import shapes_graph
from tests.shapes.casefile import (
    CASES_DIR,
    normalize,
    result_shapes,
    same_report,
    split_case,
    validate,
)

CASE_FILES = sorted(CASES_DIR.glob("*.ttl"))
NODE_SHAPES = {
    str(s).rsplit("#", 1)[-1]: s
    for s in shapes_graph().subjects(RDF.type, SH.NodeShape)
    if isinstance(s, URIRef)
}


def test_case_files_are_collected() -> None:
    # Guards against silent rot: one case per node shape, and at least as many as we wrote.
    assert len(CASE_FILES) >= 100
    assert len(CASE_FILES) == len(NODE_SHAPES)


def test_every_node_shape_has_a_case() -> None:
    assert {p.stem for p in CASE_FILES} == set(NODE_SHAPES)


def _local(node: object) -> str:
    return str(node).rsplit("/", 1)[-1]


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_shape_case(path: Path) -> None:
    data, expected = split_case(path)
    assert len(expected) > 0, f"{path.name} has no expected report"
    actual = normalize(validate(data))
    same, diff = same_report(expected, actual)
    assert same, f"{path.name}: report differs from the expected one\n{diff}"
    # The shape the case is named after fails at least once...
    assert NODE_SHAPES[path.stem] in result_shapes(actual)
    # ...and only the nodes meant to fail (ex:bad*) do; ex:ok* and the support nodes pass.
    focus = {_local(f) for f in actual.objects(None, SH.focusNode)}
    assert focus and all(f.startswith("bad") for f in focus), sorted(focus)


def test_case_reports_ignore_messages() -> None:
    data, _ = split_case(CASES_DIR / "FacilitationShape.ttl")
    assert not list(normalize(validate(data)).objects(None, SH.resultMessage))


def test_a_wrong_expectation_is_caught() -> None:
    # The comparison is not vacuous: dropping one expected result makes the case fail.
    data, expected = split_case(CASES_DIR / "FacilitationShape.ttl")
    result = next(expected.objects(None, SH.result))
    for triple in list(expected.triples((None, SH.result, result))):
        expected.remove(triple)
    for triple in list(expected.triples((result, None, None))):
        expected.remove(triple)
    same, diff = same_report(expected, normalize(validate(data)))
    assert not same and "only actual" in diff
