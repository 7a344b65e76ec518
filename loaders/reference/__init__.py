"""``reference``: the shared nodes every source refers to (ISO 3166 countries, CBP ports of
entry), read from the CSV files shipped beside this module and loaded as one reference batch.

Countries are ``{base}country/iso3166/{alpha-2}`` (the node every loader's country values
meet on); ports of entry ``{base}port/cbp/{code}``. The ports table's ``field_office`` column
is read by the ``cbp-seizures`` loader (:func:`ports_by_field_office`), which states the ports
located in each field office's area when it loads that office's figures. ISO 4217 currencies
(``currencies.csv``) are codes, not nodes (``ipas:currency`` is a string): :func:`currency_code`
checks them.

>>> currency_code("usd"), currency_code("US Dollar"), currency_code("Doubloons")
('USD', 'USD', None)
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import ClassVar

from rdflib import RDF, RDFS, Literal, URIRef

from ipas.namespace import IPAS
from ipas.sources import Loader, LoadOptions, Record, Rejected, SourcePosition, Triples
from loaders._iri import mint

HERE = Path(__file__).parent
FILES = ("countries.csv", "ports-of-entry.csv")
PORT_KINDS = {"land": IPAS.BorderCrossing, "sea": IPAS.Port, "air": IPAS.Airport}
#: The name the reference batch is recorded under (``--source``).
SOURCE_NAME = "ipas-reference"


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as stream:
        for n, row in enumerate(csv.DictReader(stream), start=2):
            yield n, {k: (v or "").strip() for k, v in row.items()}


@cache
def currencies() -> dict[str, str]:
    """ISO 4217 code -> name, from ``currencies.csv``."""
    return {row["code"]: row["name"] for _, row in _rows(HERE / "currencies.csv")}


def currency_code(text: str) -> str | None:
    """The ISO 4217 code of a code or currency name, or None when it is neither."""
    t = text.strip()
    if t.upper() in currencies():
        return t.upper()
    by_name = {name.casefold(): code for code, name in currencies().items()}
    return by_name.get(t.casefold())


def country_node(code: str) -> URIRef:
    return mint("country", "iso3166", code)


def field_office_node(name: str) -> URIRef:
    """The area of responsibility of a CBP field office, as the ``cbp-seizures`` loader mints it
    from CBP's column (any case: "TUCSON FIELD OFFICE" and "Tucson Field Office" meet).

    >>> str(field_office_node("TUCSON FIELD OFFICE")).rsplit("/", 3)[1:]
    ['area', 'cbp', 'tucson-field-office']
    """
    return mint("area", "cbp", re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"))


@cache
def ports_by_field_office() -> dict[URIRef, list[tuple[URIRef, str]]]:
    """Field office area -> its ports of entry (node, four-digit code), from the shipped table."""
    out: dict[URIRef, list[tuple[URIRef, str]]] = {}
    for _, row in _rows(HERE / "ports-of-entry.csv"):
        if row.get("field_office"):
            out.setdefault(field_office_node(row["field_office"]), []).append(
                (mint("port", "cbp", row["code"]), row["code"]))
    return out


def _country(row: dict[str, str]) -> tuple[Triples, URIRef]:
    g = Triples()
    node = country_node(row["alpha_2"])
    g.add((node, RDF.type, IPAS.Country))
    g.add((node, IPAS.countryCode, Literal(row["alpha_2"])))
    g.add((node, RDFS.label, Literal(row["name"], lang="en")))
    return g, node


def _port(row: dict[str, str]) -> tuple[Triples, URIRef] | str:
    if not (row.get("code", "").isdigit() and len(row["code"]) == 4):
        return f"port code {row.get('code')!r} is not four digits"
    g = Triples()
    node = mint("port", "cbp", row["code"])
    g.add((node, RDF.type, IPAS.PortOfEntry))
    kind = PORT_KINDS.get(row.get("kind", ""))
    if kind is not None:
        g.add((node, RDF.type, kind))
    g.add((node, IPAS.cbpPortCode, Literal(row["code"])))
    g.add((node, RDFS.label, Literal(f"{row['name']}, {row['state']} (port {row['code']})")))
    us = country_node("US")
    g.add((node, IPAS.locatedIn, us))
    g.add((us, RDF.type, IPAS.Country))
    return g, node


class ReferenceLoader(Loader):
    """The shipped reference tables (or files of the same layout given as paths)."""

    name = "reference"
    summary = "Reference data: ISO 3166 countries, CBP ports of entry (shipped with IPAS-KG)"
    extensions: ClassVar[tuple[str, ...]] = ()

    @staticmethod
    def default_paths() -> list[Path]:
        """The shipped files: what ``ipas load`` loads as the store's reference batch."""
        return [HERE / name for name in FILES]

    def read(self, paths: Sequence[Path], options: LoadOptions) -> Iterator[Record | Rejected]:
        for path in paths or self.default_paths():
            ports = "port" in path.name
            for line, row in _rows(path):
                pos = SourcePosition(path.name, line, row.get("code") or row.get("alpha_2"))
                mapped = _port(row) if ports else _country(row)
                if isinstance(mapped, str):
                    yield Rejected(pos, mapped, str(row))
                else:
                    yield Record(pos, mapped[0], frozenset({mapped[1]}))
