"""Runs the facade's queries through a Store within the caller's scope, and shapes the JSON.

Every request value becomes a bound term here (ids, filter values, search terms); the query
texts come from :mod:`ipas.facade.sparql`.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol

from rdflib import RDF, RDFS, XSD, BNode, Literal, URIRef
from rdflib.term import Identifier, Node

from ipas.errors import InvalidParameter, NotFound
from ipas.facade import sparql
from ipas.facade.filters import Filter, literal
from ipas.facade.model import ClassSpec, FacadeModel, PropertySpec, local_name
from ipas.facade.search_index import SearchIndex, index_of
from ipas.facade.text import tokens as search_tokens
from ipas.query.inference import is_inferred
from ipas.query.params import valid_iri
from ipas.store.base import Scope, SelectResult, Store

MAX_LINKS = 2000


def _text(term: Node | None) -> str | None:
    return None if term is None else str(term)


class Selecting(Protocol):
    """What :meth:`Facade.get` reads through: a Store, or a view of one that answers only
    what it can answer in place (the server's fast route)."""

    def select(self, query: str, *, scope: Scope,
               bindings: Mapping[str, Identifier] | None = None, max_rows: int | None = None,
               timeout_s: float | None = None) -> SelectResult: ...


@dataclass(frozen=True)
class Page:
    limit: int
    offset: int


class Facade:
    """The model plus the base IRI that short ids are relative to.

    >>> f = Facade(FacadeModel((), ()), "https://w3id.org/ipas/id/")
    >>> f.id_of(URIRef("https://w3id.org/ipas/id/person/demo/p1"))
    'person/demo/p1'
    >>> str(f.iri_of(f.id_of(URIRef("urn:other:x"))))
    'urn:other:x'
    """

    def __init__(self, model: FacadeModel, base_iri: str) -> None:
        self.model = model
        self.base = base_iri

    # -- ids ------------------------------------------------------------------------------
    def id_of(self, node: Node) -> str:
        """A short id: the IRI after the base, or ``~`` and the base64url of a foreign IRI."""
        text = str(node)
        if text.startswith(self.base) and len(text) > len(self.base):
            return text[len(self.base):]
        return "~" + base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    def iri_of(self, entity_id: str) -> URIRef:
        """The IRI of a short id; a malformed id is simply not found."""
        text = entity_id
        if entity_id.startswith("~"):
            try:
                padded = entity_id[1:] + "=" * (-len(entity_id[1:]) % 4)
                text = base64.urlsafe_b64decode(padded.encode()).decode()
            except (binascii.Error, UnicodeDecodeError, ValueError):
                raise NotFound("no such entity", id=entity_id[:100]) from None
        else:
            text = self.base + entity_id
        if not valid_iri(text):
            raise NotFound("no such entity", id=entity_id[:100])
        return URIRef(text)

    def link_value(self, name: str, value: str) -> URIRef:
        """A filter value naming an entity: an absolute IRI or a short id."""
        text = value if ":" in value and valid_iri(value) else None
        if text is None:
            try:
                return self.iri_of(value)
            except NotFound:
                raise InvalidParameter(
                    f"parameter {name!r}: expected an entity id or an absolute IRI",
                    parameter=name, expected="iri") from None
        return URIRef(text)

    # -- routes ---------------------------------------------------------------------------
    def page(self, store: Store, scope: Scope, cls: ClassSpec,
             filters: Mapping[Filter, str], sort: str | None, page: Page,
             timeout_s: float | None = None, subtype: ClassSpec | None = None,
             ) -> dict[str, Any]:
        """One page of ``cls``'s entities matching every filter (raw request values), only
        those of ``subtype`` (a class ``cls`` includes) when given."""
        cls = cls if subtype is None else replace(cls, members=subtype.members)
        bound: list[sparql.Filter] = []
        bindings: dict[str, Identifier] = {}
        for i, (flt, raw) in enumerate(sorted(filters.items(), key=lambda kv: kv[0].alias)):
            variable = f"_f{i}"
            bound.append(sparql.Filter(flt.prop, flt.op, variable))
            bindings[variable] = (self.link_value(flt.alias, raw) if flt.prop.is_link
                                  else literal(flt.prop, flt.alias, raw))
        sort_prop, descending = self._sort(cls, sort)
        text = sparql.list_query(cls, bound, sort_prop, descending, str(RDFS.label))
        result = store.select(text, scope=scope, bindings=bindings,
                              max_rows=page.offset + page.limit, timeout_s=timeout_s)
        counted = store.select(sparql.count_query(cls, bound), scope=scope, bindings=bindings,
                               timeout_s=timeout_s)
        total = int(str(counted.rows[0]["n"])) if counted.rows and "n" in counted.rows[0] else 0
        items: list[dict[str, Any]] = [self._summary(row["s"], row.get("label"))
                 for row in result.rows[page.offset:]]
        self._add_types(store, scope, items, timeout_s)
        return {"class": cls.iri, "total": total, "limit": page.limit, "offset": page.offset,
                "items": items}

    def search(self, store: Store, scope: Scope, cls: ClassSpec, q: str, page: Page,
               timeout_s: float | None = None) -> dict[str, Any]:
        """Members of ``cls`` whose labels, aliases or identifiers match ``q``, best first
        (ranked full-text search, see :mod:`ipas.facade.search_index`)."""
        if not search_tokens(q):
            raise InvalidParameter("parameter 'q': expected a word or number to search for",
                                   parameter="q", expected="string")
        index = self.index_for(store)
        index.refresh(store)
        hits = index.search(q, scope.graphs)
        members: dict[str, Node | None] = {}
        for start in range(0, len(hits), 200):
            chunk = [URIRef(h.subject) for h in hits[start:start + 200]]
            rows = store.select(sparql.members_query(cls, chunk, str(RDFS.label)), scope=scope,
                                max_rows=len(chunk), timeout_s=timeout_s).rows
            members.update({str(r["s"]): r.get("label") for r in rows})
        found = [h for h in hits if h.subject in members]
        items = [{**self._summary(URIRef(h.subject), members[h.subject]),
                  "matched": h.text, "score": h.score}
                 for h in found[page.offset:page.offset + page.limit]]
        self._add_types(store, scope, items, timeout_s)
        return {"class": cls.iri, "q": q, "total": len(found), "limit": page.limit,
                "offset": page.offset, "items": items}

    def index_for(self, store: Store) -> SearchIndex:
        """The search index of ``store`` (on disk beside a disk store, else in memory)."""
        return index_of(store, self.model.label_properties)

    def asserted_types(self, store: Store, scope: Scope, nodes: list[URIRef],
                       timeout_s: float | None = None) -> dict[str, list[str]]:
        """The classes the data asserts for each node (inferred graphs left out)."""
        if not nodes:
            return {}
        result = store.select(sparql.asserted_types_query(nodes), scope=scope,
                              max_rows=50 * len(nodes), timeout_s=timeout_s)
        out: dict[str, list[str]] = {}
        for row in result.rows:
            types = out.setdefault(str(row["s"]), [])
            if str(row["t"]) not in types:
                types.append(str(row["t"]))
        return {k: sorted(v) for k, v in out.items()}

    def _add_types(self, store: Store, scope: Scope, items: list[dict[str, Any]],
                   timeout_s: float | None) -> None:
        types = self.asserted_types(store, scope, [URIRef(i["iri"]) for i in items], timeout_s)
        for item in items:
            item["types"] = types.get(item["iri"], [])

    def class_of(self, store: Store, scope: Scope, entity_id: str,
                 timeout_s: float | None = None) -> ClassSpec | None:
        """The most specific served class of a visible entity, or None (unknown or hidden)."""
        try:
            node = self.iri_of(entity_id)
        except NotFound:
            return None
        types = self.asserted_types(store, scope, [node], timeout_s).get(str(node), [])
        return self.model.most_specific(types)

    def get_many(self, store: Store, scope: Scope, entity_ids: list[str],
                 timeout_s: float | None = None,
                 read: Callable[[ClassSpec, str], dict[str, Any]] | None = None
                 ) -> dict[str, Any]:
        """Many entities at once, each shaped by its most specific served class and read by
        ``read(cls, id)`` (default: :meth:`get`'s body), each IRI once; ids unknown or not
        visible to the caller are ``missing``."""
        items: list[dict[str, Any]] = []
        missing: list[str] = []
        shown: set[str] = set()
        for entity_id in dict.fromkeys(entity_ids):
            cls = self.class_of(store, scope, entity_id, timeout_s)
            try:
                if cls is None:
                    raise NotFound(f"no entity with id {entity_id[:100]!r}")
                body = read(cls, entity_id) if read is not None else self.get(
                    store, scope, cls, entity_id, timeout_s)[2]
            except NotFound:
                missing.append(entity_id)
                continue
            if body["iri"] not in shown:  # two ids of one entity (or one resolved actor)
                shown.add(body["iri"])
                items.append({"class": cls.slug, **body})
        return {"items": items, "missing": missing}

    def get(self, store: Selecting, scope: Scope, cls: ClassSpec, entity_id: str,
            timeout_s: float | None = None) -> tuple[URIRef, list[str], dict[str, Any]]:
        """The entity's IRI, its types, and its shaped properties; NotFound unless it is a
        visible member of ``cls``."""
        node = self.iri_of(entity_id)
        result = store.select(sparql.DESCRIBE, scope=scope, bindings={"_id": node},
                              max_rows=10_000, timeout_s=timeout_s)
        types = sorted({str(r["o"]) for r in result.rows if r.get("p") == RDF.type})
        if not set(types) & set(cls.members):
            raise NotFound(f"no {cls.label} with id {entity_id[:100]!r}", id=entity_id[:100])
        values: dict[str, list[Node]] = {}
        labels: dict[Node, str] = {}
        for row in result.rows:
            values.setdefault(str(row["p"]), [])
            if row["o"] not in values[str(row["p"])]:
                values[str(row["p"])].append(row["o"])
            if "olabel" in row:
                labels.setdefault(row["o"], str(row["olabel"]))
        own_labels = values.get(str(RDFS.label), [])
        body: dict[str, Any] = {
            "id": self.id_of(node), "iri": str(node),
            "label": str(own_labels[0]) if own_labels else None, "types": types,
        }
        inferred = {(str(r["p"]), r["o"]) for r in result.rows
                    if str(r.get("inferred", "")).lower() == "true"}
        marked: dict[str, list[Any]] = {}
        for prop in cls.properties:
            found = [self._value(prop, v, labels) for v in values.get(prop.iri, [])]
            body[prop.name] = found if prop.many else (found[0] if found else None)
            only = [self._value(prop, v, labels) for v in values.get(prop.iri, [])
                    if (prop.iri, v) in inferred]
            if only:
                marked[prop.name] = only
        body["inferred"] = marked  # values only reasoning gives: not evidence, not stated
        return node, types, body

    def neighbours(self, store: Store, scope: Scope, cls: ClassSpec, entity_id: str,
                   timeout_s: float | None = None,
                   batches: Mapping[str, dict[str, Any]] | None = None,
                   page: Page | None = None, relation: str | None = None,
                   direction: str | None = None) -> dict[str, Any]:
        """Links in and out of the entity, each with the reports behind it (and their grades
        and markings) and the batches (graphs) that assert it, graded as loaded. ``relation``
        (a property IRI or its local name) and ``direction`` (in, out) narrow them; ``page``
        cuts one page."""
        node, _, _ = self.get(store, scope, cls, entity_id, timeout_s)
        result = store.select(sparql.NEIGHBOURS, scope=scope, bindings={"_id": node},
                              max_rows=MAX_LINKS, timeout_s=timeout_s)
        links: dict[tuple[str, str, str], dict[str, Any]] = {}
        for row in result.rows:
            key = (str(row["direction"]), str(row["p"]), str(row["other"]))
            link = links.setdefault(key, {
                "direction": key[0], "property": key[1],
                "other": self._summary(row["other"], row.get("olabel")), "graphs": [],
                "evidence": [], "batches": [],
            })
            graph = str(row["g"])
            if graph not in link["graphs"]:
                link["graphs"].append(graph)
                if batches is not None and graph in batches:
                    link["batches"].append(batches[graph])
            if "report" in row:
                report = {**self._summary(row["report"], row.get("rlabel")),
                          "reliability": _text(row.get("rel")),
                          "credibility": _text(row.get("cred")),
                          "marking": _text(row.get("marking"))}
                if report not in link["evidence"]:
                    link["evidence"].append(report)
        found = [link for link in without_restatements(list(links.values()))
                 if (direction is None or link["direction"] == direction)
                 and (relation is None or relation in (link["property"],
                                                       local_name(URIRef(link["property"]))))]
        page = page or Page(len(found) or 1, 0)
        return {"id": self.id_of(node), "iri": str(node), "truncated": result.truncated,
                "total": len(found), "limit": page.limit, "offset": page.offset,
                "links": found[page.offset:page.offset + page.limit]}

    # -- helpers --------------------------------------------------------------------------
    def summary(self, node: Node, label: Node | None) -> dict[str, Any]:
        """``id``, ``iri`` and ``label`` of a node."""
        return self._summary(node, label)

    def _summary(self, node: Node, label: Node | None) -> dict[str, Any]:
        return {"id": self.id_of(node), "iri": str(node),
                "label": str(label) if label is not None else None}

    def _value(self, prop: PropertySpec, term: Node, labels: Mapping[Node, str]) -> Any:
        if isinstance(term, URIRef | BNode):
            return {"id": self.id_of(term), "iri": str(term), "label": labels.get(term)}
        if isinstance(term, Literal):
            value = term.toPython()
            if isinstance(value, bool | int | float | str):
                return value
            if isinstance(value, Decimal):
                return float(value)
            if isinstance(value, date | datetime):
                return value.isoformat()
        return str(term)

    @staticmethod
    def _sort(cls: ClassSpec, sort: str | None) -> tuple[PropertySpec | None, bool]:
        if not sort:
            return None, False
        descending = sort.startswith("-")
        name = sort.lstrip("-")
        if name == "label":
            return PropertySpec("label", str(RDFS.label), "label", str(XSD.string)), descending
        prop = cls.prop(name)
        if prop is None:
            raise InvalidParameter(f"parameter 'sort': unknown property {name!r}",
                                   parameter="sort", expected="enum")
        return prop, descending


def without_restatements(links: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Links with those found only in ``/inferred`` graphs marked ``inferred`` (and stripped
    of evidence: reasoning is not a report); an inferred link to a node the entity is already
    linked to by a stated one (the inverse, an aligned super-property) is dropped as a
    restatement of that link.

    >>> stated = {"other": {"iri": "urn:cell"}, "graphs": ["urn:b"], "evidence": []}
    >>> inverse = {"other": {"iri": "urn:cell"}, "graphs": ["urn:b/inferred"], "evidence": []}
    >>> farther = {"other": {"iri": "urn:mx"}, "graphs": ["urn:b/inferred"], "evidence": [1]}
    >>> [(x["other"]["iri"], x["inferred"]) for x in without_restatements([stated, inverse,
    ...                                                                     farther])]
    [('urn:cell', False), ('urn:mx', True)]
    """
    stated_to = {link["other"]["iri"] for link in links
                 if not all(is_inferred(g) for g in link["graphs"])}
    out = []
    for link in links:
        inferred = all(is_inferred(g) for g in link["graphs"])
        if inferred and link["other"]["iri"] in stated_to:
            continue
        out.append({**link, "inferred": inferred,
                    "evidence": [] if inferred else link["evidence"]})
    return out
