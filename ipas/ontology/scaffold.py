"""A new extension module in one command (``ipas ontology new-module NAME``): ontology and
shapes files, a shape test case, a small batch of sample data and a test, all of which pass as
written and make the module's class appear in the REST facade at once (no code change).

The starting point is one class, ``ipas:<Name>Activity`` (an ``ipas:Event``), with one
property ``ipas:<name>Actor`` (the actor involved), its node shape and a case for it; the
maintainer renames and grows them, and ``ipas ontology lint`` keeps them in line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ipas.errors import BadInput, Conflict
from ipas.settings import PROJECT_ROOT

_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Names:
    """The names a module called ``name`` gets."""

    module: str  # e.g. "wildlife-trafficking"
    camel: str  # "WildlifeTrafficking"

    @property
    def cls(self) -> str:
        return f"{self.camel}Activity"

    @property
    def prop(self) -> str:
        return f"{self.camel[0].lower()}{self.camel[1:]}Actor"

    @property
    def snake(self) -> str:
        return self.module.replace("-", "_")


def names(module: str) -> Names:
    """Check a module name and derive the rest.

    >>> n = names("wildlife-trafficking")
    >>> n.cls, n.prop, n.snake
    ('WildlifeTraffickingActivity', 'wildlifeTraffickingActor', 'wildlife_trafficking')
    """
    if len(module) > 40 or not _NAME.match(module):
        raise BadInput("a module name is lower-case words joined by '-', e.g. 'wildlife'",
                       field="name")
    return Names(module, "".join(part.capitalize() for part in module.split("-")))


def _ontology(n: Names) -> str:
    return f"""# {n.module} extension: <say which IPAS phase this covers and what it adds>.
# Scaffolded by `ipas ontology new-module {n.module}`; see docs/ontology.md, "Module lifecycle".
@prefix ipas: <https://w3id.org/ipas/ontology#> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

ipas:{n.cls} a owl:Class ;
    rdfs:subClassOf ipas:Event ;
    rdfs:label "{n.camel} activity"@en ;
    skos:definition "An event of the {n.module} phase (replace with the real definition)."@en .

ipas:{n.prop} a owl:ObjectProperty ;
    rdfs:label "{n.module} actor"@en ;
    skos:definition "The actor involved in the {n.module} activity."@en ;
    rdfs:domain ipas:{n.cls} ; rdfs:range ipas:Actor .
"""


def _shapes(n: Names) -> str:
    return f"""# Shapes for ontology/extensions/{n.module}.ttl. Rules (`ipas ontology lint` checks):
# one node shape per class, named shape:<Class>Shape, with sh:targetClass, and a sh:severity
# on every constraint.
@prefix ipas:  <https://w3id.org/ipas/ontology#> .
@prefix shape: <https://w3id.org/ipas/shapes#> .
@prefix sh:    <http://www.w3.org/ns/shacl#> .
@prefix xsd:   <http://www.w3.org/2001/XMLSchema#> .

shape:{n.cls}Shape a sh:NodeShape ;
    sh:targetClass ipas:{n.cls} ;
    sh:property [
        sh:path ipas:{n.prop} ;
        sh:minCount 1 ;
        sh:class ipas:Actor ;
        sh:severity sh:Violation ;
        sh:message "A {n.module} activity needs at least one ipas:{n.prop} (an Actor)."@en ;
    ] .
"""


def _case(n: Names) -> str:
    return f"""# Shape case for shape:{n.cls}Shape (scaffolded).
@prefix ipas:  <https://w3id.org/ipas/ontology#> .
@prefix shape: <https://w3id.org/ipas/shapes#> .
@prefix ex:    <https://w3id.org/ipas/id/test/> .
@prefix sh:    <http://www.w3.org/ns/shacl#> .
@prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:   <http://www.w3.org/2001/XMLSchema#> .

# ---- data: ex:ok* must pass, ex:bad* must fail

ex:person a ipas:Person ; rdfs:label "Juan Pérez" .
ex:ok a ipas:{n.cls} ; ipas:{n.prop} ex:person ; ipas:date "2025-01-10"^^xsd:date .
ex:bad a ipas:{n.cls} ; ipas:date "2025-01-10"^^xsd:date .

# ---- expected report (messages are not compared)
[] a sh:ValidationReport ;
    sh:conforms false ;
    sh:result [
        sh:focusNode ex:bad ;
        sh:resultPath ipas:{n.prop} ;
        sh:resultSeverity sh:Violation ;
        sh:sourceConstraintComponent sh:MinCountConstraintComponent ;
        sh:sourceShape shape:{n.cls}Shape
    ] .
"""


def _sample(n: Names) -> str:
    return f"""# Sample batch for the {n.module} module (fictional): load it with
#   ipas load demo/modules/{n.module}.ttl --marking TLP:AMBER --agency HSI
@prefix ipas: <https://w3id.org/ipas/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .

<https://w3id.org/ipas/id/person/modules/{n.module}-actor> a ipas:Person ;
    rdfs:label "Sample actor ({n.module})" .
<https://w3id.org/ipas/id/event/modules/{n.module}-1> a ipas:{n.cls} ;
    rdfs:label "Sample {n.module} activity" ;
    ipas:{n.prop}
        <https://w3id.org/ipas/id/person/modules/{n.module}-actor> ;
    ipas:date "2025-01-10"^^xsd:date .
"""


def _test(n: Names) -> str:
    return f'''"""The {n.module} extension module (scaffolded by ``ipas ontology new-module``):
its class is declared, its sample batch conforms, and REST serves the class."""

from __future__ import annotations

import pyshacl
from rdflib import Graph

from ipas.facade.model import build_model
from ipas.namespace import IPAS, OWL, RDF
from ipas.ontology import ontology_graph, shapes_graph
from ipas.ontology.files import ONTOLOGY_DIR, SHAPES_DIR
from ipas.settings import PROJECT_ROOT

SAMPLE = PROJECT_ROOT / "demo" / "modules" / "{n.module}.ttl"


def test_the_class_is_declared() -> None:
    assert (IPAS["{n.cls}"], RDF.type, OWL.Class) in ontology_graph()


def test_the_sample_batch_conforms() -> None:
    conforms, _, text = pyshacl.validate(
        Graph().parse(SAMPLE, format="turtle"), shacl_graph=shapes_graph(),
        ont_graph=ontology_graph(), inference="none", advanced=True)
    assert conforms, text


def test_rest_serves_the_class() -> None:
    slugs = {{c.slug for c in build_model(ONTOLOGY_DIR, SHAPES_DIR).classes}}
    assert "{_slug(n.cls)}" in slugs
'''


def _slug(cls: str) -> str:
    """The REST route slug of a class name (as ipas.facade.model makes it)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", cls).lower()


def new_module(module: str, root: Path = PROJECT_ROOT) -> list[Path]:
    """Write the module's files under ``root``; refuses (``Conflict``) to overwrite any.
    Regenerate ``ipas/namespace.py`` afterwards (the CLI does)."""
    n = names(module)
    files = {
        root / "ontology" / "extensions" / f"{n.module}.ttl": _ontology(n),
        root / "shapes" / "extensions" / f"{n.module}.ttl": _shapes(n),
        root / "tests" / "shapes" / "cases" / f"{n.cls}Shape.ttl": _case(n),
        root / "demo" / "modules" / f"{n.module}.ttl": _sample(n),
        root / "tests" / "ontology" / f"test_module_{n.snake}.py": _test(n),
    }
    taken = [p for p in files if p.exists()]
    if taken:
        raise Conflict(f"module {n.module!r} exists already: {taken[0].relative_to(root)}")
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)
