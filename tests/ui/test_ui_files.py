"""The UI's static doors: fixed files only, a strict CSP, and no path from the request."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.app import create_app
from ipas.settings import Settings


def test_ui_files_and_headers(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        assert client.get("/", follow_redirects=False).headers["location"] == "/ui/"
        page = client.get("/ui/")
        assert page.status_code == 200 and "IPAS-KG" in page.text
        assert "default-src 'self'" in page.headers["content-security-policy"]
        assert client.get("/ui/app.js").headers["content-type"].startswith("text/javascript")
        for probe in ("..%2Fapp.py", "%2e%2e/settings.py", "missing.js", "..%2F..%2Fetc%2Fpasswd"):
            assert client.get(f"/ui/{probe}").status_code == 404
