"""The generated namespace module is current, complete and strict."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import ipas.namespace as generated
from ipas.namespace import IPAS
from ipas.ontology import ontology_graph
from ipas.ontology.files import ONTOLOGY_DIR
from ipas.ontology.namespace_gen import OUTPUT, main, render


def test_namespace_module_regenerates_identically() -> None:
    assert OUTPUT.read_text(encoding="utf-8") == render(ontology_graph())
    assert main(["--check"]) == 0


def test_check_fails_on_a_stale_module(tmp_path: Path) -> None:
    onto = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY_DIR, onto)
    (onto / "extensions" / "extra.ttl").write_text(
        f"@prefix ipas: <{IPAS}> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "ipas:Extra a owl:Class .\n",
        encoding="utf-8",
    )
    out = tmp_path / "namespace.py"
    out.write_text(OUTPUT.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["--check", "--ontology-dir", str(onto), "--output", str(out)]) == 1
    assert main(["--ontology-dir", str(onto), "--output", str(out)]) == 0
    assert "    Extra: URIRef" in out.read_text(encoding="utf-8")
    assert main(["--check", "--ontology-dir", str(onto), "--output", str(out)]) == 0


def test_module_is_marked_generated() -> None:
    assert OUTPUT.read_text(encoding="utf-8").startswith('"""GENERATED — do not edit.')


def test_every_declared_term_is_an_attribute() -> None:
    declared = {str(t)[len(str(IPAS)) :] for t in ontology_graph().subjects() if t in IPAS}
    assert declared
    for name in declared:
        assert str(getattr(IPAS, name)) == f"{IPAS}{name}"


def test_unknown_terms_raise() -> None:
    with pytest.raises(AttributeError):
        IPAS.subOrganzationOf  # noqa: B018 - the typo must fail loudly


def test_standard_namespaces_are_reexported() -> None:
    for name in "RDF RDFS OWL XSD SKOS PROV GEO TIME ORG SDO FTM DCTERMS SH".split():
        assert name in generated.__all__ and getattr(generated, name) is not None
    assert str(generated.ONTOLOGY_IRI) + "#" == str(IPAS)
    assert generated.VERSION == "0.1.0"
