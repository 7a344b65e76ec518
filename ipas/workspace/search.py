"""Search across every class by name, alias or identifier: ranked, accent- and case-blind, and
forgiving of misspellings and swapped name order, with a facet per type.

The names a caller may see are read once per store write and scope (labels, aliases,
``skos:altLabel``, identifier and document numbers) and ranked with rapidfuzz's weighted
ratio, which scores a typo, a dropped accent or "Ibarra Héctor" for "Héctor Ibarra" close
to an exact match. A partner's names come only from its own graphs, so a hit never reveals
a hidden record.
"""

from __future__ import annotations

import threading
import weakref
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process, utils
from rdflib import URIRef

from ipas.errors import InvalidParameter
from ipas.facade.text import fold
from ipas.store.base import Scope, Store
from ipas.workspace.dossier import describe_nodes
from ipas.workspace.kinds import label_of_term
from ipas.workspace.nodes import group_of

#: Names read per scope at most (beyond it the answer says the index was cut).
MAX_NAMES = 500_000
#: Candidates ranked per query before facets are counted.
MAX_CANDIDATES = 300
MIN_SCORE = 70.0
#: How far a relationship or event falls behind an entity with the same name score.
EVENT_PENALTY = 8.0

_NAMES = """PREFIX ipas: <https://w3id.org/ipas/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?s ?name WHERE {
  { ?s rdfs:label ?name } UNION { ?s skos:prefLabel ?name } UNION { ?s ipas:alias ?name }
  UNION { ?s skos:altLabel ?name }
  UNION { ?s ipas:hasIdentifier ?id . ?id ipas:identifierValue ?name }
  UNION { ?s ipas:hasIdentityDocument ?doc . ?doc ipas:identifierValue ?name }
  FILTER(isIRI(?s))
}"""


@dataclass(frozen=True)
class NameIndex:
    """The names one scope may see, folded for matching."""

    iris: list[str]
    names: list[str]
    folded: list[str]
    truncated: bool


_CACHE: weakref.WeakKeyDictionary[Store, dict[tuple[int, frozenset[str] | None], NameIndex]] = (
    weakref.WeakKeyDictionary()
)
_LOCK = threading.Lock()


def _normalize(text: str) -> str:
    """Folded for matching: accents and case gone, punctuation as spaces.

    >>> _normalize("  HÉCTOR  Ibarra-Solís ")
    'hector ibarra solis'
    """
    return utils.default_process(fold(text))


def name_index(store: Store, scope: Scope) -> NameIndex:
    """The scope's names, read again only after the store's next write."""
    generation = int(getattr(store, "generation", -1))
    key = (generation, scope.graphs)
    with _LOCK:
        cached = _CACHE.get(store, {}).get(key)
    if cached is not None and generation >= 0:
        return cached
    result = store.select(_NAMES, scope=scope, max_rows=MAX_NAMES)
    iris, names = [], []
    for row in result.rows:
        iris.append(str(row["s"]))
        names.append(str(row["name"]))
    index = NameIndex(iris, names, [_normalize(n) for n in names], result.truncated)
    with _LOCK:
        _CACHE[store] = {key: index}  # one generation per store: older ones are stale
    return index


def name_score(query: str, name: str) -> float:
    """How well a folded name answers a folded query, 0-100: each query word against its
    closest word of the name (order-free; a typo costs little; a word the name starts with
    counts as found), less a little for each word the name has beyond the query's.

    >>> name_score("ibarra hector", "hector ibarra solis")
    98.0
    >>> name_score("guero", "el guero") > name_score("guero", "carlos vazquez figueroa")
    True
    >>> round(name_score("hector ybarra", "hector ibarra solis"), 1)
    89.7
    """
    words = name.split()
    if not words:
        return 0.0
    found = []
    for q in query.split():
        score = max(fuzz.ratio(q, w) for w in words)
        if len(q) >= 3 and any(w.startswith(q) for w in words):
            score = max(score, 92.0)
        found.append(score)
    extra = max(0, len(words) - len(found))
    return sum(found) / len(found) - 2.0 * min(extra, 5)


def _is_event(info: Any) -> bool:
    return info is not None and group_of(info.types()) == "event"


def search(store: Store, scope: Scope, q: str, *, type_iri: str | None = None,
           limit: int = 20) -> dict[str, Any]:
    """Entities matching ``q`` best first, one hit per entity, with type facets."""
    query = _normalize(q)
    if len(query) < 2:
        raise InvalidParameter("search for at least two letters or digits", parameter="q")
    index = name_index(store, scope)
    # A fast first pass in C over every name, then a token-by-token score on the few left.
    matches = process.extract(query, index.folded, scorer=fuzz.WRatio,
                              limit=MAX_CANDIDATES * 8, score_cutoff=60)
    best: dict[str, tuple[float, str]] = {}
    for _, _, position in matches:
        iri = index.iris[position]
        score = name_score(query, index.folded[position])
        if score >= MIN_SCORE and (iri not in best or score > best[iri][0]):
            best[iri] = (score, index.names[position])
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[1][1]))[:MAX_CANDIDATES]
    nodes = describe_nodes(store, scope, [iri for iri, _ in ranked])
    # Relationships and events are named after their parties: list the parties first.
    ranked = sorted(ranked, key=lambda item: (
        -(item[1][0] - (EVENT_PENALTY if _is_event(nodes.get(item[0])) else 0.0)), item[1][1]))
    facets: Counter[URIRef] = Counter()
    items: list[dict[str, Any]] = []
    for iri, (score, matched) in ranked:
        info = nodes.get(iri)
        types = info.types() if info is not None else []
        facets.update(types)
        if type_iri is not None and URIRef(type_iri) not in _with_supertypes(info):
            continue
        items.append({
            "iri": iri, "label": info.label if info is not None else None, "matched": matched,
            "score": round(min(score, 100.0), 1),
            "types": [{"iri": str(t), "label": label_of_term(t)} for t in types],
            "group": group_of(types),
        })
    return {
        "q": q, "total": len(items), "items": items[:limit], "truncated": index.truncated,
        "facets": [{"iri": str(t), "label": label_of_term(t), "count": n}
                   for t, n in facets.most_common()],
    }


def _with_supertypes(info: Any) -> Sequence[URIRef]:
    if info is None:
        return []
    return sorted(info.asserted | info.inferred)
