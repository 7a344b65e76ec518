"""``icij``: ICIJ Offshore Leaks CSV (entities, officers, intermediaries, addresses, edges).

Every ICIJ node is keyed ``{base}node/icij/{node_id}`` whatever its file (ICIJ's node ids are
unique across node types), so an edge list loaded on its own still links the right nodes.
Intermediaries serve the entities they are "intermediary of" as ``ipas:Representation`` roles
(the ontology's term for an offshore intermediary acting for a client); officers become
directorships or ownerships by the edge's wording. Files are recognised by name: a name
containing "entities", "officers", "intermediaries", "addresses", "others" or "edges" /
"relationships". Both edge layouts ICIJ has published are read: the 2016 ``node_1, rel_type,
node_2`` files and the current full export's ``relationships.csv`` (``node_id_start,
node_id_end, rel_type, link, status, ...``), whose ``link`` holds the precise wording
("shareholder of", "Nominee Director of") behind a coarse ``rel_type`` ("officer_of").
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from rdflib import XSD, Literal, URIRef

from ipas.errors import BadInput
from ipas.namespace import IPAS
from ipas.sources import Loader, LoadOptions, Record, Rejected, SourcePosition, Triples
from ipas.store.terms import to_ox
from loaders._source import csv_dicts, decode, open_lines
from loaders._terms import (
    NS_IPAS,
    NS_RDF,
    NS_RDFS,
    Graph,
    Node,
    add_text,
    as_uri,
    country,
    lit,
    mint,
    node_of,
)

SOURCE = "icij"
KINDS = ("entities", "officers", "intermediaries", "addresses", "others", "edges")
_COMPANY = re.compile(
    r"\b(LIMITED|LTD|INC|CORP|CORPORATION|S\.?A|AG|GMBH|ANSTALT|STIFTUNG|FOUNDATION|TRUST|"
    r"TRUSTEES?|NOMINEES?|HOLDINGS?|COMPANY|CO|LLC|LLP|BANK|BEARER|SERVICES|ASSOCIATES|"
    r"S\.?A\.?R\.?L|B\.?V|N\.?V|PTE|SECRETARIES|MANAGEMENT|FIDUCIA\w*|INVESTMENTS?)\b\.?",
    re.I,
)
DATE_FORMATS = ("%d-%b-%y", "%d-%b-%Y", "%Y-%m-%d", "%d/%m/%Y", "%b %d, %Y")
#: Edge wording -> (relationship class, property of node_1, property of node_2).
EDGES: dict[str, tuple[URIRef, URIRef, URIRef]] = {
    "intermediary of": (IPAS.Representation, IPAS.representative, IPAS.client),
    "officer of": (IPAS.Directorship, IPAS.director, IPAS.directedOrganization),
    "director of": (IPAS.Directorship, IPAS.director, IPAS.directedOrganization),
    "secretary of": (IPAS.Directorship, IPAS.director, IPAS.directedOrganization),
    "shareholder of": (IPAS.Ownership, IPAS.owner, IPAS.ownedAsset),
    "owner of": (IPAS.Ownership, IPAS.owner, IPAS.ownedAsset),
    "beneficial owner of": (IPAS.Ownership, IPAS.owner, IPAS.ownedAsset),
    "beneficiary of": (IPAS.Ownership, IPAS.owner, IPAS.ownedAsset),
    "nominee shareholder of": (IPAS.Representation, IPAS.representative, IPAS.client),
    "nominee director of": (IPAS.Representation, IPAS.representative, IPAS.client),
    "protector of": (IPAS.Representation, IPAS.representative, IPAS.client),
    "connected to": (IPAS.Association, IPAS.party, IPAS.party),
    "related entity": (IPAS.Association, IPAS.party, IPAS.party),
}
#: Wording of ICIJ's many role links (the full export's ``link`` column) -> the edge class
#: above whose role it is, first match wins: a nominee or signatory acts for the company
#: (representation) even when the wording also says "shareholder" or "director".
EDGE_KEYWORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("intermediary",), "intermediary of"),
    (("nominee", "protector", "trustee", "signatory", "attorney", "authorised", "authorized",
      "custodian", "agent"), "nominee director of"),
    (("director", "secretary", "officer", "president", "chairman", "treasurer", "manager"),
     "director of"),
    (("shareholder", "owner", "beneficiary", "beneficial", "stockholder"), "shareholder of"),
)
#: The class an edge's end has by being there (the property's range; ICIJ's ownership edges
#: always end at an entity, a company): stated when the node is not in this load, so that an
#: edge file loaded on its own validates.
END_CLASSES = {IPAS.director: IPAS.Actor, IPAS.directedOrganization: IPAS.Organization,
               IPAS.representative: IPAS.Actor, IPAS.client: IPAS.TrackedEntity,
               IPAS.owner: IPAS.Actor, IPAS.ownedAsset: IPAS.Organization,
               IPAS.party: IPAS.Actor}
#: Edges that say two nodes may be the same, not that they are related: resolution's job.
RESOLUTION_HINTS = ("same name as", "same address as", "similar", "same as", "same id as",
                    "probably same officer as", "same company as", "same intermediary as")
#: The endpoint columns of the two edge layouts: (start, end).
EDGE_ENDS = (("node_1", "node_2"), ("node_id_start", "node_id_end"))


def node(node_id: str) -> Node:
    return mint("node", SOURCE, node_id)


def parse_icij_date(text: str | None) -> Literal | None:
    """ICIJ's dates ("23-Mar-06", "23-MAR-2006") as ``xsd:date``.

    >>> str(parse_icij_date("23-Mar-06")), parse_icij_date("23-MAR-2006").datatype.fragment
    ('2006-03-23', 'date')
    >>> parse_icij_date("") is None
    True
    """
    value = (text or "").strip()
    for fmt in DATE_FORMATS:
        try:
            return Literal(datetime.strptime(value, fmt).date().isoformat(), datatype=XSD.date)
        except ValueError:
            continue
    return None


#: File name stems -> kind: "nodes-entities.csv", "Entities_mini.csv" and the Neo4j-era
#: "bahamas_leaks.nodes.entity.csv" are all entities.
STEMS = (("relationship", "edges"), ("edge", "edges"), ("entit", "entities"),
         ("officer", "officers"), ("intermediar", "intermediaries"), ("address", "addresses"),
         ("other", "others"))


def file_kind(path: Path) -> str | None:
    """The kind of an ICIJ file from its name.

    >>> [file_kind(Path(n)) for n in ("nodes-others.csv", "bahamas_leaks.nodes.entity.csv",
    ...     "all_edges_mini.csv", "relationships.csv", "notes.csv")]
    ['others', 'entities', 'edges', 'edges', None]
    """
    name = path.name.lower()
    return next((kind for stem, kind in STEMS if stem in name), None)


def header_kind(columns: Sequence[str]) -> str | None:
    """The kind of an ICIJ file from its header, for files whose name says nothing (a body
    posted to ``/ingest`` is stored as ``body.csv``).

    >>> header_kind(["node_id_start", "node_id_end", "rel_type", "link"])
    'edges'
    >>> [header_kind(h.split(",")) for h in ("node_id,name,jurisdiction,company_type",
    ...     "node_id,name,type,incorporation_date,closed_date,jurisdiction",
    ...     "node_id,address,name,countries",
    ...     "node_id,name,status,internal_id,address", "node_id,name,countries", "a,b")]
    ['entities', 'others', 'addresses', 'intermediaries', 'officers', None]
    """
    cols = {re.sub(r"^[nr]\.", "", c.strip()) for c in columns}
    if any(set(ends) <= cols for ends in EDGE_ENDS):
        return "edges"
    if "node_id" not in cols:
        return None
    if cols & {"closed_date", "type"}:  # an entity's legal type is "company_type"
        return "others"
    if cols & {"company_type", "ibcRUC", "inactivation_date", "jurisdiction"}:
        return "entities"
    if "address" in cols and not cols & {"status", "internal_id"}:
        return "addresses"
    if cols & {"status", "internal_id"}:
        return "intermediaries"
    return "officers" if "name" in cols else None


def sniff(path: Path, encoding: str | None = None) -> str | None:
    """The kind of ``path``: by its name, else by its header row."""
    kind = file_kind(path)
    if kind is not None:
        return kind
    try:
        with path.open("rb") as handle:
            head = decode(handle.read(65536), encoding)
    except OSError:
        return None
    try:
        first = next(csv.reader(io.StringIO(head.lstrip("\ufeff"), newline="")), [])
    except csv.Error:  # not CSV at all (a binary file): no kind
        return None
    return header_kind(first)


def _countries(g: Graph, s: Node, row: dict[str, str]) -> None:
    codes = [c for c in (row.get("country_codes") or "").split(";") if c.strip()]
    names = [c for c in (row.get("countries") or "").split(";") if c.strip()]
    for text in codes or names:
        where = country(g, text)
        if where is not None:
            g.add((s, NS_IPAS.country, where))


def _base(g: Graph, s: Node, row: dict[str, str], cls: Node, label: str) -> set[Node]:
    g.add((s, NS_RDF.type, cls))
    add_text(g, s, NS_RDFS.label, label)
    ident = mint("identifier", SOURCE, row["node_id"])
    g.add((ident, NS_RDF.type, NS_IPAS.Identifier))
    g.add((ident, NS_IPAS.identifierValue, lit(row["node_id"])))
    g.add((ident, NS_IPAS.identifierScheme, NS_IPAS.Scheme_IcijNodeId))
    g.add((s, NS_IPAS.hasIdentifier, ident))
    add_text(g, s, NS_RDFS.comment, row.get("sourceID"))
    add_text(g, s, NS_RDFS.comment, row.get("note"))
    add_text(g, s, NS_RDFS.comment, _valid_until(row))
    _countries(g, s, row)
    return {s, ident}


def _valid_until(row: dict[str, str]) -> str | None:
    text = " ".join((row.get("valid_until") or "").split())
    return f"valid until: {text}" if text else None


#: Registry dates of entities and others: (column, property or None for a dated comment).
REGISTRY_DATES: tuple[tuple[str, Node | None], ...] = (
    ("incorporation_date", NS_IPAS.incorporationDate),
    ("inactivation_date", NS_IPAS.dissolutionDate), ("closed_date", NS_IPAS.dissolutionDate),
    ("struck_off_date", None), ("dorm_date", None))


def _registry(g: Graph, s: Node, row: dict[str, str], name: str,
              subjects: set[Node]) -> None:
    """What ICIJ's company registers say of an entity (or an "other" that is one)."""
    for column in ("original_name", "former_name"):
        if (row.get(column) or "").strip() not in ("", name):
            prop = NS_IPAS.previousName if column == "former_name" else NS_IPAS.alias
            g.add((s, prop, lit(row[column].strip())))
    juris = country(g, row.get("jurisdiction_description"))
    if juris is None and (row.get("jurisdiction_description") or "").strip():
        g.add((s, NS_RDFS.comment, lit(f"jurisdiction: {row['jurisdiction_description']}")))
    if juris is not None:
        g.add((s, NS_IPAS.jurisdiction, juris))
    for column, date_prop in REGISTRY_DATES:
        text = (row.get(column) or "").strip()
        day = parse_icij_date(text)
        if day is not None and date_prop is not None and not g.objects(s, date_prop):
            g.add((s, date_prop, to_ox(day)))
        elif text:
            g.add((s, NS_RDFS.comment, lit(f"{column.removesuffix('_date').replace('_', ' ')}"
                                           f" date: {day if day is not None else text}")))
    add_text(g, s, NS_IPAS.legalForm, row.get("company_type") or row.get("type"))
    add_text(g, s, NS_RDFS.comment, row.get("service_provider") and
             f"Service provider: {row['service_provider']}")
    ruc = (row.get("ibcRUC") or "").strip()
    if ruc:  # the company's number in its register (Panama's RUC, a BVI IBC number)
        ident = mint("identifier", SOURCE, f"{row['node_id']}-ibcRUC")
        g.add((ident, NS_RDF.type, NS_IPAS.Identifier))
        g.add((ident, NS_IPAS.identifierValue, lit(ruc)))
        g.add((ident, NS_IPAS.identifierScheme, NS_IPAS.Scheme_RegistrationNumber))
        g.add((ident, NS_RDFS.label, lit(f"company register number {ruc}")))
        g.add((s, NS_IPAS.hasIdentifier, ident))
        subjects.add(ident)


