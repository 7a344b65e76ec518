"""Derivations that run after the OWL RL rules, on the same batch, into the same inferred graph.

A derivation is a function of one batch's facts (the triples it asserts with the predicates
the rules or the derivation asked for, plus the rules' entailments) and the store; what it
returns is written with the entailments, in the batch's ``/inferred`` graph and in the same
atomic commit as the batch. So it inherits the batch's visibility and goes when the batch is
retracted. Register one with :func:`register` at import of the module that defines it; a
derivation that ships with IPAS-KG has its module imported by ``ipas/reasoning/__init__.py``,
so every load (CLI, server, tests) runs it. Derivations run in registration order, each on the
batch's own facts: what one returns is not seen by the next.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ipas.store.base import Store

Triple = tuple[str, str, str]  # N-Triples texts: "<iri>", "_:b", "\"lit\"^^<dt>"


@dataclass(frozen=True)
class BatchFacts:
    """What a derivation sees of one batch (all terms as N-Triples texts)."""

    graph: str  # the batch graph's IRI
    inferred_graph: str  # where the results go
    asserted: frozenset[Triple]  # the batch's triples whose predicate was asked for
    inferred: tuple[Triple, ...]  # the OWL RL entailments (not asserted)
    store: Store  # for T-box or reference lookups; premises should stay in the batch

    def triples(self, predicate: str) -> Iterator[Triple]:
        """Asserted and entailed triples with ``predicate`` (an ``<iri>`` text)."""
        yield from (t for t in self.asserted if t[1] == predicate)
        yield from (t for t in self.inferred if t[1] == predicate)


Derive = Callable[[BatchFacts], Iterable[Triple]]


@dataclass(frozen=True)
class Derivation:
    name: str
    derive: Derive
    predicates: frozenset[str]  # which asserted triples it reads ("<iri>" texts)


_REGISTRY: dict[str, Derivation] = {}
_LOCK = threading.Lock()


def register(name: str, derive: Derive, predicates: Iterable[str] = ()) -> None:
    """Run ``derive`` on every batch reasoned from now on (a second call replaces it).

    >>> register("doc-example", lambda facts: [], ["<urn:p>"])
    >>> "<urn:p>" in wanted_predicates(); unregister("doc-example")
    True
    """
    with _LOCK:
        _REGISTRY[name] = Derivation(name, derive, frozenset(predicates))


def unregister(name: str) -> None:
    with _LOCK:
        _REGISTRY.pop(name, None)


def registered() -> tuple[Derivation, ...]:
    with _LOCK:
        return tuple(_REGISTRY.values())


def wanted_predicates() -> frozenset[str]:
    return frozenset(p for d in registered() for p in d.predicates)


def derive_all(facts: BatchFacts) -> list[Triple]:
    """Every registered derivation's new triples (not asserted, not already entailed)."""
    seen = set(facts.inferred)
    out: list[Triple] = []
    for derivation in registered():
        for triple in derivation.derive(facts):
            if triple not in seen and triple not in facts.asserted and triple[0][0] != '"':
                seen.add(triple)
                out.append(triple)
    return out
