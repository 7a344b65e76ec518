"""The asserted/inferred switch: which of the caller's graphs a query reads.

Ingest materializes OWL RL consequences of each batch into the batch's own ``/inferred``
graph (:mod:`ipas.reasoning`). A caller chooses, per request, to read

* ``all`` (asserted and inferred triples: superclasses, super-properties and alignments,
  inverses, symmetric and transitive closures), or
* ``asserted`` (only what the batches stated).

The switch only ever *removes* graphs from the caller's scope (the ``/inferred`` graphs), so
it cannot widen what a caller sees: hidden batches stay hidden in both modes, and an inferred
graph is in a scope only beside the batch it follows from (:mod:`ipas.security.control`).
``/sparql`` takes it as the protocol parameter ``inference``, the CLI as ``--inference``,
saved queries default to their ``#+ inference:`` header and REST routes take ``?inference=``.
"""

from __future__ import annotations

from dataclasses import replace
from enum import Enum

from ipas.errors import InvalidParameter
from ipas.store.base import Scope, Store

#: The name of the switch wherever a caller can set it (protocol, REST, CLI, query header).
PARAMETER = "inference"
INFERRED_SUFFIX = "/inferred"


class Inference(Enum):
    ASSERTED = "asserted"
    ALL = "all"

    @classmethod
    def parse(cls, value: str | None, default: Inference | None = None) -> Inference:
        """The switch from a caller's text (``None`` or empty: ``default``, else ``all``).

        >>> Inference.parse("asserted"), Inference.parse(None, Inference.ASSERTED).value
        (<Inference.ASSERTED: 'asserted'>, 'asserted')
        >>> Inference.parse("some")
        Traceback (most recent call last):
        ipas.errors.InvalidParameter: parameter 'inference': expected asserted or all, got 'some'
        """
        if value is None or value == "":
            return default or cls.ALL
        try:
            return cls(value.strip().lower())
        except ValueError:
            raise InvalidParameter(
                f"parameter {PARAMETER!r}: expected asserted or all, got {value[:40]!r}",
                parameter=PARAMETER, expected="asserted|all") from None


def is_inferred(graph: str) -> bool:
    """True for a batch's materialized-inference graph.

    >>> is_inferred("https://w3id.org/ipas/id/graph/batch/b1/inferred"), is_inferred("urn:g")
    (True, False)
    """
    return graph.endswith(INFERRED_SUFFIX)


def scoped(scope: Scope, inference: Inference, store: Store | None = None) -> Scope:
    """``scope`` for ``inference``: unchanged for ``all``; without the ``/inferred`` graphs
    for ``asserted``. A scope of every graph (``Scope.everything()``, operators only) is
    first made explicit from ``store``'s graphs.

    >>> s = Scope.of(["urn:b1", "urn:b1/inferred", "urn:ontology"])
    >>> sorted(scoped(s, Inference.ASSERTED).graphs or [])
    ['urn:b1', 'urn:ontology']
    >>> narrowed = Scope(graphs=s.graphs, default_graphs=("urn:b1/inferred", "urn:b1"))
    >>> scoped(narrowed, Inference.ASSERTED).default_graphs
    ('urn:b1',)
    >>> scoped(s, Inference.ALL) is s
    True
    """
    if inference is Inference.ALL:
        return scope
    graphs = scope.graphs
    if graphs is None:
        if store is None:
            raise ValueError("an asserted-only view of every graph needs the store's graphs")
        graphs = frozenset(store.graphs())

    def keep(names: tuple[str, ...] | None) -> tuple[str, ...] | None:
        return None if names is None else tuple(g for g in names if not is_inferred(g))

    return replace(scope, graphs=frozenset(g for g in graphs if not is_inferred(g)),
                   default_graphs=keep(scope.default_graphs),
                   named_graphs=keep(scope.named_graphs))