def map_node(kind: str, row: dict[str, str]) -> tuple[Triples, set[URIRef]]:
    """One node row -> its graph and focus nodes."""
    g, subjects, _ = _map_node(kind, row)
    return g.record_triples(), {as_uri(n) for n in subjects}


def _map_node(kind: str, row: dict[str, str]) -> tuple[Graph, set[Node], Node]:
    """:func:`map_node` as engine terms, with the node's class."""
    g = Graph()
    s = node(row["node_id"])
    if kind == "addresses":
        label = row.get("address") or row.get("name") or ""
        subjects = _base(g, s, row, NS_IPAS.Address, label)
        add_text(g, s, NS_IPAS.fullAddress, " ".join(label.split()))
        return g, subjects, NS_IPAS.Address
    name = (row.get("name") or "").strip()
    if kind == "entities":
        cls = NS_IPAS.Company
    else:  # "others" carry a legal type ("LIMITED LIABILITY COMPANY", "FOUNDATION")
        company = _COMPANY.search(f"{name} {row.get('type') or ''}")
        cls = NS_IPAS.Company if company else NS_IPAS.Person
    subjects = _base(g, s, row, cls, name)
    if cls == NS_IPAS.Company:
        _registry(g, s, row, name, subjects)
    elif (row.get("type") or "").strip():
        g.add((s, NS_RDFS.comment, lit(f"type: {row['type'].strip()}")))
    # ipas:status is an organization's registry status; a person's stays readable.
    status = (row.get("status") or "").strip() or None
    if cls == NS_IPAS.Company:
        add_text(g, s, NS_IPAS.status, status)
    else:
        add_text(g, s, NS_RDFS.comment, status and f"status: {status}")
    if (row.get("address") or "").strip():
        a = mint("address", SOURCE, row["node_id"])
        g.add((a, NS_RDF.type, NS_IPAS.Address))
        text = " ".join(row["address"].split())
        g.add((a, NS_IPAS.fullAddress, lit(text)))
        g.add((a, NS_RDFS.label, lit(text)))
        g.add((s, NS_IPAS.address, a))
        subjects.add(a)
    return g, subjects, cls


