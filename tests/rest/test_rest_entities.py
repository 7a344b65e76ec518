"""The ontology-driven REST facade over a small self-contained ontology, shapes and data."""

from __future__ import annotations

import shutil

import pytest
from fastapi.testclient import TestClient

from ipas.namespace import IPAS, SKOS
from ipas.store.oxigraph import OxigraphStore

ANALYST = {"Authorization": "Bearer analyst-token"}
NARROW = {"Authorization": "Bearer narrow-token"}
BASE = "https://w3id.org/ipas/id/"

DATA = """@prefix t: <http://example.org/t#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/ipas/id/person/t/jose> a t:Person ; rdfs:label "José Peña" ;
  t:alias "El Contador" ; t:born "1970-03-04"^^xsd:date ; t:grade "A" ;
  t:memberOf <https://w3id.org/ipas/id/org/t/valle> .
<https://w3id.org/ipas/id/person/t/ana> a t:Person ; rdfs:label "Ana \\"}# Ruiz" ;
  t:born "1985-01-01"^^xsd:date ; t:grade "B" .
<https://w3id.org/ipas/id/org/t/valle> a t:Organization ; rdfs:label "Valle Dorado" ; t:size 40 .
<https://w3id.org/ipas/id/org/t/centinelas> a t:Organization ;
  rdfs:label "Los Centinelas" ; t:size 12 .
"""


@pytest.fixture
def store() -> OxigraphStore:
    s = OxigraphStore()
    s.load(DATA.encode(), "text/turtle", graph=BASE + "graph/batch/b1")
    s.load(EVIDENCE.encode(), "text/turtle", graph=BASE + "graph/batch/b2")
    return s


EVIDENCE = f"""
<https://w3id.org/ipas/id/report/t/r1> <{IPAS.supports}> <https://w3id.org/ipas/id/person/t/jose> ;
  <http://www.w3.org/2000/01/rdf-schema#label> "Debrief 7" ;
  <{IPAS.sourceReliability}> "E" ; <{IPAS.informationCredibility}> 5 ;
  <{IPAS.marking}> <{IPAS.TLP_AMBER}> .
<{IPAS.TLP_AMBER}> <{SKOS.notation}> "TLP:AMBER" .
"""


@pytest.fixture
def client(make_client, store, dirs, tmp_path) -> TestClient:
    empty = tmp_path / "queries"
    empty.mkdir()
    return make_client(store, narrow=["urn:none"], ontology_dir=dirs[0], shapes_dir=dirs[1],
                       queries_dir=empty)


def ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def test_every_shaped_class_has_routes(client: TestClient) -> None:
    slugs = [c["slug"] for c in client.get("/entities", headers=ANALYST).json()]
    assert slugs == ["agent", "organization", "person"]
    paths = client.get("/openapi.json").json()["paths"]
    for slug in slugs:
        assert f"/entities/{slug}" in paths and f"/entities/{slug}/search" in paths
        assert f"/entities/{slug}/{{entity_id}}" in paths
        assert f"/entities/{slug}/{{entity_id}}/neighbours" in paths


