"""The web UI: static files under ``/ui`` (no data in them; data comes through the same
authenticated doors as every other client), and ``/`` redirecting there."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, RedirectResponse

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
_FILES = {"index.html": "index.html", "app.js": "app.js",
          "style.css": "style.css"}
# The page loads only its own files and talks only to this server.
_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

router = APIRouter(include_in_schema=False)


@router.get("/")
def root() -> RedirectResponse:
    return RedirectResponse("/ui/")


@router.get("/ui")
def ui_redirect() -> RedirectResponse:
    return RedirectResponse("/ui/")


@router.get("/ui/")
def ui_index() -> FileResponse:
    return ui_file("index.html")


@router.get("/ui/{name}")
def ui_file(name: str) -> FileResponse:
    # A fixed allow-list: no path from the request ever reaches the file system.
    file = _FILES.get(name)
    if file is None:
        raise HTTPException(status_code=404)
    return FileResponse(STATIC_DIR / file, headers=_HEADERS)