def wording(text: str | None) -> str:
    """An edge's wording, normalised: ``"officer_of"`` and ``"Officer of "`` -> ``"officer of"``.

    >>> wording("Nominee_Director  of"), wording(None)
    ('nominee director of', '')
    """
    return " ".join((text or "").replace("_", " ").lower().split())


def edge_class(rel: str) -> tuple[URIRef, URIRef, URIRef]:
    """The relationship class and end properties of an edge's wording.

    >>> [edge_class(w)[0].fragment for w in ("beneficial owner of", "alternate director of",
    ...     "nominee shareholder of", "authorised person / signatory of", "auditor of")]
    ['Ownership', 'Directorship', 'Representation', 'Representation', 'Association']
    """
    if rel in EDGES:
        return EDGES[rel]
    for keywords, like in EDGE_KEYWORDS:
        if any(k in rel for k in keywords):
            return EDGES[like]
    return (IPAS.Association, IPAS.party, IPAS.party)


def is_resolution_hint(*words: str) -> bool:
    """Whether an edge only says two nodes may be the same ("same_name_as", "similar name
    and address as", "probably same officer as")."""
    return any(w in RESOLUTION_HINTS or w.startswith(("same ", "similar", "probably same"))
               for w in words if w)


def edge_ends(row: dict[str, str]) -> tuple[str, str]:
    for start, end in EDGE_ENDS:
        if start in row or end in row:
            return (row.get(start) or "").strip(), (row.get(end) or "").strip()
    return "", ""