def test_openapi_has_typed_filters_and_a_schema_per_class(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    params = {p["name"]: p["schema"] for p in doc["paths"]["/entities/person"]["get"]["parameters"]}
    assert params["limit"]["maximum"] == 500 and params["offset"]["minimum"] == 0
    assert params["born"] == {"type": "string", "format": "date"}
    assert params["born_from"] == params["born_to"] == params["born"]
    assert params["grade"]["enum"] == ["A", "B", "C"]
    assert params["memberOf"]["type"] == "string" and params["sort"]["anyOf"][0]["enum"] == [
        "label", "-label", "born", "-born", "grade", "-grade"]
    schemas = doc["components"]["schemas"]
    person = schemas["Person"]["properties"]
    assert person["born"]["title"] == "date of birth"
    assert person["memberOf"]["items"]["$ref"].endswith("/EntityLink")
    assert person["alias"]["type"] == "array"  # inherited from the Agent shape
    assert schemas["Organization"]["properties"]["size"]["anyOf"][0]["type"] == "integer"


def test_list_pages_sorts_and_counts(client: TestClient) -> None:
    r = client.get("/entities/agent", params={"sort": "label"}, headers=ANALYST)
    assert ids(r) == ["person/t/ana", "person/t/jose", "org/t/centinelas", "org/t/valle"]
    assert r.json()["total"] == 4  # subclasses count as members of the superclass
    r = client.get("/entities/agent", params={"sort": "label", "limit": 2, "offset": 1},
                   headers=ANALYST)
    assert ids(r) == ["person/t/jose", "org/t/centinelas"] and r.json()["total"] == 4
    r = client.get("/entities/organization", params={"sort": "-size"}, headers=ANALYST)
    assert ids(r) == ["org/t/valle", "org/t/centinelas"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"born_from": "1980-01-01"}, ["person/t/ana"]),
        ({"born_to": "1980-01-01"}, ["person/t/jose"]),
        ({"born": "1970-03-04"}, ["person/t/jose"]),
        ({"grade": "B"}, ["person/t/ana"]),
        ({"memberOf": "org/t/valle"}, ["person/t/jose"]),
        ({"memberOf": BASE + "org/t/valle"}, ["person/t/jose"]),
        ({"alias": "el contador"}, ["person/t/jose"]),
        ({"alias": '"'}, []),
        ({"alias": "\\u0022 } #"}, []),
        ({"alias": '" } } ; DROP ALL #'}, []),
        ({"memberOf": "urn:x#y"}, []),
    ],
)
def test_filters_are_typed_and_bound(client: TestClient, params, expected) -> None:
    r = client.get("/entities/person", params={**params, "sort": "label"}, headers=ANALYST)
    assert ids(r) == expected


@pytest.mark.parametrize(
    "params",
    [{"limit": 0}, {"limit": 501}, {"offset": -1}, {"offset": 10_001}, {"born": "yesterday"},
     {"grade": "Z"}, {"sort": "nope"}, {"born_from": "1980-02-30"}, {"nationalty": "x"},
     {"label": "x"}],
)
def test_bad_list_parameters_are_422(client: TestClient, params) -> None:
    assert client.get("/entities/person", params=params, headers=ANALYST).status_code == 422


def test_memberof_filter_with_a_bad_iri_is_422(client: TestClient) -> None:
    for bad in ("a b", "urn:x#}", "urn:x> . ?s ?p ?o"):
        r = client.get("/entities/person", params={"memberOf": bad}, headers=ANALYST)
        assert r.status_code == 422 and "memberOf" in r.json()["message"]


def test_get_by_id_with_labels_and_jsonld(client: TestClient) -> None:
    r = client.get("/entities/person/person/t/jose", headers=ANALYST)
    assert r.status_code == 200
    body = r.json()
    assert body["label"] == "José Peña" and body["born"] == "1970-03-04"
    assert body["memberOf"] == [{"id": "org/t/valle", "iri": BASE + "org/t/valle",
                                 "label": "Valle Dorado"}]
    assert body["alias"] == ["El Contador"] and body["grade"] == "A"
    r = client.get("/entities/person/person/t/jose",
                   headers={**ANALYST, "Accept": "application/ld+json"})
    doc = r.json()
    assert r.headers["content-type"].startswith("application/ld+json")
    assert doc["@context"]["memberOf"] == {"@id": "http://example.org/t#memberOf",
                                           "@type": "@id"}
    assert doc["@context"]["born"]["@type"].endswith("#date")
    assert doc["id"] == BASE + "person/t/jose" and doc["memberOf"] == [BASE + "org/t/valle"]


def test_jsonld_round_trips_through_rdflib(client: TestClient) -> None:
    from rdflib import Graph, URIRef

    r = client.get("/entities/person/person/t/jose",
                   headers={**ANALYST, "Accept": "application/ld+json"})
    g = Graph().parse(data=r.text, format="json-ld")
    assert (URIRef(BASE + "person/t/jose"), URIRef("http://example.org/t#memberOf"),
            URIRef(BASE + "org/t/valle")) in g


