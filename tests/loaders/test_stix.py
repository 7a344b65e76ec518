"""The ``stix`` loader on objects the ontology does not model (an invented bundle,
``tests/data/loaders/stix/unmodelled.json``): they are rejected with their reason, a report
supports only what was loaded (on the shared real reports it supported 113 relationship nodes
that were never loaded), and custom ``x_`` properties and property extensions stay readable.
Malware, tools, infrastructure and the other cyber objects (once rejected here) are tested in
``test_stix_cyber.py``."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import RDF, RDFS, URIRef

from ipas.ingest import Ingestor
from ipas.namespace import IPAS
from ipas.sources import LoadOptions, Record, Rejected, get_loader
from ipas.store.base import Scope
from loaders._iri import mint
from tests.loaders.conftest import DATA
from tests.loaders.loader_run import run

BUNDLE = DATA / "stix" / "unmodelled.json"
ACTOR = "threat-actor--00000000-0000-4000-8000-000000000003"


def node(kind: str, stix_id: str) -> URIRef:
    return mint(kind, "stix", stix_id)


def test_unmodelled_objects_reported_and_not_linked() -> None:
    records, rejected, g = run("stix", [BUNDLE])
    kinds = sorted(r.position.record_id.partition("--")[0] for r in rejected
                   if r.position.record_id)
    assert kinds == ["extension-definition", "x-fict-case"]
    assert all("no counterpart in the ontology" in r.reason for r in rejected)
    report = node("report", "report--00000000-0000-4000-8000-00000000000f")
    malware = node("malware", "malware--00000000-0000-4000-8000-000000000004")
    assert set(g.objects(report, IPAS.supports)) == {node("threat-actor", ACTOR), malware}
    [note] = [str(c) for c in g.objects(report, RDFS.comment) if "Also refers" in str(c)]
    assert note.endswith(": 1 relationship (not in this file)")
    # the actor "uses" the malware: a statement, not a link node the report could support
    assert (node("threat-actor", ACTOR), IPAS.usesCapability, malware) in g
    assert "marking statement: Copyright 2024 Fictional CERT" in {
        str(c) for c in g.objects(report, RDFS.comment)}
    assert len(records) == 9  # the statement marking is a record with no triples
    sighting = node("sighting", "sighting--00000000-0000-4000-8000-000000000007")
    malware = node("malware", "malware--00000000-0000-4000-8000-000000000004")
    assert (sighting, IPAS.sightingOf, malware) in g
    # located-at a location in a country: the actor's country
    country = mint("country", "iso3166", "MX")
    assert (node("threat-actor", ACTOR), IPAS.country, country) in g


def test_custom_properties_kept() -> None:
    _, _, g = run("stix", [BUNDLE])
    actor = {str(c) for c in g.objects(node("threat-actor", ACTOR), RDFS.comment)}
    assert "x_fict_note: high" in actor
    assert any(c.startswith("extension extension-definition--") and '"rank": 5' in c
               for c in actor)


def test_nothing_dangles_after_commit(pipeline: Ingestor) -> None:
    result = pipeline.ingest([BUNDLE], fmt="stix", options=LoadOptions())
    assert result.records == 9
    dangling = pipeline.store.select(
        "SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?o) && "
        "STRSTARTS(STR(?o), 'https://w3id.org/ipas/id/')) "
        "FILTER NOT EXISTS { GRAPH ?h { ?o ?q ?x } } }", scope=Scope.everything())
    assert not dangling.rows


def test_stix_20_bundle(pipeline: Ingestor) -> None:
    """A STIX 2.0 bundle (objects without spec_version; threat-actor types in ``labels``;
    indicators without pattern_type): its indicator was "invalid STIX 2.1" and its
    crime syndicate a plain actor."""
    path = DATA / "stix" / "stix20-report.json"
    records, rejected, g = run("stix", [path])
    assert not rejected and len(records) == 5
    gang = node("threat-actor", "threat-actor--00000000-0000-4000-8000-000000000013")
    assert (gang, RDF.type, IPAS.CriminalOrganization) in g
    indicator = node("indicator", "indicator--00000000-0000-4000-8000-000000000014")
    assert g.value(indicator, IPAS.indicates) == gang
    result = pipeline.ingest([path], fmt="stix", options=LoadOptions())
    assert (result.records, result.quarantined) == (5, [])


def test_object_marked_stricter_than_the_load(tmp_path: Path) -> None:
    """A batch is read by whoever may read its marking: an object marked TLP:RED in a load
    marked GREEN (the shared interop campaign loaded at the default AMBER landed readable at
    AMBER) is held back with the marking to load it at; a report leaves it out."""
    red = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"
    actor = "threat-actor--00000000-0000-4000-8000-0000000000c1"
    t = "2024-01-01T00:00:00.000Z"
    bundle = {"type": "bundle", "id": "bundle--00000000-0000-4000-8000-0000000000c0",
              "objects": [
                  {"type": "threat-actor", "spec_version": "2.1", "id": actor, "created": t,
                   "modified": t, "name": "Red Ficticio", "object_marking_refs": [red]},
                  {"type": "report", "spec_version": "2.1", "created": t, "modified": t,
                   "id": "report--00000000-0000-4000-8000-0000000000c2", "name": "Green",
                   "published": t, "object_refs": [actor]}]}
    path = tmp_path / "red.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    loader = get_loader("stix")
    green = list(loader.read([path], LoadOptions(marking="TLP:GREEN")))
    [held] = [r for r in green if isinstance(r, Rejected)]
    assert held.position.record_id == actor
    assert "marked TLP:RED" in held.reason and "--marking RED" in held.reason
    [report] = [r for r in green if isinstance(r, Record)]
    assert node("threat-actor", actor) not in {o for _, _, o in report.graph}
    at_red = list(loader.read([path], LoadOptions(marking="TLP:RED")))
    assert not [r for r in at_red if isinstance(r, Rejected)]

