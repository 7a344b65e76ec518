"""Serializing a row-limited SELECT answer with the engine's own result serializers.

pyoxigraph serializes a whole solution iterator; to cut it at ``max_rows`` the rows kept are
written as SPARQL 1.1 Results JSON here, and re-read by pyoxigraph when another format (XML,
CSV, TSV) is asked for, so every format still comes from one serializer.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pyoxigraph as ox

from ipas.errors import NotAcceptable

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def results_format(media_type: str) -> ox.QueryResultsFormat:
    """The SPARQL results format for a media type (parameters such as charset ignored).

    >>> results_format("text/csv; charset=utf-8").name
    'SPARQL Results in CSV'
    """
    fmt = ox.QueryResultsFormat.from_media_type(media_type.split(";")[0].strip())
    if fmt is None:
        raise NotAcceptable(
            f"no SPARQL results serialization for {media_type!r}",
            supported=[f.media_type for f in RESULT_FORMATS],
        )
    return fmt


def rdf_format(media_type: str) -> ox.RdfFormat:
    """The RDF serialization for a media type.

    >>> rdf_format("text/turtle").name
    'Turtle'
    """
    fmt = ox.RdfFormat.from_media_type(media_type.split(";")[0].strip())
    if fmt is None:
        raise NotAcceptable(
            f"no RDF serialization for {media_type!r}",
            supported=[f.media_type for f in RDF_FORMATS],
        )
    return fmt


RESULT_FORMATS = (
    ox.QueryResultsFormat.JSON,
    ox.QueryResultsFormat.XML,
    ox.QueryResultsFormat.CSV,
    ox.QueryResultsFormat.TSV,
)
RDF_FORMATS = (
    ox.RdfFormat.TURTLE,
    ox.RdfFormat.N_TRIPLES,
    ox.RdfFormat.N_QUADS,
    ox.RdfFormat.TRIG,
    ox.RdfFormat.RDF_XML,
    ox.RdfFormat.JSON_LD,
)


def _json_term(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    raise NotAcceptable("RDF-star triple terms cannot be written as SPARQL results")


def solutions_json(variables: Sequence[str], rows: Sequence[Any]) -> bytes:
    """Rows of pyoxigraph ``QuerySolution`` objects as SPARQL 1.1 Results JSON.

    >>> solutions_json(["x"], [])
    b'{"head": {"vars": ["x"]}, "results": {"bindings": []}}'
    """
    bindings = []
    for row in rows:
        binding = {}
        for name in variables:
            value = row[name]
            if value is not None:
                binding[name] = _json_term(value)
        bindings.append(binding)
    doc = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
    return json.dumps(doc).encode()


def serialize_solutions(
    variables: Sequence[str], rows: Sequence[Any], fmt: ox.QueryResultsFormat
) -> bytes:
    """Rows serialized in ``fmt`` by pyoxigraph (JSON written directly)."""
    body = solutions_json(variables, rows)
    if fmt == ox.QueryResultsFormat.JSON:
        return body
    parsed = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
    out = parsed.serialize(format=fmt)
    assert out is not None
    return out
