"""A fixed token table implementing the AccessControl contract, for tests and embedding.

Stand-in until :mod:`ipas.security` provides the deployment's access control (hashed tokens,
markings, audit): it knows only the principals it is given, and every principal sees the
graphs of the store unless a narrower set is given for it. Anonymous callers are let in only
when the settings open anonymous reading (``IPAS_ANONYMOUS_MARKINGS`` not empty).
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterable, Mapping

from ipas.errors import Unauthorized
from ipas.security.principal import Principal, Role
from ipas.settings import Settings
from ipas.store.base import Scope, Store


class StaticAccess:
    """Bearer tokens mapped to principals.

    >>> from ipas.security.principal import Action
    >>> acl = StaticAccess({"s3cret": Principal("ana", Role.ANALYST)}, graphs=lambda: ["urn:g"])
    >>> p = acl.authenticate("Bearer s3cret", client_host="127.0.0.1")
    >>> p.name, p.can(Action.UPDATE), sorted(acl.scope_for(p).graphs or [])
    ('ana', False, ['urn:g'])
    >>> acl.authenticate(None, client_host=None)
    Traceback (most recent call last):
    ipas.errors.Unauthorized: credentials required
    """

    def __init__(
        self,
        tokens: Mapping[str, Principal],
        *,
        graphs: Callable[[], Iterable[str]],
        anonymous: Principal | None = None,
        scopes: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        self._tokens = dict(tokens)
        self._graphs = graphs
        self._anonymous = anonymous
        self._scopes = {name: frozenset(g) for name, g in (scopes or {}).items()}

    @classmethod
    def from_settings(cls, settings: Settings, store: Store) -> StaticAccess:
        anonymous = None
        if settings.anonymous_markings:
            anonymous = Principal(
                "anonymous",
                Role.READER,
                markings=frozenset(settings.anonymous_markings),
                anonymous=True,
            )
        return cls({}, graphs=store.graphs, anonymous=anonymous)

    def authenticate(self, authorization: str | None, *, client_host: str | None) -> Principal:
        if authorization is None or not authorization.strip():
            if self._anonymous is None:
                raise Unauthorized("credentials required")
            return self._anonymous
        scheme, _, token = authorization.strip().partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise Unauthorized("expected 'Authorization: Bearer <token>'")
        for known, principal in self._tokens.items():
            if hmac.compare_digest(known.encode(), token.strip().encode()):
                return principal
        raise Unauthorized("unknown token")

    def scope_for(self, principal: Principal) -> Scope:
        visible = frozenset(self._graphs())
        if principal.name in self._scopes:
            visible &= self._scopes[principal.name]
        return Scope(graphs=visible)
