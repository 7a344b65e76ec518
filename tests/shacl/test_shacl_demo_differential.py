"""On our own shapes and the demo, the compiled validator reports exactly what pyshacl does.

The demo conforms, so it is also checked broken on purpose: literals of the wrong datatype,
links to nodes of the wrong class, and removed required properties must give the same
violations from both validators.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from pyshacl import validate
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SH

from ipas.namespace import IPAS, RDFS
from ipas.settings import PROJECT_ROOT, Settings
from ipas.shacl.validator import CompiledValidator, ShaclResult, graph_to_store
from ipas.validation import load_ontology, load_shapes

DEMO = PROJECT_ROOT / "demo"


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(Settings().shapes_dir)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology(Settings().ontology_dir)


def _demo() -> Graph:
    graph = Graph()
    for entry in json.loads((DEMO / "manifest.json").read_text())["files"]:
        graph.parse(DEMO / entry["path"])
    return graph


def _key(r: ShaclResult) -> tuple[str, ...]:
    return (str(r.focus), str(r.path), str(r.value), str(r.source_shape), str(r.component),
            str(r.severity))


def _both(data: Graph, shapes: Graph, ontology: Graph) -> tuple[Counter[tuple[str, ...]], ...]:
    _, report, _ = validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none",
                            allow_warnings=True, allow_infos=True)
    assert isinstance(report, Graph)
    reference: Counter[tuple[str, ...]] = Counter()
    for top in report.subjects(RDF.type, SH.ValidationReport):
        for node in report.objects(top, SH.result):
            reference[tuple(str(report.value(node, p)) for p in (
                SH.focusNode, SH.resultPath, SH.value, SH.sourceShape,
                SH.sourceConstraintComponent, SH.resultSeverity))] += 1
    store = graph_to_store(data + ontology)
    compiled = Counter(_key(r) for r in CompiledValidator(shapes).validate_store(store))
    return reference, compiled


def test_every_shape_of_ours_compiles(shapes: Graph) -> None:
    validator = CompiledValidator(shapes)
    assert validator.fully_compiled, f"left to pyshacl: {sorted(map(str, validator.fallback))}"


def test_demo_same_results(shapes: Graph, ontology: Graph) -> None:
    reference, compiled = _both(_demo(), shapes, ontology)
    assert compiled == reference


def test_broken_demo_same_results(shapes: Graph, ontology: Graph) -> None:
    data = _demo()
    transfers = sorted(data.subjects(RDF.type, IPAS.Transfer))[:3]
    seizures = sorted(data.subjects(RDF.type, IPAS.Seizure))[:3]
    orgs = sorted(set(data.objects(None, IPAS.servedNetwork)))[:2]
    for transfer in transfers:
        data.set((transfer, IPAS.amount, Literal("lots")))  # wrong datatype
        data.remove((transfer, IPAS.date, None))
    for seizure in seizures:
        data.remove((seizure, IPAS.commodity, None))  # breaks the sh:or
        data.add((seizure, IPAS.agency, orgs[0]))  # wrong class
    for org in orgs:
        data.remove((org, RDFS.label, None))
    data.add((URIRef("urn:broken:x"), RDF.type, IPAS.Transfer))  # nothing but a type
    reference, compiled = _both(data, shapes, ontology)
    violations = [k for k in reference if k[-1].endswith("Violation")]
    assert len(violations) >= 8
    assert compiled == reference
