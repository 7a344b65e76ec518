"""Reasoning inside the load: a batch's entailments written into its stage, so they commit with it.

Before the commit, the stage file (N-Quads written by pyoxigraph's serializer: one quad per
line, every term in canonical form) is read once; only lines whose predicate a rule (or a
registered derivation) reads or writes are kept, split into their N-Triples terms. The rules
close them in memory (:mod:`ipas.reasoning.engine`), the derivations of
:mod:`ipas.reasoning.hooks` run on the result, and the new triples are appended to the stage
as quads of ``{batch graph}/inferred``: the store then loads batch and inferences in one atomic
call, and a crash leaves neither. Premises come from the batch alone (plus the ontology), as
they always did, so an inferred triple is visible exactly when its batch is.

A blank node can be shared between the batch and its inferred graph only inside one load (or
one update). The embedded store loads the stage in one call; a remote store loads it graph by
graph, so there an entailment about a blank node is left out of the stage and the SPARQL rules
derive it after the commit (``StagedInference.deferred``). When a delta load withdraws
statements of earlier batches, :func:`rederive` gives their inferred graphs as the delta leaves
them, as operations of the delta's own update; :func:`materialize` derives a committed batch
into its inferred graph after the fact.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO, cast

import pyoxigraph as ox

from ipas.graphs import GraphNames
from ipas.reasoning import hooks
from ipas.reasoning.engine import Triple, close
from ipas.reasoning.sparql import ReasoningResult, count, materialize_sparql
from ipas.reasoning.tbox import TYPE, TBox, load_tbox
from ipas.store.base import Store

#: Entailments written to the stage per write.
WRITE_PART = 50_000


@dataclass(frozen=True)
class StagedInference:
    triples: int  # appended to the stage (entailments and derived facts)
    deferred: bool  # some involve a blank node: derive them after the commit (materialize)


def read_facts(path: Path, graph: str, predicates: frozenset[str],
               classes: frozenset[str] | None) -> set[Triple]:
    """The triples of ``graph`` in the N-Quads file whose predicate is one of ``predicates``
    (type triples only with an object in ``classes``, unless it is None: all of them).

    A line that does not split as canonical N-Quads is parsed instead, so a writer with other
    spacing gives the same terms, only slower.
    """
    wanted = {p.encode() for p in predicates}
    kinds = None if classes is None else {c.encode() for c in classes}
    rdf_type = TYPE.encode()
    suffix = f" <{graph}> .\n".encode()
    cut = len(suffix)
    out: set[Triple] = set()
    # One string per distinct IRI or blank node (a node is the subject of several triples):
    # the kept triples then cost a tuple each, not three new strings.
    text = {p.encode(): p for p in predicates} | {c.encode(): c for c in classes or ()}

    def term(raw: bytes) -> str:
        found = text.get(raw)
        if found is None:
            found = raw.decode()
            if raw[0] != 34:  # '"': literals are rarely shared and may be long
                text[raw] = found
        return found

    with path.open("rb") as stream:
        for line in stream:
            first = line.find(b" ")
            second = line.find(b" ", first + 1)
            if first <= 0 or line[0] == 35:  # "#": the stage's record markers, comments
                continue
            predicate = line[first + 1:second]
            if predicate not in wanted:
                if not (predicate.startswith(b"<") and predicate.endswith(b">")):
                    out.update(_parsed(line, graph, predicates, classes))
                continue
            obj = line[second + 1:-cut]
            if not line.endswith(suffix) or obj.startswith(b" "):
                out.update(_parsed(line, graph, predicates, classes))
                continue
            if kinds is not None and predicate == rdf_type and obj not in kinds:
                continue
            out.add((term(line[:first]), term(predicate), term(obj)))
    return out


def _parsed(line: bytes, graph: str, predicates: frozenset[str],
            classes: frozenset[str] | None) -> Iterator[Triple]:
    for quad in ox.parse(line, ox.RdfFormat.N_QUADS):
        if not isinstance(quad.graph_name, ox.NamedNode) or quad.graph_name.value != graph:
            continue
        s, p, o = str(quad.subject), str(quad.predicate), str(quad.object)
        if p in predicates and (classes is None or p != TYPE or o in classes):
            yield s, p, o


def entail(asserted: set[Triple], tbox: TBox, graph: str, inferred_graph: str,
           store: Store) -> list[Triple]:
    """The rules' entailments, then the registered derivations' facts."""
    inferred = close(asserted, tbox) if not tbox.empty else []
    facts = hooks.BatchFacts(graph, inferred_graph, frozenset(asserted), tuple(inferred), store)
    return inferred + hooks.derive_all(facts)


def entailments(path: Path, graph: str, store: Store, names: GraphNames,
                withdrawn: frozenset[str] = frozenset()) -> list[Triple]:
    """What the rules and derivations add to the quads of ``graph`` in the N-Quads file
    (without the triples whose subject is ``withdrawn``: what a delta takes away)."""
    tbox = load_tbox(store, names)
    if tbox.empty and not hooks.registered():
        return []
    extra = hooks.wanted_predicates()
    asserted = read_facts(path, graph, tbox.predicates | extra,
                          None if TYPE in extra else tbox.classes)
    if withdrawn:
        asserted = {t for t in asserted if t[0] not in withdrawn}
    return entail(asserted, tbox, graph, names.inferred_for(graph), store)


def _has_blank(triple: Triple) -> bool:
    return triple[0].startswith("_:") or triple[2].startswith("_:")


def quads(triples: Iterable[Triple], graph: str) -> bytes:
    """N-Quads text of ``triples`` in ``graph``.

    >>> quads([("<urn:s>", "<urn:p>", '"v"')], "urn:g")
    b'<urn:s> <urn:p> "v" <urn:g> .\\n'
    """
    suffix = f" <{graph}> .\n"
    return "".join(f"{s} {p} {o}{suffix}" for s, p, o in triples).encode()


def infer_stage(stage: IO[bytes], path: Path, graph: str, store: Store,
                names: GraphNames) -> StagedInference:
    """Append the batch's entailments to its stage file, as quads of its inferred graph."""
    stage.flush()
    triples = entailments(path, graph, store, names)
    kept = triples if store.load_shares_blank_nodes else [
        t for t in triples if not _has_blank(t)]
    stage.seek(0, 2)
    inferred_graph = names.inferred_for(graph)
    # A part at a time: the text of 2.8M quads (10M asserted) is ~0.4 GB, twice when encoded.
    for start in range(0, len(kept), WRITE_PART):
        stage.write(quads(kept[start:start + WRITE_PART], inferred_graph))
    stage.flush()
    return StagedInference(len(kept), len(kept) != len(triples))


