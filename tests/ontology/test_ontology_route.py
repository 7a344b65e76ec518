"""``/ontology`` on a real loopback server: HTML for browsers, RDF for clients, per term and
per released version, with no token (the vocabulary is public) and 404s for unknown names."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from api.app import create_app
from ipas.namespace import IPAS, OWL
from ipas.ontology.release import releases
from ipas.settings import Settings
from ipas.store.oxigraph import OxigraphStore
from tests.api_sparql.live import serve


def get(url: str, **kwargs: object) -> httpx.Response:
    # A generous timeout: the machine running the suite may be busy (no timing is asserted).
    return httpx.get(url, timeout=60, **kwargs)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home: Path = tmp_path_factory.mktemp("home")
    app = create_app(Settings(store="memory", home=home), store=OxigraphStore())
    with serve(app) as url:
        yield url


def test_browsers_get_the_documentation_page(base: str) -> None:
    r = get(f"{base}/ontology", headers={"Accept": "text/html,application/xhtml+xml"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert 'id="StashHouse"' in r.text and "<script" not in r.text


@pytest.mark.parametrize("media", ["text/turtle", "application/ld+json",
                                   "application/n-triples"])
def test_clients_get_the_whole_ontology_as_rdf(base: str, media: str) -> None:
    r = get(f"{base}/ontology", headers={"Accept": media})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    fmt = {"text/turtle": "turtle", "application/ld+json": "json-ld",
           "application/n-triples": "nt"}[media]
    g = Graph().parse(data=r.content, format=fmt)
    assert (IPAS.TraffickingVictim, RDF.type, OWL.Class) in g


def test_a_term_iri_resolves_by_content_negotiation(base: str) -> None:
    r = get(f"{base}/ontology/TraffickingVictim", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    g = Graph().parse(data=r.text, format="turtle")
    assert g.value(IPAS.TraffickingVictim, RDFS.subClassOf) == IPAS.Person
    assert {s for s in g.subjects() if isinstance(s, URIRef)} == {IPAS.TraffickingVictim}
    html = get(f"{base}/ontology/TraffickingVictim", headers={"Accept": "text/html"})
    assert html.status_code == 303
    assert html.headers["location"].endswith("/ontology#TraffickingVictim")
    union = get(f"{base}/ontology/currency", headers={"Accept": "application/ld+json"})
    assert "unionOf" in union.text  # the blank nodes of its domain come along


def test_released_versions_are_served(base: str) -> None:
    version = releases()[-1]
    r = get(f"{base}/ontology/{version}", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and "ontology#" in r.text
    page = get(f"{base}/ontology/{version}")
    assert page.status_code == 200 and f"version {version}" in page.text


@pytest.mark.parametrize("name", ["NoSuchTerm", "9.9.9", "..%2F..%2Fsecrets", "a" * 200])
def test_unknown_names_are_404(base: str, name: str) -> None:
    r = get(f"{base}/ontology/{name}", headers={"Accept": "text/turtle"})
    assert r.status_code == 404
