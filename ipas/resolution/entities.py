"""The REST facade's answers with resolved actors: the ``resolved`` switch of ``/entities``.

The same switch as the saved queries' (:mod:`ipas.resolution.resolved`), applied to the
facade's answers after they are read with the caller's scope, so no query text changes:

* a list or search page shows each resolved actor once, under its canonical IRI, with its
  ``members``; the page's ``resolved`` maps each actor shown to its members;
* one entity (by a member's id or the actor's own) is the actor: every member's properties
  merged, ``provenance`` naming the member behind each value;
* neighbours are every member's links, the other ends resolved as well, each link with the
  members it comes ``via``; links between members of one actor are left out.

Access: the resolution is the caller's own (decisions between records it can read, see
:meth:`ipas.resolution.service.ResolutionService.view`), and every member is read through the
facade with the caller's scope, so a member in a graph the caller cannot see is never named.
"""

from __future__ import annotations

import json
from typing import Any

from rdflib import URIRef

from ipas.errors import NotFound
from ipas.facade.model import ClassSpec
from ipas.facade.service import Facade, Page
from ipas.query.executor import IsolatedStore
from ipas.resolution.clusters import Resolution
from ipas.resolution.service import ResolutionService
from ipas.settings import Settings
from ipas.store.base import Scope, Store


def resolution_for(store: Store, settings: Settings, scope: Scope) -> Resolution:
    """The caller's resolved actors (decisions read from the store itself, fixed queries)."""
    base = store.inner if isinstance(store, IsolatedStore) else store
    return ResolutionService(base, settings).resolution(scope)


def resolve_items(facade: Facade, body: dict[str, Any], resolution: Resolution
                  ) -> dict[str, Any]:
    """A list or search page with members replaced by their actor, each actor shown once.

    >>> from ipas.resolution.clusters import resolve
    >>> f = Facade.__new__(Facade); f.base = "urn:x/"
    >>> r = resolve([("urn:x/a", "urn:x/b")], [], base="urn:x/")
    >>> page = {"items": [{"id": "a", "iri": "urn:x/a", "label": "A", "types": ["urn:T"]},
    ...                   {"id": "b", "iri": "urn:x/b", "label": "B", "types": ["urn:T"]}]}
    >>> out = resolve_items(f, page, r)
    >>> [(i["label"], [m["id"] for m in i["members"]]) for i in out["items"]]
    [('A', ['a', 'b'])]
    """
    items: list[dict[str, Any]] = []
    shown: dict[str, dict[str, Any]] = {}
    members: dict[str, list[str]] = {}
    for item in body["items"]:
        canonical = resolution.canonical_of(item["iri"])
        if canonical == item["iri"]:
            items.append({**item, "members": []})
            continue
        actor = shown.get(canonical)
        if actor is None:
            group = sorted(resolution.members(canonical))
            members[canonical] = group
            actor = {**item, "id": facade.id_of(URIRef(canonical)), "iri": canonical,
                     "members": [{"id": facade.id_of(URIRef(m)), "iri": m, "label": None}
                                 for m in group]}
            shown[canonical] = actor
            items.append(actor)
        else:
            actor["types"] = sorted(set(actor.get("types", [])) | set(item.get("types", [])))
        for member in actor["members"]:
            if member["iri"] == item["iri"]:
                member["label"] = item.get("label")
    return {**body, "items": items, "resolved": members}


def resolved_many(facade: Facade, store: Store, scope: Scope, entity_ids: list[str],
                  resolution: Resolution, timeout_s: float | None = None) -> dict[str, Any]:
    """``POST /entities/get`` with ``resolved``: each id's actor as :func:`resolved_entity`
    gives it (with ``class``), each actor once however many of its members were asked for;
    ids unknown or not visible to the caller under ``missing``."""
    return facade.get_many(
        store, scope, entity_ids, timeout_s,
        read=lambda cls, entity_id: resolved_entity(facade, store, scope, cls, entity_id,
                                                    resolution, timeout_s))


