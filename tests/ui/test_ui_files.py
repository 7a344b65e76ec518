"""The UI's static doors: only bundled files, a strict CSP, no path from the request, and
every third-party file exactly the one its licence record names."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from api.routes.ui import STATIC_DIR
from ipas.settings import Settings

VENDOR = STATIC_DIR / "vendor"


def test_ui_files_and_headers(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        assert client.get("/", follow_redirects=False).headers["location"] == "/ui/"
        page = client.get("/ui/")
        assert page.status_code == 200 and "IPAS-KG" in page.text
        csp = page.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self';" in csp
        assert "connect-src 'self'" in csp
        assert client.get("/ui/js/main.js").headers["content-type"].startswith("text/javascript")
        assert client.get("/ui/vendor/cytoscape.min.js").status_code == 200
        for probe in ("..%2Fapp.py", "%2e%2e/settings.py", "missing.js", "..%2F..%2Fetc%2Fpasswd",
                      "js/../../routes/ui.py", "vendor/../../app.py"):
            assert client.get(f"/ui/{probe}").status_code == 404, probe


def test_api_docs_load_only_bundled_assets(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        docs = client.get("/docs")
        assert docs.status_code == 200 and "swagger-ui" in docs.text
        for url in re.findall(r'(?:src|href)="([^"]+)"', docs.text):
            assert url.startswith(("/ui/", "data:")), url
            if url.startswith("/ui/"):
                assert client.get(url).status_code == 200, url
        assert client.get("/redoc").status_code == 404


def test_pages_reference_no_other_host() -> None:
    for path in [STATIC_DIR / "index.html", *sorted((STATIC_DIR / "js").glob("*.js"))]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""(?:src|href)=["']https?://""", text), path
        assert not re.search(r"""fetch\(\s*["'`]https?://""", text), path


def test_vendored_files_match_their_record() -> None:
    """Each third-party file is the one VENDOR.json names (package, version, licence, sha256):
    regenerate with `make vendor-ui`, never edit by hand."""
    records = json.loads((VENDOR / "VENDOR.json").read_text(encoding="utf-8"))
    recorded = {r["file"] for r in records}
    on_disk = {p.name for p in VENDOR.iterdir()
               if p.name != "VENDOR.json" and not p.name.endswith(".LICENSE.txt")}
    assert recorded == on_disk
    for record in records:
        data = (VENDOR / record["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == record["sha256"], record["file"]
        assert record["version"] and record["license"], record
    licences = {p.name for p in VENDOR.glob("*.LICENSE.txt")}
    assert {"cytoscape.LICENSE.txt", "swagger-ui-dist.LICENSE.txt"} <= licences


def test_ui_vendor_script_is_pinned() -> None:
    package = json.loads((Path(__file__).resolve().parents[2] / "ui" / "package.json")
                         .read_text(encoding="utf-8"))
    for name, version in {**package["dependencies"], **package["devDependencies"]}.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), (name, version)


def test_ports_layer_is_written_from_the_reference_ports() -> None:
    """The map's ports are the reference data's ports: `make base-layer` after editing the CSV."""
    import importlib.util

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("base_layer", root / "ui" / "base_layer.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = (STATIC_DIR / "data" / "cbp-ports.geojson").read_text(encoding="utf-8")
    assert committed == module.ports_geojson()
    ports = json.loads(committed)["features"]
    assert len(ports) >= 30 and {p["properties"]["code"] for p in ports} >= {"2504", "2604"}
