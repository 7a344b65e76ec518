"""The matching view of one actor record: names, kind and the attributes that corroborate.

A :class:`Record` is what blocking and scoring read, whether it came from the store
(:mod:`ipas.resolution.extract`) or from the labelled benchmark (``bench/``). Values are
already normalised: dates as ISO text, countries as lower-case codes or names, identifiers
as ``(scheme, value)`` with the value stripped of spaces and punctuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: The kinds of actor that resolution compares; records only meet records of their own kind.
KINDS = ("person", "organization", "vessel", "aircraft", "account", "address")

_ID_JUNK = re.compile(r"[^A-Z0-9]")


def normalise_identifier(value: str) -> str:
    """Identifiers compare the way people write them: case, spaces and punctuation aside.

    >>> normalise_identifier(" ab-123 456 ")
    'AB123456'
    """
    return _ID_JUNK.sub("", value.upper())


@dataclass
class Record:
    """One actor as seen by resolution.

    >>> r = Record("urn:x:1", "person", ["Ismail Haniya"], dobs={"1962"})
    >>> r.years
    {'1962'}
    """

    iri: str
    kind: str
    names: list[str]
    dobs: set[str] = field(default_factory=set)
    nationalities: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    identifiers: set[tuple[str, str]] = field(default_factory=set)
    addresses: set[str] = field(default_factory=set)
    graph: str = ""

    @property
    def years(self) -> set[str]:
        return {d[:4] for d in self.dobs if d[:4].isdigit()}

    def add_identifier(self, scheme: str, value: str) -> None:
        cleaned = normalise_identifier(value)
        if cleaned:
            self.identifiers.add((scheme, cleaned))
