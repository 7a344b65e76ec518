"""``GET /changes``: what changed since a cursor (batches committed, replaced, retracted).

A system keeps the ``next`` cursor of each answer and sends it back as ``since``; without
``since`` the feed starts at the first batch. Only batches the caller may see are listed
(retracted ones by their marking and sharing, as ``GET /ingest/{batch}`` decides).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from api.audit import note
from api.deps import PrincipalDep, ScopeDep, SettingsDep, StoreDep, require
from api.routes.listing_models import ChangesPage
from ipas.catalog import RETRACTED, Catalog
from ipas.changes import Change, Cursor, events, read
from ipas.graphs import GraphNames
from ipas.security.markings import admits
from ipas.security.principal import Action, Principal

router = APIRouter(tags=["changes"])
Reader = Annotated[Principal, Depends(require(Action.QUERY))]


@router.get("/changes", summary="Batches committed, replaced or retracted since a cursor",
            operation_id="list_changes", response_model=ChangesPage)
def changes(
    request: Request, response: Response, store: StoreDep, settings: SettingsDep,
    principal: PrincipalDep, scope: ScopeDep, _reader: Reader,
    since: Annotated[str | None, Query(
        max_length=20_000, description="The 'next' cursor of the previous answer")] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="Events per answer")] = 100,
) -> dict[str, Any]:
    cursor = Cursor.decode(since) if since else Cursor()
    entries = Catalog(getattr(store, "inner", store), settings).batches(include_retracted=True)

    everything = scope.graphs is None or GraphNames(settings.base_iri).catalog in scope.graphs

    def visible(change: Change) -> bool:
        # The catalog graph is in scope only for callers from whom no batch is hidden.
        e = change.entry
        if everything:
            return True
        if e.status == RETRACTED:
            return admits(principal, e.marking, owner=e.agency, shared_with=e.shared_with)
        return scope.graphs is not None and e.graph in scope.graphs

    page, after, more = read(events(entries), cursor, limit, visible)
    token = after.encode()
    note(request, action="changes", result_count=len(page))
    response.headers["Link"] = f'<{request.url.include_query_params(since=token)}>; rel="next"'
    return {"changes": [c.to_dict() for c in page], "next": token, "more": more}
