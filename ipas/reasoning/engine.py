"""Semi-naive forward chaining of the OWL RL rules over one batch's triples, in memory.

Each triple is taken from the agenda once and joined only against what is already known:
a new type fires the superclass table, a new link its super-properties, inverses and
symmetric twin, and a new link of a transitive property the links that continue or precede
it (two indexes, by subject and by object). Nothing is derived twice and no round re-reads
the data, which is what made the SPARQL fixpoint slow (every round re-derived every triple).
The result equals the SPARQL rules' (:mod:`ipas.reasoning.sparql`; a differential test
holds them together): the least fixpoint over the batch, minus what the batch asserts.

Terms are N-Triples texts (``<iri>``, ``_:b``, ``"lit"^^<dt>``), as the stage file holds them.
"""

from __future__ import annotations

from collections.abc import Iterable

from ipas.reasoning.tbox import TYPE, TBox

Triple = tuple[str, str, str]


def close(asserted: Iterable[Triple], tbox: TBox) -> list[Triple]:
    """What the rules entail from ``asserted`` and is not asserted, in derivation order.

    >>> t = TBox.compile({"trans": [("<urn:t>", "<urn:t>")], "sub": [("<urn:C>", "<urn:D>")]})
    >>> sorted(close([("<urn:1>", "<urn:t>", "<urn:2>"), ("<urn:2>", "<urn:t>", "<urn:3>"),
    ...               ("<urn:1>", TYPE, "<urn:C>")], t))  # doctest: +NORMALIZE_WHITESPACE
    [('<urn:1>', '<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>', '<urn:D>'),
     ('<urn:1>', '<urn:t>', '<urn:3>')]
    """
    known: set[Triple] = set(asserted)
    agenda = list(known)
    agenda.reverse()  # popped from the end: derivations follow the source order
    inferred: list[Triple] = []
    superclasses, superproperties = tbox.superclasses, tbox.superproperties
    inverses, symmetric, transitive = tbox.inverses, tbox.symmetric, tbox.transitive
    forward: dict[tuple[str, str], list[str]] = {}  # (p, s) -> o, for transitive p
    backward: dict[tuple[str, str], list[str]] = {}  # (p, o) -> s

    def derive(triple: Triple) -> None:
        if triple not in known:
            known.add(triple)
            inferred.append(triple)
            agenda.append(triple)

    while agenda:
        s, p, o = agenda.pop()
        if p == TYPE:
            for c in superclasses.get(o, ()):
                derive((s, TYPE, c))
        for q in superproperties.get(p, ()):
            derive((s, q, o))
        if o[0] != '"':  # a literal is never a subject: no inverse or twin of a value link
            for q in inverses.get(p, ()):
                derive((o, q, s))
            if p in symmetric:
                derive((o, p, s))
        if p in transitive:
            forward.setdefault((p, s), []).append(o)
            backward.setdefault((p, o), []).append(s)
            # Joined only with links already taken from the agenda: each pair meets once,
            # when its second link is taken (a self-loop meets itself, as the rule does).
            for after in list(forward.get((p, o), ())):
                derive((s, p, after))
            for before in list(backward.get((p, s), ())):
                derive((before, p, o))
    return inferred
