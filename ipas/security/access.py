"""The contract every door uses to learn who is calling and which graphs they may see.

The API (``api.deps``) and the CLI call an :class:`AccessControl`; the implementation (tokens,
markings, sharing) lives beside this module. Scopes are computed from the batch catalog
before any query runs; nothing here rewrites query text.
"""

from __future__ import annotations

from typing import Protocol

from ipas.security.principal import Principal
from ipas.store.base import Scope


class AccessControl(Protocol):
    def authenticate(self, authorization: str | None, *, client_host: str | None) -> Principal:
        """The principal behind an ``Authorization`` header value (``None``: no header).

        Raises ``ipas.errors.Unauthorized`` for unknown, revoked or expired tokens, and for a
        missing header when anonymous reading is off.
        """
        ...

    def scope_for(self, principal: Principal) -> Scope:
        """The graphs ``principal`` may read: computed from the catalog, before any query."""
        ...
