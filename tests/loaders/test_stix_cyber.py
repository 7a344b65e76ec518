"""The ``stix`` loader on cyber objects (malware, tools, attack patterns, infrastructure,
vulnerabilities, network observables, courses of action, campaigns) and the relationships
between them: the shared real STIX files through ``ipas load --format stix`` (shapes and
reasoning on) with the counts the files imply, then small invented bundles for the TLP rule
and the links the model has no property for."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Literal, URIRef

from ipas.cli.main import cli
from ipas.namespace import IPAS
from ipas.settings import Settings
from ipas.sources import LoadOptions, Record, Rejected, get_loader
from ipas.store import open_store
from ipas.store.base import Scope, Store
from loaders._iri import mint
from loaders.stix.cyber import statement
from tests.loaders.loader_run import run

PREFIX = f"PREFIX ipas: <{IPAS}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
T = "2024-01-01T00:00:00.000Z"


def node(stix_id: str) -> URIRef:
    return mint(stix_id.partition("--")[0], "stix", stix_id)


def objects(folder: Path) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path in sorted(folder.rglob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        out += doc.get("objects", []) if doc.get("type") == "bundle" else [doc]
    return out


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Store, list]]:
    """Every shared STIX file in one ``ipas load --format stix`` (the default AMBER marking)."""
    from tests.conftest import SHARED_DIR

    folder = SHARED_DIR / "data" / "stix21"
    if not folder.is_dir():
        pytest.skip(f"../shared is absent ({folder})")
    tmp = tmp_path_factory.mktemp("stix")
    env = {"IPAS_STORE": str(tmp / "store"), "IPAS_HOME": str(tmp / "home")}
    files = [str(p) for p in sorted(folder.rglob("*.json"))]
    result = CliRunner().invoke(cli, ["load", *files, "--format", "stix"], env=env)
    store = open_store(Settings(store=str(tmp / "store"), home=tmp / "home"))
    yield result.output, store, objects(folder)
    store.close()


def count(store: Store, where: str) -> int:
    found = store.select(f"{PREFIX}SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}",
                         scope=Scope.everything())
    return int(found.rows[0]["n"])  # type: ignore[arg-type]


def test_shared_files_load_whole_but_the_red_campaign(loaded: tuple[str, Store, list]) -> None:
    output, _, objs = loaded
    # 260 objects; the one marked TLP:RED is held back from this AMBER load
    assert len(objs) == 260
    assert "259 records" in output and "1 quarantined" in output, output
    assert "marked TLP:RED" in output and "campaign--0c7b5b88" in output


@pytest.mark.parametrize(("stix_type", "cls"), [
    ("malware", IPAS.Malware), ("tool", IPAS.CyberTool), ("attack-pattern", IPAS.AttackPattern),
    ("infrastructure", IPAS.CyberInfrastructure), ("vulnerability", IPAS.Vulnerability),
    ("course-of-action", IPAS.CourseOfAction), ("indicator", IPAS.Indicator),
])
def test_one_node_per_object(loaded: tuple[str, Store, list], stix_type: str,
                             cls: URIRef) -> None:
    _, store, objs = loaded
    ids = {o["id"] for o in objs if o["type"] == stix_type}
    assert ids, stix_type
    assert count(store, f"SELECT DISTINCT ?x WHERE {{ ?x a <{cls}> }}") == len(ids)


def test_relationships_become_statements_or_links(loaded: tuple[str, Store, list]) -> None:
    _, store, objs = loaded
    loaded_ids = {o["id"] for o in objs if o.get("type") != "relationship"} - {
        "campaign--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061"}
    rels = [o for o in objs if o["type"] == "relationship"]
    assert len(rels) == 130
    expected: dict[URIRef, set[tuple[URIRef, URIRef]]] = {}
    links = 0
    for r in rels:
        assert r["source_ref"] in loaded_ids and r["target_ref"] in loaded_ids
        prop = statement(r["relationship_type"], r["source_ref"].partition("--")[0],
                         r["target_ref"].partition("--")[0])
        if prop is None:
            links += 1
        else:
            expected.setdefault(prop, set()).add((node(r["source_ref"]), node(r["target_ref"])))
    for prop, pairs in expected.items():
        found = store.select(f"{PREFIX}SELECT DISTINCT ?s ?o WHERE {{ GRAPH ?g {{ ?s <{prop}> ?o }}"
                             " FILTER(!STRENDS(STR(?g), '/inferred')) }",
                             scope=Scope.everything())
        assert {(r["s"], r["o"]) for r in found.rows} == pairs, prop
    # what has no property of its own (attributed-to between actors) is a link node, kept
    assert links == 7
    assert count(store, "?a a ipas:Association ; ipas:relationshipKind 'attributed-to'") == 7
    assert sorted(p.fragment for p in expected) == [
        "consistsOf", "controlsCapability", "exploitsVulnerability", "indicates",
        "mitigates", "usesCapability"]


def test_infrastructure_file(loaded: tuple[str, Store, list]) -> None:
    _, store, _ = loaded
    c2 = node("infrastructure--38c47d93-d984-4fd9-b87b-d69d0841628d")
    ivy = node("malware--16f4f3f9-1b68-4abb-bb66-7639d49f1e30")
    assert count(store, f"{c2.n3()} rdfs:label 'Poison Ivy C2' ; "
                        f"ipas:capabilityType 'command-and-control' ; "
                        f"ipas:controlsCapability {ivy.n3()} ; ipas:consistsOf ?ip . "
                        "?ip a ipas:NetworkObservable ; ipas:observableType 'ipv4-addr' ; "
                        "ipas:observableValue '198.51.100.3'") == 1
    assert count(store, f"{ivy.n3()} ipas:isMalwareFamily true ; "
                        "ipas:capabilityType 'remote-access-trojan'") == 1
    imddos = node("malware--3a41e552-999b-4ad3-bedc-332b6d9ff80c")
    assert count(store, f"{imddos.n3()} ipas:usesCapability ?i . ?i ipas:consistsOf ?d . "
                        "?d ipas:observableValue 'example.com'") == 1
    # reasoning ran at load: a capability is a tracked entity
    assert count(store, f"{c2.n3()} a ipas:TrackedEntity") == 1


def test_poison_ivy_report(loaded: tuple[str, Store, list]) -> None:
    _, store, objs = loaded
    # a campaign exploits a vulnerability known by its CVE id; indicators point at campaigns
    assert count(store, "?c a ipas:CyberCampaign ; rdfs:label 'admin@338' ; "
                        "ipas:exploitsVulnerability ?v . ?v ipas:hasIdentifier ?i . "
                        "?i ipas:identifierScheme ipas:Scheme_Cve ; "
                        "ipas:identifierValue 'CVE-2012-0158'") == 1
    assert count(store, "SELECT DISTINCT ?i WHERE { ?i a ipas:Indicator ; ipas:indicates ?c . "
                        "?c a ipas:CyberCampaign }") == 23 + 1  # + indicator-to-campaign
    # one course of action in this report, one in indicators-for-C2-with-COA.json
    assert count(store, "SELECT DISTINCT ?m ?x WHERE { ?m ipas:mitigates ?x . "
                        "?m a ipas:CourseOfAction . ?x a ipas:Malware }") == 2
    # the report mentions and supports the cyber objects it cites
    [report] = [o for o in objs if o["id"] == "report--f2b63e80-b523-4747-a069-35c002c690db"]
    cited = {ref for ref in report["object_refs"] if ref.startswith("malware--")}
    assert len(cited) == 24  # of the bundle's 25 malware objects
    assert count(store, f"SELECT DISTINCT ?m WHERE {{ {node(report['id']).n3()} ipas:mentions "
                        "?m . ?m a ipas:Malware }") == len(cited)


def test_apt1_kill_chain_and_identifiers() -> None:
    from tests.conftest import SHARED_DIR

    path = SHARED_DIR / "data" / "stix21" / "threat-reports" / "apt1.json"
    if not path.is_file():
        pytest.skip(f"../shared is absent ({path})")
    _, rejected, g = run("stix", [path])
    assert not rejected
    tools = set(g.subjects(RDF.type, IPAS.CyberTool))
    assert len(tools) == 10
    patterns = set(g.subjects(RDF.type, IPAS.AttackPattern))
    assert len(patterns) == 7
    # STIX 2.0 malware "labels" are its types; CAPEC ids become identifiers
    assert all(g.value(m, IPAS.capabilityType) for m in g.subjects(RDF.type, IPAS.Malware))
    schemes = {g.value(i, IPAS.identifierScheme) for p in patterns
               for i in g.objects(p, IPAS.hasIdentifier)}
    assert IPAS.Scheme_Capec in schemes


def bundle(tmp_path: Path, *objs: dict[str, Any]) -> Path:
    path = tmp_path / "b.json"
    doc = {"type": "bundle", "id": "bundle--00000000-0000-4000-8000-0000000000e0",
           "objects": list(objs)}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def sdo(kind: str, n: int, **fields: Any) -> dict[str, Any]:
    return {"type": kind, "spec_version": "2.1", "id": f"{kind}--00000000-0000-4000-8000-{n:012d}",
            "created": T, "modified": T, **fields}


def rel(n: int, verb: str, src: dict[str, Any], dst: dict[str, Any]) -> dict[str, Any]:
    return sdo("relationship", n, relationship_type=verb, source_ref=src["id"],
               target_ref=dst["id"])


def test_red_malware_held_back_and_nothing_points_at_it(tmp_path: Path) -> None:
    """A malware marked TLP:RED in a GREEN load waits for a RED load; the actor's "uses" link
    to it is held back too (it would point at nothing), with that reason."""
    red = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"
    actor = sdo("threat-actor", 1, name="Cártel Ficticio", threat_actor_types=["crime-syndicate"])
    malware = sdo("malware", 2, name="FictiLocker", is_family=True, malware_types=["ransomware"],
                  object_marking_refs=[red])
    path = bundle(tmp_path, actor, malware, rel(3, "uses", actor, malware))
    items = list(get_loader("stix").read([path], LoadOptions(marking="TLP:GREEN")))
    held = {r.position.record_id: r.reason for r in items if isinstance(r, Rejected)}
    assert "marked TLP:RED" in held[malware["id"]]
    assert held["relationship--00000000-0000-4000-8000-000000000003"].endswith(
        f"{malware['id']} is not loaded")
    at_red = list(get_loader("stix").read([path], LoadOptions(marking="TLP:RED")))
    assert all(isinstance(r, Record) for r in at_red)
    graph = {t for r in at_red if isinstance(r, Record) for t in r.graph}
    assert (node(actor["id"]), IPAS.usesCapability, node(malware["id"])) in graph


def test_links_without_a_property_are_kept(tmp_path: Path) -> None:
    """A verb the model has no property for (malware authored-by an actor, a domain that
    resolves-to an address) is an ipas:CyberLink with the verb, supported by the report."""
    actor = sdo("threat-actor", 1, name="Los Ficticios", threat_actor_types=["crime-syndicate"])
    malware = sdo("malware", 2, name="FictiRAT", is_family=False,
                  kill_chain_phases=[{"kill_chain_name": "mitre-attack",
                                      "phase_name": "command-and-control"}],
                  first_seen="2023-05-01T00:00:00Z")
    domain = {"type": "domain-name", "spec_version": "2.1",
              "id": "domain-name--00000000-0000-4000-8000-000000000004", "value": "c2.example"}
    ip = {"type": "ipv4-addr", "spec_version": "2.1",
          "id": "ipv4-addr--00000000-0000-4000-8000-000000000005", "value": "203.0.113.7"}
    authored, resolves = rel(6, "authored-by", malware, actor), rel(7, "resolves-to", domain, ip)
    report = sdo("report", 8, name="Fict report", published=T,
                 object_refs=[actor["id"], malware["id"], authored["id"]])
    path = bundle(tmp_path, actor, malware, domain, ip, authored, resolves,
                  rel(9, "communicates-with", malware, domain), report)
    records, rejected, g = run("stix", [path])
    assert not rejected and len(records) == 8
    link = mint("association", "stix", authored["id"])
    assert (link, RDF.type, IPAS.CyberLink) in g
    assert (link, IPAS.relationshipKind, Literal("authored-by")) in g
    assert g.value(link, IPAS.linkSource) == node(malware["id"])
    assert g.value(link, IPAS.linkTarget) == node(actor["id"])
    assert (node(report["id"]), IPAS.supports, link) in g
    assert (mint("association", "stix", resolves["id"]), IPAS.linkTarget, node(ip["id"])) in g
    assert (node(malware["id"]), IPAS.communicatesWith, node(domain["id"])) in g
    assert str(g.value(node(malware["id"]), IPAS.killChainPhase)) == \
        "mitre-attack:command-and-control"
    assert str(g.value(node(malware["id"]), IPAS.firstSeen)) == "2023-05-01"
    assert g.value(node(malware["id"]), IPAS.isMalwareFamily) == Literal(False)


def test_links_conform(tmp_path: Path) -> None:
    """The same kinds of nodes and links through the ingest pipeline's shapes: all commit."""
    from ipas.ingest import Ingestor

    actor = sdo("intrusion-set", 1, name="Grupo Ficticio")
    tool = sdo("tool", 2, name="FictiScan", tool_types=["vulnerability-scanning"])
    vuln = sdo("vulnerability", 3, name="CVE-2024-0001",
               external_references=[{"source_name": "cve", "external_id": "CVE-2024-0001"}])
    infra = sdo("infrastructure", 4, name="Fict hosting", infrastructure_types=["hosting-malware"])
    malware = sdo("malware", 5, name="FictiDrop", is_family=True)
    coa = sdo("course-of-action", 6, name="Patch it")
    path = bundle(tmp_path, actor, tool, vuln, infra, malware, coa,
                  rel(7, "uses", actor, tool), rel(8, "targets", tool, vuln),
                  rel(9, "hosts", infra, malware), rel(10, "delivers", tool, malware),
                  rel(11, "mitigates", coa, vuln), rel(12, "related-to", coa, actor))
    settings = Settings(store=str(tmp_path / "store"), home=tmp_path / "home")
    store = open_store(settings)
    try:
        result = Ingestor(store, settings, reason=False).ingest(
            [path], fmt="stix", options=LoadOptions())
        assert (result.records, result.quarantined) == (12, [])
        assert count(store, "?l a ipas:CyberLink ; ipas:relationshipKind 'related-to'") == 1
    finally:
        store.close()