@pytest.mark.parametrize("path", [
    "/entities/person/person/t/nobody", "/entities/person/org/t/valle",  # wrong class
    "/entities/person/~!!!", "/entities/person/a b", "/entities/person/person/t/nobody/neighbours",
])
def test_unknown_ids_are_404(client: TestClient, path: str) -> None:
    assert client.get(path, headers=ANALYST).status_code == 404


def test_search_is_case_and_accent_insensitive_over_labels_and_aliases(client) -> None:
    for q in ("jose pena", "JOSÉ", "peña", "contador", "EL CONTADOR"):
        r = client.get("/entities/person/search", params={"q": q}, headers=ANALYST)
        assert ids(r) == ["person/t/jose"], q
    # A superclass finds its subclasses' members; a short last word is a prefix.
    r = client.get("/entities/agent/search", params={"q": "va"}, headers=ANALYST)
    assert ids(r) == ["org/t/valle"]
    r = client.get("/entities/person/search", params={"q": '"}# ruiz'}, headers=ANALYST)
    assert ids(r) == ["person/t/ana"]
    only_punctuation = client.get("/entities/person/search", params={"q": '"}#'},
                                  headers=ANALYST)
    assert only_punctuation.status_code == 422
    r = client.get("/entities/person/search", params={"q": "valle"}, headers=ANALYST)
    assert ids(r) == []
    assert client.get("/entities/person/search", headers=ANALYST).status_code == 422


def test_search_transliterates_and_follows_commits(client, store) -> None:
    r = client.get("/entities/person/search", params={"q": "vladimir"}, headers=ANALYST)
    assert ids(r) == []
    store.load('<https://w3id.org/ipas/id/person/t/vp> a <http://example.org/t#Person> ; '
               '<http://www.w3.org/2000/01/rdf-schema#label> "Владимир Петров" ; '
               '<http://example.org/t#alias> "Ахмед" .'.encode(), "text/turtle",
               graph=BASE + "graph/batch/b3")
    for q in ("vladimir petrov", "Владимир", "petrof", "akhmed", "ahmed"):
        r = client.get("/entities/person/search", params={"q": q}, headers=ANALYST)
        assert ids(r) == ["person/t/vp"], q
    # The partner's scope has no graph with the name: no hit, whatever the index holds.
    r = client.get("/entities/person/search", params={"q": "vladimir"}, headers=NARROW)
    assert ids(r) == []


def test_neighbours_in_and_out_with_their_graphs(client: TestClient) -> None:
    r = client.get("/entities/organization/org/t/valle/neighbours", headers=ANALYST)
    assert r.status_code == 200
    (link,) = r.json()["links"]
    assert link["direction"] == "in" and link["other"]["id"] == "person/t/jose"
    assert link["property"] == "http://example.org/t#memberOf"
    assert link["graphs"] == [BASE + "graph/batch/b1"]
    r = client.get("/entities/person/person/t/jose/neighbours", headers=ANALYST)
    (out,) = r.json()["links"]
    assert (out["direction"], out["other"]["label"]) == ("out", "Valle Dorado")
    # The report supports the node stating the link (José), with its grades and marking.
    assert out["evidence"] == [{"id": "report/t/r1", "iri": BASE + "report/t/r1",
                                "label": "Debrief 7", "reliability": "E", "credibility": "5",
                                "marking": "TLP:AMBER"}]
    # No catalog entries in this store: the batch list is empty, the graph is still named.
    assert out["batches"] == [] and out["graphs"] == [BASE + "graph/batch/b1"]


def test_scope_hides_entities(client: TestClient) -> None:
    assert ids(client.get("/entities/person", headers=NARROW)) == []
    assert client.get("/entities/person/person/t/jose", headers=NARROW).status_code == 404
    assert client.get("/entities/person").status_code == 401


