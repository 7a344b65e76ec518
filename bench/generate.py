"""A synthetic IPAS graph at any scale, built from the demo scenario as a template.

Each *replica* of the demo is a network cluster with its own IRIs; geography, agencies and
code lists stay shared, as they are in the world. Skew comes from three places:

- replica sizes follow a Zipf law: the first clusters repeat their transfers, shipments,
  seizures, memberships and trade records many times, the tail only once (a few large
  networks, many small ones);
- facilitators are *hubs*: the facilitator of every replica is one of a few shared people, so
  each hub serves many networks;
- every copied transfer or trade gets a Pareto-distributed amount (heavy tail).

Long pathways are added as extra legs chaining the template's locations. Because every triple
is a renamed copy of a demo triple that conforms to the shapes, the output conforms too (the
benchmark reports the validation outcome rather than assuming it).

Run: ``python -m bench.generate --triples 1000000 --out var/bench/ipas-1m.nt``.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from bench.proc import emit
from ipas.namespace import IPAS
from ipas.settings import PROJECT_ROOT, Settings

DEMO_DIR = PROJECT_ROOT / "demo"

#: Instances of these classes (and subclasses) are the shared world: never replicated.
SHARED_CLASSES = (IPAS.Location, IPAS.Agency, IPAS.PartnerUnit, IPAS.CoordinationGroup,
                  IPAS.SanctionsProgramme)
#: Instances of these are the bulk of a network's activity: multiplied by the replica's weight.
BULK_CLASSES = (IPAS.Transfer, IPAS.Shipment, IPAS.Seizure, IPAS.Membership,
                IPAS.TradeTransaction)
#: Amount-like properties whose copies get heavy-tailed values.
AMOUNT_PROPERTIES = (IPAS.amount, IPAS.declaredValue, IPAS.assessedValue)
HUBS = 5


@dataclass(frozen=True)
class Template:
    graph: Graph
    shared: frozenset[Node]
    bulk: frozenset[Node]
    hubs: frozenset[Node]


def _instances_of(graph: Graph, ontology: Graph, classes: tuple[URIRef, ...]) -> set[Node]:
    wanted: set[Node] = set(classes)
    changed = True
    while changed:  # subclass closure from the ontology
        changed = False
        for sub in list(ontology.subjects(RDFS.subClassOf, None)):
            parents = ontology.objects(sub, RDFS.subClassOf)
            if sub not in wanted and any(p in wanted for p in parents):
                wanted.add(sub)
                changed = True
    return {s for s, o in graph.subject_objects(RDF.type) if o in wanted}


def load_template(settings: Settings) -> Template:
    from ipas.validation import load_ontology

    manifest = json.loads((DEMO_DIR / "manifest.json").read_text())
    entries = manifest["files"]
    graph = Graph()
    for entry in entries:
        graph.parse(DEMO_DIR / entry["path"])
    ontology = load_ontology(settings.ontology_dir)
    base = settings.base_iri
    shared = {n for n in _instances_of(graph, ontology, SHARED_CLASSES)}
    # Anything outside the instance base (ontology concepts, code lists) is shared too.
    shared |= {s for s in graph.subjects() if isinstance(s, URIRef) and not s.startswith(base)}
    bulk = _instances_of(graph, ontology, BULK_CLASSES)
    hubs = set(graph.objects(None, IPAS.facilitator)) - shared
    return Template(graph, frozenset(shared), frozenset(bulk), frozenset(hubs))


class Replicator:
    """Renames template nodes per replica and copy, and writes N-Triples lines."""

    def __init__(self, template: Template, seed: int, base: str) -> None:
        self.t = template
        self.base = base
        self.rng = random.Random(seed)
        by_subject: dict[Node, list[tuple[Node, Node]]] = {}
        for s, p, o in template.graph:
            by_subject.setdefault(s, []).append((p, o))
        self.by_subject = by_subject

    def name(self, node: Node, replica: int, copy: int | None) -> Node:
        if node in self.t.shared or isinstance(node, Literal):
            return node
        if isinstance(node, URIRef) and not node.startswith(self.base):
            return node  # vocabulary: classes, properties, code lists
        if node in self.t.hubs:
            return URIRef(f"{node}-hub{replica % HUBS}")
        # A bulk node's copies are c0..cN; a reference from outside the bulk goes to c0.
        suffix = f"r{replica}" + (f"c{copy or 0}" if node in self.t.bulk else "")
        if isinstance(node, BNode):
            return BNode(f"{node}{suffix}")
        return URIRef(f"{node}-{suffix}")

    def _amount(self, literal: Literal) -> Literal:
        # Pareto(alpha=1.2) around the template's value: most small, a few enormous.
        base = float(literal.toPython()) if literal.toPython() is not None else 1000.0
        value = Decimal(str(round(base * self.rng.paretovariate(1.2) / 3, 2)))
        return Literal(value, datatype=literal.datatype)

    def replica(self, replica: int, multiplicity: int) -> Iterator[tuple[Node, Node, Node]]:
        for subject, pairs in self.by_subject.items():
            if subject in self.t.shared:
                continue
            if subject in self.t.hubs and replica >= HUBS:
                continue  # a hub's own statements are written once, by its first replica
            copies = range(multiplicity) if subject in self.t.bulk else [None]
            for copy in copies:
                s = self.name(subject, replica, copy)
                for p, o in pairs:
                    if p in AMOUNT_PROPERTIES and isinstance(o, Literal) and copy:
                        o2: Node = self._amount(o)
                    else:
                        o2 = self.name(o, replica, copy if o in self.t.bulk else None)
                    yield s, p, o2

    def shared_world(self) -> Iterator[tuple[Node, Node, Node]]:
        for subject in self.t.shared:
            for p, o in self.by_subject.get(subject, []):
                yield subject, p, o


def generate(out: Path, triples: int, *, seed: int = 7, zipf: float = 1.1) -> dict[str, int]:
    """Write about ``triples`` triples to ``out`` (N-Triples); returns what was written."""
    settings = Settings()
    template = load_template(settings)
    replicator = Replicator(template, seed, settings.base_iri)
    per_replica = sum(1 for _ in replicator.replica(0, 1))
    # Zipf weights: replica i gets multiplicity ~ top / (i+1)^zipf for its bulk records.
    top = max(1, triples // max(per_replica, 1) // 8)
    written = 0
    replicas = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for s, p, o in replicator.shared_world():
            handle.write(f"{s.n3()} {p.n3()} {o.n3()} .\n")
            written += 1
        while written < triples:
            multiplicity = max(1, round(top / (replicas + 1) ** zipf))
            for s, p, o in replicator.replica(replicas, multiplicity):
                handle.write(f"{s.n3()} {p.n3()} {o.n3()} .\n")
                written += 1
            replicas += 1
    return {"triples": written, "replicas": replicas, "template_triples": len(template.graph)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    emit(generate(args.out, args.triples, seed=args.seed))


if __name__ == "__main__":
    main()