def test_sightings_and_observed_data(tmp_path: Path) -> None:
    """A sighting (an indicator matched at an organization, 12 times) and observed data (two
    addresses and a file seen 3 times) are ipas:CyberSighting events; the file, which the
    ontology does not model, is counted, not linked. Both commit through the shapes."""
    from ipas.ingest import Ingestor

    victim = sdo("identity", 1, name="Hospital Ficticio", identity_class="organization")
    indicator = sdo("indicator", 2, name="C2 address", pattern_type="stix",
                    pattern="[ipv4-addr:value = '203.0.113.7']", valid_from=T)
    ip = {"type": "ipv4-addr", "spec_version": "2.1",
          "id": "ipv4-addr--00000000-0000-4000-8000-000000000003", "value": "203.0.113.7"}
    domain = {"type": "domain-name", "spec_version": "2.1",
              "id": "domain-name--00000000-0000-4000-8000-000000000004", "value": "c2.example"}
    file = {"type": "file", "spec_version": "2.1",
            "id": "file--00000000-0000-4000-8000-000000000005", "name": "payload.exe"}
    observed = sdo("observed-data", 6, first_observed=T, last_observed="2024-01-03T00:00:00Z",
                   number_observed=3, object_refs=[ip["id"], domain["id"], file["id"]])
    sighting = sdo("sighting", 7, sighting_of_ref=indicator["id"], count=12,
                   where_sighted_refs=[victim["id"]], observed_data_refs=[observed["id"]],
                   first_seen=T)
    path = bundle(tmp_path, victim, indicator, ip, domain, file, observed, sighting)
    records, rejected, g = run("stix", [path])
    assert len(records) == 6
    assert [r.position.record_id for r in rejected] == [file["id"]]  # no counterpart
    s, o = node(sighting["id"]), node(observed["id"])
    assert (s, RDF.type, IPAS.CyberSighting) in g and (o, RDF.type, IPAS.CyberSighting) in g
    assert g.value(s, IPAS.sightingOf) == node(indicator["id"])
    assert g.value(s, IPAS.sightedBy) == node(victim["id"])
    assert g.value(s, IPAS.observationCount) == Literal(12)
    assert set(g.objects(o, IPAS.sightingOf)) == {node(ip["id"]), node(domain["id"])}
    assert (o, RDF.type, IPAS.CyberSighting) in g and str(g.value(o, IPAS.endDate)) == "2024-01-03"
    assert "1 file" in str(g.value(o, RDFS.comment))
    settings = Settings(store=str(tmp_path / "store"), home=tmp_path / "home")
    store = open_store(settings)
    try:
        result = Ingestor(store, settings, reason=False).ingest(
            [path], fmt="stix", options=LoadOptions())
        assert result.records == 6 and [q.position.record_id for q in result.quarantined] == [
            file["id"]]
    finally:
        store.close()
