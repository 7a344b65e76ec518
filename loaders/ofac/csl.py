"""The trade.gov Consolidated Screening List (``csl.csv``): one header row, one entry per row.

Each row is turned into the same :class:`~loaders.ofac.files.Entry` the legacy files give, its
list columns rewritten as OFAC remarks (``DOB ...; POB ...; Tax ID No. ...``), so one mapping
serves the party. The listing itself (which of the eleven screening lists, the Federal Register
notice, dates, licence terms, the list's URLs) becomes an ``ipas:Sanction`` of that list. A row
with no ``type`` is an ``ipas:Actor``, never guessed as an organization. Rows whose column
count differs from the header's are rejected with their line. The TSV export (tabs) reads the
same. Only Treasury's lists are OFAC designations: the programmes of a State or Commerce list
(ISN's "E.O. 13382", "INKSNA") stay with that list's listing, never under OFAC.

>>> list_code("Entity List (EL) - Bureau of Industry and Security")
('EL', 'Entity List', 'Bureau of Industry and Security')
>>> list_code("Military End User (MEU) List - Bureau of Industry and Security")
('MEU', 'Military End User List', 'Bureau of Industry and Security')
>>> list_code("Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department")
('NS-MBS', 'Non-SDN Menu-Based Sanctions List', 'Treasury Department')
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path

from rdflib import RDF, RDFS, Literal, URIRef

from ipas.errors import BadInput
from ipas.namespace import IPAS
from ipas.sources import Record, Rejected, SourcePosition, Triples
from loaders._iri import digest_key, mint
from loaders._rdf import date_literal
from loaders._source import csv_dicts, open_lines
from loaders.ofac.files import Address, Alias, Entry, null
from loaders.ofac.mapping import map_entry, name_index, party, programme_code
from loaders.ofac.remarks import ID_LABELS

REQUIRED = ("source", "entity_number", "type", "programs", "name")
TYPES = {"individual": "individual", "vessel": "vessel", "aircraft": "aircraft", "entity": None}
_SOURCE = re.compile(r"^(?P<name>.+?)\s*\((?P<code>[A-Za-z0-9-]+)(?:\s+List)?\)(?P<rest>[^-]*?)"
                     r"\s+-\s+(?P<agency>.+)$")
#: Columns this mapping reads; any other column a new CSL layout adds stays as a comment.
KNOWN = frozenset({
    "_id", "id", "source", "entity_number", "type", "programs", "name", "title", "addresses",
    "federal_register_notice", "start_date", "end_date", "standard_order",
    "license_requirement", "license_policy", "call_sign", "vessel_type", "gross_tonnage",
    "gross_registered_tonnage", "vessel_flag", "vessel_owner", "remarks", "source_list_url",
    "alt_names", "citizenships", "dates_of_birth", "nationalities", "places_of_birth",
    "source_information_url", "ids"})
#: The Treasury lists in the CSL, whose programmes are OFAC's.
TREASURY = "treasury department"


def _list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def _remarks(row: dict[str, str | None]) -> str:
    parts = [row.get("remarks") or ""]
    for column, label in (
        ("dates_of_birth", "DOB"), ("places_of_birth", "POB"),
        ("nationalities", "nationality"), ("citizenships", "citizen"),
    ):
        parts += [f"{label} {v}" for v in _list(row.get(column))]
    parts += [text for ident in _list(row.get("ids")) if (text := id_remark(ident))]
    return "; ".join(p for p in parts if p)


def _is_label(text: str) -> bool:
    return not any(ch.isdigit() for ch in text) or any(
        text == label or text.startswith(label) for label in ID_LABELS)


def id_remark(ident: str) -> str | None:
    """One ``ids`` item as the OFAC remark it stands for, whichever order the CSL wrote it
    in: ``type, number[, country[, issued[, expires]]]`` (current exports) or the older
    ``number, type``.

    >>> id_remark("Tax ID No., 5504036333, RU"), id_remark("7722515837, Tax ID No.")
    ('Tax ID No. 5504036333 (RU)', 'Tax ID No. 7722515837')
    >>> id_remark("Passport, N12345, SY, 2010-01-01, 2020-01-01")
    'Passport N12345 (SY) issued 2010-01-01 expires 2020-01-01'
    """
    parts = [p.strip() for p in ident.split(",")]
    while parts and not parts[-1]:
        parts.pop()
    if len(parts) < 2:
        return ident.strip() or None
    if not _is_label(parts[0]) and _is_label(parts[1]):
        parts[0], parts[1] = parts[1], parts[0]
    text = f"{parts[0]} {parts[1]}"
    if len(parts) > 2 and parts[2]:
        text += f" ({parts[2]})"
    for word, value in zip(("issued", "expires"), parts[3:5], strict=False):
        if value:
            text += f" {word} {value}"
    return text


def csl_entry(row: dict[str, str | None], pos: SourcePosition) -> Entry:
    """The legacy-shaped entry of one CSL row (key: entity_number, else name and list)."""
    fallback = "csl-" + digest_key(row.get("source") or "", row["name"] or "")
    key = row.get("entity_number") or fallback
    kind = (row.get("type") or "").lower()
    treasury = list_code(row.get("source") or "")[2].lower() == TREASURY
    entry = Entry(
        "csl", key, row["name"] or "", TYPES.get(kind or "entity"),
        _list(row.get("programs")) if treasury else [], row.get("title"),
        {k: v for k in ("call_sign", "vessel_type", "vessel_flag", "vessel_owner")
         if (v := row.get(k))},
        _remarks(row), SourcePosition(pos.source, pos.line, key),
    )
    for column, field in (("gross_tonnage", "tonnage"), ("gross_registered_tonnage", "grt")):
        if row.get(column):
            entry.vessel[field] = row[column] or ""
    entry.untyped = not kind
    for field in ("vessel_flag", "vessel_owner"):
        if field in entry.vessel:
            entry.vessel[field.removeprefix("vessel_")] = entry.vessel.pop(field)
    entry.addresses = [
        Address(str(n), text, None, None, None, pos)
        for n, text in enumerate(_list(row.get("addresses")), start=1)
    ]
    entry.aliases = [
        Alias(str(n), "aka", text, None, pos) for n, text in enumerate(_list(row.get("alt_names")))
    ]
    return entry


Parsed = tuple[list[str], dict[str, str | None], Entry]


def _parsed(path: Path, encoding: str | None) -> Iterator[Parsed | Rejected]:
    """The rows of a CSL file as they are read: ``(header, values, entry)`` or a rejection."""
    lines = open_lines(path, encoding)
    first = next(lines, "")
    delimiter = "\t" if "\t" in first and "," not in first.split("\t")[0] else ","
    try:
        header, rows = csv_dicts(itertools.chain([first], lines), path.name, REQUIRED, delimiter)
    except BadInput as exc:
        yield Rejected(SourcePosition(path.name, exc.detail.get("line")), exc.message)
        return
    for row in rows:
        pos = SourcePosition(path.name, row.line)
        if row.error or len(row.fields) != len(header):
            reason = row.error or f"expected {len(header)} columns, found {len(row.fields)}"
            yield Rejected(pos, reason, row.raw)
            continue
        values = {h: null(v) for h, v in zip(header, row.fields, strict=True)}
        if not values.get("name"):
            yield Rejected(pos, "name is empty", row.raw)
            continue
        yield header, values, csl_entry(values, pos)


def read_csl(path: Path, encoding: str | None = None) -> Iterator[Record | Rejected]:
    """Records of a CSL file; a file without the CSL header is rejected as a whole."""
    # Two passes: "Linked To: NAME" in a row's remarks resolves against every row's names.
    # The first keeps only the name index (name -> entry number and kind) and the rejections;
    # the second reads the file again and maps each row as it comes, so no rows are held.
    rejected: list[Rejected] = []

    def entries() -> Iterator[Entry]:
        for item in _parsed(path, encoding):
            if isinstance(item, Rejected):
                rejected.append(item)
            else:
                yield item[2]

    names = name_index(entries())
    yield from rejected
    for item in _parsed(path, encoding):
        if isinstance(item, Rejected):
            continue  # reported by the first pass
        header, values, entry = item
        mapped = map_entry(entry, names)
        mapped.subjects.add(listing(mapped.graph, values, entry))
        for column in header:
            if column not in KNOWN and values.get(column):
                mapped.graph.add((party(entry.ent_num), RDFS.comment,
                                  Literal(f"{column}: {values[column]}")))
        yield Record(entry.position, mapped.graph, frozenset(mapped.subjects))


def list_code(source: str) -> tuple[str, str, str]:
    """``(code, list name, agency)`` of a CSL ``source`` cell ("Entity List (EL) - Bureau...")."""
    found = _SOURCE.match(" ".join(source.split()))
    if found is None:
        return programme_code(source).upper(), source, ""
    name = " ".join(f"{found['name']} {found['rest']}".split())
    return found["code"].upper(), name, found["agency"]


def listing(g: Triples, row: dict[str, str | None], entry: Entry) -> URIRef:
    """The row's own listing: an ``ipas:Sanction`` of its screening list, with the notice,
    dates, licence terms and URLs the row gives."""
    code, list_name, agency_name = list_code(row.get("source") or "unknown list")
    programme = mint("programme", "csl", code)
    g.add((programme, RDF.type, IPAS.SanctionsProgramme))
    g.add((programme, IPAS.programmeCode, Literal(code)))
    g.add((programme, RDFS.label, Literal(list_name)))
    sanction = mint("sanction", "csl", f"{entry.ent_num}-{code}")
    g.add((sanction, RDF.type, IPAS.Sanction))
    g.add((sanction, RDFS.label, Literal(f"{entry.name} ({list_name})")))
    g.add((sanction, IPAS.sanctionedEntity, party(entry.ent_num)))
    g.add((sanction, IPAS.programme, programme))
    if agency_name:
        agency = mint("agency", "csl", digest_key(agency_name))
        g.add((agency, RDF.type, IPAS.Agency))
        g.add((agency, RDFS.label, Literal(agency_name)))
        g.add((sanction, IPAS.authority, agency))
        g.add((programme, IPAS.authority, agency))
    if agency_name.lower() != TREASURY and row.get("programs"):
        g.add((sanction, RDFS.comment, Literal(f"programmes: {row['programs']}")))
    notice = row.get("federal_register_notice")
    if notice:
        g.add((sanction, RDFS.comment, Literal(f"Federal Register notice {notice}")))
    for column, prop in (("start_date", IPAS.startDate), ("end_date", IPAS.endDate)):
        lit = date_literal(row.get(column) or "")
        if lit is not None:
            g.add((sanction, prop, lit))
    terms = [f"{label}: {row[c]}" for c, label in (
        ("standard_order", "Standard order"), ("license_requirement", "Licence requirement"),
        ("license_policy", "Licence policy")) if row.get(c)]
    if terms:
        g.add((sanction, IPAS.provisions, Literal("; ".join(terms))))
    for column in ("source_list_url", "source_information_url"):
        url = (row.get(column) or "").strip()
        if url.startswith(("http://", "https://")) and " " not in url:
            g.add((sanction, RDFS.seeAlso, URIRef(url)))
    return sanction
