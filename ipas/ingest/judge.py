"""Judging one chunk of records: which records fail validation, and why.

A chunk crosses to the judge as :class:`ChunkData`: its triples serialized once as N-Triples
(one line per triple, in record order) and, per record, how many lines are its own and which
nodes it declares. The judge parses the lines, indexes the chunk's ``rdf:type`` assertions in
the batch's :class:`~ipas.ingest.types.TypeIndex`, names the IRIs the chunk links to (the
caller answers with their types in the store, scoped to what the uploader may see), and runs
the shapes over chunk, context and ontology: compiled to SPARQL (:mod:`ipas.shacl`), with the
same results as pyshacl, or through pyshacl when some shape does not compile. Everything it
holds is plain data, so it runs the same in a worker process (:mod:`ipas.ingest.worker`) or in
the loading process, which gives the same results.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from ipas.ingest.types import RDF_TYPE, TypeIndex
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
    """Validates the chunks of one batch, in order: :meth:`prepare`, then :meth:`judge`."""

    def __init__(self, validator: Validator, types_dir: Path | None) -> None:
        self.validator = validator
        self.types = TypeIndex(types_dir)
        self.ontology_nt = validator.ontology.serialize(format="nt", encoding="utf-8")
        self._chunk: ChunkData | None = None
        self._links: list[bytes] = []

    def prepare(self, chunk: ChunkData, *, index_types: bool = True) -> list[str]:
        """Take ``chunk`` (its types into the index); return the IRIs it links to, whose
        types in the store the caller passes to :meth:`judge`."""
        if index_types:
            self.types.load(b"".join(_TYPE_LINE.findall(chunk.blob)))
        self._chunk = chunk
        if not self.validator.active or not chunk.counts:
            return []
        self._links = sorted({iri for p, iri in _LINK.findall(chunk.blob)
                              if p != _TYPE_TOKEN})
        return [iri.decode() for iri in self._links]

    def judge(self, store_types: list[tuple[str, str]]) -> Verdict:
        """The verdict on the prepared chunk, with ``store_types`` ((node, class) pairs from
        the store) beside it."""
        chunk, self._chunk = self._chunk, None
        assert chunk is not None, "prepare() first"
        if not self.validator.active or not chunk.counts:
            return Verdict()
        tokens = _SUBJECT.findall(b"\n" + chunk.blob)
        nodes = [iri[1:-1].decode() for iri in {t for t in tokens if t.startswith(b"<")}
                 .union(self._links)]
        context = [*self.types.types_of(nodes),
                   *(ox.Triple(ox.NamedNode(s), RDF_TYPE, ox.NamedNode(t))
                     for s, t in store_types)]
        if self.validator.compiled.fully_compiled:
            results = [_plain(r) for r in self.validator.compiled.validate_ntriples(
                chunk.blob, context, self.ontology_nt)]
        else:
            triples: list[ox.Triple] = list(ox.parse(chunk.blob, ox.RdfFormat.N_TRIPLES))
            results = self._pyshacl(triples, context)
        return _verdict(chunk, tokens, results)

    def _pyshacl(self, triples: list[ox.Triple], context: list[ox.Triple],
                 ) -> list[ValidationResult]:
        data, around = Graph(), Graph()
        for graph, part in ((data, triples), (around, context)):
            for t in part:
                graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        return self.validator.validate(data, around).results

    def close(self) -> None:
        self.types.close()



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
