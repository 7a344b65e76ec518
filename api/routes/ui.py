"""The web UI and the API docs, served from files bundled in the package: nothing is fetched
from another host at run time, so both work on an air-gapped network.

``/ui/`` is the analyst's workspace (static files: no data in them; data comes through the
same authenticated doors as every other client); ``/docs`` is Swagger UI over
``/openapi.json``; ``/`` redirects to the UI.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse

from ipas.errors import NotFound

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
_MEDIA = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
          ".css": "text/css; charset=utf-8", ".geojson": "application/geo+json",
          ".json": "application/json", ".txt": "text/plain; charset=utf-8"}


def _allowed_files() -> dict[str, Path]:
    """Every servable file, by its path under /ui/ (read once: no request path reaches the
    file system)."""
    out: dict[str, Path] = {}
    for path in sorted(STATIC_DIR.rglob("*")):
        if path.is_file() and path.suffix in _MEDIA:
            out[path.relative_to(STATIC_DIR).as_posix()] = path
    return out


_FILES = _allowed_files()
# Scripts only from this server; styles may be set inline by the bundled libraries (YASGUI,
# Swagger UI), which cannot execute code; the page talks only to this server.
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'")
_HEADERS = {
    "Content-Security-Policy": _CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}

_DOCS = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>IPAS-KG API</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/ui/vendor/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/ui/vendor/swagger-ui-bundle.js"></script>
<script src="/ui/js/swagger-init.js"></script></body></html>
"""

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


@router.get("/docs")
def api_docs() -> HTMLResponse:
    return HTMLResponse(_DOCS, headers=_HEADERS)


@router.get("/ui/{name:path}")
def ui_file(name: str) -> FileResponse:
    file = _FILES.get(name)
    if file is None:
        raise NotFound(f"no UI file {name[:80]!r}")
    return FileResponse(file, media_type=_MEDIA[file.suffix], headers=_HEADERS)
