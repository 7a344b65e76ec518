"""``cbp-seizures``: CBP's published nationwide drug seizure statistics, as statistics.

Each row of CBP's table is an aggregate (a count of seizure events and a total weight in
pounds for one drug, month, component and area of responsibility), so it becomes one
``ipas:SeizureStatistic``, never a set of invented individual seizures. Drug types are matched
to the commodity scheme by label (so a maintainer who adds a concept or an altLabel extends
the loader); footnote markers ("Other Drugs**") are dropped; a fiscal year marked "FYTD" is
flagged as partial; subtotal rows (a month of "FYTD" or "Total") are rejected, because the
monthly rows already hold those figures.

A field office's area of responsibility is the node the reference data locates its ports of
entry in (``loaders/reference/ports-of-entry.csv``, column ``field_office``); the first row of
each office also states which ports are located in it (``ipas:locatedIn``, with their CBP port
codes), so the batch alone lets ``seizures-by-pathway`` reach the pathways through those ports.
Border Patrol sectors work between the ports and have none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

from rdflib import RDF, RDFS, SKOS, XSD, Literal, URIRef

from ipas.errors import BadInput
from ipas.namespace import IPAS
from ipas.ontology import ontology_graph
from ipas.sources import Loader, LoadOptions, Record, Rejected, SourcePosition, Triples
from loaders._iri import mint
from loaders._rdf import typed
from loaders._source import csv_dicts, open_lines
from loaders.reference import ports_by_field_office

SOURCE = "cbp"
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
#: Canonical column -> the header spellings CBP has used.
COLUMNS = {
    "fy": ("fy", "fiscal year"),
    "month": ("month (abbv)", "month"),
    "component": ("component",),
    "region": ("region",),
    "land": ("land filter",),
    "aor": ("area of responsibility", "aor"),
    "drug": ("drug type",),
    "count": ("count of event", "event count"),
    "qty": ("sum qty (lbs)", "qty (lbs)", "sum qty lbs"),
}
#: CBP names that differ from the scheme's labels (an skos:altLabel in the ontology also works).
DRUG_ALIASES = {"marijuana": "cannabis"}
#: Drug types that are totals over the others.
SUBTOTAL_DRUGS = frozenset({"total", "grand total", "all drugs", "all", "total drugs"})
_FOOTNOTE = re.compile(r"(\s*(\*+|[†‡§¹²³⁴⁵⁶⁷⁸⁹]+|\(\d\)|\[\d\]))+$")
_FY = re.compile(r"^(?:FY\s*)?(\d{4}|\d{2})\s*(\(?\s*FYTD\s*\)?)?$", re.I)


def clean(value: str) -> str:
    """A value without footnote markers or extra blanks.

    >>> clean(" Other Drugs** "), clean("Heroin¹"), clean("Sum Qty (lbs)")
    ('Other Drugs', 'Heroin', 'Sum Qty (lbs)')
    """
    return _FOOTNOTE.sub("", " ".join(value.split()))


def parse_fy(text: str) -> tuple[int, bool] | None:
    """``(fiscal year, partial?)`` from "2019", "FY19", "FY 2022 FYTD", "2022 (FYTD)".

    >>> parse_fy("FY22 (FYTD)"), parse_fy("2019"), parse_fy("FYTD")
    ((2022, True), (2019, False), None)
    """
    m = _FY.match(clean(text))
    if not m:
        return None
    year = int(m[1]) if len(m[1]) == 4 else 2000 + int(m[1])
    return year, bool(m[2])


@lru_cache(maxsize=1)
def commodity_labels() -> dict[str, URIRef]:
    """Lower-cased labels of the commodity scheme's concepts -> concept."""
    g = ontology_graph()
    out: dict[str, URIRef] = {}
    for concept in g.subjects(RDF.type, IPAS.Commodity):
        for prop in (SKOS.prefLabel, SKOS.altLabel, RDFS.label):
            for label in g.objects(concept, prop):
                if isinstance(concept, URIRef):
                    out.setdefault(str(label).lower(), concept)
    return out


def commodity(drug: str) -> URIRef | None:
    """The commodity concept of a CBP drug type ("Khat (Catha Edulis)" -> Khat)."""
    name = clean(drug).lower()
    labels = commodity_labels()
    for key in (name, re.sub(r"\s*\(.*\)$", "", name)):
        key = DRUG_ALIASES.get(key, key)
        if key in labels:
            return labels[key]
    return None


def decimal_text(text: str) -> str:
    """A number in xsd:decimal form: CBP's export writes tiny weights as ``1e-05``.

    >>> decimal_text("1e-05"), decimal_text("8.3799"), decimal_text("n/a")
    ('0.00001', '8.3799', 'n/a')
    """
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    return format(number, "f") if number.is_finite() else text


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _node(g: Triples, kind: str, label: str, cls: URIRef) -> URIRef:
    node = mint(kind, SOURCE, slug(label))
    g.add((node, RDF.type, cls))
    g.add((node, RDFS.label, Literal(label)))
    return node


def office_ports(g: Triples, aor: URIRef) -> set[URIRef]:
    """State the ports of entry located in a field office's area (none for a sector)."""
    ports = set()
    for port, code in ports_by_field_office().get(aor, []):
        g.add((port, RDF.type, IPAS.PortOfEntry))
        g.add((port, IPAS.cbpPortCode, Literal(code)))
        g.add((port, IPAS.locatedIn, aor))
        ports.add(port)
    return ports