def resolved_entity(facade: Facade, store: Store, scope: Scope, cls: ClassSpec,
                    entity_id: str, resolution: Resolution, timeout_s: float | None = None
                    ) -> dict[str, Any]:
    """The actor that ``entity_id`` (a member's id or the actor's) belongs to, merged.

    Values of every member, each once, in member order; ``provenance`` gives, per property,
    each value with the member IRIs that state it. A record in no actor is returned as the
    facade gives it, with itself as its only member. NotFound unless some member is a visible
    ``cls``.
    """
    node = facade.iri_of(entity_id)
    canonical = resolution.canonical_of(str(node))
    group = sorted(resolution.members(canonical))
    bodies: list[dict[str, Any]] = []
    for member in group:
        try:
            _, _, body = facade.get(store, scope, cls, facade.id_of(URIRef(member)), timeout_s)
        except NotFound:  # a member of another class than the route's, or not visible
            continue
        bodies.append(body)
    if not bodies:
        raise NotFound(f"no {cls.label} with id {entity_id[:100]!r}", id=entity_id[:100])
    if canonical == str(node) and len(group) == 1:
        return {**bodies[0], "members": [_link(bodies[0])], "provenance": {}}
    first = next((b for b in bodies if b["iri"] == str(node)), bodies[0])
    merged: dict[str, Any] = {"id": facade.id_of(URIRef(canonical)), "iri": canonical,
                              "label": first["label"],
                              "types": sorted({t for b in bodies for t in b["types"]}),
                              "members": [_link(b) for b in bodies]}
    provenance: dict[str, list[dict[str, Any]]] = {}
    inferred: dict[str, list[Any]] = {}
    for prop in cls.properties:
        values: list[Any] = []
        seen: dict[str, dict[str, Any]] = {}
        for body in bodies:
            found = body.get(prop.name)
            for value in found if isinstance(found, list) else [found]:
                if value is None:
                    continue
                key = json.dumps(value, sort_keys=True, default=str)
                if key not in seen:
                    seen[key] = {"value": value, "members": []}
                    values.append(value)
                seen[key]["members"].append(body["iri"])
            for value in body.get("inferred", {}).get(prop.name, []):
                if value not in inferred.setdefault(prop.name, []):
                    inferred[prop.name].append(value)
        merged[prop.name] = values if prop.many else (values[0] if values else None)
        if seen:
            provenance[prop.name] = list(seen.values())
    merged["inferred"] = inferred
    merged["provenance"] = provenance
    return merged


def resolved_neighbours(facade: Facade, store: Store, scope: Scope, cls: ClassSpec,
                        entity_id: str, resolution: Resolution, *,
                        timeout_s: float | None = None,
                        batches: dict[str, dict[str, Any]] | None = None,
                        page: Page | None = None, relation: str | None = None,
                        direction: str | None = None) -> dict[str, Any]:
    """Links in and out of every member of the actor, their other ends resolved too."""
    actor = resolved_entity(facade, store, scope, cls, entity_id, resolution, timeout_s)
    inside = {m["iri"] for m in actor["members"]}
    links: dict[tuple[str, str, str], dict[str, Any]] = {}
    truncated = False
    for member in actor["members"]:
        found = facade.neighbours(store, scope, cls, member["id"], timeout_s, batches=batches,
                                  relation=relation, direction=direction)
        truncated = truncated or found["truncated"]
        for link in found["links"]:
            other = resolution.canonical_of(link["other"]["iri"])
            if link["other"]["iri"] in inside or other == actor["iri"]:
                continue
            key = (link["direction"], link["property"], other)
            merged = links.get(key)
            if merged is None:
                summary = link["other"] if other == link["other"]["iri"] else {
                    **link["other"], "id": facade.id_of(URIRef(other)), "iri": other}
                links[key] = {**link, "other": summary, "via": [member["iri"]],
                              "graphs": list(link["graphs"]),
                              "evidence": list(link["evidence"]),
                              "batches": list(link["batches"])}
                continue
            if member["iri"] not in merged["via"]:
                merged["via"].append(member["iri"])
            for name in ("graphs", "evidence", "batches"):
                merged[name] += [x for x in link[name] if x not in merged[name]]
            merged["inferred"] = merged["inferred"] and link["inferred"]
    found_links = list(links.values())
    page = page or Page(len(found_links) or 1, 0)
    return {"id": actor["id"], "iri": actor["iri"], "truncated": truncated,
            "members": actor["members"], "total": len(found_links), "limit": page.limit,
            "offset": page.offset, "links": found_links[page.offset:page.offset + page.limit]}


def _link(body: dict[str, Any]) -> dict[str, Any]:
    return {"id": body["id"], "iri": body["iri"], "label": body.get("label")}
