"""The REST model: every class with its properties, read from ontology and shapes.

Every class of the ontology (an ``owl:Class`` our files label or define, core and extensions)
and every class that is the target of a SHACL node shape (``sh:targetClass``, or an implicit
class target) is served. Its properties come from the property shapes of its own shape and of
its superclasses' shapes (a class without a shape of its own takes its superclasses'): path,
datatype or value class, cardinality and closed value lists, with labels from the ontology.
External classes that the alignments module only declares (no label) are not served.
Nothing here knows a class by name, so an extension module's classes appear as soon as its
ontology and shapes files are in place.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SH, SKOS, XSD, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from ipas.errors import BadInput

#: Query parameter names the list route uses itself; a property with one of these names
#: gets a trailing underscore.
RESERVED = frozenset({"limit", "offset", "sort", "q", "id", "iri", "label", "types"})
_LABEL_PARENTS = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
#: Literal properties searched as identifiers (vessel IMO, account, case, serial numbers).
_IDENTIFIER = re.compile(r"(Number|identifierValue|iataCode)$")
_ALIAS_NAMES = frozenset({"alias", "hasalias", "weakalias", "previousname", "alternatename", "name",
                          "fullname"})


@dataclass(frozen=True)
class PropertySpec:
    """A property of a class, as the API shows it."""

    name: str
    iri: str
    label: str
    datatype: str | None = None  # an XSD datatype IRI for literal values
    range_class: str | None = None  # sh:class, for values that are other entities
    min_count: int = 0
    max_count: int | None = None
    values: tuple[str, ...] = ()  # sh:in, as lexical forms or IRIs
    description: str = ""

    @property
    def is_link(self) -> bool:
        """Values are entities (IRIs), not literals."""
        return self.datatype is None

    @property
    def many(self) -> bool:
        return self.max_count != 1


@dataclass(frozen=True)
class ClassSpec:
    """A class with a shape: its route slug, labels and properties."""

    iri: str
    name: str
    slug: str
    label: str
    definition: str
    properties: tuple[PropertySpec, ...]
    members: tuple[str, ...]  # the class and its subclasses, for type matching
    shaped: bool = True  # has a node shape of its own

    def prop(self, name: str) -> PropertySpec | None:
        return next((p for p in self.properties if p.name == name), None)


@dataclass(frozen=True)
class FacadeModel:
    classes: tuple[ClassSpec, ...]
    label_properties: tuple[str, ...]  # searched: labels, aliases and identifiers

    def by_slug(self, slug: str) -> ClassSpec | None:
        return next((c for c in self.classes if c.slug == slug), None)

    def by_iri(self, iri: str) -> ClassSpec | None:
        return next((c for c in self.classes if c.iri == iri), None)

    def subtypes(self, cls: ClassSpec) -> tuple[ClassSpec, ...]:
        """The served classes ``cls`` includes (itself first), for ``?type=``."""
        inside = [c for c in self.classes if c.iri in cls.members and c.iri != cls.iri]
        return (cls, *inside)

    def most_specific(self, types: Iterable[str]) -> ClassSpec | None:
        """The served class among ``types`` that no other of them specializes.

        >>> m = FacadeModel((ClassSpec("urn:A", "A", "a", "A", "", (), ("urn:A", "urn:B")),
        ...                  ClassSpec("urn:B", "B", "b", "B", "", (), ("urn:B",))), ())
        >>> m.most_specific(["urn:A", "urn:B"]).slug
        'b'
        """
        found = [c for c in self.classes if c.iri in set(types)]
        for cls in found:
            if not any(o.iri != cls.iri and o.iri in cls.members for o in found):
                return cls
        return found[0] if found else None


def _modules(directory: Path) -> list[Path]:
    """The module files of a folder (core, then ``extensions/``), as ``ipas.ontology`` reads
    them: release snapshots in ``ontology/releases`` are not modules."""
    from ipas.ontology.files import module_files

    return module_files(directory) if directory.is_dir() else []


def read_turtle_dir(*dirs: Path) -> Graph:
    """Every module under ``dirs`` (extensions included) as one graph."""
    graph = Graph()
    for directory in dirs:
        for path in _modules(directory):
            try:
                graph.parse(path, format="turtle")
            except Exception as err:  # noqa: BLE001 - rdflib raises many kinds; report the file
                raise BadInput(f"cannot read {path.name}: {type(err).__name__}",
                               source=str(path.name)) from None
    return graph


def build_model(ontology_dir: Path, shapes_dir: Path) -> FacadeModel:
    """The model for the ontology and shapes under these directories (cached until a file
    under them changes).

    >>> m = build_model(Path("/nonexistent"), Path("/nonexistent"))
    >>> m.classes
    ()
    """
    return _cached_model(ontology_dir, shapes_dir, _fingerprint(ontology_dir, shapes_dir))


def _fingerprint(*dirs: Path) -> tuple[tuple[str, int, int], ...]:
    return tuple(
        (str(p), p.stat().st_mtime_ns, p.stat().st_size)
        for d in dirs for p in _modules(d)
    )


@lru_cache(maxsize=8)
def _cached_model(ontology_dir: Path, shapes_dir: Path,
                  _fingerprint: tuple[tuple[str, int, int], ...]) -> FacadeModel:
    onto = read_turtle_dir(ontology_dir) if ontology_dir.is_dir() else Graph()
    shapes = read_turtle_dir(shapes_dir) if shapes_dir.is_dir() else Graph()
    both = onto + shapes
    shaped = _shapes_by_class(shapes)
    slugs: set[str] = set()
    classes: list[ClassSpec] = []
    for cls in sorted(set(shaped) | _declared_classes(onto), key=str):
        supers = [cls, *(s for s in both.transitive_objects(cls, RDFS.subClassOf) if s != cls)]
        shape_list = [sh for c in supers if isinstance(c, URIRef) for sh in shaped.get(c, [])]
        props = _properties(shapes, onto, shape_list)
        name = local_name(cls)
        slug = _unique(_kebab(name), slugs)
        members = sorted({str(s) for s in both.transitive_subjects(RDFS.subClassOf, cls)})
        classes.append(ClassSpec(
            iri=str(cls), name=name, slug=slug, label=_label(onto, cls) or name,
            definition=_text(onto, cls, SKOS.definition) or _text(onto, cls, RDFS.comment),
            properties=props, members=tuple(members), shaped=cls in shaped,
        ))
    return FacadeModel(tuple(classes), _label_properties(both, classes))


def _declared_classes(onto: Graph) -> set[URIRef]:
    """Classes our ontology files declare and describe (label or definition)."""
    return {
        c for c in onto.subjects(RDF.type, OWL.Class)
        if isinstance(c, URIRef) and any(
            (c, p, None) in onto for p in (RDFS.label, SKOS.definition, RDFS.comment))
    }


def _shapes_by_class(shapes: Graph) -> dict[URIRef, list[Node]]:
    out: dict[URIRef, list[Node]] = {}
    for shape, cls in shapes.subject_objects(SH.targetClass):
        if isinstance(cls, URIRef):
            out.setdefault(cls, []).append(shape)
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        if isinstance(shape, URIRef) and (
            (shape, RDF.type, OWL.Class) in shapes or (shape, RDF.type, RDFS.Class) in shapes
        ):
            out.setdefault(shape, []).append(shape)
    return out


def _properties(shapes: Graph, onto: Graph, node_shapes: list[Node]) -> tuple[PropertySpec, ...]:
    seen: dict[str, PropertySpec] = {}
    names: set[str] = set()
    for node_shape in node_shapes:
        for ps in shapes.objects(node_shape, SH.property):
            path = shapes.value(ps, SH.path)
            if not isinstance(path, URIRef) or str(path) in seen or path in (RDF.type, RDFS.label):
                continue  # complex paths are not REST fields; type and label are always shown
            datatype = shapes.value(ps, SH.datatype) or _first_in_or(shapes, ps, SH.datatype)
            range_class = shapes.value(ps, SH["class"]) or _first_in_or(shapes, ps, SH["class"])
            values = _in_list(shapes, ps)
            if datatype is None and range_class is None:
                datatype = _literal_fallback(shapes, onto, ps, path, values)
            label = _label(onto, path) or _text(shapes, ps, SH.name) or local_name(path)
            seen[str(path)] = PropertySpec(
                name=_unique(_identifier(local_name(path)), names, sep="_"),
                iri=str(path), label=label,
                datatype=str(datatype) if datatype is not None else None,
                range_class=str(range_class) if range_class is not None else None,
                min_count=_int(shapes.value(ps, SH.minCount), 0) or 0,
                max_count=_int(shapes.value(ps, SH.maxCount), None),
                values=tuple(str(v) for v in values),
                description=_text(onto, path, SKOS.definition) or _text(shapes, ps, SH.message),
            )
    return tuple(seen.values())


def _literal_fallback(shapes: Graph, onto: Graph, ps: Node, path: URIRef,
                      values: list[Node]) -> Node | None:
    """A datatype when the shape names none: from sh:nodeKind, sh:in, or the ontology."""
    kind = shapes.value(ps, SH.nodeKind)
    if kind in (SH.IRI, SH.BlankNodeOrIRI, SH.BlankNode):
        return None
    if values and all(isinstance(v, Literal) for v in values):
        datatype = values[0].datatype if isinstance(values[0], Literal) else None
        return datatype if datatype is not None and datatype != RDF.langString else XSD.string
    if kind == SH.Literal or path in _LABEL_PARENTS:
        return XSD.string
    if (path, RDF.type, OWL.DatatypeProperty) in onto:
        rng = onto.value(path, RDFS.range)
        return rng if isinstance(rng, URIRef) and str(rng).startswith(str(XSD)) else XSD.string
    if (path, RDF.type, OWL.ObjectProperty) in onto or values:
        return None
    return XSD.string if (path, RDF.type, OWL.AnnotationProperty) in onto else None


def _first_in_or(shapes: Graph, ps: Node, key: URIRef) -> Node | None:
    """``sh:or ( [sh:datatype A] [sh:datatype B] )``: the first alternative's value."""
    alternatives = shapes.value(ps, SH["or"])
    if alternatives is None:
        return None
    for alt in Collection(shapes, alternatives):
        if (value := shapes.value(alt, key)) is not None:
            return value
    return None


