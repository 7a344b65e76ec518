"""An on-disk store, deployment home, and a small ontology and shapes of our own.

The ingest tests use their own vocabulary (``urn:ex:``) so they test the pipeline, not the
project's ontology, which changes on its own schedule.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ipas.ingest import Ingestor
from ipas.settings import Settings
from ipas.store.oxigraph import OxigraphStore

HEADER = """@prefix owl: <http://www.w3.org/2002/07/owl#> .
<https://w3id.org/ipas/ontology> a owl:Ontology .
"""
ONTOLOGY = """@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<urn:ex:Cartel> rdfs:subClassOf <urn:ex:Org> .
"""
SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
<urn:ex:PersonShape> a sh:NodeShape ; sh:targetClass <urn:ex:Person> ;
  sh:property [ sh:path <urn:ex:name> ; sh:minCount 1 ; sh:message "a person needs a name" ] ;
  sh:property [ sh:path <urn:ex:memberOf> ; sh:class <urn:ex:Org> ] ;
  sh:property [ sh:path <urn:ex:nick> ; sh:maxCount 1 ; sh:severity sh:Warning ] .
"""


@pytest.fixture
def ingest_settings(tmp_path: Path) -> Settings:
    ontology, shapes = tmp_path / "ontology", tmp_path / "shapes"
    ontology.mkdir()
    shapes.mkdir()
    (ontology / "ipas.ttl").write_text(HEADER)
    (ontology / "ex.ttl").write_text(ONTOLOGY)
    (shapes / "ex.ttl").write_text(SHAPES)
    return Settings(store=str(tmp_path / "store"), home=tmp_path / "home",
                    ontology_dir=ontology, shapes_dir=shapes)


@pytest.fixture
def disk_store(ingest_settings: Settings) -> Iterator[OxigraphStore]:
    store = OxigraphStore(Path(ingest_settings.store))
    yield store
    store.close()


@pytest.fixture
def ingestor(disk_store: OxigraphStore, ingest_settings: Settings) -> Ingestor:
    return Ingestor(disk_store, ingest_settings)
