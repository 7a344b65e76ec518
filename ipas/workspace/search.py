"""Search across every class by name, alias or identifier, with a facet per type.

Names are matched by the store's full-text index (:mod:`ipas.facade.search_index`: ranked,
transliterated, accent- and case-blind, forgiving of misspellings and of word order), which
reads only rows of the caller's graphs, so a hit never reveals a hidden record. Here the hits
become the workspace's answer: an identifier or identity document that matched also brings
its holder (searching a passport number finds the person), each hit gets its types and
drawing group, and relationships and events, whose labels repeat their parties' names, rank
after the parties themselves.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from rdflib import URIRef

from ipas.errors import InvalidParameter
from ipas.facade.model import build_model
from ipas.facade.search_index import Hit, index_of
from ipas.facade.text import tokens
from ipas.settings import Settings
from ipas.store.base import Scope, Store
from ipas.workspace.dossier import NodeInfo, describe_nodes, nt
from ipas.workspace.kinds import label_of_term
from ipas.workspace.nodes import group_of

#: Hits ranked per query before facets are counted.
MAX_CANDIDATES = 300
#: How far a relationship or event falls behind an entity of the same score.
EVENT_PENALTY = 0.3
HOLDER_BONUS = 0.01

_HOLDERS = """PREFIX ipas: <https://w3id.org/ipas/ontology#>
SELECT DISTINCT ?id ?holder WHERE {
  VALUES ?id { %s }
  { ?holder ipas:hasIdentifier ?id } UNION { ?holder ipas:hasIdentityDocument ?id }
  UNION { ?id ipas:documentHolder ?holder }
}"""


def _with_holders(store: Store, scope: Scope, hits: list[Hit],
                  nodes: dict[str, NodeInfo]) -> list[Hit]:
    """The hits, each identifier or document with its holders, who rank just above it (an
    analyst who types a passport number is looking for the person)."""
    papers = [h.subject for h in hits
              if group_of(nodes.get(h.subject, NodeInfo()).types()) == "identifier"]
    if not papers:
        return hits
    holders: dict[str, list[str]] = {}
    rows = store.select(_HOLDERS % " ".join(nt(p) for p in papers), scope=scope).rows
    for row in rows:
        holders.setdefault(str(row["id"]), []).append(str(row["holder"]))
    out: list[Hit] = []
    for hit in hits:
        out.append(hit)
        out.extend(Hit(holder, hit.text, hit.score + HOLDER_BONUS)
                   for holder in holders.get(hit.subject, []))
    return out


def search(store: Store, settings: Settings, scope: Scope, q: str, *,
           type_iri: str | None = None, limit: int = 20) -> dict[str, Any]:
    """Entities matching ``q`` best first, one hit per entity, with type facets."""
    if not tokens(q):
        raise InvalidParameter("search for a word or a number", parameter="q")
    model = build_model(settings.ontology_dir, settings.shapes_dir)
    index = index_of(store, model.label_properties)
    index.refresh(store)
    hits = index.search(q, scope.graphs, limit=MAX_CANDIDATES)
    nodes = describe_nodes(store, scope, [h.subject for h in hits])
    hits = _with_holders(store, scope, hits, nodes)
    nodes.update(describe_nodes(store, scope, {h.subject for h in hits} - set(nodes)))
    best: dict[str, Hit] = {}
    for hit in hits:
        info = nodes.get(hit.subject)
        if info is None or not (info.asserted or info.labels):
            continue
        penalty = EVENT_PENALTY if group_of(info.types()) == "event" else 0.0
        ranked = Hit(hit.subject, hit.text, hit.score - penalty)
        if hit.subject not in best or ranked.score > best[hit.subject].score:
            best[hit.subject] = ranked
    order = sorted(best.values(), key=lambda h: (-h.score, h.text, h.subject))
    facets: Counter[URIRef] = Counter()
    items: list[dict[str, Any]] = []
    for hit in order:
        info = nodes[hit.subject]
        types = info.types()
        facets.update(types)
        if type_iri is not None and URIRef(type_iri) not in info.asserted | info.inferred:
            continue
        items.append({
            "iri": hit.subject, "label": info.label, "matched": hit.text,
            "score": round(hit.score, 3),
            "types": [{"iri": str(t), "label": label_of_term(t)} for t in types],
            "group": group_of(types),
        })
    return {
        "q": q, "total": len(items), "items": items[:limit],
        "facets": [{"iri": str(t), "label": label_of_term(t), "count": n}
                   for t, n in facets.most_common()],
    }
