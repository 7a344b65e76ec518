"""Who is calling, and what their role lets them do."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    READER = "reader"  # query
    ANALYST = "analyst"  # query + saved queries + UI
    LOADER = "loader"  # ingest
    ADMIN = "admin"  # everything: tokens, ontology, updates
    PARTNER = "partner"  # reader-like, scoped to handling markings, read-only


class Action(StrEnum):
    QUERY = "query"
    SAVED_QUERY = "saved_query"
    INGEST = "ingest"
    UPDATE = "update"
    ADMIN = "admin"


_ALLOWED: dict[Role, frozenset[Action]] = {
    Role.READER: frozenset({Action.QUERY, Action.SAVED_QUERY}),
    Role.PARTNER: frozenset({Action.QUERY, Action.SAVED_QUERY}),
    Role.ANALYST: frozenset({Action.QUERY, Action.SAVED_QUERY}),
    Role.LOADER: frozenset({Action.QUERY, Action.SAVED_QUERY, Action.INGEST}),
    Role.ADMIN: frozenset(Action),
}


@dataclass(frozen=True)
class Principal:
    """An authenticated caller (or the anonymous reader, when a deployment opens one).

    >>> Principal("ana", Role.ANALYST).can(Action.UPDATE)
    False
    >>> Principal("root", Role.ADMIN).can(Action.UPDATE)
    True
    """

    name: str
    role: Role
    markings: frozenset[str] = field(default_factory=frozenset)
    agency: str | None = None
    anonymous: bool = False

    def can(self, action: Action) -> bool:
        return action in _ALLOWED[self.role]
