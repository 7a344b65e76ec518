"""How a node is drawn: its group (person, criminal organization, account, place, ...) and
whether it belongs on a chart at all (code-list concepts, geometries and catalog records do not).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from rdflib import URIRef
from rdflib.namespace import SKOS

from ipas.namespace import GEO, IPAS
from ipas.ontology.files import ontology_graph
from ipas.ontology.terms import superclasses

if TYPE_CHECKING:
    from ipas.workspace.dossier import NodeInfo

#: (anchor class, group), most specific first; a node takes the group of its first anchor.
_GROUPS: tuple[tuple[URIRef, str], ...] = (
    (IPAS.CriminalOrganization, "criminal-organization"),
    (IPAS.GovernmentOfficial, "official"),
    (IPAS.Person, "person"),
    (IPAS.FinancialInstitution, "organization"),
    (IPAS.Organization, "organization"),
    (IPAS.Agency, "agency"),
    (IPAS.Account, "account"),
    (IPAS.Conveyance, "conveyance"),
    (IPAS.Address, "address"),
    (IPAS.Identifier, "identifier"),
    (IPAS.IdentityDocument, "identifier"),
    (IPAS.IntelligenceReport, "report"),
    (IPAS.Pathway, "pathway"),
    (IPAS.Leg, "pathway"),
    (IPAS.Location, "location"),
    (IPAS.Relationship, "event"),
    (IPAS.PathwayUse, "event"),
    (IPAS.Event, "event"),
    (IPAS.Transfer, "event"),
    (IPAS.TradeTransaction, "event"),
    (IPAS.Sanction, "event"),
    (IPAS.Investigation, "investigation"),
    (IPAS.Commodity, "commodity"),
    (IPAS.Asset, "asset"),
    (SKOS.Concept, "concept"),
    (GEO.Geometry, "geometry"),
    (IPAS.Batch, "internal"),
)

#: Groups never drawn as chart nodes (code lists would tie every node to every other).
_HIDDEN = frozenset({"concept", "geometry", "internal", "event"})


@lru_cache(maxsize=4096)
def _group_of_class(cls: URIRef) -> str | None:
    ancestors = superclasses(cls, ontology_graph())
    for anchor, group in _GROUPS:
        if anchor in ancestors or anchor == cls:
            return group
    return None


def group_of(types: Sequence[URIRef]) -> str:
    """The drawing group of a node with these (most specific) types.

    >>> group_of([IPAS.Cartel]), group_of([IPAS.Membership]), group_of([])
    ('criminal-organization', 'event', 'other')
    """
    found = {g for t in types if (g := _group_of_class(t)) is not None}
    for _, group in _GROUPS:
        if group in found:
            return group
    return "other"


def is_chartable(info: NodeInfo | None) -> bool:
    """Whether a node is drawn: known in the caller's scope and not a hidden group."""
    return info is not None and bool(info.asserted or info.labels) \
        and group_of(info.types()) not in _HIDDEN
