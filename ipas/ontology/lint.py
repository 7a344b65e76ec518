"""Checks a maintainer runs before committing an ontology or shapes change (``ipas ontology
lint``): each problem is a :class:`Finding` with a code, a severity and the term it is about.

The rules are those docs/ontology.md states for maintainers: one English label and definition
per term, a domain and a range per property, declared terms only (no typos, in our namespace
or a standard one), naming conventions, every class covered by a shape, extension node shapes
that target a class with ``sh:targetClass`` and declare a severity, one node shape per class,
and (with ``reasoner=True``) HermiT finding the ontology consistent and every class satisfiable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib import namespace as rns
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS
from rdflib.term import Node

from ipas.namespace import FTM, IPAS
from ipas.ontology.files import (
    EXTENSIONS,
    ONTOLOGY_DIR,
    SHAPES_DIR,
    load_ontology,
    module_files,
    parse_modules,
)
from ipas.ontology.terms import classes_with_shapes

ERROR, WARNING = "error", "warning"
#: Standard vocabularies whose terms are checked against their rdflib definitions.
STANDARD: tuple[type[rns.DefinedNamespace], ...] = tuple(
    getattr(rns, name) for name in "RDF RDFS OWL XSD SKOS PROV GEO TIME ORG SDO DCTERMS SH".split()
)
_UPPER = re.compile(r"^[A-Z][A-Za-z0-9]*$")
_LOWER = re.compile(r"^[a-z][A-Za-z0-9]*$")
_CONCEPT = re.compile(r"^[A-Z][A-Za-z0-9]*_[A-Za-z0-9][A-Za-z0-9_]*$")
_CONSTRAINTS = (SH["class"], SH.datatype, SH.minCount, SH.maxCount, SH.pattern, SH["in"],
                SH.hasValue, SH["or"], SH.minInclusive, SH.maxInclusive, SH.minExclusive,
                SH.maxExclusive, SH.nodeKind, SH.node, SH["not"], SH["and"], SH.xone)


@dataclass(frozen=True, order=True)
class Finding:
    """One problem: ``code`` names the rule, ``term`` the IRI (or file) it is about."""

    severity: str
    code: str
    term: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def _local(term: object) -> str:
    return str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def ours(graph: Graph) -> set[URIRef]:
    """The terms our namespace declares (subjects of ``rdf:type`` in ``ipas:``).

    >>> from ipas.ontology import ontology_graph
    >>> IPAS.Person in ours(ontology_graph())
    True
    """
    return {s for s in graph.subjects(RDF.type, None)
            if isinstance(s, URIRef) and str(s).startswith(str(IPAS))}


def _terms(graph: Graph) -> Iterator[URIRef]:
    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef):
                yield term
            elif isinstance(term, Literal) and term.datatype is not None:
                yield term.datatype


def _ftm_known(term: URIRef) -> bool:
    from followthemoney import model as ftm_model  # imported late: loading it takes a while

    local = str(term)[len(str(FTM)):]
    if ":" in local:
        schema, _, prop = local.partition(":")
        found = ftm_model.get(schema)
        known = found.get(prop) if found is not None else None
        return known is not None and known.qname == local
    return ftm_model.get(local) is not None


def undeclared(graph: Graph, declared: set[URIRef]) -> list[str]:
    """Terms of our namespace, the standard vocabularies or FTM used in ``graph`` that are not
    defined there (typos such as ``ipas:subOrganzationOf`` or ``rdfs:subClasOf``).

    >>> g = Graph().parse(data="<https://w3id.org/ipas/ontology#Persn> a <urn:x> .",
    ...                   format="turtle")
    >>> undeclared(g, {IPAS.Person})
    ['https://w3id.org/ipas/ontology#Persn']
    """
    bad = set()
    for term in _terms(graph):
        text = str(term)
        if text.startswith(str(IPAS)) and term not in declared:
            bad.add(text)
        elif text.startswith(str(FTM)) and not _ftm_known(term):
            bad.add(text)
        else:
            for ns in STANDARD:
                if text.startswith(str(ns._NS)) and term not in ns:
                    bad.add(text)
    return sorted(bad)


def _one_english(g: Graph, term: URIRef, prop: URIRef) -> bool:
    values = list(g.objects(term, prop))
    return len(values) == 1 and getattr(values[0], "language", None) == "en"


def check_terms(g: Graph) -> Iterator[Finding]:
    """Labels, definitions, kinds, naming, concepts, domains and ranges."""
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.Concept,
             SKOS.ConceptScheme}
    classes: set[Node] = {*g.subjects(RDF.type, OWL.Class), OWL.Thing}
    for term in sorted(ours(g)):
        name = _local(term)
        if not _one_english(g, term, RDFS.label):
            yield Finding(ERROR, "label", str(term), "needs exactly one rdfs:label@en")
        if not _one_english(g, term, SKOS.definition):
            yield Finding(ERROR, "definition", str(term), "needs exactly one skos:definition@en")
        found = {k for k in g.objects(term, RDF.type) if isinstance(k, URIRef)} & kinds
        if len(found) != 1:
            yield Finding(ERROR, "kind", str(term),
                          f"must be exactly one of class, property, concept or scheme: {found}")
            continue
        (kind,) = found
        pattern = {OWL.Class: _UPPER, OWL.ObjectProperty: _LOWER, OWL.DatatypeProperty: _LOWER,
                   SKOS.Concept: _CONCEPT, SKOS.ConceptScheme: _UPPER}[kind]
        if not pattern.match(name):
            yield Finding(WARNING, "naming", str(term),
                          f"'{name}' does not follow the naming convention for its kind "
                          "(Class, property, Scheme_Concept)")
        if kind == SKOS.Concept:
            yield from _check_concept(g, term)
        if kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
            yield from _check_property(g, term, kind, classes)


def _check_concept(g: Graph, term: URIRef) -> Iterator[Finding]:
    if len(list(g.objects(term, SKOS.prefLabel))) != 1:
        yield Finding(ERROR, "concept", str(term), "a concept needs exactly one skos:prefLabel")
    if g.value(term, SKOS.inScheme) is None:
        yield Finding(ERROR, "concept", str(term), "a concept needs its skos:inScheme")
    if not [c for c in g.objects(term, RDF.type) if c not in (SKOS.Concept, OWL.NamedIndividual)]:
        yield Finding(ERROR, "concept", str(term),
                      "a concept must also be typed with its code-list class")


def _members(g: Graph, node: Node | None) -> list[Node]:
    if node is None:
        return []
    union = g.value(node, OWL.unionOf)
    return list(g.items(union)) if union is not None else [node]


def _check_property(g: Graph, prop: URIRef, kind: URIRef, classes: set[Node]
                    ) -> Iterator[Finding]:
    for axis, what in ((RDFS.domain, "domain"), (RDFS.range, "range")):
        values = list(g.objects(prop, axis))
        if len(values) != 1:
            yield Finding(ERROR, what, str(prop), f"needs exactly one rdfs:{what}")
            continue
        if axis == RDFS.range and kind == OWL.DatatypeProperty:
            if not str(values[0]).startswith((str(rns.XSD), str(rns.GEO), str(RDF))):
                yield Finding(ERROR, what, str(prop), "a datatype property's range must be a "
                              "datatype (xsd:..., geo:wktLiteral)")
            continue
        for cls in _members(g, values[0]):
            if cls not in classes:
                yield Finding(ERROR, what, str(prop), f"{what} {cls} is not a declared class")
    inverse = g.value(prop, OWL.inverseOf)
    if inverse is not None and (
            set(_members(g, g.value(prop, RDFS.domain))) !=
            set(_members(g, g.value(inverse, RDFS.range)))):
        yield Finding(ERROR, "inverse", str(prop),
                      f"its domain is not the range of its inverse {inverse}")


def check_undeclared(g: Graph, shapes: Graph, extra: Iterable[tuple[str, Graph]] = ()
                     ) -> Iterator[Finding]:
    """Undeclared or misspelt terms in the ontology, the shapes and any extra graphs."""
    declared = ours(g)
    for where, graph in [("ontology", g), ("shapes", shapes), *extra]:
        for term in undeclared(graph, declared):
            yield Finding(ERROR, "undeclared", term, f"used in {where} but never declared "
                          "(a typo, or a term to declare in ontology/)")


def check_shapes(g: Graph, shapes: Graph, extension_shapes: Graph) -> Iterator[Finding]:
    """Coverage of classes by shapes, and the shape rules (target, severity, one per class)."""
    covered = classes_with_shapes(g, shapes)
    for cls, found in sorted(covered.items()):
        if str(cls).startswith(str(IPAS)) and not found:
            yield Finding(ERROR, "coverage", str(cls), "no node shape targets the class or a "
                          "superclass: add shape:<Class>Shape in shapes/")
        if str(cls).startswith(str(IPAS)) and (cls, RDFS.subClassOf, SKOS.Concept) in g and \
                (None, SH.targetClass, cls) not in shapes:
            yield Finding(ERROR, "coverage", str(cls), "a code-list class needs its own shape "
                          "(skos:inScheme and skos:prefLabel of its concepts)")
    per_class: dict[Node, list[Node]] = {}
    for shape in set(shapes.subjects(SH.targetClass, None)):
        targets = list(shapes.objects(shape, SH.targetClass))
        if len(targets) == 1:  # shapes aimed at several classes are cross-cutting rules
            per_class.setdefault(targets[0], []).append(shape)
            if _local(shape) != f"{_local(targets[0])}Shape":
                yield Finding(WARNING, "shape-name", str(shape),
                              f"name the shape of {_local(targets[0])} "
                              f"shape:{_local(targets[0])}Shape")
    for target, shapes_of in sorted(per_class.items(), key=lambda kv: str(kv[0])):
        if len(shapes_of) > 1:
            names = ", ".join(sorted(map(_local, shapes_of)))
            yield Finding(ERROR, "one-shape-per-class", str(target),
                          f"{len(shapes_of)} node shapes target it ({names}): merge them into one")
    for shape in sorted(set(extension_shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        if extension_shapes.value(shape, SH.targetClass) is None:
            yield Finding(ERROR, "target-class", str(shape),
                          "an extension node shape must name its class with sh:targetClass")
        for node in [shape, *extension_shapes.objects(shape, SH.property)]:
            has_constraint = any((node, p, None) in extension_shapes for p in _CONSTRAINTS)
            if has_constraint and extension_shapes.value(node, SH.severity) is None:
                path = extension_shapes.value(node, SH.path)
                yield Finding(ERROR, "severity", str(shape),
                              "declare sh:severity (Violation, Warning or Info) on every "
                              f"constraint{f' (path {_local(path)})' if path else ''}")


def check_reasoner(g: Graph, workdir: Path) -> Iterator[Finding]:
    """HermiT through owlready2: the ontology is consistent and every class satisfiable."""
    from ipas.ontology.hermit import classify  # imported late: owlready2 is heavy

    try:
        unsatisfiable = classify(g, workdir)
    except RuntimeError as err:  # no Java, or HermiT reports an inconsistency
        severity = WARNING if "Java" in str(err) else ERROR
        yield Finding(severity, "reasoner", "ontology", str(err))
        return
    for iri in unsatisfiable:
        yield Finding(ERROR, "unsatisfiable", iri, "HermiT finds the class unsatisfiable "
                      "(it is under two disjoint classes)")


def lint(ontology_dir: Path = ONTOLOGY_DIR, shapes_dir: Path = SHAPES_DIR, *,
         reasoner: bool = True, workdir: Path | None = None,
         extra: Iterable[tuple[str, Graph]] = ()) -> list[Finding]:
    """Every finding for the modules under ``ontology_dir`` and ``shapes_dir``, sorted
    (errors first). A module that does not parse is one ``syntax`` finding.

    >>> [f for f in lint(reasoner=False) if f.severity == ERROR]
    []
    """
    from ipas.errors import BadInput

    try:
        g = load_ontology(ontology_dir)
        shapes = parse_modules(module_files(shapes_dir))
        ext = parse_modules(sorted((shapes_dir / EXTENSIONS).glob("*.ttl")))
    except BadInput as err:
        return [Finding(ERROR, "syntax", str(err.detail.get("source", "")), err.message)]
    found = [*check_terms(g), *check_undeclared(g, shapes, extra), *check_shapes(g, shapes, ext)]
    if reasoner:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            found += check_reasoner(g, workdir or Path(tmp))
    return sorted(found)
