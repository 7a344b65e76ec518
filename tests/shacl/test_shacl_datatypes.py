"""``sh:datatype`` on every XSD datatype: the compiled validator gives exactly pyshacl's results.

For each datatype of the XSD hierarchy, one shape checks values typed with it, with its parent,
its children and ``xsd:string``, each under a spread of valid and invalid lexical forms
(``"40"^^xsd:nonNegativeInteger`` is valid, ``"-1"`` is not; ``"2020-02-30"^^xsd:date`` is
not). Oxigraph re-types derived integers and ``xsd:dateTimeStamp`` when it stores them
(NOTES.md), so data holding such a value is validated by pyshacl: the test also checks the
engine handled every other family itself.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pyoxigraph as ox
import pytest
from pyshacl import validate
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import SH

from ipas.shacl.datatypes import LOSSY, for_engine
from ipas.shacl.validator import CompiledValidator
from ipas.store.terms import to_ox

PARENT = {
    "integer": "decimal", "nonPositiveInteger": "integer", "negativeInteger": "nonPositiveInteger",
    "long": "integer", "int": "long", "short": "int", "byte": "short",
    "nonNegativeInteger": "integer", "unsignedLong": "nonNegativeInteger",
    "unsignedInt": "unsignedLong", "unsignedShort": "unsignedInt", "unsignedByte": "unsignedShort",
    "positiveInteger": "nonNegativeInteger", "normalizedString": "string",
    "token": "normalizedString", "language": "token", "Name": "token", "NCName": "Name",
    "NMTOKEN": "token", "dateTimeStamp": "dateTime", "dayTimeDuration": "duration",
    "yearMonthDuration": "duration",
}
ROOTS = ["string", "boolean", "decimal", "double", "float", "date", "dateTime", "time", "gYear",
         "gYearMonth", "gMonth", "gDay", "gMonthDay", "duration", "anyURI", "hexBinary",
         "base64Binary"]
TYPES = sorted({*ROOTS, *PARENT})
LEXICAL = ["0", "40", "-1", "+7", "007", "1.5", "-0.0", "1e5", "NaN", "INF", " 40", "300",
           "70000", "9999999999999999999999", "", "abc", "true", "1", "2020-01-01", "2020-02-30",
           "2020-01-01Z", "2020-01-01T10:00:00Z", "2020-01-01T10:00:00", "10:00:00", "25:00:00",
           "2020", "-0044", "2020-01", "--01", "---01", "--01-01", "P1D", "P1Y", "PT1H", "P",
           "http://x", "0F", "0G", "AA==", "A", "en", "en-GB", "a b", "a\tb", "x:y"]
EX = "urn:dt:"
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # rdflib on "weird booleans"


def family(name: str) -> list[str]:
    children = [c for c, p in PARENT.items() if p == name]
    return sorted({name, "string", *children, *([PARENT[name]] if name in PARENT else [])})


def data_for(name: str) -> Graph:
    graph = Graph()
    for member in family(name):
        for i, lexical in enumerate(LEXICAL):
            node = URIRef(f"{EX}{member}/{i}")
            graph.add((node, RDF.type, URIRef(f"{EX}Checked")))
            graph.add((node, URIRef(f"{EX}v"), Literal(lexical, datatype=XSD[member],
                                                       normalize=False)))
    return graph


def shapes_for(name: str) -> Graph:
    graph = Graph()
    shape, prop = URIRef(f"{EX}Shape"), URIRef(f"{EX}prop")
    graph.add((shape, RDF.type, SH.NodeShape))
    graph.add((shape, SH.targetClass, URIRef(f"{EX}Checked")))
    graph.add((shape, SH.property, prop))
    graph.add((prop, SH.path, URIRef(f"{EX}v")))
    graph.add((prop, SH.datatype, XSD[name]))
    return graph


def key(focus: object, value: object) -> tuple[str, str]:
    if isinstance(value, Literal) and value.datatype == XSD.string:
        value = Literal(str(value))  # RDF 1.1: the same literal (rdflib spells it two ways)
    if isinstance(value, Literal) and not value.ill_typed \
            and isinstance(value.toPython(), int | float | Decimal):
        # The engine reports a valid number in canonical form ("+7" as "7"): same value.
        return str(focus), f"{value.datatype}|{value.toPython()}"
    return str(focus), value.n3() if isinstance(value, Literal) else str(value)


def reference(data: Graph, shapes: Graph) -> Counter[tuple[str, str]]:
    _, report, _ = validate(data, shacl_graph=shapes, inference="none")
    assert isinstance(report, Graph)
    return Counter(key(report.value(r, SH.focusNode), report.value(r, SH.value))
                   for r in report.subjects(RDF.type, SH.ValidationResult))


ROUTED: list[str] = []


@pytest.mark.parametrize("name", TYPES)
def test_compiled_datatype_matches_pyshacl(name: str) -> None:
    data, shapes = data_for(name), shapes_for(name)
    compiled = CompiledValidator(shapes)
    assert compiled.fully_compiled
    triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in data]  # type: ignore[arg-type]
    ours = Counter(key(r.focus, r.value) for r in compiled.validate_triples(triples))
    assert ours == reference(data, shapes)
    # The ingest fast path: the same data as N-Triples lines, loaded by the engine's parser.
    lines = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    assert Counter(key(r.focus, r.value) for r in compiled.validate_ntriples(lines)) == ours
    if for_engine(triples) is None:
        ROUTED.append(name)
        # Only data holding a well-typed value of a type the engine re-types goes to pyshacl.
        assert any(str(XSD[m]) in LOSSY for m in family(name))


def test_engine_validated_most_families() -> None:
    # Runs after the parametrized cases (same module, file order): the routing stayed narrow.
    assert len(ROUTED) <= len([t for t in TYPES if {str(XSD[m]) for m in family(t)} & LOSSY])
    assert len(TYPES) - len(ROUTED) >= 20


def test_issue_example_non_negative_integer_forty() -> None:
    """``"40"^^xsd:nonNegativeInteger`` conforms; ``"-1"`` and ``"40"^^xsd:integer`` do not."""
    shapes = shapes_for("nonNegativeInteger")
    data = Graph()
    for i, value in enumerate([Literal("40", datatype=XSD.nonNegativeInteger),
                               Literal("-1", datatype=XSD.nonNegativeInteger),
                               Literal("40", datatype=XSD.integer)]):
        node = URIRef(f"{EX}n{i}")
        data.add((node, RDF.type, URIRef(f"{EX}Checked")))
        data.add((node, URIRef(f"{EX}v"), value))
    results = CompiledValidator(shapes).validate_graph(data)
    assert sorted(str(r.focus) for r in results) == [f"{EX}n1", f"{EX}n2"]