def map_edge(
    row: dict[str, str], known: dict[str, Node | None] | None = None
) -> tuple[Triples, set[URIRef]] | str:
    """One edge -> a relationship node (or an address link); a string says why not.

    ``known`` holds the classes of the nodes read earlier in the same load (None: the node's
    row was rejected, so nothing is said of it); the edge repeats its endpoints' classes, or
    states the class its place in the edge gives a node this load lacks, so that it validates
    in any chunk and on its own. The full export's ``link`` wording, when given, decides the
    role; ``rel_type`` otherwise.
    """
    coarse = wording(row.get("rel_type"))
    rel = wording(row.get("link")) or coarse
    a, b = edge_ends(row)
    if not a or not b:
        return "edge without both node ids"
    if is_resolution_hint(coarse, rel):
        return f"{rel!r} is an entity-resolution hint, not a relationship"
    g = Graph()
    for end in (a, b):
        cls_known = known.get(end) if known else None
        if cls_known is not None:
            g.add((node(end), NS_RDF.type, cls_known))
    if rel in ("registered address", "address") or coarse == "registered address":
        g.add((node(a), NS_IPAS.address, node(b)))
        return g.record_triples(), {as_uri(node(a))}
    named = edge_class(rel)
    cls, pa, pb = (node_of(str(t)) for t in named)
    for end, role in ((a, named[1]), (b, named[2])):
        if not (known and end in known):
            g.add((node(end), NS_RDF.type, node_of(str(END_CLASSES[role]))))
    r = mint("relationship", SOURCE, f"{a}-{rel.replace(' ', '_')}-{b}")
    g.add((r, NS_RDF.type, cls))
    g.add((r, pa, node(a)))
    g.add((r, pb, node(b)))
    g.add((r, NS_IPAS.relationshipKind, lit(rel)))
    if cls in (NS_IPAS.Representation, NS_IPAS.Directorship):  # roles: the title they hold
        g.add((r, NS_IPAS.roleTitle, lit(rel.removesuffix(" of"))))
    g.add((r, NS_RDFS.label, lit(f"{a} {rel} {b}")))
    add_text(g, r, NS_RDFS.comment, _valid_until(row))
    add_text(g, r, NS_RDFS.comment, row.get("sourceID"))
    add_text(g, r, NS_RDFS.comment,
             (row.get("status") or "").strip() and f"status: {row['status']}")
    for column, prop in (("start_date", NS_IPAS.startDate), ("end_date", NS_IPAS.endDate)):
        day = parse_icij_date(row.get(column))
        if day is not None:
            g.add((r, prop, to_ox(day)))
        else:
            add_text(g, r, NS_RDFS.comment, (row.get(column) or "").strip() and
                     f"{column.replace('_', ' ')}: {row[column].strip()}")
    return g.record_triples(), {as_uri(r)}


