"""The Validator: shapes and ontology read once, pyshacl run per batch (or per chunk).

Inference is ``none``. The ontology is put beside the data (what pyshacl's ``ont_graph``
does, without its copy of the whole data graph per call), so ``rdfs:subClassOf`` axioms are
there and SHACL's class targets and ``sh:class`` follow subclasses as the spec requires.
RDFS inference would add domain and range types to the data first: validation would then
judge the reasoner's guesses instead of what the source said (a wrong range makes a node an
instance of a class it was never asserted to be, and so a target of shapes it was never meant
for), and it roughly doubles the time per batch.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox
from pyshacl import validate as pyshacl_validate
from rdflib import Graph

from ipas.settings import Settings
from ipas.shacl.report import report_graph
from ipas.shacl.validator import CompiledValidator
from ipas.store.terms import to_ox
from ipas.validation.report import ValidationReport, read_report
from ipas.validation.rules import load_ontology, load_shapes


class Validator:
    """SHACL validation of RDF graphs against fixed shapes and ontology.

    >>> shapes = Graph().parse(format="turtle", data='''
    ...   @prefix sh: <http://www.w3.org/ns/shacl#> .
    ...   <urn:S> a sh:NodeShape ; sh:targetClass <urn:Person> ;
    ...     sh:property [ sh:path <urn:name> ; sh:minCount 1 ] .''')
    >>> data = Graph().parse(format="turtle", data="<urn:bob> a <urn:Person> .")
    >>> report = Validator(shapes, Graph()).validate(data)
    >>> [(str(r.focus), r.severity.value) for r in report.results]
    [('urn:bob', 'Violation')]
    """

    def __init__(self, shapes: Graph, ontology: Graph) -> None:
        self.shapes = shapes
        self.ontology = ontology
        self._compiled: CompiledValidator | None = None

    @property
    def compiled(self) -> CompiledValidator:
        """The shapes compiled to SPARQL (:mod:`ipas.shacl`), built on first use."""
        if self._compiled is None:
            self._compiled = CompiledValidator(self.shapes)
        return self._compiled

    @classmethod
    def from_settings(cls, settings: Settings) -> Validator:
        return cls(load_shapes(settings.shapes_dir), load_ontology(settings.ontology_dir))

    @property
    def active(self) -> bool:
        """False when there are no shapes: nothing can fail, validation is skipped."""
        return len(self.shapes) > 0

    def validate(self, data: Graph | Sequence[Graph],
                 context: Graph | None = None) -> ValidationReport:
        """Validate ``data`` (one graph, or several validated together) with ``context``
        (types of referenced nodes) beside it."""
        parts = [data] if isinstance(data, Graph) else list(data)
        if not self.active or not any(len(part) for part in parts):
            # pyshacl treats a missing shapes graph as "the data are the shapes": never let it.
            return ValidationReport()
        if self.compiled.fully_compiled:
            # Same results as pyshacl (tests/shacl), at a fraction of the time: the shapes run
            # as SPARQL over data, context and ontology in an in-memory Oxigraph store.
            return self._validate_compiled(parts, [context or Graph(), self.ontology])
        # One working graph holding data, context and ontology, validated in place: the same
        # as pyshacl's ont_graph mix-in, without it cloning the whole data graph per call.
        graph = Graph()
        for part in [*parts, context if context is not None else Graph(), self.ontology]:
            graph.addN((s, p, o, graph) for s, p, o in part)
        _, report_graph, _ = pyshacl_validate(
            graph,
            shacl_graph=self.shapes,
            inference="none",
            inplace=True,
            advanced=True,
            allow_warnings=True,
            allow_infos=True,
        )
        assert isinstance(report_graph, Graph)
        return read_report(report_graph)

    def _validate_compiled(self, data: list[Graph], around: list[Graph]) -> ValidationReport:
        def triples(graphs: list[Graph]) -> list[ox.Triple]:
            return [ox.Triple(to_ox(s), to_ox(p), to_ox(o))  # type: ignore[arg-type]
                    for graph in graphs for s, p, o in graph]

        return read_report(report_graph(
            self.compiled.validate_triples(triples(data), triples(around))))
