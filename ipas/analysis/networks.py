"""Who belongs to which criminal network, what each network moves, and who it is linked to.

Shared by convergence and ranking, computed once per projection. A node's *affiliation* is
the networks it is or is a member of (``membership`` edges, then up ``sub-organization``
edges), counted at the top: a cell is part of its network. A node is *linked* to a network
when it shares a link with the network or one of its members: an edge between them, or a
reified link (a facilitation, a transfer, a pathway use) that names both, so the place and
pathway of a facilitation are linked to the network it serves.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ipas.analysis.projection import Edge, Projection
from ipas.analysis.spec import ONTOLOGY

INTERNAL = frozenset({"membership", "sub-organization"})  # links inside a network
#: Links that do not make an entity a facilitator: it is their victim, recruit or debtor
#: (a migrant who paid two networks serves neither of them).
NOT_SERVICE = INTERNAL | frozenset({"violence", "cyber-attack", "exploitation", "debt",
                                    "smuggling-fee", "recruitment", "terrorism-nexus"})
EVENT_KINDS = frozenset({"shipment", "transfer", "trade", "straw-purchase", "firearm-purchase",
                         "smuggling-fee"})
COMMODITY = f"{ONTOLOGY}commodity"
SHIPMENT = f"{ONTOLOGY}Shipment"
SEIZURE = f"{ONTOLOGY}Seizure"
VIOLENT_INCIDENT = f"{ONTOLOGY}ViolentIncident"
ALONG = f"{ONTOLOGY}alongPathway"
SEIZED_FROM = f"{ONTOLOGY}seizedFrom"
ATTRIBUTED_TO = f"{ONTOLOGY}attributedTo"
PLACE = f"{ONTOLOGY}place"
HAS_LEG, LEG_OF = f"{ONTOLOGY}hasLeg", f"{ONTOLOGY}legOf"
LEG_ENDS = (f"{ONTOLOGY}fromLocation", f"{ONTOLOGY}toLocation")


def commodity_name(iri: str) -> str:
    """``...#Commodity_Fentanyl`` as ``Fentanyl``.

    >>> commodity_name("https://w3id.org/ipas/ontology#Commodity_BulkCash")
    'BulkCash'
    """
    return iri.rsplit("#", 1)[-1].removeprefix("Commodity_")


@dataclass
class NetworkIndex:
    networks: list[str]
    affiliation: dict[str, frozenset[str]]
    members: dict[str, set[str]]  # network -> itself, its cells and their members
    commodities: dict[str, set[str]]  # network -> commodity names it moves
    incident: dict[str, list[Edge]]  # node -> edges touching it
    linked: dict[str, dict[str, list[Edge]]]  # node -> network -> edges that link them
    along: dict[str, list[str]] = field(default_factory=dict)  # pathway -> events along it
    places: dict[str, set[str]] = field(default_factory=dict)  # pathway -> its legs' ends

    def of(self, node: str) -> frozenset[str]:
        return self.affiliation.get(node, frozenset())


def network_index(projection: Projection) -> NetworkIndex:
    cached = projection.cache.get("networks")
    if isinstance(cached, NetworkIndex):
        return cached
    facts = projection.facts
    every = sorted(i for i, n in projection.nodes.items() if n.category == "network")
    parent: dict[str, set[str]] = defaultdict(set)
    member_of: dict[str, set[str]] = defaultdict(set)
    incident: dict[str, list[Edge]] = defaultdict(list)
    for edge in projection.edges.values():
        incident[edge.src].append(edge)
        incident[edge.dst].append(edge)
        if edge.kind == "sub-organization":
            parent[edge.src].add(edge.dst)
        elif edge.kind == "membership":
            member_of[edge.src].add(edge.dst)
    network_set = set(every)
    # Networks are the top ones; cells (sub-organizations of a network) roll up into them.
    networks = [n for n in every if not any(p in network_set for p in parent.get(n, ()))]

    def upward(start: set[str]) -> frozenset[str]:
        """The top networks above ``start`` (a cell counts as the network it belongs to)."""
        seen, todo = set(start), list(start)
        while todo:
            for p in parent.get(todo.pop(), ()):
                if p not in seen:
                    seen.add(p)
                    todo.append(p)
        return frozenset(n for n in seen & network_set
                         if not any(p in network_set for p in parent.get(n, ())))

    affiliation: dict[str, frozenset[str]] = {}
    for node in set(member_of) | network_set:
        direct = {o for o in member_of.get(node, ()) if o in network_set}
        if node in network_set:
            direct.add(node)
        if direct:
            affiliation[node] = upward(direct)
    members: dict[str, set[str]] = {n: set() for n in networks}
    for node, nets in affiliation.items():
        for net in nets:
            members[net].add(node)

    commodities: dict[str, set[str]] = {n: set() for n in networks}
    for edge in projection.edges.values():
        if edge.link and edge.kind in ("pathway-use", "shipment"):
            for net in affiliation.get(edge.src, ()):
                commodities[net].update(commodity_name(c)
                                        for c in facts.objects(edge.link, COMMODITY))
    by_link: dict[str, list[Edge]] = defaultdict(list)
    for edge in projection.edges.values():
        if edge.link:
            by_link[edge.link].append(edge)
    linked: dict[str, dict[str, list[Edge]]] = defaultdict(lambda: defaultdict(list))
    seen: set[tuple[str, str, int]] = set()  # (node, network, id(edge)): no dataclass __eq__
    for node, edges in incident.items():
        own = affiliation.get(node, frozenset())
        for edge in edges:
            if edge.kind in NOT_SERVICE:
                continue
            group = by_link[edge.link] if edge.link else [edge]
            for other in group:
                for end in (other.src, other.dst):
                    for net in affiliation.get(end, ()):
                        if net not in own and end != node and (
                                node, net, id(other)) not in seen:
                            seen.add((node, net, id(other)))
                            linked[node][net].append(other)
    along: dict[str, list[str]] = defaultdict(list)
    for event, values in facts.rels.get(ALONG, {}).items():
        for pathway, _ in values:
            along[projection.canonical(pathway)].append(event)
    legs: dict[str, set[str]] = defaultdict(set)  # pathway -> legs (stated from either side)
    for pathway, values in facts.rels.get(HAS_LEG, {}).items():
        legs[pathway].update(leg for leg, _ in values)
    for leg, values in facts.rels.get(LEG_OF, {}).items():
        for pathway, _ in values:
            legs[pathway].add(leg)
    places = {projection.canonical(p): {end for leg in ls for prop in LEG_ENDS
                                        for end in facts.objects(leg, prop)}
              for p, ls in legs.items()}
    index = NetworkIndex(networks, affiliation, members, commodities, incident,
                         {k: dict(v) for k, v in linked.items()}, dict(along), places)
    projection.cache["networks"] = index
    return index


def events_of(projection: Projection, cls: str, prop: str, targets: set[str]) -> set[str]:
    """Nodes of class ``cls`` whose ``prop`` names one of ``targets`` (seizures, incidents)."""
    key = f"by-object:{cls}:{prop}"
    index = projection.cache.get(key)
    if not isinstance(index, dict):
        index = defaultdict(set)
        facts = projection.facts
        for subject, values in facts.rels.get(prop, {}).items():
            if facts.is_a(subject, cls):
                for o, _ in values:
                    index[projection.canonical(o)].add(subject)
        projection.cache[key] = index
    found: set[str] = set()
    for target in targets:
        found |= index.get(target, set())
    return found
