"""Reading SPARQL Protocol requests: body limits, content types, and the protocol's parameters.

Shared by ``/sparql`` and ``/graph-store``. Bodies are read in chunks and refused (413) once
past ``settings.max_body_bytes``; only UTF-8 text is accepted (415 for another charset, 400
for bytes that are not UTF-8).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from fastapi import Request

from ipas.errors import BadInput, LimitExceeded, UnsupportedMediaType

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, or LimitExceeded (413) as soon as it passes ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise LimitExceeded(f"the request body is larger than {limit} bytes", limit=limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise LimitExceeded(f"the request body is larger than {limit} bytes", limit=limit)
        chunks.append(chunk)
    return b"".join(chunks)


def media_type(header: str | None) -> tuple[str, str | None]:
    """``(type, charset)`` of a Content-Type header, lower-cased.

    >>> media_type("application/sparql-query; charset=UTF-8")
    ('application/sparql-query', 'utf-8')
    """
    if not header:
        return "", None
    main, *params = header.split(";")
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return main.strip().lower(), charset


def decode_text(body: bytes, charset: str | None, what: str) -> str:
    if charset not in (None, "utf-8", "utf8"):
        raise UnsupportedMediaType(f"the {what} must be UTF-8, not {charset}")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as err:
        raise BadInput(f"the {what} is not valid UTF-8", source=what, offset=err.start) from None


@dataclass
class ProtocolRequest:
    """One SPARQL Protocol operation, as sent."""

    operation: str | None  # "query", "update", or None (service description)
    text: str = ""
    params: dict[str, list[str]] = field(default_factory=dict)

    def values(self, name: str) -> list[str]:
        return self.params.get(name, [])

    def one(self, name: str) -> str | None:
        values = self.values(name)
        if len(values) > 1:
            raise BadInput(f"'{name}' was given {len(values)} times; give it once", field=name)
        return values[0] if values else None


def _params(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, value in pairs:
        out.setdefault(key, []).append(value)
    return out


def _url_pairs(request: Request) -> list[tuple[str, str]]:
    return parse_qsl(request.url.query, keep_blank_values=True)


def from_get(request: Request) -> ProtocolRequest:
    params = _params(_url_pairs(request))
    if "update" in params:
        raise BadInput("updates must be sent with POST", field="update")
    req = ProtocolRequest(None, params=params)
    query = req.one("query")
    if query is not None:
        req.operation, req.text = "query", query
    return req


async def from_post(request: Request, limit: int) -> ProtocolRequest:
    kind, charset = media_type(request.headers.get("content-type"))
    body = await read_body(request, limit)
    pairs = _url_pairs(request)
    if kind == FORM:
        text = decode_text(body, charset, "form")
        try:  # %FF in a form is as invalid as a raw 0xFF (not silently U+FFFD)
            pairs += parse_qsl(text, keep_blank_values=True, errors="strict")
        except UnicodeDecodeError:
            raise BadInput("the form is not valid UTF-8 once percent-decoded",
                           source="form") from None
        req = ProtocolRequest(None, params=_params(pairs))
        query, update = req.one("query"), req.one("update")
        if query is not None and update is not None:
            raise BadInput("send either 'query' or 'update', not both")
        if query is None and update is None:
            raise BadInput("the form has neither 'query' nor 'update'")
        req.operation = "query" if query is not None else "update"
        req.text = query if query is not None else update or ""
        return req
    if kind in (SPARQL_QUERY, SPARQL_UPDATE):
        operation = "query" if kind == SPARQL_QUERY else "update"
        req = ProtocolRequest(operation, decode_text(body, charset, operation), _params(pairs))
        if "query" in req.params or "update" in req.params:
            raise BadInput(f"the {operation} is in the body; do not repeat it in the URL")
        return req
    raise UnsupportedMediaType(
        f"POST a {FORM}, {SPARQL_QUERY} or {SPARQL_UPDATE} body"
        + (f", not {kind}" if kind else " with its Content-Type"),
        accepted=[FORM, SPARQL_QUERY, SPARQL_UPDATE],
    )
