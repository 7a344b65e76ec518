"""Module discovery, caching, shape coverage of classes, and extensions without code changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import OWL, RDF, SH, SKOS

from ipas.errors import BadInput
from ipas.namespace import IPAS
from ipas.ontology import (
    classes_with_shapes,
    load_ontology,
    load_shapes,
    module_files,
    ontology_graph,
    shapes_graph,
)
from ipas.ontology.files import ONTOLOGY_DIR, SHAPES_DIR

CORE = [
    "agents",
    "alignments",
    "commodities",
    "events",
    "finance",
    "intelligence",
    "ipas",
    "pathways",
]


def test_core_and_extension_modules_are_found() -> None:
    names = [p.relative_to(ONTOLOGY_DIR).as_posix() for p in module_files(ONTOLOGY_DIR)]
    assert names[: len(CORE)] == [f"{n}.ttl" for n in CORE]
    assert "extensions/weapons.ttl" in names[len(CORE) :]
    shapes = [p.relative_to(SHAPES_DIR).as_posix() for p in module_files(SHAPES_DIR)]
    assert "extensions/weapons.ttl" in shapes


def test_graphs_are_cached_and_complete() -> None:
    assert ontology_graph() is ontology_graph()
    assert shapes_graph() is shapes_graph()
    assert len(ontology_graph()) == len(load_ontology())
    assert (IPAS.Firearm, RDF.type, OWL.Class) in ontology_graph()  # extension included
    assert (None, SH.targetClass, IPAS.Firearm) in shapes_graph()


def test_every_class_is_the_target_of_a_shape() -> None:
    # Directly, or through a superclass (SHACL targets follow rdfs:subClassOf).
    uncovered = sorted(
        str(c) for c, shapes in classes_with_shapes().items() if c in IPAS and not shapes
    )
    assert uncovered == []


def test_code_list_classes_have_their_own_shape() -> None:
    covered = classes_with_shapes()
    for cls in ontology_graph().subjects(RDF.type, OWL.Class):
        if isinstance(cls, URIRef) and (cls, None, SKOS.Concept) in ontology_graph():
            assert covered[cls], cls


def test_syntax_error_names_the_file(tmp_path: Path) -> None:
    onto = tmp_path / "ontology"
    (onto / "extensions").mkdir(parents=True)
    (onto / "broken.ttl").write_text("@prefix x: <urn:x#> .\nx:a x:b \n", encoding="utf-8")
    with pytest.raises(BadInput) as err:
        load_ontology(onto)
    assert err.value.detail["source"] == "broken.ttl"


def test_missing_folder_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(BadInput):
        module_files(tmp_path / "nowhere")


def test_a_new_extension_is_picked_up_without_code_changes(tmp_path: Path) -> None:
    onto, shapes = tmp_path / "ontology", tmp_path / "shapes"
    shutil.copytree(ONTOLOGY_DIR, onto)
    shutil.copytree(SHAPES_DIR, shapes)
    (onto / "extensions" / "wildlife.ttl").write_text(
        f"""@prefix ipas: <{IPAS}> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        ipas:WildlifeSpecimen a owl:Class ; rdfs:subClassOf ipas:Asset .""",
        encoding="utf-8",
    )
    (shapes / "extensions" / "wildlife.ttl").write_text(
        f"""@prefix ipas: <{IPAS}> .
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        ipas:WildlifeSpecimenShape a sh:NodeShape ; sh:targetClass ipas:WildlifeSpecimen .""",
        encoding="utf-8",
    )
    new_class = URIRef(f"{IPAS}WildlifeSpecimen")
    assert (new_class, RDF.type, OWL.Class) in load_ontology(onto)
    covered = classes_with_shapes(load_ontology(onto), load_shapes(shapes))
    assert len(covered[new_class]) >= 2  # its own shape plus the inherited Asset shapes