def materialize(store: Store, names: GraphNames, batch_graph: str,
                workdir: Path | None = None) -> ReasoningResult:
    """Derive a committed batch's entailments into its inferred graph (adds what is missing).

    The batch graph is exported and closed in memory; entailments about blank nodes, which a
    load cannot name, are left to the SPARQL rules.
    """
    inferred_graph = names.inferred_for(batch_graph)
    triples = _stored_entailments(store, names, batch_graph, workdir)
    plain = [t for t in triples if not _has_blank(t)]
    if plain:
        store.load(quads(plain, inferred_graph), "application/n-quads")
    rounds = 0
    if len(plain) != len(triples):
        rounds = materialize_sparql(store, names, batch_graph,
                                    load_tbox(store, names).facts).rounds
    return ReasoningResult(batch_graph, inferred_graph, count(store, inferred_graph), rounds)


@dataclass(frozen=True)
class Rederived:
    updates: list[str]  # INSERT DATA operations: run them in the delta's own update
    pending: list[str]  # graphs whose entailments name a blank node: materialize after


def rederive(store: Store, names: GraphNames, graphs: Iterable[str],
             withdrawn: Iterable[str], workdir: Path | None = None) -> Rederived:
    """The inferred graphs of earlier batches as a delta leaves them (their statements about
    ``withdrawn`` subjects, N-Triples texts, deleted), as updates for the delta's own request,
    so withdrawn statements and what followed from them go in one atomic step."""
    gone = frozenset(withdrawn)
    updates: list[str] = []
    pending: list[str] = []
    for graph in graphs:
        triples = _stored_entailments(store, names, graph, workdir, gone)
        if any(_has_blank(t) for t in triples):
            pending.append(graph)
        elif triples:
            body = " ".join(f"{s} {p} {o} ." for s, p, o in triples)
            updates.append(f"INSERT DATA {{ GRAPH <{names.inferred_for(graph)}> {{ {body} }} }}")
    return Rederived(updates, pending)


def _stored_entailments(store: Store, names: GraphNames, graph: str, workdir: Path | None,
                        withdrawn: frozenset[str] = frozenset()) -> list[Triple]:
    """Entailments of a committed batch graph, read through an export of it."""
    with tempfile.NamedTemporaryFile(dir=workdir, prefix="reason-", suffix=".nq") as dump:
        store.export(cast(BinaryIO, dump), media_type="application/n-quads", graphs=[graph])
        dump.flush()
        return entailments(Path(dump.name), graph, store, names, withdrawn)
