"""STIX 2.1 cyber threat intelligence -> the cybercrime extension: malware, tools, attack
patterns and infrastructure (``ipas:CyberCapability``), vulnerabilities, network observables,
courses of action, and the relationship verbs that have a property of their own.

Open-vocabulary values (``malware_types``, ``tool_types``, ``infrastructure_types``) are kept
as written in ``ipas:capabilityType``; CVE, CAPEC and MITRE ATT&CK external references become
identifiers; kill-chain phases are ``"kill chain:phase"`` strings.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rdflib import RDF, RDFS, XSD, Literal, URIRef

from ipas.namespace import IPAS
from ipas.sources import Triples
from loaders._iri import mint
from loaders._rdf import add_text

SOURCE = "stix"
CAPABILITIES: dict[str, URIRef] = {
    "malware": IPAS.Malware, "tool": IPAS.CyberTool,
    "attack-pattern": IPAS.AttackPattern, "infrastructure": IPAS.CyberInfrastructure,
}
#: STIX cyber-observable types that are network addresses (their ``value`` is the address).
OBSERVABLES = frozenset({"ipv4-addr", "ipv6-addr", "domain-name", "url", "email-addr",
                         "mac-addr"})
CLASSES: dict[str, URIRef] = {
    **CAPABILITIES, "vulnerability": IPAS.Vulnerability, "course-of-action": IPAS.CourseOfAction,
    **{kind: IPAS.NetworkObservable for kind in OBSERVABLES},
}
#: The open-vocabulary list each capability type carries.
_TYPES = {"malware": "malware_types", "tool": "tool_types",
          "infrastructure": "infrastructure_types"}
#: External reference sources whose ids are identifiers (STIX 2.1 section 2.5 and practice).
_SCHEMES = {"cve": IPAS.Scheme_Cve, "capec": IPAS.Scheme_Capec,
            "mitre-attack": IPAS.Scheme_MitreAttack}

_ACTORS = frozenset({"identity", "threat-actor", "intrusion-set"})
_CAPS = frozenset(CAPABILITIES)
_ACTIVE = _ACTORS | _CAPS | {"campaign"}
_ADDRESSED = _CAPS | OBSERVABLES
#: Tracked entities and events: what an indicator may point to.
INDICATED = _ACTORS | _CAPS | OBSERVABLES | {"vulnerability", "campaign"}

#: relationship verb -> (property, source kinds, target kinds); checked in order.
VERBS: tuple[tuple[str, URIRef, frozenset[str], frozenset[str]], ...] = (
    ("uses", IPAS.usesCapability, _ACTIVE, _CAPS),
    ("targets", IPAS.exploitsVulnerability, _ACTIVE, frozenset({"vulnerability"})),
    ("exploits", IPAS.exploitsVulnerability, _ACTIVE, frozenset({"vulnerability"})),
    ("controls", IPAS.controlsCapability, _CAPS, _CAPS),
    ("hosts", IPAS.hostsCapability, frozenset({"infrastructure"}), _CAPS),
    ("delivers", IPAS.deliversMalware, _CAPS, frozenset({"malware"})),
    ("drops", IPAS.deliversMalware, _CAPS, frozenset({"malware"})),
    ("downloads", IPAS.deliversMalware, _CAPS, frozenset({"malware"})),
    ("variant-of", IPAS.variantOf, frozenset({"malware"}), frozenset({"malware"})),
    ("communicates-with", IPAS.communicatesWith, _CAPS, _ADDRESSED),
    ("beacons-to", IPAS.communicatesWith, _CAPS, _ADDRESSED),
    ("exfiltrates-to", IPAS.communicatesWith, _CAPS, _ADDRESSED),
    ("consists-of", IPAS.consistsOf, frozenset({"infrastructure"}), _ADDRESSED),
    ("mitigates", IPAS.mitigates, frozenset({"course-of-action"}),
     _CAPS | {"vulnerability", "indicator"}),
    ("remediates", IPAS.mitigates, frozenset({"course-of-action"}),
     _CAPS | {"vulnerability"}),
    ("indicates", IPAS.indicates, frozenset({"indicator"}), INDICATED),
    ("attributed-to", IPAS.attributedTo, frozenset({"campaign"}), _ACTORS),
)


def statement(rel: str, source: str, target: str) -> URIRef | None:
    """The property a relationship ``source -rel-> target`` (STIX types) becomes, if any.

    >>> statement("uses", "threat-actor", "malware").fragment
    'usesCapability'
    >>> statement("targets", "campaign", "vulnerability").fragment
    'exploitsVulnerability'
    >>> statement("uses", "malware", "identity") is None
    True
    """
    for verb, prop, sources, targets in VERBS:
        if verb == rel and source in sources and target in targets:
            return prop
    return None


def _identifiers(g: Triples, s: URIRef, obj: Mapping[str, Any]) -> set[URIRef]:
    out: set[URIRef] = set()
    for ref in obj.get("external_references") or []:
        scheme = _SCHEMES.get(str(ref.get("source_name", "")).lower()) if isinstance(
            ref, dict) else None
        value = str(ref.get("external_id") or "").strip() if isinstance(ref, dict) else ""
        if scheme is None or not value:
            continue
        ident = mint("identifier", SOURCE, f"{scheme.fragment}:{value}")
        g.add((ident, RDF.type, IPAS.Identifier))
        g.add((ident, IPAS.identifierValue, Literal(value)))
        g.add((ident, IPAS.identifierScheme, scheme))
        g.add((s, IPAS.hasIdentifier, ident))
        out.add(ident)
    return out


def kill_chain(g: Triples, s: URIRef, obj: Mapping[str, Any]) -> None:
    """``kill_chain_phases`` as ``"kill chain:phase"`` strings."""
    for phase in obj.get("kill_chain_phases") or []:
        if isinstance(phase, dict) and phase.get("kill_chain_name") and phase.get("phase_name"):
            name = "-".join(str(phase["kill_chain_name"]).split())
            g.add((s, IPAS.killChainPhase,
                   Literal(f"{name}:{'-'.join(str(phase['phase_name']).split())}")))


def map_cyber(g: Triples, s: URIRef, obj: Mapping[str, Any], seen: Any) -> set[URIRef]:
    """Triples of one capability, vulnerability, observable or course of action (its class
    and name are already in ``g``); ``seen`` turns a STIX timestamp into an ``xsd:date``."""
    kind = obj["type"]
    out = {s}
    if kind in OBSERVABLES:
        value = str(obj.get("value", "")).strip()
        g.add((s, IPAS.observableType, Literal(kind)))
        if value:
            g.add((s, IPAS.observableValue, Literal(value)))
            g.add((s, RDFS.label, Literal(value)))
        return out
    if kind in _TYPES:
        for value in obj.get(_TYPES[kind]) or []:
            add_text(g, s, IPAS.capabilityType, str(value))
    if kind == "malware" and isinstance(obj.get("is_family"), bool):
        g.add((s, IPAS.isMalwareFamily, Literal(obj["is_family"], datatype=XSD.boolean)))
    if kind in CAPABILITIES:
        kill_chain(g, s, obj)
        for alias in obj.get("aliases") or []:
            add_text(g, s, IPAS.alias, str(alias))
        for key, prop in (("first_seen", IPAS.firstSeen), ("last_seen", IPAS.lastSeen)):
            lit = seen(obj.get(key))
            if lit is not None:
                g.add((s, prop, lit))
    for key in ("implementation_languages", "architecture_execution_envs", "capabilities"):
        for value in obj.get(key) or []:  # kept readable: the model has no property for them
            g.add((s, RDFS.comment, Literal(f"{key}: {value}")))
    out |= _identifiers(g, s, obj)
    return out
