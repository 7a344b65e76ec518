"""docs/ontology.md is enough to write the analyst queries: its SPARQL runs on the demo."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph

from ipas.namespace import IPAS
from ipas.settings import PROJECT_ROOT

DOC = PROJECT_ROOT / "docs" / "ontology.md"
DEMO = sorted((PROJECT_ROOT / "demo").glob("*.ttl"))


def _queries() -> list[str]:
    return re.findall(r"```sparql\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


@pytest.fixture(scope="module")
def demo() -> Graph:
    if not DEMO:
        pytest.skip("demo/ has no Turtle files yet")
    graph = Graph()
    for path in DEMO:
        graph.parse(path, format="turtle")
    return graph


def test_doc_has_the_worked_queries() -> None:
    assert len(_queries()) == 3
    assert "```mermaid" in DOC.read_text(encoding="utf-8")


def test_facilitators_serving_two_networks_with_different_commodities(demo: Graph) -> None:
    rows = list(demo.query(_queries()[0]))
    assert rows
    for row in rows:
        facilitator, _, network_a, network_b, only_a, only_b = row
        assert network_a != network_b and str(only_a) and str(only_b)
        assert not set(str(only_a).split()) & set(str(only_b).split())
        served = {
            demo.value(role, IPAS.servedNetwork)
            for role in demo.subjects(IPAS.facilitator, facilitator)
        }
        assert {network_a, network_b} <= served


@pytest.mark.parametrize("index", [1, 2])
def test_evidence_queries_run(demo: Graph, index: int) -> None:
    assert list(demo.query(_queries()[index]))
