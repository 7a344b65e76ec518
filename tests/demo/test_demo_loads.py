"""`ipas demo`'s loader takes every file of the manifest as one batch with nothing
quarantined, marked and shared as the manifest says."""

from __future__ import annotations

from typing import Any

from ipas.ingest import Ingestor
from ipas.ingest.runner import load_demo
from ipas.settings import Settings
from ipas.store.oxigraph import OxigraphStore
from tests.demo.conftest import DEMO


def test_demo_loads_without_quarantine(settings: Settings, manifest: dict[str, Any]) -> None:
    store = OxigraphStore()
    results = load_demo(Ingestor(store, settings), if_empty=False,
                        manifest=DEMO / "manifest.json")
    assert len(results) == len(manifest["files"]) == 15
    for entry, result in zip(manifest["files"], results, strict=True):
        reasons = result.quarantined[:3]
        assert result.ok, f"{entry['path']}: quarantined {reasons}"
        assert result.batch.marking == entry["marking"]
        assert result.batch.agency == entry["agency"]
        assert list(result.batch.shared_with) == entry["sharedWith"]
        assert result.batch.source == entry["source"]
        assert result.batch.reliability == entry["reliability"]
        assert result.batch.credibility == str(entry["credibility"])
        assert result.triples > 0
        # The demo is the example users copy: not even a Warning (Infos are suggestions).
        warnings = [w.to_dict() for w in result.warnings if w.severity.value == "Warning"]
        assert warnings == [], f"{entry['path']}: {warnings[:3]}"