def map_row(v: dict[str, str], offices: set[URIRef] | None = None,
            extra: dict[str, str] | None = None) -> tuple[Triples, set[URIRef]] | str:
    """One CBP row -> (graph, focus nodes), or the reason it cannot be mapped. ``offices``: the
    areas whose ports were stated already (they are stated with the first row of each);
    ``extra``: the columns this mapping does not read (kept as comments)."""
    extra = extra or {}
    fy = parse_fy(v["fy"])
    month = clean(v["month"]).upper()[:3]
    if clean(v["month"]).upper() in ("FYTD", "TOTAL", "GRAND TOTAL", ""):
        return "subtotal row: the monthly rows already hold its figures"
    if fy is None or month not in MONTHS:
        return f"fiscal year {v['fy']!r} or month {v['month']!r} not understood"
    drug = clean(v["drug"])
    if not drug or drug.lower() in SUBTOTAL_DRUGS:
        return f"drug type {drug!r}: a subtotal or empty, not one drug"
    concept = commodity(drug)
    count = clean(v["count"]).replace(",", "")
    qty = decimal_text(clean(v["qty"]).replace(",", ""))
    if not count.isdigit():
        return f"Count of Event {v['count']!r} is not a whole number"
    qty_lit = typed(qty, XSD.decimal)
    if qty_lit is None:
        return f"Sum Qty (lbs) {v['qty']!r} is not a number"
    parts = [str(fy[0]), month] + [clean(v[k]) for k in ("component", "region", "land", "aor")]
    key = "-".join(slug(p) for p in [*parts, clean(v["drug"])])
    g = Triples()
    s = mint("seizure-statistic", SOURCE, key)
    aor = _node(g, "area", clean(v["aor"]), IPAS.AreaOfResponsibility)
    region = _node(g, "region", clean(v["region"]), IPAS.Region)
    agency = _node(g, "agency", clean(v["component"]), IPAS.Agency)
    g.add((s, RDF.type, IPAS.SeizureStatistic))
    g.add((s, RDFS.label, Literal(
        f"CBP {clean(v['drug'])} seizures, {clean(v['aor'])}, FY{fy[0]} {month}")))
    g.add((s, IPAS.fiscalYear, Literal(fy[0], datatype=XSD.integer)))
    g.add((s, IPAS.month, Literal(MONTHS.index(month) + 1, datatype=XSD.integer)))
    g.add((s, IPAS.areaOfResponsibility, aor))
    g.add((s, IPAS.borderRegion, region))
    g.add((s, IPAS.agency, agency))
    g.add((s, IPAS.landFilter, Literal(clean(v["land"]))))
    g.add((s, IPAS.commodity, concept or IPAS.Commodity_OtherDrugs))
    if concept is None:
        g.add((s, RDFS.comment, Literal(f"CBP drug type {drug!r} has no concept in the "
                                        "commodity scheme: counted under Other drugs")))
    for column, value in extra.items():
        if clean(value):
            g.add((s, RDFS.comment, Literal(f"{column}: {clean(value)}")))
    g.add((s, IPAS.eventCount, Literal(int(count), datatype=XSD.integer)))
    g.add((s, IPAS.quantity, qty_lit))
    g.add((s, IPAS.unit, IPAS.Unit_Pound))
    if fy[1]:
        g.add((s, RDFS.comment, Literal(f"FY{fy[0]} is fiscal-year-to-date (a partial year)")))
    focus = {s, aor, region, agency}
    if offices is None or aor not in offices:
        focus |= office_ports(g, aor)
        if offices is not None:
            offices.add(aor)
    return g, focus


def _columns(header: list[str], source: str) -> dict[str, int]:
    cleaned = [clean(h).lower() for h in header]
    found: dict[str, int] = {}
    for key, spellings in COLUMNS.items():
        for spelling in spellings:
            if spelling in cleaned:
                found[key] = cleaned.index(spelling)
                break
        else:
            raise BadInput(f"no {spellings[0]!r} column", source=source, line=1)
    return found


class CbpSeizuresLoader(Loader):
    """CBP nationwide drug seizure statistics CSV."""

    name = "cbp-seizures"
    summary = "CBP drug seizure statistics (FY, month, AOR, drug type, events, lbs)"
    extensions: ClassVar[tuple[str, ...]] = ()

    def read(self, paths: Sequence[Path], options: LoadOptions) -> Iterator[Record | Rejected]:
        offices: set[URIRef] = set()
        for path in paths:
            header, rows = csv_dicts(open_lines(path, options.encoding), path.name)
            cols = _columns(header, path.name)
            for row in rows:
                pos = SourcePosition(path.name, row.line)
                if row.error or len(row.fields) != len(header):
                    reason = row.error or f"expected {len(header)} columns, found {len(row.fields)}"
                    yield Rejected(pos, reason, row.raw)
                    continue
                values = {k: row.fields[i] for k, i in cols.items()}
                used = set(cols.values())
                extra = {clean(header[i]): f for i, f in enumerate(row.fields) if i not in used}
                mapped = map_row(values, offices, extra)
                if isinstance(mapped, str):
                    yield Rejected(pos, mapped, row.raw)
                else:
                    yield Record(pos, mapped[0], frozenset(mapped[1]))