def test_an_extension_module_appears_with_no_code_change(make_client, store, dirs, tmp_path):
    onto, shapes = dirs
    copy_onto, copy_shapes = tmp_path / "o2", tmp_path / "s2"
    shutil.copytree(onto, copy_onto)
    shutil.copytree(shapes, copy_shapes)
    (copy_onto / "extensions" / "weapons.ttl").write_text(
        "@prefix t: <http://example.org/t#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        't:Firearm a owl:Class ; rdfs:label "Firearm"@en .\n'
        't:serialNumber a owl:DatatypeProperty ; rdfs:label "serial number"@en .\n')
    (copy_shapes / "extensions" / "weapons.ttl").write_text(
        "@prefix t: <http://example.org/t#> . @prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "t:FirearmShape a sh:NodeShape ; sh:targetClass t:Firearm ;\n"
        "  sh:property [ sh:path t:serialNumber ; sh:datatype xsd:string ; sh:maxCount 1 ] .\n")
    store.load(b'<https://w3id.org/ipas/id/firearm/t/g1> a <http://example.org/t#Firearm> ; '
               b'<http://example.org/t#serialNumber> "SN-1" .', "text/turtle",
               graph=BASE + "graph/batch/b2")
    client = make_client(store, ontology_dir=copy_onto, shapes_dir=copy_shapes,
                         queries_dir=tmp_path)
    doc = client.get("/openapi.json").json()
    assert "/entities/firearm" in doc["paths"]
    assert doc["components"]["schemas"]["Firearm"]["properties"]["serialNumber"]["title"] == (
        "serial number")
    r = client.get("/entities/firearm", params={"serialNumber": "sn-1"}, headers=ANALYST)
    assert ids(r) == ["firearm/t/g1"]
    before = make_client(store, ontology_dir=onto, shapes_dir=shapes, queries_dir=tmp_path)
    assert "/entities/firearm" not in before.get("/openapi.json").json()["paths"]


def test_class_catalogue_and_unknown_class(client: TestClient) -> None:
    classes = {c["slug"]: c for c in client.get("/entities", headers=ANALYST).json()}
    person = {p["name"]: p for p in classes["person"]["properties"]}
    assert person["born"]["datatype"].endswith("#date") and person["born"]["max_count"] == 1
    assert person["memberOf"]["class"] == "http://example.org/t#Organization"
    assert person["alias"]["label"] == "alias"  # inherited from the Agent shape
    assert classes["agent"]["definition"] == "Someone who acts."
    assert client.get("/entities/nope", headers=ANALYST).status_code == 404
    assert client.get("/entities/nope/x/neighbours", headers=ANALYST).status_code == 404


def test_the_weapons_extension_is_what_adds_its_classes(make_client, tmp_path) -> None:
    """The real ontology and shapes with and without extensions/weapons.ttl (temp copies)."""
    from ipas.settings import PROJECT_ROOT

    onto, shapes = tmp_path / "onto", tmp_path / "shapes"
    shutil.copytree(PROJECT_ROOT / "ontology", onto)
    shutil.copytree(PROJECT_ROOT / "shapes", shapes)
    with_ext = make_client(OxigraphStore(), ontology_dir=onto, shapes_dir=shapes,
                           queries_dir=tmp_path)
    doc = with_ext.get("/openapi.json").json()
    assert {"/entities/firearm", "/entities/firearm-purchase"} <= set(doc["paths"])
    assert "serialNumber" in doc["components"]["schemas"]["Firearm"]["properties"]
    (onto / "extensions" / "weapons.ttl").unlink()
    (shapes / "extensions" / "weapons.ttl").unlink()
    without = make_client(OxigraphStore(), ontology_dir=onto, shapes_dir=shapes,
                          queries_dir=tmp_path)
    slugs = {c["slug"] for c in without.get("/entities", headers=ANALYST).json()}
    assert "firearm" not in slugs and "person" in slugs
    assert without.get("/entities/firearm", headers=ANALYST).status_code == 404
