"""``shared-identifiers`` compares identifiers within their scheme: the same digits as an ICIJ
node id and as an OFAC entity number are not a shared identifier (the false "matches" seen
on real data); the same passport number on two people is.

Shortcut: a small in-memory store loaded directly (the query, not the loaders, is under
test; the loaders' identifier shapes are tested in tests/loaders)."""

from __future__ import annotations

from ipas.query.registry import QueryRegistry
from ipas.settings import PROJECT_ROOT
from ipas.store.base import Scope
from ipas.store.oxigraph import OxigraphStore

DATA = """@prefix ipas: <https://w3id.org/ipas/ontology#> .
@prefix ex: <urn:test:> .
ex:ofac a ipas:Organization ; ipas:hasIdentifier ex:i1 .
ex:i1 ipas:identifierValue "12000001" ; ipas:identifierScheme ipas:Scheme_OfacEntityNumber .
ex:icij a ipas:Organization ; ipas:hasIdentifier ex:i2 .
ex:i2 ipas:identifierValue "12000001" ; ipas:identifierScheme ipas:Scheme_IcijNodeId .
ex:ana a ipas:Person ; ipas:hasIdentityDocument ex:p1 .
ex:p1 a ipas:Passport ; ipas:identifierValue "X 123-456" .
ex:ann a ipas:Person ; ipas:hasIdentityDocument ex:p2 .
ex:p2 a ipas:Passport ; ipas:identifierValue "x123456" .
ex:bob a ipas:Person ; ipas:hasIdentityDocument ex:p3 .
ex:p3 a ipas:NationalIdentityCard ; ipas:identifierValue "X123456" .
"""


def test_identifiers_match_only_within_their_scheme() -> None:
    store = OxigraphStore()
    store.load(DATA.encode(), "text/turtle", graph="urn:test:graph")
    registry = QueryRegistry.load(PROJECT_ROOT / "queries")
    rows = registry.run(store, "shared-identifiers", {}, scope=Scope.everything()).select
    assert rows is not None
    found = {(str(r["kind"]), str(r["scheme"]), str(r["value"])): set(str(r["entityIris"]).split())
             for r in rows.rows}
    assert found == {("document", "Passport", "X123456"): {"urn:test:ana", "urn:test:ann"}}
