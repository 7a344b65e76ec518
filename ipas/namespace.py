"""GENERATED — do not edit. Regenerate with `python -m ipas.ontology.namespace_gen`.

The IPAS ontology's terms as an rdflib DefinedNamespace (unknown names raise
AttributeError), plus the standard namespaces the project uses. The terms are declared
in ``ipas.namespace_terms`` (one base class per kind), which ``IPAS`` inherits.

>>> IPAS.Facilitation.n3()
'<https://w3id.org/ipas/ontology#Facilitation>'
>>> IPAS.Facilitation in dir(IPAS), IPAS.alias in IPAS  # dir: the terms' IRIs
(True, True)
"""

from rdflib.namespace import (
    DCTERMS,
    GEO,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    TIME,
    XSD,
    Namespace,
)
from rdflib.term import URIRef

from ipas.namespace_terms.classes import IpasClasses
from ipas.namespace_terms.datatype_properties import IpasDatatypeProperties
from ipas.namespace_terms.individuals import IpasIndividuals
from ipas.namespace_terms.object_properties import IpasObjectProperties

FTM = Namespace("https://schema.followthemoney.tech/#")
ONTOLOGY_IRI = URIRef("https://w3id.org/ipas/ontology")
VERSION_IRI = URIRef("https://w3id.org/ipas/ontology/0.2.0")
VERSION = "0.2.0"


class IPAS(IpasClasses, IpasObjectProperties, IpasDatatypeProperties, IpasIndividuals):
    """Every term of the IPAS ontology (core and extension modules)."""

    _fail = True
    _NS = Namespace("https://w3id.org/ipas/ontology#")
    # rdflib's __dir__ reads the class's own annotations: give it every kind's.
    __annotations__ = {
        **IpasClasses.__annotations__,
        **IpasObjectProperties.__annotations__,
        **IpasDatatypeProperties.__annotations__,
        **IpasIndividuals.__annotations__,
    }


__all__ = [
    "DCTERMS",
    "FTM",
    "GEO",
    "IPAS",
    "ONTOLOGY_IRI",
    "ORG",
    "OWL",
    "PROV",
    "RDF",
    "RDFS",
    "SDO",
    "SH",
    "SKOS",
    "TIME",
    "VERSION",
    "VERSION_IRI",
    "XSD",
]
