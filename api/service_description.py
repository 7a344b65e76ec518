"""The SPARQL 1.1 Service Description of ``/sparql`` (served on GET without a query)."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

from ipas.query.formats import JSON_LD, N_QUADS, N_TRIPLES, RDF_XML, TRIG, TURTLE

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
#: The feature a client looks for to learn that ``inference=asserted|all`` is understood.
INFERENCE_SWITCH = URIRef("https://w3id.org/ipas/ontology#InferenceSwitch")

_RESULT_FORMATS = (
    "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
    "Turtle", "N-Triples", "RDF_XML", "JSON-LD", "TriG", "N-Quads",
)
_RDFLIB_FORMAT = {
    TURTLE: "turtle", N_TRIPLES: "nt", RDF_XML: "xml", JSON_LD: "json-ld", TRIG: "trig",
    N_QUADS: "nquads",
}


def describe(endpoint: str, *, union_default_graph: bool, updates: bool) -> Graph:
    """The description as a graph.

    >>> g = describe("http://127.0.0.1:8000/sparql", union_default_graph=True, updates=True)
    >>> (None, SD.endpoint, URIRef("http://127.0.0.1:8000/sparql")) in g
    True
    >>> len(list(g.objects(None, SD.supportedLanguage)))
    2
    """
    g = Graph()
    g.bind("sd", SD)
    g.bind("formats", FORMATS)
    service = BNode()
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, URIRef(endpoint)))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if updates:
        g.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    for name in _RESULT_FORMATS:
        g.add((service, SD.resultFormat, FORMATS[name]))
    if union_default_graph:
        g.add((service, SD.feature, SD.UnionDefaultGraph))
    g.add((service, SD.feature, INFERENCE_SWITCH))
    g.add((INFERENCE_SWITCH, RDFS.comment, Literal(
        "Protocol parameter inference=asserted reads only the triples the batches stated; "
        "inference=all (the default) adds each batch's materialized OWL RL inferences, kept "
        "in the graph {batch graph}/inferred.", lang="en")))
    dataset = BNode()
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    default_graph = BNode()
    g.add((dataset, SD.defaultGraph, default_graph))
    g.add((default_graph, RDF.type, SD.Graph))
    return g


def serialize(graph: Graph, media_type: str) -> bytes:
    return graph.serialize(format=_RDFLIB_FORMAT[media_type], encoding="utf-8")
