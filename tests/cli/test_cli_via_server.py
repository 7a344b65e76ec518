"""``ipas load`` while ``ipas serve`` holds the store: the batch goes to the running server's
/ingest (a real server on loopback over the same on-disk store) and is reported as a local load
would be; without a token the command says how to get one."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.app import create_app
from ipas.cli.via_server import announce
from ipas.security.principal import Role
from ipas.security.tokens import TokenStore
from ipas.settings import Settings
from tests.api_sparql.live import serve
from tests.cli.conftest import Invoke

GOOD = '<urn:ex:p1> a <urn:ex:Person> ; <urn:ex:name> "Ana" .\n'
MIXED = GOOD + '<urn:ex:p2> a <urn:ex:Person> .\n'


def test_load_goes_through_the_running_server(ipas: Invoke, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings()  # from the environment the `ipas` fixture set
    (tmp_path / "good.ttl").write_text(GOOD)
    (tmp_path / "mixed.ttl").write_text(MIXED.replace("p1", "p3"))
    app = create_app(settings)  # holds the store's writer lock, as `ipas serve` does
    with serve(app) as url:
        announce(settings, url)  # what `ipas serve` writes while it runs
        monkeypatch.delenv("IPAS_TOKEN", raising=False)
        refused = ipas("load", str(tmp_path / "good.ttl"))
        assert refused.exit_code == 2 and "ipas token create" in refused.output
        _, secret = TokenStore(settings.home / "tokens.json").create("lou", Role.LOADER)
        monkeypatch.setenv("IPAS_TOKEN", secret)
        manifest = tmp_path / "manifest.json"
        manifest.write_text('{"files": [{"path": "%s", "marking": "TLP:GREEN", '
                            '"source": "demo through the server"}]}'
                            % (tmp_path / "good.ttl"))
        # --if-empty asks the server (its change feed): empty, so the demo loads ...
        demo = ipas("demo", "--if-empty", "--manifest", str(manifest))
        assert demo.exit_code == 0 and "demo through the server: batch" in demo.output, \
            demo.output
        done = ipas("load", str(tmp_path / "good.ttl"), "--marking", "green")
        assert done.exit_code == 0, done.output
        assert f"loading through {url}/ingest" in done.output
        assert "1 records, 2 triples committed, 0 quarantined" in done.output
        again = ipas("load", str(tmp_path / "good.ttl"), "--marking", "green")
        assert "unchanged, already loaded" in again.output
        # ... and once the store has batches, it loads nothing (another file, not sent).
        (tmp_path / "other.ttl").write_text(GOOD.replace("p1", "p9"))
        manifest.write_text('{"files": [{"path": "%s"}]}' % (tmp_path / "other.ttl"))
        skipped = ipas("demo", "--if-empty", "--manifest", str(manifest))
        assert skipped.exit_code == 0 and "demo not loaded" in skipped.output, skipped.output
        assert "other.ttl" not in skipped.output
        partial = ipas("load", str(tmp_path / "mixed.ttl"))
        assert partial.exit_code == 1 and "1 quarantined" in partial.output
        assert "a person needs a name" in " ".join(partial.output.split())
    batches = ipas("batches", "list")
    assert batches.exit_code == 0 and batches.output.count("TLP:") == 3, batches.output


def test_quarantine_show_names_the_focus_node_and_wraps(ipas: Invoke, tmp_path: Path) -> None:
    long_iri = "urn:ex:" + "x" * 150
    (tmp_path / "bad.ttl").write_text(f"<{long_iri}> a <urn:ex:Person> .\n")
    loaded = ipas("load", str(tmp_path / "bad.ttl"))
    assert loaded.exit_code == 1
    batch = next(w for w in loaded.output.split() if w.startswith("2") and "-" in w).rstrip(":")
    shown = ipas("quarantine", "show", batch)
    assert f"focus {long_iri}" in shown.output  # whole, not cut
