"""Scopes are reused between writes but never stale: every commit is seen by the next call."""

from __future__ import annotations

from pathlib import Path

from ipas.access import build_access_control
from ipas.catalog import Catalog
from ipas.ingest import Ingestor
from ipas.security.principal import Principal, Role
from ipas.settings import Settings
from ipas.sources import LoadOptions
from ipas.store.oxigraph import OxigraphStore

PARTNER = Principal("mx", Role.PARTNER, markings=frozenset({"TLP:GREEN", "TLP:AMBER"}),
                    agency="MX")


def test_new_and_retracted_batches_change_the_next_scope(tmp_path: Path) -> None:
    settings = Settings(store=str(tmp_path / "store"), home=tmp_path / "home")
    store = OxigraphStore(tmp_path / "store")
    access = build_access_control(settings, store)
    ingestor = Ingestor(store, settings, reason=False)
    data = tmp_path / "a.ttl"
    data.write_text('<urn:x:a> <http://www.w3.org/2000/01/rdf-schema#label> "a" .\n')

    before = access.scope_for(PARTNER).graphs or frozenset()
    shared = ingestor.ingest([data], options=LoadOptions(source_name="a", marking="TLP:GREEN"))
    after_load = access.scope_for(PARTNER).graphs or frozenset()
    assert shared.batch.graph not in before and shared.batch.graph in after_load
    assert access.scope_for(PARTNER) == access.scope_for(PARTNER)  # reused, same answer

    data.write_text('<urn:x:b> <http://www.w3.org/2000/01/rdf-schema#label> "b" .\n')
    hidden = ingestor.ingest([data], options=LoadOptions(source_name="b", marking="TLP:RED"))
    assert hidden.batch.graph not in (access.scope_for(PARTNER).graphs or frozenset())

    ingestor.retract(shared.batch.id)
    assert Catalog(store, settings).get(shared.batch.id).status == "retracted"
    assert shared.batch.graph not in (access.scope_for(PARTNER).graphs or frozenset())
