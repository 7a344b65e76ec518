"""The real :class:`~ipas.security.access.AccessControl`: bearer tokens, markings, sharing.

Scopes are computed from the batch catalog before any query runs (``scope_for``) and handed
to the store as the query's dataset; nothing here reads or rewrites query text.

Graphs a principal may read:

* each batch graph whose marking and sharing admit it (:func:`ipas.security.markings.admits`),
  and that batch's inferred graph (inferred triples follow their premises);
* each graph of facts derived from several batches (:mod:`ipas.derived`) when every one of
  those batches is admitted;
* the ontology graph (everyone who may read at all);
* the catalog and entity-resolution graphs only when no batch is hidden from the caller:
  they describe and link every batch, so they would reveal hidden ones;
* any other graph in the store: admins only (fails closed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ipas.errors import BadInput, Forbidden, Unauthorized
from ipas.graphs import GraphNames
from ipas.security.markings import Marking, admits, parse_markings
from ipas.security.principal import Action, Principal, Role
from ipas.security.tokens import TokenStore
from ipas.store.base import Scope

ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class BatchAccess:
    """What access control needs to know about one batch (a view of a catalog entry)."""

    id: str
    graph: str
    marking: str | None
    agency: str | None
    shared_with: tuple[str, ...] = ()


BatchSource = Callable[[], Iterable[BatchAccess]]


def require(principal: Principal, action: Action) -> None:
    """Raise ``Forbidden`` unless the principal's role allows ``action``.

    >>> require(Principal("p", Role.PARTNER, agency="MX"), Action.UPDATE)
    Traceback (most recent call last):
    ...
    ipas.errors.Forbidden: role 'partner' may not update
    """
    if principal.anonymous and action not in (Action.QUERY, Action.SAVED_QUERY):
        raise Unauthorized(f"{action.value} needs a bearer token")
    if not principal.can(action):
        raise Forbidden(f"role {principal.role.value!r} may not {action.value}")


class TokenAccessControl:
    """Bearer-token authentication and catalog-derived scopes.

    >>> import tempfile, pathlib
    >>> tokens = TokenStore(pathlib.Path(tempfile.mkdtemp()) / "tokens.json")
    >>> names = GraphNames("urn:x/")
    >>> batches = [BatchAccess("b1", names.batch("b1"), "TLP:GREEN", "HSI"),
    ...            BatchAccess("b2", names.batch("b2"), "TLP:AMBER", "HSI")]
    >>> ac = TokenAccessControl(tokens, lambda: batches, names, graphs=lambda: [])
    >>> _, tok = tokens.create("mx", Role.PARTNER, agency="MX-FGR")
    >>> who = ac.authenticate(f"Bearer {tok}", client_host="127.0.0.1")
    >>> sorted(ac.scope_for(who).graphs or [])
    ['urn:x/graph/batch/b1', 'urn:x/graph/batch/b1/inferred', 'urn:x/graph/ontology']
    """

    def __init__(
        self,
        tokens: TokenStore,
        batches: BatchSource,
        names: GraphNames,
        *,
        graphs: Callable[[], Sequence[str]],
        anonymous_markings: Iterable[str] = (),
        derived: Callable[[], Sequence[str]] | None = None,
    ) -> None:
        """``derived``: the store's derived-fact graphs (default: read from ``graphs``)."""
        self.tokens = tokens
        self._batches = batches
        self._graphs = graphs
        self._derived = derived or (lambda: [g for g in graphs()
                                             if g.startswith(names.derived_prefix)])
        self.names = names
        anon = parse_markings(anonymous_markings)
        if Marking.RED.value in anon:
            raise BadInput("TLP:RED can never be readable anonymously", field="anonymous_markings")
        self.anonymous_markings = anon

    # -- who --------------------------------------------------------------------------------
    def authenticate(self, authorization: str | None, *, client_host: str | None) -> Principal:
        if authorization is None or not authorization.strip():
            if self.anonymous_markings:
                return Principal(
                    ANONYMOUS, Role.READER, markings=self.anonymous_markings, anonymous=True
                )
            raise Unauthorized("a bearer token is required (Authorization: Bearer ...)")
        scheme, _, credentials = authorization.strip().partition(" ")
        if scheme.lower() != "bearer" or not credentials.strip():
            raise Unauthorized(
                "send 'Authorization: Bearer <token>' (or Basic, the token as password)")
        return self.tokens.verify(credentials.strip()).principal()

    # -- what -------------------------------------------------------------------------------
    def visible_batches(self, principal: Principal) -> list[BatchAccess]:
        """The catalog entries ``principal`` may know exist (REST and CLI batch listings)."""
        return [b for b in self._batches() if self._admits(principal, b)]

    def scope_for(self, principal: Principal) -> Scope:
        batches = list(self._batches())
        visible = [b for b in batches if self._admits(principal, b)]
        graphs = {self.names.ontology}
        for b in visible:
            graphs.add(b.graph)
            graphs.add(self.names.inferred_for(b.graph))
        ids = {b.id for b in visible}
        for graph in self._derived():
            premises = self.names.derived_batch_ids(graph)
            if premises is not None and premises <= ids:
                graphs.add(graph)
        internal = not principal.anonymous and principal.role is not Role.PARTNER
        if internal and len(visible) == len(batches):
            graphs.update({self.names.catalog, self.names.resolution})
            # Decision batches (ipas.resolution) live under the resolution graph's name.
            graphs.update(g for g in self._graphs() if g.startswith(f"{self.names.resolution}/"))
        if principal.role is Role.ADMIN and not principal.anonymous:
            graphs.update(self._graphs())
        return Scope.of(graphs)

    @staticmethod
    def _admits(principal: Principal, batch: BatchAccess) -> bool:
        return admits(principal, batch.marking, owner=batch.agency, shared_with=batch.shared_with)

