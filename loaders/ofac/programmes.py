"""What a designation programme says about an OFAC entry: classes and activities, from the
maintainers' table ``loaders/ofac/programmes.yaml`` (data, not code).

>>> t = table()
>>> [c.fragment for c in t.classes("YAMAGUCHI-GUMI", [], ["TCO"])]
['CriminalOrganization']
>>> [c.fragment for c in t.classes("TOYO SHINYO JITSUGYO K.K.", [], ["TCO"])]
['FrontCompany']
>>> t.legal_form("EDARAN SDN. BHD."), t.topics(["SDNTK", "TCO"])
('SDN. BHD.', ['narcotics trafficking', 'transnational organized crime'])
>>> [c.fragment for c in t.commodities(["SDNTK", "SDNT", "TCO"])]
['Commodity_Drugs']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from rdflib import URIRef

from ipas.namespace import IPAS

TABLE = Path(__file__).with_name("programmes.yaml")
_BANK = re.compile(r"\b(BANK|BANCO|BANQUE|BANCA|EXCHANGE HOUSE|CASA DE CAMBIO)\b", re.I)


def _class(text: str, where: str) -> URIRef:
    if not text.startswith("ipas:"):
        raise ValueError(f"{TABLE.name}: {where}: expected an ipas: term, got {text!r}")
    return URIRef(str(IPAS) + text.removeprefix("ipas:"))


@dataclass(frozen=True)
class Programme:
    """One row of the table."""

    network: URIRef | None
    front: URIRef | None
    every: URIRef | None
    topics: tuple[str, ...]
    commodities: tuple[URIRef, ...] = ()


@dataclass(frozen=True)
class ProgrammeTable:
    """The whole table: programmes in order, name patterns, legal forms."""

    programmes: dict[str, Programme]
    names: tuple[tuple[re.Pattern[str], URIRef | None], ...]  # None: the programme's network
    legal_forms: re.Pattern[str]
    business_words: re.Pattern[str]

    def legal_form(self, name: str) -> str | None:
        """The legal form at the end of a word of ``name`` (the last one), if any."""
        found = list(self.legal_forms.finditer(name))
        return found[-1].group(1) if found else None

    def is_company(self, name: str) -> bool:
        """A legal form or a business word ("TRADING", "HOLDINGS") in ``name``."""
        return bool(self.legal_forms.search(name) or self.business_words.search(name))

    def topics(self, codes: list[str]) -> list[str]:
        """Activities the programmes imply, in table order, each once."""
        return list(dict.fromkeys(t for code, p in self.programmes.items() if code in codes
                                  for t in p.topics))

    def commodities(self, codes: list[str]) -> list[URIRef]:
        """What networks designated under the programmes deal in, in table order, each once."""
        return list(dict.fromkeys(c for code, p in self.programmes.items() if code in codes
                                  for c in p.commodities))

    def _named(self, names: list[str]) -> tuple[bool, URIRef | None] | None:
        for pattern, cls in self.names:
            if any(pattern.search(n) for n in names):
                return True, cls
        return None

    def classes(self, name: str, aliases: list[str], codes: list[str]) -> list[URIRef]:
        """Classes an organization entry's programmes imply (empty: they imply none)."""
        rows = [p for code, p in self.programmes.items() if code in codes]
        out: list[URIRef] = [p.every for p in rows if p.every is not None]
        networks = [p.network for p in rows if p.network is not None]
        company = self.is_company(name)
        named = self._named([name, *aliases]) if networks else None
        if named is not None and not (company and named[1] is None):
            out += [named[1]] if named[1] is not None else networks[:1]
        elif company and not _BANK.search(name):
            out += [p.front for p in rows if p.front is not None][:1]
        return list(dict.fromkeys(out))


def _read(path: Path) -> ProgrammeTable:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    programmes: dict[str, Programme] = {}
    for code, row in (doc.get("programmes") or {}).items():
        where = f"programmes.{code}"
        network, front, every = (
            _class(row[k], f"{where}.{k}") if row.get(k) else None
            for k in ("network", "front", "every")
        )
        topics = tuple(str(t) for t in row.get("topics") or ())
        commodities = tuple(_class(str(c), f"{where}.commodities")
                            for c in row.get("commodities") or ())
        programmes[str(code)] = Programme(network, front, every, topics, commodities)
    names = tuple(
        (re.compile(str(n["pattern"]).strip(), re.I),
         None if n["class"] == "network" else _class(n["class"], f"names.{i}"))
        for i, n in enumerate(doc.get("names") or ())
    )
    def words(key: str) -> re.Pattern[str]:
        alternatives = " ".join(str(doc[key]).split())
        return re.compile(rf"(?:^|[\s,(])({alternatives})(?=$|[\s,.;)])", re.I)

    return ProgrammeTable(programmes, names, words("legal_forms"), words("business_words"))


@cache
def table() -> ProgrammeTable:
    """The shipped table, read once."""
    return _read(TABLE)
