"""REST answers as JSON, CSV or JSON-LD: the media type chosen by ``Accept``, rows rendered.

Shared by the saved query and entity routes. Rows are rendered by :mod:`ipas.query.rows`
(where saved queries usually render them: in the query worker); CSV cells that a
spreadsheet would run as a formula (leading ``= + - @``, tab or carriage return) are
prefixed with ``'`` unless they are plain numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import Response
from rdflib.term import Node

from ipas.errors import NotAcceptable
from ipas.query.rows import CONTENT_TYPES, CSV, JSON, JSONLD, Rendering, render, with_meta
from ipas.store.terms import to_ox

OFFERED = (JSON, CSV, JSONLD)
__all__ = ["CSV", "JSON", "JSONLD", "OFFERED", "negotiate", "rows_response"]


def negotiate(accept: str | None, offered: Sequence[str] = OFFERED) -> str:
    """The first offered media type the ``Accept`` header admits (by q, then order).

    >>> negotiate("text/csv;q=0.5, application/ld+json")
    'application/ld+json'
    >>> negotiate(None), negotiate("*/*")
    ('application/json', 'application/json')
    """
    if not accept or not accept.strip():
        return offered[0]
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        media, *opts = [p.strip() for p in part.split(";")]
        q = 1.0
        for opt in opts:
            key, _, value = opt.partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranked.append((-q, i, media.lower()))
    for neg_q, _, media in sorted(ranked):
        if neg_q == 0:
            continue
        for offer in offered:
            if media in (offer, "*/*", offer.split("/")[0] + "/*"):
                return offer
    raise NotAcceptable(f"cannot produce {accept!r}; offered: {', '.join(offered)}")


def rows_response(
    media: str, columns: list[str], rows: list[dict[str, Node]], *,
    meta: dict[str, Any], vocab: str,
) -> Response:
    """Rows in ``media``: JSON (``meta`` plus ``rows``), CSV, or JSON-LD (one node per row),
    rendered as a query worker renders them (:mod:`ipas.query.rows`)."""
    cells = [{c: to_ox(row[c]) if c in row else None for c in columns} for row in rows]
    body = render(Rendering(media, vocab), columns, cells)
    if media == JSON:
        body = with_meta(meta, body)
    return Response(body, media_type=CONTENT_TYPES[media])
