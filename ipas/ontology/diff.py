"""What changed between two versions of the ontology (``ipas ontology diff A B``): terms
added, removed, renamed and changed, and which changes break existing data or queries.

A rename is either declared (the old term kept ``owl:deprecated true`` with
``dcterms:isReplacedBy`` the new one, as ontology/README.md asks) or inferred (a term removed
and one added of the same kind with the same label or definition). Breaking: a removed or
renamed term, and a changed kind, domain, range or superclass; how many stored triples use
each breaking term is counted by :func:`usage` so a maintainer knows what a migration touches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from ipas.errors import BadInput
from ipas.namespace import IPAS
from ipas.ontology.files import load_ontology, parse_modules

#: Predicates whose change breaks data or queries written against the old version.
BREAKING = (RDF.type, RDFS.domain, RDFS.range, RDFS.subClassOf, SKOS.inScheme)
DESCRIBED = (RDF.type, RDFS.label, SKOS.definition, RDFS.domain, RDFS.range, RDFS.subClassOf,
             SKOS.prefLabel, SKOS.inScheme, SKOS.broader, OWL.inverseOf, OWL.deprecated)


@dataclass
class Change:
    """One changed term: the predicates whose values differ, and whether that breaks."""

    term: str
    predicates: list[str]
    breaking: bool


@dataclass
class OntologyDiff:
    """Differences from ``old`` to ``new``; ``usage`` filled by :func:`usage` when a store is
    at hand (term -> number of stored triples that use it)."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)
    changed: list[Change] = field(default_factory=list)
    usage: dict[str, int] = field(default_factory=dict)

    @property
    def breaking(self) -> list[str]:
        """Terms whose change can break stored data or saved queries."""
        return sorted({*self.removed, *self.renamed,
                       *(c.term for c in self.changed if c.breaking)})

    def as_dict(self) -> dict[str, object]:
        return {"added": self.added, "removed": self.removed, "renamed": self.renamed,
                "changed": [c.__dict__ for c in self.changed], "breaking": self.breaking,
                "usage": self.usage}

    def empty(self) -> bool:
        return not (self.added or self.removed or self.renamed or self.changed)


def read(source: Path) -> Graph:
    """An ontology version: a folder of modules (core + extensions) or one RDF file."""
    if source.is_dir():
        return load_ontology(source)
    if not source.is_file():
        raise BadInput("no ontology folder or file there", source=str(source))
    if source.suffix in (".ttl", ".turtle"):
        return parse_modules([source])
    try:
        return Graph().parse(source)
    except Exception as err:  # noqa: BLE001 - rdflib raises many parser error types
        raise BadInput(f"cannot parse: {err}", source=source.name) from None


def _terms(g: Graph) -> set[URIRef]:
    return {s for s in g.subjects(RDF.type, None)
            if isinstance(s, URIRef) and str(s).startswith(str(IPAS))}


def _describe(g: Graph, term: URIRef) -> dict[URIRef, frozenset[str]]:
    out = {}
    for p in DESCRIBED:
        values = []
        for o in g.objects(term, p):
            union = g.value(o, OWL.unionOf)
            values.append(" | ".join(sorted(map(str, g.items(union)))) if union else str(o))
        out[p] = frozenset(values)
    return out


def _kind(g: Graph, term: URIRef) -> frozenset[str]:
    return frozenset(str(t) for t in g.objects(term, RDF.type))


def compare(old: Graph, new: Graph) -> OntologyDiff:
    """The differences from ``old`` to ``new``.

    >>> head = ('@prefix ipas: <https://w3id.org/ipas/ontology#> . '
    ...         '@prefix owl: <http://www.w3.org/2002/07/owl#> . '
    ...         '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . ')
    >>> a = Graph().parse(format="turtle", data=head +
    ...     'ipas:Vessel a owl:Class ; rdfs:label "Vessel"@en . ipas:Cat a owl:Class .')
    >>> b = Graph().parse(format="turtle", data=head +
    ...     'ipas:Ship a owl:Class ; rdfs:label "Vessel"@en . ipas:Dog a owl:Class .')
    >>> d = compare(a, b)
    >>> [(k[-6:], v[-4:]) for k, v in d.renamed.items()], d.removed[0][-3:], d.added[0][-3:]
    ([('Vessel', 'Ship')], 'Cat', 'Dog')
    """
    before, after = _terms(old), _terms(new)
    diff = OntologyDiff()
    added, removed = set(after - before), set(before - after)
    # Declared renames: the old term stays, deprecated, and names its replacement.
    for term in sorted(before & after):
        target = new.value(term, DCTERMS.isReplacedBy)
        if new.value(term, OWL.deprecated) == Literal(True) and isinstance(target, URIRef):
            diff.renamed[str(term)] = str(target)
            added.discard(target)
    # Inferred renames: same kind and the same label or definition.
    for term in sorted(removed):
        keys = {(p, str(v)) for p in (RDFS.label, SKOS.definition) for v in old.objects(term, p)}
        for candidate in sorted(added):
            if _kind(old, term) != _kind(new, candidate):
                continue
            if keys & {(p, str(v)) for p in (RDFS.label, SKOS.definition)
                       for v in new.objects(candidate, p)}:
                diff.renamed[str(term)] = str(candidate)
                removed.discard(term)
                added.discard(candidate)
                break
    diff.added, diff.removed = sorted(map(str, added)), sorted(map(str, removed))
    for term in sorted(before & after):
        if str(term) in diff.renamed:
            continue
        a, b = _describe(old, term), _describe(new, term)
        differ = [p for p in DESCRIBED if a[p] != b[p]]
        if differ:
            breaking = any(_breaks(new, p, a[p], b[p]) for p in differ if p in BREAKING)
            diff.changed.append(Change(str(term), [str(p) for p in differ], breaking))
    return diff


