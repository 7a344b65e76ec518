"""Questions about the ontology's terms that other parts ask: classes, properties, shapes."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH

from ipas.ontology.files import ontology_graph, shapes_graph


def declared_terms(graph: Graph, namespace: str) -> dict[URIRef, set[URIRef]]:
    """Every IRI in ``namespace`` that is a subject of an ``rdf:type`` triple, with its types.

    >>> from ipas.namespace import IPAS, OWL
    >>> OWL.Class in declared_terms(ontology_graph(), str(IPAS))[IPAS.Person]
    True
    """
    out: dict[URIRef, set[URIRef]] = {}
    for s, t in graph.subject_objects(RDF.type):
        if isinstance(s, URIRef) and str(s).startswith(namespace) and isinstance(t, URIRef):
            out.setdefault(s, set()).add(t)
    return out


def superclasses(cls: URIRef, graph: Graph | None = None) -> set[URIRef]:
    """``cls`` and all its named superclasses (reflexive, transitive ``rdfs:subClassOf``).

    >>> from ipas.namespace import IPAS
    >>> IPAS.Actor in superclasses(IPAS.Cartel)
    True
    """
    g = graph if graph is not None else ontology_graph()
    return {c for c in g.transitive_objects(cls, RDFS.subClassOf) if isinstance(c, URIRef)}


def shape_for_class(shapes: Graph | None = None) -> dict[URIRef, URIRef]:
    """Each ``sh:targetClass`` with the node shape that targets it.

    >>> from ipas.namespace import IPAS
    >>> IPAS.Facilitation in shape_for_class()
    True
    """
    g = shapes if shapes is not None else shapes_graph()
    out: dict[URIRef, URIRef] = {}
    for shape, cls in g.subject_objects(SH.targetClass):
        if isinstance(shape, URIRef) and isinstance(cls, URIRef):
            out[cls] = shape
    return out


def classes_with_shapes(
    ontology: Graph | None = None, shapes: Graph | None = None
) -> dict[URIRef, list[URIRef]]:
    """Each ontology class with the node shapes that apply to its instances (own and inherited).

    >>> from ipas.namespace import IPAS
    >>> from ipas.ontology.terms import shape_for_class
    >>> shape_for_class()[IPAS.Actor] in classes_with_shapes()[IPAS.Cartel]
    True
    """
    g = ontology if ontology is not None else ontology_graph()
    targets = shape_for_class(shapes)
    out: dict[URIRef, list[URIRef]] = {}
    for cls in g.subjects(RDF.type, OWL.Class):
        if not isinstance(cls, URIRef):
            continue
        supers = superclasses(cls, g)
        out[cls] = sorted(targets[c] for c in supers if c in targets)
    return out
