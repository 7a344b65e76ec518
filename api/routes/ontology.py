"""``/ontology``: the vocabulary itself, by content negotiation, so term IRIs resolve.

``GET /ontology`` gives the documentation page to browsers (``text/html``) and the whole
ontology to clients (``text/turtle``, ``application/ld+json``, ``application/n-triples``);
``GET /ontology/{term}`` gives a term's own description (HTML: the page at its anchor), and
``GET /ontology/{version}`` a released version (``ontology/releases``). The ontology is the
published, TLP:CLEAR vocabulary (no instance data), so these routes need no token.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from rdflib import Graph, URIRef

from ipas.errors import NotFound
from ipas.namespace import IPAS
from ipas.ontology import docs
from ipas.ontology.files import load_ontology, module_files
from ipas.ontology.release import RELEASES

router = APIRouter(tags=["ontology"])

#: Media type -> rdflib serializer name, in the order offered when Accept allows several.
RDF_TYPES = {"text/turtle": "turtle", "application/ld+json": "json-ld",
             "application/n-triples": "nt", "application/rdf+xml": "xml"}
_TERM = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,99}$")
_VERSION = re.compile(r"^\d+\.\d+\.\d+$")


def negotiate(accept: str | None) -> str:
    """The media type to answer with: HTML for browsers and when nothing better is asked.

    >>> negotiate("text/turtle"), negotiate("text/html,application/xhtml+xml"), negotiate(None)
    ('text/turtle', 'text/html', 'text/html')
    >>> negotiate("application/ld+json;q=0.9, text/turtle;q=0.5")
    'application/ld+json'
    """
    best, best_q = "text/html", 0.0
    for part in (accept or "").split(","):
        kind, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if kind in ("text/html", "application/xhtml+xml") and q > best_q:
            best, best_q = "text/html", q
        elif kind in RDF_TYPES and q > best_q:
            best, best_q = kind, q
    return best


def _fingerprint(*dirs: Path) -> tuple[tuple[str, int], ...]:
    return tuple((str(p), p.stat().st_mtime_ns) for d in dirs for p in module_files(d))


@lru_cache(maxsize=4)
def _graph(ontology_dir: Path, _stamp: tuple[tuple[str, int], ...]) -> Graph:
    return load_ontology(ontology_dir)


@lru_cache(maxsize=4)
def _page(ontology_dir: Path, shapes_dir: Path, _stamp: tuple[tuple[str, int], ...]) -> str:
    return docs.render(ontology_dir, shapes_dir)


def _rdf(graph: Graph, media: str) -> Response:
    body = graph.serialize(format=RDF_TYPES[media], encoding="utf-8")
    return Response(body, media_type=media)


def _describe(graph: Graph, term: URIRef) -> Graph:
    """The term's triples, with the blank nodes they reach (unions, lists)."""
    out = Graph()
    out.bind("ipas", str(IPAS))
    todo: list[object] = [term]
    seen: set[object] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for p, o in graph.predicate_objects(node):  # type: ignore[arg-type]
            out.add((node, p, o))  # type: ignore[arg-type]
            if not isinstance(o, URIRef) and not hasattr(o, "language") and o not in seen:
                todo.append(o)
    return out


@router.get("/ontology", summary="The ontology: HTML documentation or RDF (by Accept)")
def ontology(request: Request) -> Response:
    settings = request.app.state.settings
    stamp = _fingerprint(settings.ontology_dir, settings.shapes_dir)
    media = negotiate(request.headers.get("accept"))
    if media == "text/html":
        return HTMLResponse(_page(settings.ontology_dir, settings.shapes_dir, stamp))
    return _rdf(_graph(settings.ontology_dir, stamp), media)


@router.get("/ontology/{name}", summary="One term (by its local name) or a released version")
def ontology_term(name: str, request: Request) -> Response:
    settings = request.app.state.settings
    media = negotiate(request.headers.get("accept"))
    if _VERSION.match(name):
        folder = settings.ontology_dir / RELEASES
        path = folder / (f"{name}.html" if media == "text/html" else f"{name}.ttl")
        if not path.is_file():
            raise NotFound(f"no released version {name}")
        if media == "text/html":
            return HTMLResponse(path.read_text(encoding="utf-8"))
        return _rdf(Graph().parse(path, format="turtle"), media)
    if not _TERM.match(name):
        raise NotFound("no such term")
    graph = _graph(settings.ontology_dir, _fingerprint(settings.ontology_dir,
                                                        settings.shapes_dir))
    term = URIRef(f"{IPAS}{name}")
    if (term, None, None) not in graph:
        raise NotFound(f"no term ipas:{name}")
    if media == "text/html":
        return RedirectResponse(f"{request.url_for('ontology')}#{name}", status_code=303)
    return _rdf(_describe(graph, term), media)
