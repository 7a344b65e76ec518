"""The catalog's description of a batch conforms to the ontology's own Batch shape."""

from __future__ import annotations

from pathlib import Path

from ipas.catalog import Catalog
from ipas.ingest import Ingestor
from ipas.settings import PROJECT_ROOT, Settings
from ipas.sources import LoadOptions
from ipas.store.oxigraph import OxigraphStore
from ipas.validation import Validator


def test_catalog_entries_conform(tmp_path: Path) -> None:
    settings = Settings(store=str(tmp_path / "store"), home=tmp_path / "home")
    store = OxigraphStore(tmp_path / "store")
    result = Ingestor(store, settings, reason=False).ingest(
        [PROJECT_ROOT / "demo" / "geography.ttl"],
        options=LoadOptions(source_name="geo", marking="TLP:AMBER", agency="HSI",
                            shared_with=("GT-FECI",), reliability="B", credibility="2"))
    entry = Catalog(store, settings).get(result.batch.id)
    report = Validator.from_settings(settings).validate(Catalog(store, settings).entry_graph(entry))
    assert report.conforms, [r.to_dict() for r in report.violations]
    assert not report.results, [r.to_dict() for r in report.results]
