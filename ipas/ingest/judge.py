"""Judging one chunk of records: which records fail validation, and why.

A chunk crosses to the judge as :class:`ChunkData`: its triples serialized once as N-Triples
(one line per triple, in record order) and, per record, how many lines are its own and which
nodes it declares; beside it, its context: the ``rdf:type`` triples of the nodes it names,
from the batch's earlier chunks and the store (:func:`named_nodes` says which; the loading
process looks them up, in chunk order). The judge runs the shapes over chunk, context and
ontology: compiled to SPARQL (:mod:`ipas.shacl`), with the same results as pyshacl, or through
pyshacl when some shape does not compile. It keeps no state between chunks, so it runs the
same in any number of worker processes (:mod:`ipas.ingest.worker`) or in the loading process,
which gives the same results.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from ipas.ingest.types import RDF_TYPE
from ipas.shacl.validator import ShaclResult
from ipas.store.terms import from_ox, to_ox
from ipas.validation import Severity, ValidationResult, Validator

#: A line's subject token (an IRI ``<...>`` or a blank node ``_:x``): IRIs hold no spaces.
_SUBJECT = re.compile(rb"\n([^ ]+) ")  # searched in "\n" + lines: faster than ^ in MULTILINE
_TYPE_TOKEN = str(RDF_TYPE).encode()
#: ``rdf:type`` lines of IRI subjects (what the type index keeps).
_TYPE_LINE = re.compile(rb"^<[^>]*> " + re.escape(_TYPE_TOKEN) + rb" .*\n", re.MULTILINE)
#: IRI objects with their predicate (linked nodes, when the predicate is not ``rdf:type``).
_LINK = re.compile(rb"^\S+ (<[^>]*>) (<[^>]*>) \.$", re.MULTILINE)


@dataclass
class ChunkData:
    """A chunk as it crosses to the judge: N-Triples lines and record boundaries."""

    blob: bytes
    counts: list[int]  # lines per record, in order
    subjects: list[list[str]]  # the nodes each record is about (N-Triples tokens)


@dataclass
class Verdict:
    """A chunk's outcome: Violations per failing record, and the non-blocking results."""

    failing: dict[int, list[ValidationResult]] = field(default_factory=dict)
    warnings: list[ValidationResult] = field(default_factory=list)


class Judge:
    """Validates chunks, each with its context (nothing is kept from one to the next)."""

    def __init__(self, validator: Validator) -> None:
        self.validator = validator
        self.ontology_nt = validator.ontology.serialize(format="nt", encoding="utf-8")

    def judge(self, chunk: ChunkData, context: bytes) -> Verdict:
        """The verdict on ``chunk``, with ``context`` (N-Triples: ``rdf:type`` triples of the
        nodes it names, from earlier chunks and the store) beside it."""
        if not self.validator.active or not chunk.counts:
            return Verdict()
        tokens = _SUBJECT.findall(b"\n" + chunk.blob)
        around: list[ox.Triple] = list(ox.parse(context, ox.RdfFormat.N_TRIPLES))
        if self.validator.compiled.fully_compiled:
            results = [_plain(r) for r in self.validator.compiled.validate_ntriples(
                chunk.blob, around, self.ontology_nt)]
        else:
            triples: list[ox.Triple] = list(ox.parse(chunk.blob, ox.RdfFormat.N_TRIPLES))
            results = self._pyshacl(triples, around)
        return _verdict(chunk, tokens, results)

    def _pyshacl(self, triples: list[ox.Triple], context: list[ox.Triple],
                 ) -> list[ValidationResult]:
        data, around = Graph(), Graph()
        for graph, part in ((data, triples), (around, context)):
            for t in part:
                graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        return self.validator.validate(data, around).results


def named_nodes(blob: bytes) -> tuple[list[str], list[str]]:
    """The IRIs a chunk's lines name whose types validation needs: ``(subjects and links,
    links)`` (links: IRI objects of predicates other than ``rdf:type``), values without
    brackets.

    >>> named_nodes(b'<urn:a> <urn:knows> <urn:b> .\\n_:x <urn:p> "y" .\\n')
    (['urn:a', 'urn:b'], ['urn:b'])
    """
    links = {iri for p, iri in _LINK.findall(blob) if p != _TYPE_TOKEN}
    subjects = {t for t in _SUBJECT.findall(b"\n" + blob) if t.startswith(b"<")}
    return ([iri[1:-1].decode() for iri in sorted(subjects | links)],
            [iri[1:-1].decode() for iri in sorted(links)])


def type_lines(blob: bytes) -> bytes:
    """The ``rdf:type`` lines of IRI subjects among N-Triples lines (what the index keeps).

    >>> type_lines(b'<urn:a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <urn:C> .\\n'
    ...            b'<urn:a> <urn:p> "x" .\\n')
    b'<urn:a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <urn:C> .\\n'
    """
    return b"".join(_TYPE_LINE.findall(blob))


def _verdict(chunk: ChunkData, tokens: list[bytes], results: list[ValidationResult]) -> Verdict:
    """Results mapped to records (``tokens``: each line's subject). A result fails the record
    that is about its focus node. A node no record is about (a shared country or programme
    node restated by many) fails those that state it; a record that only restates another
    record's node (a stub type) does not fail with it: its statements about that node are
    taken out as dangling if that record fails.

    >>> from rdflib import URIRef
    >>> chunk = ChunkData(b"", [1, 1], [["<urn:a>"], ["<urn:b>"]])
    >>> r = ValidationResult(URIRef("urn:a"), None, None, Severity.VIOLATION, "no", None, None)
    >>> list(_verdict(chunk, [b"<urn:a>", b"<urn:a>"], [r]).failing)
    [0]
    """
    verdict = Verdict()
    if not results:
        return verdict
    wanted = {_token(r.focus) for r in results}
    ends = list(accumulate(chunk.counts))
    stated: dict[bytes, list[int]] = {}  # node -> the records with a line about it, in order
    for line, token in enumerate(tokens):
        if token in wanted:
            index = bisect_right(ends, line)
            found = stated.setdefault(token, [])
            if not found or found[-1] != index:
                found.append(index)
    wanted_text = {w.decode() for w in wanted}
    declared: dict[bytes, set[int]] = {}
    for index, subjects in enumerate(chunk.subjects):
        for subject in subjects:
            if subject in wanted_text:
                declared.setdefault(subject.encode(), set()).add(index)
    for token, indexes in stated.items():
        if token.startswith(b"_:"):  # a record declares the blank nodes it describes
            declared.setdefault(token, set()).update(indexes)
    for result in results:
        focus = _token(result.focus)
        chosen = sorted(declared[focus]) if focus in declared else stated.get(focus, [])
        if not chosen:
            continue  # about a context node: judged where it is described
        if result.severity is not Severity.VIOLATION:
            verdict.warnings.append(result)
            continue
        for index in chosen:
            verdict.failing.setdefault(index, []).append(result)
    return verdict


def _token(node: Node) -> bytes:
    """A focus node as its N-Triples token (literal focus nodes match no record)."""
    return str(to_ox(node)).encode()


def _plain(result: ShaclResult) -> ValidationResult:
    return ValidationResult(
        focus=result.focus,
        path=result.path,
        value=result.value,
        severity=Severity.of(result.severity),
        message=result.message,
        source_shape=result.source_shape,
        component=result.component,
    )