def _in_list(shapes: Graph, ps: Node) -> list[Node]:
    head = shapes.value(ps, SH["in"])
    return list(Collection(shapes, head)) if head is not None else []


def _label_properties(graph: Graph, classes: Iterable[ClassSpec]) -> tuple[str, ...]:
    found = {str(p) for p in _LABEL_PARENTS}
    for parent in _LABEL_PARENTS:
        found |= {str(s) for s in graph.transitive_subjects(RDFS.subPropertyOf, parent)}
    for cls in classes:
        for p in cls.properties:
            name = local_name(URIRef(p.iri))
            if not p.is_link and (name.lower() in _ALIAS_NAMES or _IDENTIFIER.search(name)):
                found.add(p.iri)
    return tuple(sorted(found))


def local_name(iri: Node) -> str:
    """The part after the last ``#`` or ``/``.

    >>> local_name(URIRef("https://w3id.org/ipas/ontology#CriminalOrganization"))
    'CriminalOrganization'
    """
    return re.split(r"[#/]", str(iri).rstrip("/#"))[-1] or "thing"


def _kebab(name: str) -> str:
    """A route slug.

    >>> _kebab("CriminalOrganization"), _kebab("IRSAgent")
    ('criminal-organization', 'irs-agent')
    """
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", name)
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1-\2", text)
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "thing"


def _identifier(name: str) -> str:
    text = re.sub(r"\W", "_", name)
    if not text or text[0].isdigit():
        text = "p_" + text
    if keyword.iskeyword(text) or text in RESERVED or text.startswith("_"):
        text = text.lstrip("_") + "_"
    return text


def _unique(name: str, taken: set[str], sep: str = "-") -> str:
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name}{sep}{n}", n + 1
    taken.add(candidate)
    return candidate


def _label(graph: Graph, node: Node) -> str:
    labels = list(graph.objects(node, RDFS.label))
    for lit in labels:
        if isinstance(lit, Literal) and lit.language == "en":
            return str(lit)
    return str(labels[0]) if labels else ""


def _text(graph: Graph, node: Node, prop: URIRef) -> str:
    value = graph.value(node, prop)
    return " ".join(str(value).split()) if value is not None else ""


def _int(value: Node | None, default: int | None) -> int | None:
    try:
        return int(str(value)) if value is not None else default
    except ValueError:
        return default
