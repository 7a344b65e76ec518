"""Where and when: places with their points, pathway legs as lines, and dated events (seizures,
transfers, arrests, relationships) for the map and the timeline, within a caller's scope."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from ipas.errors import InvalidParameter
from ipas.settings import Settings
from ipas.store.base import Scope, Store
from ipas.workspace.dossier import NodeInfo, describe_nodes
from ipas.workspace.kinds import kind_of_node, label_of_term
from ipas.workspace.nodes import group_of

#: Dated events returned at most (the newest first); the answer says when it was cut.
MAX_EVENTS = 3000

_PREFIXES = """PREFIX ipas: <https://w3id.org/ipas/ontology#>
PREFIX geo: <http://www.opengis.net/ont/geosparql#>
"""

_PLACES = _PREFIXES + """
SELECT DISTINCT ?place ?wkt WHERE { ?place geo:hasGeometry/geo:asWKT ?wkt }"""

_LEGS = _PREFIXES + """
SELECT DISTINCT ?leg ?pathway ?order ?from ?to ?mode WHERE {
  ?leg ipas:fromLocation ?from ; ipas:toLocation ?to .
  { ?leg ipas:legOf ?pathway } UNION { ?pathway ipas:hasLeg ?leg }
  OPTIONAL { ?leg ipas:legOrder ?order }
  OPTIONAL { ?leg ipas:mode ?mode }
}"""

_EVENTS = _PREFIXES + """
SELECT DISTINCT ?e ?date ?place ?from ?to WHERE {
  { ?e ipas:date ?date } UNION { ?e ipas:startDate ?date }
  OPTIONAL { ?e ipas:place ?place }
  OPTIONAL { ?e ipas:fromLocation ?from }
  OPTIONAL { ?e ipas:toLocation ?to }
  %s
}
ORDER BY DESC(STR(?date))"""

_NUMBER = r"(-?[0-9.]+(?:[eE]-?[0-9]+)?)"
_POINT = re.compile(rf"POINT\s*\(\s*{_NUMBER}\s+{_NUMBER}\s*\)", re.IGNORECASE)
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def parse_point(wkt: str) -> tuple[float, float] | None:
    """Longitude and latitude of a WKT point (CRS84 order), or None for other geometries.

    >>> parse_point("POINT(-117.03 32.54)")
    (-117.03, 32.54)
    >>> parse_point("<http://www.opengis.net/def/crs/OGC/1.3/CRS84> POINT(1 2)")
    (1.0, 2.0)
    >>> parse_point("LINESTRING(0 0, 1 1)") is None
    True
    """
    match = _POINT.search(wkt)
    if match is None:
        return None
    lon, lat = float(match.group(1)), float(match.group(2))
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        return None
    return lon, lat


def window_filter(since: str | None, until: str | None) -> str:
    """FILTERs for a date window, each bound written as an engine-serialized literal after
    the value was checked to be a date (so no caller text reaches the query as syntax).

    >>> window_filter("2025-01", None)
    'FILTER(STR(?date) >= "2025-01")'
    >>> window_filter(None, "2025-13-99 }")
    Traceback (most recent call last):
    ipas.errors.InvalidParameter: expected a date as YYYY, YYYY-MM or YYYY-MM-DD
    """
    parts = []
    for name, value, op in (("since", since, ">="), ("until", until, "<=")):
        if value is None or value == "":
            continue
        if not _DATE.match(value):
            raise InvalidParameter("expected a date as YYYY, YYYY-MM or YYYY-MM-DD",
                                   parameter=name)
        parts.append(f"FILTER(STR(?date) {op} {ox.Literal(value)})")
    return " ".join(parts)


class GeoBuilder:
    """Reads the map's and the timeline's features within a caller's scope."""

    def __init__(self, store: Store, settings: Settings, scope: Scope) -> None:
        self.store = store
        self.scope = scope

    def features(self, since: str | None = None, until: str | None = None) -> dict[str, Any]:
        events_query = _EVENTS % window_filter(since, until)
        points: dict[str, tuple[float, float]] = {}
        for row in self.store.select(_PLACES, scope=self.scope).rows:
            point = parse_point(str(row["wkt"]))
            if point is not None:
                points.setdefault(str(row["place"]), point)
        legs = self.store.select(_LEGS, scope=self.scope).rows
        events = self.store.select(events_query, scope=self.scope, max_rows=MAX_EVENTS)
        names = set(points) | {str(r[k]) for r in legs for k in ("leg", "pathway", "mode")
                               if k in r}
        names |= {str(r["e"]) for r in events.rows}
        nodes = describe_nodes(self.store, self.scope, names)
        return {
            "places": [self._place(iri, point, nodes) for iri, point in sorted(points.items())],
            "legs": [self._leg(r, points, nodes) for r in legs
                     if str(r["from"]) in points and str(r["to"]) in points],
            "events": self._events(events.rows, points, nodes),
            "truncated": events.truncated,
        }

    @staticmethod
    def _place(iri: str, point: tuple[float, float],
               nodes: Mapping[str, NodeInfo]) -> dict[str, Any]:
        info = nodes.get(iri, NodeInfo())
        types = info.types()
        return {"iri": iri, "label": info.label, "lon": point[0], "lat": point[1],
                "type_label": label_of_term(types[0]) if types else None}

    @staticmethod
    def _leg(row: Mapping[str, Any], points: Mapping[str, tuple[float, float]],
             nodes: Mapping[str, NodeInfo]) -> dict[str, Any]:
        def label(key: str) -> str | None:
            return nodes.get(str(row[key]), NodeInfo()).label if key in row else None

        return {"iri": str(row["leg"]), "label": label("leg"),
                "pathway": str(row["pathway"]), "pathway_label": label("pathway"),
                "order": int(row["order"]) if "order" in row else None,
                "mode": label("mode"),
                "from": {"iri": str(row["from"]), "lon": points[str(row["from"])][0],
                         "lat": points[str(row["from"])][1]},
                "to": {"iri": str(row["to"]), "lon": points[str(row["to"])][0],
                       "lat": points[str(row["to"])][1]}}

    @staticmethod
    def _events(rows: list[dict[str, Any]], points: Mapping[str, tuple[float, float]],
                nodes: Mapping[str, NodeInfo]) -> list[dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for row in rows:
            iri = str(row["e"])
            info = nodes.get(iri, NodeInfo())
            if not isinstance(row["e"], URIRef) or not info.asserted:
                continue
            event = out.setdefault(iri, {
                "iri": iri, "label": info.label, "date": str(row["date"])[:10],
                "kind": kind_of_node(info.types()) or "events",
                "group": group_of(info.types()),
                "type_label": label_of_term(info.types()[0]) if info.types() else None,
                "place": None,
            })
            for key in ("place", "from", "to"):
                where = str(row[key]) if key in row else ""
                if where in points and event["place"] is None:
                    lon, lat = points[where]
                    event["place"] = {"iri": where, "lon": lon, "lat": lat,
                                      "label": nodes.get(where, NodeInfo()).label}
        return list(out.values())
