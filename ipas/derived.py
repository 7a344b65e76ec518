"""Derived facts: what every network query would otherwise recompute, materialized at commit.

A derived property (``DERIVED``) names a property path the saved queries walk on every call:
an organization's ancestors ``(ipas:subOrganizationOf|^ipas:hasSubOrganization)+``
(``ipas:withinNetwork``), a place's countries ``ipas:locatedIn*`` ending at an
``ipas:Country`` (``ipas:inCountry``). Its facts are stored, so a query joins instead of
walking.

Where a fact is stored follows who may see its premises (the rule OWL RL reasoning keeps,
:mod:`ipas.reasoning`): a fact whose premises all lie in one batch goes to that batch's own
``/inferred`` graph; a fact that needs premises from several batches (a cell in one batch, its
organization's parent in another) goes to the graph named by exactly those batches
(:meth:`ipas.graphs.GraphNames.derived_for`), which access control shows only to a caller who
sees every one of them (:mod:`ipas.security.control`). Each fact is kept once per minimal set
of batches that proves it, so a caller who sees any such set gets it.

:func:`derive` recomputes every derived fact from the batches' asserted triples and writes the
difference (facts no longer proved are deleted, new ones inserted, empty derived graphs
dropped); the ingest pipeline runs it after each commit (once the OWL RL entailments are in),
replacement, retraction and re-reasoning, so a retracted or replaced batch never leaves a fact
it supported. It is not a per-batch hook (:mod:`ipas.reasoning.hooks`): those see one batch,
and these facts may need several. The premises are the few
hierarchy statements, not the data: one recompute reads them by predicate.

Facts are inferences (``/inferred`` graphs): an asserted-only query
(:mod:`ipas.query.inference`) reads the defining path instead (:func:`expand_asserted`), so a
saved query gives one answer in both modes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import URIRef

from ipas.graphs import GraphNames
from ipas.namespace import IPAS
from ipas.store.base import Scope, Store
from ipas.store.terms import to_ox

#: Longest chain followed, and most alternative proofs kept per fact (hierarchies are shallow;
#: the bounds stop a cyclic or adversarial hierarchy from growing without end).
MAX_DEPTH = 32
MAX_PROOFS = 8


@dataclass(frozen=True)
class Derivation:
    """A derived property: one step of its path as a pattern binding ``?x`` (from) and ``?y``
    (to), read inside one batch graph, and the whole path in SPARQL syntax. With ``target``,
    only chains that end at a node of that class count, the batch typing it is a premise too,
    and the node itself is a fact (zero steps: the path is ``p*``)."""

    prop: URIRef
    step: str
    path: str
    target: URIRef | None = None


DERIVED: tuple[Derivation, ...] = (
    Derivation(
        IPAS.withinNetwork,
        f"{{ ?x <{IPAS.subOrganizationOf}> ?y }} UNION {{ ?y <{IPAS.hasSubOrganization}> ?x }}",
        f"((<{IPAS.subOrganizationOf}>|^<{IPAS.hasSubOrganization}>)+)",
    ),
    Derivation(IPAS.inCountry, f"?x <{IPAS.locatedIn}> ?y", f"(<{IPAS.locatedIn}>*)",
               target=IPAS.Country),
)

Fact = tuple[str, str, str]  # graph, subject, object (IRIs)


@dataclass(frozen=True)
class DeriveResult:
    facts: int
    inserted: int
    deleted: int


def closure(edges: Iterable[tuple[str, str, str]]) -> dict[tuple[str, str], list[frozenset[str]]]:
    """``(x, y) -> minimal sets of batches`` proving ``x`` reaches ``y`` over ``edges``
    (``(x, y, batch)``); a fact is proved by the batches of the steps on its chain.

    >>> found = closure([("cell", "net", "b1"), ("net", "top", "b2"), ("cell", "top", "b3")])
    >>> set(found[("cell", "top")]) == {frozenset({"b1", "b2"}), frozenset({"b3"})}
    True
    >>> found[("cell", "net")], sorted(found)
    ([frozenset({'b1'})], [('cell', 'net'), ('cell', 'top'), ('net', 'top')])
    """
    successors: dict[str, list[tuple[str, str]]] = {}
    for x, y, batch in edges:
        if x != y:
            successors.setdefault(x, []).append((y, batch))
    found: dict[tuple[str, str], list[frozenset[str]]] = {}
    for start in successors:
        stack: list[tuple[str, frozenset[str], int]] = [(start, frozenset(), 0)]
        while stack:
            node, support, depth = stack.pop()
            if depth >= MAX_DEPTH:
                continue
            for target, batch in successors.get(node, ()):
                if target == start:
                    continue
                proof = support | {batch}
                proofs = found.setdefault((start, target), [])
                if any(p <= proof for p in proofs) or len(proofs) >= MAX_PROOFS:
                    continue
                proofs[:] = [p for p in proofs if not proof <= p] + [proof]
                stack.append((target, proof, depth + 1))
    return found


def _everything() -> Scope:
    return Scope.everything()


def _desired(store: Store, names: GraphNames, derivation: Derivation) -> set[Fact]:
    rows = store.select(
        f"SELECT ?g ?x ?y WHERE {{ GRAPH ?g {{ {derivation.step} }} "
        "FILTER(isIRI(?x) && isIRI(?y)) }", scope=_everything()).rows
    edges = []
    for row in rows:
        batch = names.batch_id(str(row["g"]))
        if batch is not None:
            edges.append((str(row["x"]), str(row["y"]), batch))
    found = closure(edges)
    if derivation.target is not None:
        found = _ending_at(found, _typed(store, names, derivation.target))
    out: set[Fact] = set()
    for (x, y), proofs in found.items():
        for proof in proofs:
            graph = (names.inferred_for(names.batch(next(iter(proof)))) if len(proof) == 1
                     else names.derived_for(proof))
            out.add((graph, x, y))
    return out


def _typed(store: Store, names: GraphNames, cls: URIRef) -> dict[str, set[str]]:
    """Node -> the batches that type it with ``cls``."""
    rows = store.select(f"SELECT ?g ?c WHERE {{ GRAPH ?g {{ ?c a <{cls}> }} FILTER(isIRI(?c)) }}",
                        scope=_everything()).rows
    out: dict[str, set[str]] = {}
    for row in rows:
        batch = names.batch_id(str(row["g"]))
        if batch is not None:
            out.setdefault(str(row["c"]), set()).add(batch)
    return out


def _ending_at(found: dict[tuple[str, str], list[frozenset[str]]], typed: dict[str, set[str]],
               ) -> dict[tuple[str, str], list[frozenset[str]]]:
    """Chains ending at a typed node (each proof joined by a batch typing it), and each typed
    node to itself.

    >>> _ending_at({("city", "mx"): [frozenset({"b1"})], ("city", "sonora"): [frozenset({"b1"})]},
    ...            {"mx": {"b1", "b2"}})
    {('city', 'mx'): [frozenset({'b1'})], ('mx', 'mx'): [frozenset({'b1'}), frozenset({'b2'})]}
    """
    out: dict[tuple[str, str], list[frozenset[str]]] = {}
    for (x, y), proofs in found.items():
        if y in typed:
            joined = {p | {b} for p in proofs for b in typed[y]}
            out[(x, y)] = sorted((p for p in joined if not any(q < p for q in joined)),
                                 key=sorted)
    for node, batches in typed.items():
        out[(node, node)] = sorted((frozenset({b}) for b in batches), key=sorted)
    return out


def _current(store: Store, names: GraphNames, derivation: Derivation) -> set[Fact]:
    rows = store.select(f"SELECT ?g ?x ?y WHERE {{ GRAPH ?g {{ ?x <{derivation.prop}> ?y }} }}",
                        scope=_everything()).rows
    return {(str(r["g"]), str(r["x"]), str(r["y"])) for r in rows
            if str(r["g"]).endswith("/inferred")}


def _data(prop: URIRef, facts: Iterable[Fact]) -> str:
    p = to_ox(prop)
    return " ".join(f"GRAPH {to_ox(URIRef(g))} {{ {to_ox(URIRef(x))} {p} {to_ox(URIRef(y))} }}"
                    for g, x, y in sorted(facts))


def derive(store: Store, names: GraphNames) -> DeriveResult:
    """Bring every derived fact in line with the batches the store holds now."""
    operations: list[str] = []
    total = inserted = deleted = 0
    emptied: set[str] = set()
    for derivation in DERIVED:
        desired = _desired(store, names, derivation)
        current = _current(store, names, derivation)
        gone, new = current - desired, desired - current
        if gone:
            operations.append(f"DELETE DATA {{ {_data(derivation.prop, gone)} }}")
        if new:
            operations.append(f"INSERT DATA {{ {_data(derivation.prop, new)} }}")
        kept = {g for g, _, _ in desired}
        emptied |= {g for g, _, _ in gone if g not in kept}
        total, inserted, deleted = total + len(desired), inserted + len(new), deleted + len(gone)
    for graph in sorted(g for g in emptied if names.derived_batch_ids(g) is not None):
        operations.append(f"DROP SILENT GRAPH {to_ox(URIRef(graph))}")
    if operations:
        store.update(" ;\n".join(operations))
    return DeriveResult(total, inserted, deleted)


def expand_asserted(text: str) -> str:
    """A query's text for an asserted-only run: each derived property (written ``ipas:name``)
    replaced by the path it names, which the asserted triples still answer.

    >>> expand_asserted("SELECT * WHERE { ?c ipas:withinNetwork? ?n }").split()[5][:30]
    '((<https://w3id.org/ipas/ontol'
    """
    for derivation in DERIVED:
        name = "ipas:" + derivation.prop.removeprefix(str(IPAS))
        text = re.sub(rf"(?<![\w:#/]){re.escape(name)}(?![\w-])", derivation.path, text)
        text = text.replace(f"<{derivation.prop}>", derivation.path)
    return text
