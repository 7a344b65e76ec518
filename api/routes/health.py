"""``/health``: liveness, answered without touching the query workers or the caller's data."""

from __future__ import annotations

from fastapi import APIRouter, Request

router = APIRouter(tags=["health"])


@router.get("/health", operation_id="health")
async def health(request: Request) -> dict[str, str]:
    """Always prompt: it runs on the event loop and never waits for a query to finish.

    Store statistics need a principal and a scope; they are not part of liveness.
    """
    settings = request.app.state.settings
    return {"status": "ok", "store": settings.store_kind}