def _breaks(new: Graph, prop: URIRef, before: frozenset[str], after: frozenset[str]) -> bool:
    """Whether a changed value can break data or queries: a domain or range that no longer
    covers every class it covered (widening is safe), a superclass dropped (adding one is
    safe), any change of kind or scheme."""
    if prop == RDFS.subClassOf:
        return not before <= after
    if prop in (RDFS.domain, RDFS.range):
        now = {m for value in after for m in value.split(" | ")}
        return not all(any(str(sup) in now for sup in new.transitive_objects(URIRef(m),
                                                                             RDFS.subClassOf))
                       for value in before for m in value.split(" | "))
    return True


def usage_query(term: str) -> str:
    """SPARQL counting the triples that use ``term`` as predicate, type or value.

    >>> "COUNT(*)" in usage_query("https://w3id.org/ipas/ontology#Ship")
    True
    """
    iri = URIRef(term).n3()
    return ("SELECT (COUNT(*) AS ?n) WHERE { { ?s " + iri + " ?o } UNION { ?s ?p " + iri +
            " } }")


def usage(diff: OntologyDiff, store: object) -> OntologyDiff:
    """Fill ``diff.usage`` with the stored triples using each breaking term (every graph)."""
    from ipas.store.base import Scope, Store

    assert isinstance(store, Store)
    for term in diff.breaking:
        rows = store.select(usage_query(term), scope=Scope.everything()).rows
        diff.usage[term] = int(str(rows[0]["n"])) if rows else 0
    return diff


def markdown(diff: OntologyDiff, title: str) -> str:
    """The diff as a changelog section (what ``ipas ontology release`` writes)."""
    def short(term: str) -> str:
        return "ipas:" + term.rsplit("#", 1)[-1] if term.startswith(str(IPAS)) else term

    lines = [f"## {title}", ""]
    for label, items in (("Added", diff.added), ("Removed", diff.removed)):
        if items:
            lines.append(f"- {label}: " + ", ".join(f"`{short(t)}`" for t in items))
    if diff.renamed:
        lines.append("- Renamed: " + ", ".join(f"`{short(a)}` → `{short(b)}`"
                                               for a, b in sorted(diff.renamed.items())))
    for change in diff.changed:
        what = ", ".join(p.rsplit("#", 1)[-1].rsplit("/", 1)[-1] for p in change.predicates)
        flag = " (breaking)" if change.breaking else ""
        lines.append(f"- Changed `{short(change.term)}`: {what}{flag}")
    if diff.breaking:
        counted = [f"`{short(t)}` ({diff.usage[t]} stored triples)" if t in diff.usage
                   else f"`{short(t)}`" for t in diff.breaking]
        lines.append("- **Breaking**: " + ", ".join(counted))
    if diff.empty():
        lines.append("- No term changed.")
    return "\n".join(lines) + "\n"


def migration(diff: OntologyDiff) -> str:
    """A SPARQL Update that rewrites stored data from old to new names, one rename per
    request (as predicate, as type or other value); empty when nothing was renamed.

    >>> d = OntologyDiff(renamed={"https://w3id.org/ipas/ontology#Vessel":
    ...                           "https://w3id.org/ipas/ontology#Ship"})
    >>> "DELETE { GRAPH ?g { ?s ?p <https://w3id.org/ipas/ontology#Vessel> } }" in migration(d)
    True
    """
    parts = []
    for old, new in sorted(diff.renamed.items()):
        o, n = URIRef(old).n3(), URIRef(new).n3()
        as_predicate = (f"DELETE {{ GRAPH ?g {{ ?s {o} ?v }} }} "
                        f"INSERT {{ GRAPH ?g {{ ?s {n} ?v }} }}\n"
                        f"WHERE {{ GRAPH ?g {{ ?s {o} ?v }} }}")
        as_value = (f"DELETE {{ GRAPH ?g {{ ?s ?p {o} }} }} "
                    f"INSERT {{ GRAPH ?g {{ ?s ?p {n} }} }}\n"
                    f"WHERE {{ GRAPH ?g {{ ?s ?p {o} }} }}")
        parts.append(f"# {old} -> {new}\n{as_predicate} ;\n{as_value}")
    return " ;\n".join(parts) + ("\n" if parts else "")