#: Node files whose rows are parties (an address is named by its text, not a name).
NAMED = frozenset({"entities", "officers", "intermediaries", "others"})
REQUIRED = {"edges": ("rel_type",), "addresses": ("node_id",)}


def read_file(
    path: Path, kind: str, known: dict[str, Node | None] | None = None,
    encoding: str | None = None
) -> Iterator[Record | Rejected]:
    """Records of one file; node classes are noted in ``known`` for the edges read later."""
    known = {} if known is None else known
    try:
        required = REQUIRED.get(kind, ("node_id", "name"))
        header, rows = csv_dicts(open_lines(path, encoding), path.name)
        # ICIJ's Neo4j-era exports prefix columns with the node or edge ("n.node_id",
        # "r.sourceID") and add "labels(n)"; the columns are the same.
        header = [re.sub(r"^[nr]\.", "", h) for h in header]
        missing = [c for c in required if c not in header]
        if missing:
            raise BadInput(f"header lacks column(s) {', '.join(missing)}", source=path.name,
                           line=1)
        if kind == "edges" and not any(set(ends) <= set(header) for ends in EDGE_ENDS):
            raise BadInput("header lacks the edge ends: node_1 and node_2, or node_id_start "
                           "and node_id_end", source=path.name, line=1)
    except BadInput as exc:
        yield Rejected(SourcePosition(path.name, exc.detail.get("line")), exc.message)
        return
    for row in rows:
        if row.error or len(row.fields) != len(header):
            reason = row.error or f"expected {len(header)} columns, found {len(row.fields)}"
            yield Rejected(SourcePosition(path.name, row.line), reason, row.raw)
            continue
        values = dict(zip(header, row.fields, strict=True))
        key = values.get("node_id") or "->".join(edge_ends(values))
        pos = SourcePosition(path.name, row.line, key)
        if kind != "edges" and not values["node_id"].strip():
            yield Rejected(pos, "node_id is empty", row.raw)
            continue
        if kind in NAMED and not (values.get("name") or "").strip():
            known[values["node_id"].strip()] = None  # its edges say nothing more of it
            yield Rejected(pos, "name is empty: a party without a name cannot be told apart "
                                "(its edges still name its node id)", row.raw)
            continue
        mapped: tuple[Triples, set[URIRef]] | str
        if kind == "edges":
            mapped = map_edge(values, known)
        else:
            g, nodes, cls = _map_node(kind, values)
            known[values["node_id"]] = cls
            mapped = g.record_triples(), {as_uri(n) for n in nodes}
        if isinstance(mapped, str):
            yield Rejected(pos, mapped, row.raw)
        else:
            yield Record(pos, mapped[0], frozenset(mapped[1]))


class IcijLoader(Loader):
    """ICIJ Offshore Leaks database CSV export (any subset of its files, or their folder)."""

    name = "icij"
    summary = "ICIJ Offshore Leaks CSV: entities, officers, intermediaries, addresses, edges"
    extensions: ClassVar[tuple[str, ...]] = ()

    def read(self, paths: Sequence[Path], options: LoadOptions) -> Iterator[Record | Rejected]:
        files: list[Path] = []
        for path in paths:
            files.extend(sorted(path.glob("*.csv")) if path.is_dir() else [path])
        # Nodes first, edges last: a reader of the batch sees nodes before their links.
        # Rows stream; the one whole-load index kept is ``known`` (node id -> class), which
        # the edges need to type their ends: an id and a class per node, never the rows.
        known: dict[str, Node | None] = {}
        kinds = {path: sniff(path, options.encoding) for path in files}
        for path in sorted(files, key=lambda p: (kinds[p] == "edges", p.name)):
            kind = kinds[path]
            if kind is None:
                yield Rejected(SourcePosition(path.name), "not an ICIJ Offshore Leaks CSV file")
                continue
            yield from read_file(path, kind, known, options.encoding)
