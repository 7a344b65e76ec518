"""Running HTTP-in-RDF requests (``ht:`` vocabulary) from the W3C protocol manifests."""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from tests.conformance.manifests import CNT, HT, MF, Case

_STATUS = {
    "StatusCode2xx": range(200, 300), "StatusCode3xx": range(300, 400),
    "StatusCode4xx": range(400, 500), "OK": (200,), "Created": (201,), "NoContent": (204,),
    "NotFound": (404,), "BadRequest": (400,),
}


@dataclass
class Expected:
    statuses: set[int] = field(default_factory=set)
    format: str | None = None
    boolean: bool | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None


@dataclass
class Step:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    expected: Expected


def steps(case: Case) -> list[Step]:
    g = case.graph
    connection = case.value(MF.action)
    out = []
    for request in Collection(g, g.value(connection, HT.requests)):
        body_node = g.value(request, HT.body)
        body = str(g.value(body_node, CNT.chars)).encode() if body_node is not None else None
        response = g.value(request, HT.resp)
        expected = Expected()
        for status in g.objects(response, MF.expectedStatus):
            expected.statuses.update(_STATUS[str(status).split("#")[-1]])
        fmt = g.value(response, MF.expectedFormat)
        expected.format = str(fmt) if fmt is not None else None
        boolean = g.value(response, MF.expectedBoolean)
        expected.boolean = bool(boolean.toPython()) if boolean is not None else None  # type: ignore[union-attr]
        expected.headers = _headers(g, g.value(response, HT.headers))
        response_body = g.value(response, HT.body)
        if response_body is not None:
            expected.body = str(g.value(response_body, CNT.chars))
        method, path = str(g.value(request, HT.methodName)), str(g.value(request, HT.absolutePath))
        out.append(Step(method, path, _headers(g, g.value(request, HT.headers)), body, expected))
    return out


def _headers(g: Graph, node: Node | None) -> dict[str, str]:
    if node is None:
        return {}
    return {str(g.value(h, HT.fieldName)).lower(): str(g.value(h, HT.fieldValue))
            for h in Collection(g, node)}


def send(base: str, step: Step, path: str, auth: dict[str, str]) -> httpx.Response:
    return httpx.request(step.method, base + path, headers={**step.headers, **auth},
                         content=step.body, timeout=30)


def graph_data(case: Case) -> list[tuple[URIRef, str]]:
    """``ut:graphData`` preconditions: (file, graph name)."""
    from rdflib import RDFS

    from tests.conformance.manifests import UT

    return [(g, str(case.graph.value(d, RDFS.label)))  # type: ignore[misc]
            for d in case.graph.objects(case.node, UT.graphData)
            for g in [case.graph.value(d, UT.graph)]]
