"""Resolved actors: groups of records joined by positive decisions, split by negative ones.

Never the transitive closure of scores: only decided pairs join records, and a positive
that would put two records with a negative decision between them into one group is refused
(and reported). :func:`auto_accept` picks which high scores may become positive decisions:
above the calibrated threshold, with attributes that agree, and only where the two groups
being joined hold no conflicting dates of birth, nationalities or identifiers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ipas.resolution.records import Record
from ipas.resolution.scoring import ScoredPair


class _Groups:
    """Union-find over keys, remembering each group's members."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.members: dict[str, set[str]] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        self.members.setdefault(key, {key})
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: str, b: str) -> str:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra] |= self.members.pop(rb)
        return ra


@dataclass
class Resolution:
    """Resolved actors: ``canonical_of(iri)`` and ``members(canonical)``.

    >>> r = resolve([("urn:a", "urn:b"), ("urn:b", "urn:c")], [("urn:a", "urn:c")],
    ...             base="urn:x/")
    >>> sorted(r.members(r.canonical_of("urn:a")))
    ['urn:a', 'urn:b']
    >>> r.blocked
    [('urn:b', 'urn:c')]
    >>> r.canonical_of("urn:z")
    'urn:z'
    """

    groups: dict[str, frozenset[str]] = field(default_factory=dict)  # canonical -> members
    canonical: dict[str, str] = field(default_factory=dict)  # member -> canonical
    blocked: list[tuple[str, str]] = field(default_factory=list)

    def canonical_of(self, iri: str) -> str:
        """The resolved actor's IRI for ``iri`` (``iri`` itself when it is unresolved)."""
        return self.canonical.get(iri, iri)

    def members(self, canonical: str) -> frozenset[str]:
        """The records resolved into ``canonical`` (just ``canonical`` when it is a record)."""
        return self.groups.get(canonical, frozenset({canonical}))


def canonical_iri(members: Iterable[str], base: str) -> str:
    """A resolved actor's IRI: minted from its first member, so that it reveals no record.

    >>> canonical_iri(["urn:b", "urn:a"], "urn:x/")
    'urn:x/actor/resolved/558181ea170c2a30'
    """
    first = min(members)
    return f"{base}actor/resolved/{hashlib.sha256(first.encode()).hexdigest()[:16]}"


def resolve(positives: Iterable[tuple[str, str]], negatives: Iterable[tuple[str, str]],
            *, base: str) -> Resolution:
    """Group records by ``positives`` (in order); a negative blocks any join across it."""
    groups = _Groups()
    apart: dict[str, set[str]] = {}
    for a, b in negatives:
        apart.setdefault(a, set()).add(b)
        apart.setdefault(b, set()).add(a)
    out = Resolution()
    for a, b in positives:
        ra, rb = groups.find(a), groups.find(b)
        if ra == rb:
            continue
        small, large = sorted((groups.members[ra], groups.members[rb]), key=len)
        if any(apart.get(m, set()) & large for m in small):
            out.blocked.append((a, b))
            continue
        groups.union(a, b)
    for members in groups.members.values():
        if len(members) > 1:
            canonical = canonical_iri(members, base)
            out.groups[canonical] = frozenset(members)
            for member in members:
                out.canonical[member] = canonical
    return out


@dataclass
class _Profile:
    years: set[str]
    nationalities: set[str]
    identifiers: dict[str, set[str]]

    @classmethod
    def of(cls, record: Record) -> _Profile:
        ids: dict[str, set[str]] = {}
        for scheme, value in record.identifiers:
            ids.setdefault(scheme, set()).add(value)
        return cls(set(record.years), set(record.nationalities), ids)

    def conflicts(self, other: _Profile) -> bool:
        for mine, theirs in ((self.years, other.years),
                             (self.nationalities, other.nationalities)):
            if mine and theirs and not mine & theirs:
                return True
        return any(values and other.identifiers.get(s) and not values & other.identifiers[s]
                   for s, values in self.identifiers.items())

    def absorb(self, other: _Profile) -> None:
        self.years |= other.years
        self.nationalities |= other.nationalities
        for scheme, values in other.identifiers.items():
            self.identifiers.setdefault(scheme, set()).update(values)


def auto_accept(records: Sequence[Record], scored: Sequence[ScoredPair], threshold: float,
                *, negatives: Iterable[tuple[str, str]] = ()) -> list[ScoredPair]:
    """The pairs a run may accept on its own, best first.

    A pair qualifies when it scores ``threshold`` or more and its attributes agree; it is
    taken only if the groups it joins conflict nowhere (dates, nationalities, identifiers)
    and no negative decision lies between them.
    """
    blocked = {frozenset(p) for p in negatives}
    groups = _Groups()
    profiles: dict[str, _Profile] = {}
    accepted: list[ScoredPair] = []
    for pair in scored:
        if pair.score < threshold:
            break
        if not pair.agrees:
            continue
        a, b = records[pair.left].iri, records[pair.right].iri
        ra, rb = groups.find(a), groups.find(b)
        if ra == rb:
            continue
        pa = profiles.setdefault(ra, _Profile.of(records[pair.left]))
        pb = profiles.setdefault(rb, _Profile.of(records[pair.right]))
        if pa.conflicts(pb) or any(frozenset((x, y)) in blocked for x in groups.members[ra]
                                   for y in groups.members[rb]):
            continue
        root = groups.union(a, b)
        merged = profiles.pop(ra)
        merged.absorb(profiles.pop(rb))
        profiles[root] = merged
        accepted.append(pair)
    return accepted
