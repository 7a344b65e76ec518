"""A CliRunner whose ``ipas`` talks to a fresh on-disk store, home and small shapes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ipas.cli.main import cli

HEADER = """@prefix owl: <http://www.w3.org/2002/07/owl#> .
<https://w3id.org/ipas/ontology> a owl:Ontology .
"""
SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
<urn:ex:PersonShape> a sh:NodeShape ; sh:targetClass <urn:ex:Person> ;
  sh:property [ sh:path <urn:ex:name> ; sh:minCount 1 ; sh:message "a person needs a name" ] .
"""

Invoke = Callable[..., Result]


@pytest.fixture
def ipas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    ontology, shapes = tmp_path / "ontology", tmp_path / "shapes"
    ontology.mkdir()
    shapes.mkdir()
    (ontology / "ipas.ttl").write_text(HEADER)
    (shapes / "ex.ttl").write_text(SHAPES)
    monkeypatch.setenv("IPAS_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("IPAS_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("IPAS_ONTOLOGY_DIR", str(ontology))
    monkeypatch.setenv("IPAS_SHAPES_DIR", str(shapes))
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke
