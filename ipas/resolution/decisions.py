"""Decisions as data: each decision batch is its own named graph, appended and never edited.

A batch graph ``{base}graph/resolution/{batch}`` holds the batch (who, when, which command,
why) and its decisions: a *suggestion* (a score with its features), a *positive* (these two
records are one actor) or a *negative* (they are not; it blocks any merge across them), each
with who, when and why. Undo writes a new batch whose *retractions* name the decisions they
withdraw; nothing already written is rewritten. The vocabulary is
``https://w3id.org/ipas/resolution#`` (documented in docs/resolution.md).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from ipas.errors import BadInput
from ipas.graphs import GraphNames
from ipas.store.base import Scope, Store

RES = "https://w3id.org/ipas/resolution#"
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
VERDICTS = ("suggested", "positive", "negative")

# IRIs as they may appear between angle brackets in N-Quads (RFC 3987 minus what N-Quads bans).
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")


def check_iri(value: str, what: str) -> str:
    """``value`` if it is an absolute IRI, else a ``BadInput`` naming ``what``.

    >>> check_iri("https://x.org/a", "left")
    'https://x.org/a'
    >>> check_iri("<x> .", "left")
    Traceback (most recent call last):
    ...
    ipas.errors.BadInput: left is not an absolute IRI: '<x> .'
    """
    if not _IRI.match(value):
        raise BadInput(f"{what} is not an absolute IRI: {value!r}", field=what)
    return value


def resolution_prefix(names: GraphNames) -> str:
    return f"{names.resolution}/"


@dataclass
class Decision:
    """One decision about a pair (``left`` < ``right``, IRIs as stored)."""

    left: str
    right: str
    verdict: str
    by: str
    at: str
    why: str
    score: float | None = None
    features: dict[str, float] = field(default_factory=dict)
    iri: str = ""
    batch: str = ""

    @property
    def pair(self) -> tuple[str, str]:
        return self.left, self.right

    def to_dict(self) -> dict[str, object]:
        return {"left": self.left, "right": self.right, "decision": self.verdict,
                "score": self.score, "features": self.features, "by": self.by, "at": self.at,
                "why": self.why, "id": self.iri, "batch": self.batch}


def ordered(a: str, b: str) -> tuple[str, str]:
    """A pair in one order, whichever way it was named.

    >>> ordered("urn:b", "urn:a")
    ('urn:a', 'urn:b')
    """
    return (a, b) if a <= b else (b, a)


def _nt(term: URIRef | Literal) -> str:
    return term.n3()


def _features_text(features: dict[str, float]) -> str:
    return ";".join(f"{k}={v:g}" for k, v in sorted(features.items()))


def parse_features(text: str) -> dict[str, float]:
    """The features stored with a suggestion.

    >>> parse_features("dob_match=1;name_jw=0.93")
    {'dob_match': 1.0, 'name_jw': 0.93}
    """
    out = {}
    for part in filter(None, text.split(";")):
        name, _, value = part.partition("=")
        out[name] = float(value)
    return out


def now() -> str:
    """The time a decision is made, to the microsecond: decisions in force and the order in
    which positives join groups follow it, so two decisions in one second must not tie."""
    return dt.datetime.now(dt.UTC).isoformat()


class Ledger:
    """Writes and reads decision batches in a store."""

    def __init__(self, store: Store, names: GraphNames) -> None:
        self.store = store
        self.names = names

    def graphs(self) -> list[str]:
        prefix = resolution_prefix(self.names)
        return sorted(g for g in self.store.graphs() if g.startswith(prefix))

    def write(self, decisions: Sequence[Decision], *, by: str, command: str, why: str,
              retracts: Sequence[str] = ()) -> str:
        """Commit one batch (decisions and retractions) atomically; returns the batch id."""
        batch_id = f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
        graph = f"{resolution_prefix(self.names)}{batch_id}"
        g = f"<{graph}>"
        at = Literal(now(), datatype=XSD.dateTime)
        lines = [
            f"{g} <{RDF_TYPE}> <{RES}DecisionBatch> {g} .",
            f"{g} <{PROV}wasAttributedTo> {_nt(Literal(by))} {g} .",
            f"{g} <{PROV}generatedAtTime> {_nt(at)} {g} .",
            f"{g} <{RES}command> {_nt(Literal(command))} {g} .",
            f"{g} <{RES}reason> {_nt(Literal(why))} {g} .",
        ]
        for n, d in enumerate(decisions):
            node = f"<{graph}/d{n}>"
            left, right = ordered(check_iri(d.left, "left"), check_iri(d.right, "right"))
            lines += [
                f"{node} <{RDF_TYPE}> <{RES}Decision> {g} .",
                f"{node} <{RES}left> <{left}> {g} .",
                f"{node} <{RES}right> <{right}> {g} .",
                f"{node} <{RES}verdict> {_nt(Literal(d.verdict))} {g} .",
                f"{node} <{PROV}wasAttributedTo> {_nt(Literal(d.by))} {g} .",
                f"{node} <{PROV}generatedAtTime> {_nt(Literal(d.at, datatype=XSD.dateTime))} {g} .",
                f"{node} <{RES}reason> {_nt(Literal(d.why))} {g} .",
                f"{node} <{RES}batch> {g} {g} .",
            ]
            if d.score is not None:
                lines.append(f"{node} <{RES}score> {_nt(Literal(round(d.score, 4)))} {g} .")
            if d.features:
                text = _nt(Literal(_features_text(d.features)))
                lines.append(f"{node} <{RES}features> {text} {g} .")
        for n, target in enumerate(retracts):
            node = f"<{graph}/r{n}>"
            lines += [
                f"{node} <{RDF_TYPE}> <{RES}Retraction> {g} .",
                f"{node} <{RES}retracts> <{check_iri(target, 'decision')}> {g} .",
                f"{node} <{PROV}wasAttributedTo> {_nt(Literal(by))} {g} .",
                f"{node} <{PROV}generatedAtTime> {_nt(at)} {g} .",
                f"{node} <{RES}reason> {_nt(Literal(why))} {g} .",
            ]
        self.store.load("\n".join(lines).encode("utf-8") + b"\n", "application/n-quads")
        return batch_id

    def read(self) -> list[Decision]:
        """Every decision still in force (not retracted), oldest first."""
        graphs = self.graphs()
        if not graphs:
            return []
        scope = Scope.of(graphs)
        query = f"""PREFIX res: <{RES}> PREFIX prov: <{PROV}>
SELECT ?d ?l ?r ?v ?by ?at ?why ?score ?features ?batch WHERE {{
  ?d a res:Decision ; res:left ?l ; res:right ?r ; res:verdict ?v ; res:batch ?batch ;
     prov:wasAttributedTo ?by ; prov:generatedAtTime ?at ; res:reason ?why .
  OPTIONAL {{ ?d res:score ?score }} OPTIONAL {{ ?d res:features ?features }}
  FILTER NOT EXISTS {{ ?x res:retracts ?d }}
}} ORDER BY ?at ?d"""
        out = []
        prefix = resolution_prefix(self.names)
        for row in self.store.select(query, scope=scope).rows:
            score = row.get("score")
            out.append(Decision(
                str(row["l"]), str(row["r"]), str(row["v"]), str(row["by"]), str(row["at"]),
                str(row["why"]), float(str(score)) if score is not None else None,
                parse_features(str(row.get("features", ""))), str(row["d"]),
                str(row["batch"]).removeprefix(prefix)))
        return out


def decision_id(left: str, right: str) -> str:
    """A short stable handle for a pair, for listings.

    >>> len(decision_id("urn:a", "urn:b"))
    10
    """
    return hashlib.sha256(f"{left} {right}".encode()).hexdigest()[:10]


def export_csv(decisions: Sequence[Decision]) -> str:
    """``left,right,score,decision`` rows, IRIs as stored.

    >>> print(export_csv([Decision("urn:a", "urn:b", "positive", "ana", "t", "", 0.97)]), end="")
    left,right,score,decision
    urn:a,urn:b,0.9700,positive
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["left", "right", "score", "decision"])
    for d in decisions:
        writer.writerow([d.left, d.right, "" if d.score is None else f"{d.score:.4f}",
                         d.verdict])
    return out.getvalue()
