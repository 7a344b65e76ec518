"""HermiT (bundled with owlready2, needs Java) on the ontology: which classes are unsatisfiable.

owlready2 does not read Turtle, so the graph is written as N-Triples into a work folder first;
only our own files are loaded (the ontology imports nothing). xsd:date, xsd:gYear and
geo:wktLiteral are outside the OWL 2 datatype map, so HermiT runs with unsupported datatypes
ignored (docs/ontology.md, "Datatypes").
"""

from __future__ import annotations

import shutil
from pathlib import Path

from rdflib import Graph


def java_available() -> bool:
    """Whether a Java runtime is on PATH (HermiT needs one)."""
    import owlready2

    return shutil.which(owlready2.JAVA_EXE) is not None or shutil.which("java") is not None


def classify(graph: Graph, workdir: Path) -> list[str]:
    """The IRIs of the unsatisfiable classes of ``graph`` (empty when all is well).

    Raises ``RuntimeError`` when no Java runtime is found or the ontology (with whatever
    individuals ``graph`` holds) is inconsistent.
    """
    import owlready2

    if not java_available():
        raise RuntimeError("HermiT needs a Java runtime (Java 17 works); none on PATH")
    path = workdir / "ipas.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load(only_local=True)
    try:
        owlready2.sync_reasoner_hermit([onto], infer_property_values=False, debug=0,
                                       ignore_unsupported_datatypes=True)
    except owlready2.OwlReadyInconsistentOntologyError:
        raise RuntimeError("HermiT finds the ontology inconsistent") from None
    return sorted(c.iri for c in world.inconsistent_classes() if c is not owlready2.Nothing)
