"""The OpenAPI description of ``/sparql`` (the SPARQL 1.1 Protocol), which its routes read
from the request themselves: the protocol's parameters, the form body, and the answers in each
media type, so that a system reading ``/openapi.json`` alone knows how to ask.

The POST body is documented as the protocol's form (``application/x-www-form-urlencoded``),
the one every generator sends; the direct bodies (``application/sparql-query``,
``application/sparql-update``) are accepted as well and named in the description.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from ipas.query.formats import RDF_TYPES, RESULT_TYPES, SPARQL_JSON
from ipas.query.inference import PARAMETER

_IRIS = {"type": "array", "items": {"type": "string", "format": "uri"}}
_INFERENCE = {"type": "string", "enum": ["asserted", "all"], "default": "all"}
_FORMAT = {"type": "string", "description": "A short name (json, xml, csv, tsv, turtle, "
                                            "ntriples, jsonld...) or a media type; overrides "
                                            "Accept"}

#: SPARQL 1.1 Query Results JSON: ``head.vars`` and ``results.bindings`` (SELECT), or
#: ``boolean`` (ASK).
RESULTS_JSON: dict[str, Any] = {
    "type": "object",
    "properties": {
        "head": {"type": "object", "properties": {
            "vars": {"type": "array", "items": {"type": "string"}},
            "link": {"type": "array", "items": {"type": "string"}}}},
        "results": {"type": "object", "properties": {"bindings": {
            "type": "array",
            "items": {"type": "object", "additionalProperties": {
                "type": "object", "required": ["type", "value"],
                "properties": {"type": {"type": "string",
                                        "description": "uri, literal or bnode"},
                               "value": {"type": "string"},
                               "datatype": {"type": "string"},
                               "xml:lang": {"type": "string"}}}}}}},
        "boolean": {"type": "boolean"},
    },
    "required": ["head"],
    "example": {"head": {"vars": ["n"]}, "results": {"bindings": [
        {"n": {"type": "literal", "value": "31",
               "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]}},
}

_DATASET = [
    {"name": "default-graph-uri", "in": "query", "required": False, "schema": _IRIS,
     "description": "Graphs whose union is the default graph (within your scope)"},
    {"name": "named-graph-uri", "in": "query", "required": False, "schema": _IRIS,
     "description": "Graphs available to GRAPH (within your scope)"},
    {"name": PARAMETER, "in": "query", "required": False, "schema": _INFERENCE,
     "description": "asserted: only what the batches stated; all: with the materialized OWL "
                    "RL inferences"},
    {"name": "format", "in": "query", "required": False, "schema": _FORMAT},
]
_ANSWER = {
    "description": "Results (SELECT, ASK) or a graph (CONSTRUCT, DESCRIBE) in the negotiated "
                   "media type; without a query, the service description (RDF)",
    "content": {SPARQL_JSON: {"schema": RESULTS_JSON},
                **{m: {} for m in RESULT_TYPES[1:] + RDF_TYPES}},
}

GET: dict[str, Any] = {
    "operationId": "sparql_query",
    "parameters": [{"name": "query", "in": "query", "required": False,
                    "schema": {"type": "string", "maxLength": 100_000},
                    "description": "The SPARQL query (absent: the service description)",
                    "example": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}, *_DATASET],
    "responses": {"200": deepcopy(_ANSWER)},  # finishing the document adds to each its own
}
POST: dict[str, Any] = {
    "operationId": "sparql_form",
    "parameters": [p for p in _DATASET if p["name"] in (PARAMETER, "format")],
    "requestBody": {
        "required": True,
        "description": "The protocol's form with `query` or `update` (and the dataset "
                       "parameters). A query may also be sent as the body with "
                       "Content-Type application/sparql-query, an update with "
                       "application/sparql-update.",
        "content": {"application/x-www-form-urlencoded": {"schema": {
            "type": "object",
            "properties": {
                "query": {"type": "string"}, "update": {"type": "string"},
                "default-graph-uri": _IRIS, "named-graph-uri": _IRIS,
                "using-graph-uri": _IRIS, "using-named-graph-uri": _IRIS,
            },
        }}},
    },
    "responses": {"200": deepcopy(_ANSWER),
                  "204": {"description": "The update was applied"}},
}
