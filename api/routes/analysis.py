"""``/analysis``: paths with evidence, convergence, centrality, rankings and exports (JSON).

Every answer is computed on the caller's own projection: built from exactly the graphs the
caller's scope admits (``ipas.analysis.service``), so nothing hidden from a partner can shape
a path, a score or an export. Responses are plain JSON documented in docs/analysis.md; errors
are the project's typed errors (400 for bad parameters, 404 for an entity not in view).
"""

from __future__ import annotations

import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from api.audit import note
from api.deps import PrincipalDep, ScopeDep, SettingsDep, StoreDep, get_access, require
from ipas.analysis.convergence import convergence
from ipas.analysis.export import FORMATS, export
from ipas.analysis.metrics import entity_metrics, top
from ipas.analysis.paths import Constraints, find_paths, resolve
from ipas.analysis.projection import Projection
from ipas.analysis.ranking import rank_networks, rank_pathways
from ipas.analysis.service import Analysis
from ipas.analysis.spec import weights
from ipas.errors import BadInput
from ipas.query.executor import IsolatedStore
from ipas.security.principal import Action, Principal
from ipas.settings import Settings
from ipas.store.base import Scope, Store

router = APIRouter(prefix="/analysis", tags=["analysis"])
Caller = Annotated[Principal, Depends(require(Action.QUERY))]
_lock = threading.Lock()
MEASURES = ("degree", "betweenness", "pagerank")


def weighted_scope(request: Request, principal: PrincipalDep) -> Scope:
    """The caller's scope, without HTTP validators (ETag): scores also depend on
    ``weights.yaml``, which the store's write generation does not follow, so a copy cached
    before a weights edit must not be confirmed as current."""
    return get_access(request).scope_for(principal)


WeightedScopeDep = Annotated[Scope, Depends(weighted_scope)]
Resolved = Annotated[bool, Query(description="nodes are resolved actors (entity resolution)")]


def analysis_for(request: Request, store: Store, settings: Settings) -> Analysis:
    """The app's one :class:`Analysis` (made on first use; its cache lives as long as the app).

    Extraction reads the store directly rather than through the query workers: its queries
    are fixed, bounded texts of the analysis package, never caller input.
    """
    with _lock:
        found = getattr(request.app.state, "analysis", None)
        if not isinstance(found, Analysis):
            base = store.inner if isinstance(store, IsolatedStore) else store
            found = Analysis(base, settings)
            request.app.state.analysis = found
        return found


def _projection(request: Request, store: Store, settings: Settings, scope: Scope,
                resolved: bool) -> tuple[Analysis, Projection]:
    analysis = analysis_for(request, store, settings)
    projection = analysis.projection(scope, resolved=resolved)
    note(request, action="analysis", scope=scope, projection=analysis.last_build)
    return analysis, projection


@router.get("/summary")
def summary(request: Request, _caller: Caller, store: StoreDep, settings: SettingsDep,
            scope: ScopeDep, resolved: Resolved = False) -> dict[str, Any]:
    """Size of the caller's projection, its edge kinds and how it was obtained."""
    analysis, projection = _projection(request, store, settings, scope, resolved)
    kinds: dict[str, int] = {}
    for edge in projection.edges.values():
        kinds[edge.kind] = kinds.get(edge.kind, 0) + 1
    return {"nodes": len(projection.nodes), "edges": len(projection.edges),
            "pairs": projection.graph.ecount(), "kinds": dict(sorted(kinds.items())),
            "known_kinds": analysis.rules.kinds(), "build": analysis.last_build}


@router.get("/paths")
def paths(
    request: Request, _caller: Caller, store: StoreDep, settings: SettingsDep, scope: ScopeDep,
    source: Annotated[str, Query(alias="from", description="entity IRI or key")],
    target: Annotated[str, Query(alias="to", description="entity IRI or key")],
    k: Annotated[int, Query(ge=1, le=20)] = 1,
    min_grade: Annotated[str | None, Query(description="e.g. B2")] = None,
    kinds: Annotated[str | None, Query(description="comma-separated edge kinds")] = None,
    since: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
    until: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
    resolved: Resolved = False,
) -> dict[str, Any]:
    """Up to ``k`` shortest paths between two entities, each hop with its links and evidence."""
    analysis, projection = _projection(request, store, settings, scope, resolved)
    constraints = Constraints.parse(kinds.split(",") if kinds else None, min_grade, since,
                                    until, analysis.rules.kinds())
    return find_paths(projection, source, target, base_iri=settings.base_iri, k=k,
                      constraints=constraints)


@router.get("/convergence")
def convergence_route(
    request: Request, _caller: Caller, store: StoreDep, settings: SettingsDep,
    scope: WeightedScopeDep,
    min_networks: Annotated[int, Query(ge=2, le=100)] = 2,
    min_commodities: Annotated[int, Query(ge=1, le=100)] = 2,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    resolved: Resolved = False,
) -> dict[str, Any]:
    """Facilitators linked to several networks moving different commodities, scored."""
    _, projection = _projection(request, store, settings, scope, resolved)
    return convergence(projection, weights(), min_networks=min_networks,
                       min_commodities=min_commodities, limit=limit)


@router.get("/rank/{what}")
def rank(
    request: Request, what: str, _caller: Caller, store: StoreDep, settings: SettingsDep,
    scope: WeightedScopeDep,
    as_of: Annotated[str | None, Query(description="YYYY-MM-DD (default: latest date)")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    resolved: Resolved = False,
) -> dict[str, Any]:
    """Networks or pathways ranked, every score term with its value and weight."""
    if what not in ("networks", "pathways"):
        raise BadInput("rank networks or pathways", field="what")
    _, projection = _projection(request, store, settings, scope, resolved)
    ranker = rank_networks if what == "networks" else rank_pathways
    return ranker(projection, weights(), as_of=as_of, limit=limit)


@router.get("/centrality")
def centrality(
    request: Request, _caller: Caller, store: StoreDep, settings: SettingsDep, scope: ScopeDep,
    entity: Annotated[str | None, Query(description="one entity (IRI or key)")] = None,
    measure: Annotated[str, Query(description="degree, betweenness or pagerank")] = "pagerank",
    limit: Annotated[int, Query(ge=1, le=1000)] = 20,
    resolved: Resolved = False,
) -> dict[str, Any]:
    """One entity's centrality and Leiden community, or the top entities on a measure."""
    _, projection = _projection(request, store, settings, scope, resolved)
    if entity is not None:
        return entity_metrics(projection, resolve(projection, entity, settings.base_iri,
                                                  "entity"))
    if measure not in MEASURES:
        raise BadInput(f"measure must be one of {', '.join(MEASURES)}", field="measure")
    return {"measure": measure, "top": top(projection, measure, limit)}


@router.get("/export")
def export_route(
    request: Request, _caller: Caller, store: StoreDep, settings: SettingsDep, scope: ScopeDep,
    fmt: Annotated[str, Query(alias="format", description=", ".join(FORMATS))] = "graphml",
    resolved: Resolved = False,
) -> Response:
    """The caller's projection as GraphML, GEXF, Cytoscape JSON or an i2 CSV pair (zip)."""
    if fmt not in FORMATS:
        raise BadInput(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}",
                       field="format")
    _, projection = _projection(request, store, settings, scope, resolved)
    media, filename = FORMATS[fmt]
    return Response(export(projection, fmt), media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
