"""Apps for REST tests: a given store, fixed bearer tokens, and per-test settings."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from ipas.errors import Unauthorized
from ipas.security.principal import Principal, Role
from ipas.settings import Settings
from ipas.store.base import Scope, Store

ONTOLOGY = """@prefix t: <http://example.org/t#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
t:Agent a owl:Class ; rdfs:label "Agent"@en ; skos:definition "Someone who acts."@en .
t:Person a owl:Class ; rdfs:subClassOf t:Agent ; rdfs:label "Person"@en .
t:Organization a owl:Class ; rdfs:subClassOf t:Agent ; rdfs:label "Organization"@en .
t:alias a owl:DatatypeProperty ; rdfs:label "alias"@en .
t:born a owl:DatatypeProperty ; rdfs:label "date of birth"@en .
t:size a owl:DatatypeProperty ; rdfs:label "size"@en .
t:memberOf a owl:ObjectProperty ; rdfs:label "member of"@en .
t:grade a owl:DatatypeProperty ; rdfs:label "grade"@en .
"""
SHAPES = """@prefix t: <http://example.org/t#> .
@prefix ts: <http://example.org/ts#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ts:AgentShape a sh:NodeShape ; sh:targetClass t:Agent ;
  sh:property [ sh:path rdfs:label ; sh:datatype xsd:string ; sh:minCount 1 ] ;
  sh:property [ sh:path t:alias ; sh:datatype xsd:string ] .
ts:PersonShape a sh:NodeShape ; sh:targetClass t:Person ;
  sh:property [ sh:path t:born ; sh:datatype xsd:date ; sh:maxCount 1 ] ;
  sh:property [ sh:path t:memberOf ; sh:class t:Organization ] ;
  sh:property [ sh:path t:grade ; sh:in ("A" "B" "C") ; sh:maxCount 1 ] .
ts:OrganizationShape a sh:NodeShape ; sh:targetClass t:Organization ;
  sh:property [ sh:path t:size ; sh:datatype xsd:integer ; sh:maxCount 1 ] .
"""
TOKENS = {
    "analyst-token": Principal("ana", Role.ANALYST),
    "loader-token": Principal("lou", Role.LOADER, agency="HSI"),  # owns what it loads
    "narrow-token": Principal("nora", Role.PARTNER),
}


class FixedAccess:
    """The AccessControl contract over fixed tokens: everyone sees every graph of the store,
    except principals given a narrower list."""

    def __init__(self, graphs: Callable[[], Iterable[str]], narrow: dict[str, list[str]]):
        self._graphs = graphs
        self._narrow = narrow

    def authenticate(self, authorization: str | None, *, client_host: str | None) -> Principal:
        _, _, token = (authorization or "").partition(" ")
        for known, principal in TOKENS.items():
            if hmac.compare_digest(known.encode(), token.encode()):
                return principal
        raise Unauthorized("credentials required")

    def scope_for(self, principal: Principal) -> Scope:
        visible = set(self._graphs())
        if principal.name in self._narrow:
            visible &= set(self._narrow[principal.name])
        return Scope.of(visible)


@pytest.fixture
def make_client(tmp_path: Path) -> Callable[..., TestClient]:
    """Build an app over ``store``; ``narrow`` lists the only graphs the partner token sees."""

    def build(store: Store, narrow: list[str] | None = None, **overrides: object) -> TestClient:
        settings = Settings(store="memory", home=tmp_path / "home", **overrides)  # type: ignore[arg-type]
        access = FixedAccess(store.graphs, {"nora": narrow or []})
        app: FastAPI = create_app(settings, store=store, access=access)
        return TestClient(app)

    return build


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    """A tiny ontology and its shapes (Agent > Person, Organization) in a temp copy."""
    onto, shapes = tmp_path / "ontology", tmp_path / "shapes"
    (onto / "extensions").mkdir(parents=True)
    (shapes / "extensions").mkdir(parents=True)
    (onto / "core.ttl").write_text(ONTOLOGY)
    (shapes / "core.ttl").write_text(SHAPES)
    return onto, shapes
