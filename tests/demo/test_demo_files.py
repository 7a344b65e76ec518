"""The demo's files: generated as committed, listed in a well-formed manifest, sized as
promised, minted under the demo IRI scheme, and using only declared terms."""

from __future__ import annotations

import re
from typing import Any

from rdflib import RDF, Graph, Literal, URIRef

from ipas import namespace as ns
from ipas.ontology import declared_terms
from tests.demo.conftest import DEMO, demo_module

BASE = "https://w3id.org/ipas/id/"
DEMO_IRI = re.compile(r"^https://w3id\.org/ipas/id/[a-z][a-z-]*/demo/[a-z0-9][a-z0-9-]*$")
TLP = {"TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"}
#: Terms of standard vocabularies the demo uses that the ontology does not redeclare.
STANDARD = {RDF.type, ns.RDFS.label}
DATATYPES = {ns.XSD.string, ns.XSD.date, ns.XSD.decimal, ns.XSD.integer, ns.XSD.boolean,
             ns.GEO.wktLiteral}


def test_committed_files_are_the_generators_output() -> None:
    generate = demo_module("generate")
    outputs = generate.outputs()
    assert len(outputs) == 16  # fifteen Turtle files and the manifest
    stale = [name for name, text in outputs.items()
             if (DEMO / name).read_text(encoding="utf-8") != text]
    assert stale == [], f"run demo/generate.py: {stale} differ from its output"


def test_generator_is_deterministic() -> None:
    generate = demo_module("generate")
    assert generate.outputs() == generate.outputs()


def test_manifest_is_well_formed(manifest: dict[str, Any]) -> None:
    files = manifest["files"]
    assert len(files) == 15
    paths = [e["path"] for e in files]
    assert len(set(paths)) == len(paths)
    assert sorted(paths) == sorted(p.name for p in DEMO.glob("*.ttl")), "a .ttl is unlisted"
    for entry in files:
        assert set(entry) == {"path", "marking", "agency", "source", "reliability",
                              "credibility", "sharedWith"}, entry["path"]
        assert (DEMO / entry["path"]).is_file()
        assert entry["marking"] in TLP
        assert entry["reliability"] in "ABCDEF" and len(entry["reliability"]) == 1
        assert isinstance(entry["credibility"], int) and 1 <= entry["credibility"] <= 6
        assert entry["agency"] and entry["source"]
        assert isinstance(entry["sharedWith"], list)
        assert all(isinstance(a, str) and a for a in entry["sharedWith"])
    assert {e["marking"] for e in files} == TLP, "the demo exercises every TLP marking"


def test_manifest_is_read_by_the_demo_loader(manifest: dict[str, Any]) -> None:
    from ipas.ingest.runner import read_manifest

    read = read_manifest(DEMO / "manifest.json")
    assert [f.path.name for f in read] == [e["path"] for e in manifest["files"]]
    partner = next(f for f in read if f.path.name == "partner-gt.ttl")
    assert partner.options.marking == "TLP:AMBER"
    assert partner.options.shared_with == ("GT-TCIU",)
    assert partner.options.credibility == "3"


def test_entity_count_is_in_range(demo_graphs: list[tuple[str, Graph]]) -> None:
    entities = {s for _, g in demo_graphs for s in g.subjects(RDF.type)}
    assert 300 <= len(entities) <= 2000, len(entities)


def test_every_instance_iri_follows_the_demo_scheme(
        demo_graphs: list[tuple[str, Graph]]) -> None:
    bad = set()
    for _, g in demo_graphs:
        for triple in g:
            for t in triple:
                if isinstance(t, URIRef) and str(t).startswith(BASE) and not DEMO_IRI.match(t):
                    bad.add(str(t))
    assert not bad, sorted(bad)[:10]


def test_only_declared_terms_are_used(demo_graphs: list[tuple[str, Graph]],
                                      ontology: Graph) -> None:
    declared = set(declared_terms(ontology, "")) | STANDARD
    undeclared: set[str] = set()
    for name, g in demo_graphs:
        for _s, p, o in g:
            if p not in declared:
                undeclared.add(f"{name}: predicate {p}")
            if isinstance(o, URIRef) and not str(o).startswith(BASE) and o not in declared:
                undeclared.add(f"{name}: object {o}")
            if isinstance(o, Literal) and o.datatype is not None and o.datatype not in DATATYPES:
                undeclared.add(f"{name}: datatype {o.datatype}")
    assert not undeclared, sorted(undeclared)


def test_declared_check_catches_a_typo(ontology: Graph) -> None:
    declared = set(declared_terms(ontology, ""))
    assert ns.IPAS.servedNetwork in declared
    assert URIRef(str(ns.IPAS.servedNetwork) + "s") not in declared


def test_each_file_refers_only_to_nodes_typed_in_it_or_earlier(
        demo_graphs: list[tuple[str, Graph]]) -> None:
    typed: set[URIRef] = set()
    for name, g in demo_graphs:
        typed |= {s for s in g.subjects(RDF.type) if isinstance(s, URIRef)}
        dangling = {o for o in g.objects() if isinstance(o, URIRef)
                    and str(o).startswith(BASE) and o not in typed}
        assert not dangling, f"{name} refers to nodes not typed yet: {sorted(dangling)[:5]}"


def test_files_only_describe_their_own_nodes(demo_graphs: list[tuple[str, Graph]]) -> None:
    # A batch is validated with only the *types* of what came before: restating another
    # file's node would make it a focus node without its required properties.
    owner: dict[URIRef, str] = {}
    for name, g in demo_graphs:
        for s in set(g.subjects()):
            assert isinstance(s, URIRef), f"{name}: blank node subject"
            assert owner.setdefault(s, name) == name, f"{s} is described in two files"


def test_readme_states_the_entity_count(demo_graphs: list[tuple[str, Graph]]) -> None:
    text = (DEMO / "README.md").read_text(encoding="utf-8")
    stated = re.search(r"the demo has (\d+)\s+typed entities", text)
    assert stated is not None
    assert int(stated[1]) == len({s for _, g in demo_graphs for s in g.subjects(RDF.type)})
