"""Every term is declared, labelled once in English, defined, and typed; nothing undeclared is used.

"Used" covers ontology/, shapes/ and demo/ (when present): a typo such as
``ipas:subOrganzationOf`` or ``rdfs:subClasOf`` anywhere fails here, whether it is in our
namespace or in a standard vocabulary's.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib import namespace as rns
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from ipas.namespace import FTM, IPAS
from ipas.ontology import load_ontology, load_shapes, ontology_graph
from ipas.ontology.lint import ours as _ours
from ipas.ontology.lint import undeclared
from ipas.settings import PROJECT_ROOT

DEMO_DIR = PROJECT_ROOT / "demo"


def test_every_term_has_one_english_label_and_definition() -> None:
    g = ontology_graph()
    problems = []
    for term in sorted(_ours(g)):
        labels = list(g.objects(term, RDFS.label))
        defs = list(g.objects(term, SKOS.definition))
        if len(labels) != 1 or getattr(labels[0], "language", None) != "en":
            problems.append(f"{term}: labels {labels}")
        if len(defs) != 1 or getattr(defs[0], "language", None) != "en":
            problems.append(f"{term}: definitions {defs}")
    assert not problems, "\n".join(problems)


def test_concepts_have_one_preflabel_and_a_scheme() -> None:
    g = ontology_graph()
    for concept in g.subjects(RDF.type, SKOS.Concept):
        assert len(list(g.objects(concept, SKOS.prefLabel))) == 1, concept
        assert g.value(concept, SKOS.inScheme) is not None, concept
        code_list = [
            c for c in g.objects(concept, RDF.type) if c not in (SKOS.Concept, OWL.NamedIndividual)
        ]
        assert code_list, f"{concept} is not typed with its code-list class"


def test_every_property_has_domain_and_range() -> None:
    g = ontology_graph()
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in g.subjects(RDF.type, kind):
            if prop not in IPAS:
                continue
            assert len(list(g.objects(prop, RDFS.domain))) == 1, f"{prop}: domain"
            assert len(list(g.objects(prop, RDFS.range))) == 1, f"{prop}: range"


def _classes(g: Graph, node: object) -> frozenset[object]:
    """A named class, or the members of an ``owl:unionOf`` class expression."""
    union = g.value(node, OWL.unionOf)  # type: ignore[arg-type]
    return frozenset(g.items(union)) if union is not None else frozenset([node])


def test_inverses_agree_on_domain_and_range() -> None:
    g = ontology_graph()
    pairs = list(g.subject_objects(OWL.inverseOf))
    assert len(pairs) >= 8
    for p, q in pairs:
        assert (q, RDF.type, OWL.ObjectProperty) in g, q
        assert _classes(g, g.value(p, RDFS.domain)) == _classes(g, g.value(q, RDFS.range)), (p, q)
        assert _classes(g, g.value(p, RDFS.range)) == _classes(g, g.value(q, RDFS.domain)), (p, q)


def test_each_term_has_exactly_one_kind() -> None:
    g = ontology_graph()
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.Concept, SKOS.ConceptScheme}
    for term in _ours(g):
        found = set(g.objects(term, RDF.type)) & kinds
        assert len(found) == 1, f"{term}: {found}"


def test_no_undeclared_terms_in_ontology() -> None:
    g = ontology_graph()
    assert undeclared(g, _ours(g)) == []


def test_no_undeclared_terms_in_shapes() -> None:
    assert undeclared(load_shapes(), _ours(ontology_graph())) == []


@pytest.mark.parametrize("path", sorted(DEMO_DIR.glob("*.ttl")), ids=lambda p: p.name)
def test_no_undeclared_terms_in_demo(path: Path) -> None:
    assert undeclared(Graph().parse(path, format="turtle"), _ours(ontology_graph())) == []


def test_typos_are_caught() -> None:
    g = Graph().parse(
        format="turtle",
        data=f"""
        @prefix ipas: <{IPAS}> . @prefix rdfs: <{RDFS}> . @prefix org: <{rns.ORG._NS}> .
        @prefix ftm: <{FTM}> .
        ipas:X rdfs:subClasOf ipas:Person . ipas:Y ipas:subOrganzationOf ipas:Z .
        ipas:Z org:subOrganizationOf ipas:Y ; ftm:Person:nam "x" ; ftm:Ownership:owner ipas:Y .
        """,
    )
    found = undeclared(g, _ours(ontology_graph()))
    assert {t.rsplit("#", 1)[-1] for t in found} == {
        "Person:nam", "X", "Y", "Z", "subOrganzationOf", "subClasOf",
    }  # fmt: skip


def test_ontology_header() -> None:
    g = load_ontology()
    (iri,) = list(g.subjects(RDF.type, OWL.Ontology))
    assert f"{iri}#" == str(IPAS)
    version_iri = g.value(iri, OWL.versionIRI)
    info = g.value(iri, OWL.versionInfo)
    assert str(version_iri).startswith(f"{iri}/") and str(version_iri).endswith(str(info))
    assert list(g.objects(None, OWL.imports)) == []


def test_disjointness_is_declared_where_it_holds() -> None:
    g = ontology_graph()
    assert (IPAS.Organization, OWL.disjointWith, IPAS.Person) in g
    members = {
        frozenset(g.items(g.value(node, OWL.members)))
        for node in g.subjects(RDF.type, OWL.AllDisjointClasses)
    }
    assert any({IPAS.Vessel, IPAS.Vehicle, IPAS.Aircraft} <= m for m in members)
    # Not declared where it does not hold: a company can be both a front company and a shell.
    assert not any({IPAS.FrontCompany, IPAS.ShellCompany} <= m for m in members)
