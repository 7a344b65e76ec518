"""The store's types of the nodes a batch refers to, so shapes see them during validation.

A record that links to an organization loaded last week must satisfy ``sh:class`` without
restating the organization's type. The types are fetched with a scoped SELECT whose ``VALUES``
block holds engine-serialized IRIs (never text spliced from the input).
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import RDF, Graph, URIRef

from ipas.store.base import Scope, Store
from ipas.store.terms import to_ox

#: IRIs per query: keeps each query small however large the batch.
CHUNK = 2000
_QUERY = "SELECT ?s ?t WHERE {{ VALUES ?s {{ {values} }} ?s a ?t }}"


def referenced_iris(graphs: Graph | Iterable[Graph]) -> set[URIRef]:
    """IRIs in subject or object position (classes named by ``rdf:type`` excluded).

    >>> g = Graph().parse(data="<urn:a> a <urn:C> ; <urn:p> <urn:b> .", format="turtle")
    >>> sorted(referenced_iris(g))
    [rdflib.term.URIRef('urn:a'), rdflib.term.URIRef('urn:b')]
    """
    found: set[URIRef] = set()
    for graph in [graphs] if isinstance(graphs, Graph) else graphs:
        for s, p, o in graph:
            if isinstance(s, URIRef):
                found.add(s)
            if isinstance(o, URIRef) and p != RDF.type:
                found.add(o)
    return found


def _serialized(iris: Iterable[URIRef]) -> list[str]:
    out = []
    for iri in iris:
        try:
            out.append(str(to_ox(iri)))  # pyoxigraph validates the IRI and escapes nothing away
        except ValueError:
            continue  # not a valid IRI: the load itself will refuse it
    return out


def context_types(store: Store, scope: Scope, graph: Graph | Iterable[Graph]) -> Graph:
    """``rdf:type`` triples, visible in ``scope``, of the IRIs ``graph`` (or graphs) refer to.

    >>> from ipas.store.oxigraph import OxigraphStore
    >>> s = OxigraphStore()
    >>> s.load(b"<urn:b> a <urn:Org> .", "text/turtle", graph="urn:g")
    >>> batch = Graph().parse(data="<urn:a> <urn:worksFor> <urn:b> .", format="turtle")
    >>> [str(t) for t in context_types(s, Scope.of(["urn:g"]), batch).objects()]
    ['urn:Org']
    """
    out = Graph()
    iris = sorted(_serialized(referenced_iris(graph)))
    for start in range(0, len(iris), CHUNK):
        query = _QUERY.format(values=" ".join(iris[start : start + CHUNK]))
        for row in store.select(query, scope=scope).rows:
            out.add((row["s"], RDF.type, row["t"]))
    return out
