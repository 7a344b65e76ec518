"""The labelled entity-resolution set, built from the shared OFAC and ICIJ files.

Every OFAC entry (SDN and consolidated lists) is one true actor. Its records: the primary
name with the attributes its remarks give (dates of birth, nationality, identifiers with their
scheme, address countries); one record per a.k.a. name from ``alt.csv``/``cons_alt.csv``; and
perturbed copies (typos, transliteration, swapped name order, dropped middle names, legal-form
changes). Copies and aliases stand for other sources, so each keeps only some attributes, and
some dates lose their day and month. ICIJ officers, entities, intermediaries and addresses
are distractors with no true match; OFAC addresses and perturbed copies of them are the
address records. Records of one entry are true pairs; every other pair is false.

Deterministic: one seeded generator, files read in order. Entries are split in two by a hash
of their number: the calibration half (``ipas/resolution/model.json``) and the held-out half
on which ``make bench`` reports.
"""

from __future__ import annotations

import csv
import hashlib
import random
import re
from dataclasses import dataclass
from pathlib import Path

from ipas.resolution.records import Record

OFAC = "ofac-watchman"
ICIJ = "icij-offshoreleaks"
_NULL = "-0-"
_DOB = re.compile(r"DOB (?:circa )?(\d{1,2} [A-Z][a-z]{2} \d{4}|\d{4})")
_NAT = re.compile(r"(?:nationality|citizen) ([A-Z][A-Za-z ]+?)(?:;|\.|$)")
_ID = re.compile(r"(Passport|National ID No\.|Cedula No\.|C\.U\.R\.P\.|R\.F\.C\.|NIT #|"
                 r"Tax ID No\.|Registration ID|D\.N\.I\.|IMO) ([A-Z0-9-]{4,})")
_MONTHS = {m: n for n, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}
_LEGAL = [("LTD.", "LIMITED"), ("LIMITED", "LTD"), ("S.A. DE C.V.", "SA DE CV"),
          ("S.A.", "SOCIEDAD ANONIMA"), ("CO.", "COMPANY"), ("COMPANY", "CO"),
          ("LLC", "L.L.C."), ("INC.", "INCORPORATED"), ("CORP.", "CORPORATION"),
          ("C.A.", "CA"), ("GMBH", "G.M.B.H."), ("S.A.S.", "SAS")]
_TRANSLIT = [("MOHAMMED", "MUHAMMAD"), ("MUHAMMAD", "MOHAMED"), ("MOHAMMAD", "MOHAMED"),
             ("AHMAD", "AHMED"), ("OU", "U"), ("KH", "H"), ("Y", "I"), ("IE", "I"),
             ("EI", "EY"), ("J", "DJ"), ("SH", "CH"), ("EE", "I"), ("Q", "K"), ("V", "W"),
             ("PH", "F"), ("AL-", "EL "), ("ABDUL ", "ABDEL"), ("Z", "S")]


@dataclass
class Labelled:
    """Records and, for each, the true entity it belongs to (``None``: a distractor)."""

    records: list[Record]
    truth: list[str | None]

    def held_out(self, half: int) -> Labelled:
        """The records whose entity falls in ``half`` (0: calibration, 1: evaluation)."""
        keep = [i for i, t in enumerate(self.truth) if half_of(t or self.records[i].iri) == half]
        return Labelled([self.records[i] for i in keep], [self.truth[i] for i in keep])


def half_of(key: str) -> int:
    """0 (calibration) or 1 (evaluation), from a hash of an entity's key."""
    return hashlib.sha256(key.encode()).digest()[0] & 1


def _rows(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8", "replace").replace("\x1a", "")
    out = []
    for row in csv.reader(text.splitlines()):
        cells = [c.strip() for c in row]
        out.append(["" if c == _NULL else c for c in cells])
    return out


def _date(text: str) -> str:
    parts = text.split()
    if len(parts) == 3 and parts[1] in _MONTHS:
        return f"{parts[2]}-{_MONTHS[parts[1]]:02d}-{int(parts[0]):02d}"
    return parts[-1]


def _kind(sdn_type: str) -> str:
    return {"individual": "person", "vessel": "vessel", "aircraft": "aircraft"}.get(
        sdn_type.lower(), "organization")


def _entries(root: Path) -> list[Record]:
    """One primary record per OFAC entry, attributes parsed from its remarks and addresses."""
    primaries: dict[str, Record] = {}
    for prefix, prim in (("", "sdn.csv"), ("cons_", "cons_prim.csv")):
        for row in _rows(root / OFAC / prim):
            if len(row) < 12 or not row[0].isdigit() or not row[1]:
                continue
            record = Record(f"urn:ofac:{prefix}{row[0]}", _kind(row[2]), [row[1]])
            remarks = row[11]
            record.dobs.update(_date(m) for m in _DOB.findall(remarks))
            record.nationalities.update(m.strip().lower() for m in _NAT.findall(remarks))
            for scheme, value in _ID.findall(remarks):
                record.add_identifier(scheme, value)
            if row[9]:
                record.countries.add(row[9].lower())
            primaries[f"{prefix}{row[0]}"] = record
        for row in _rows(root / OFAC / f"{prefix}add.csv"):
            record = primaries.get(f"{prefix}{row[0]}") if row else None
            if record is None or len(row) < 5:
                continue
            if row[4]:
                record.countries.add(row[4].lower())
            text = ", ".join(c for c in row[2:5] if c)
            if text and row[2]:
                record.addresses.add(text.lower())
    return list(primaries.values())


def _aliases(root: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for prefix, alt in (("", "alt.csv"), ("cons_", "cons_alt.csv")):
        for row in _rows(root / OFAC / alt):
            if len(row) >= 4 and row[0].isdigit() and row[3]:
                out.setdefault(f"urn:ofac:{prefix}{row[0]}", []).append(row[3])
    return out


def perturb(name: str, kind: str, rng: random.Random) -> str:
    """A plausible other spelling of ``name``: what another source might write.

    >>> perturb("HANIYA, Ismail Abdul Salah", "person", random.Random(3))
    'Ismail Abdul Salah HANIYA'
    """
    upper = name.upper()
    choices = ["typo", "translit", "order", "middle"] if kind == "person" else \
        ["typo", "translit", "legal", "legal"]
    how = rng.choice(choices)
    if how == "order" and "," in name:
        family, _, given = name.partition(",")
        return f"{given.strip()} {family.strip()}"
    if how == "middle" and len(name.replace(",", " ").split()) > 2:
        parts = name.replace(",", " ").split()
        del parts[rng.randrange(1, len(parts))]
        return " ".join(parts)
    if how == "legal":
        for old, new in _LEGAL:
            if old in upper:
                return upper.replace(old, new if rng.random() < 0.7 else "").strip(" ,")
    if how in ("translit", "legal"):
        options = [(a, b) for a, b in _TRANSLIT if a in upper]
        if options:
            a, b = rng.choice(options)
            return upper.replace(a, b, 1)
    return _typo(name, rng)


def _typo(name: str, rng: random.Random) -> str:
    chars = list(name)
    letters = [i for i, c in enumerate(chars) if c.isalpha()]
    if len(letters) < 4:
        return name.lower()
    for _ in range(rng.choice((1, 1, 2))):
        i = rng.choice(letters[1:])
        op = rng.random()
        if op < 0.4:
            chars[i] = rng.choice("aeioulnrst")
        elif op < 0.7 and i + 1 < len(chars):
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        else:
            chars[i] = ""
    return "".join(chars)


def _copy(base: Record, iri: str, name: str, rng: random.Random) -> Record:
    """A record of the same entity in another source: some attributes, some less precise."""
    copy = Record(iri, base.kind, [name])
    if base.dobs and rng.random() < 0.55:
        copy.dobs = {d[:4] if rng.random() < 0.3 else d for d in base.dobs}
    if rng.random() < 0.55:
        copy.nationalities = set(base.nationalities)
    if rng.random() < 0.25:
        copy.identifiers = set(base.identifiers)
    if rng.random() < 0.5:
        copy.countries = set(base.countries)
    if rng.random() < 0.3:
        copy.addresses = set(base.addresses)
    return copy


def _icij(root: Path) -> list[Record]:
    out = []
    folder = root / ICIJ / "panama-2016-mini-EDITED"
    for file, kind in (("Officers_mini.csv", "person"), ("Entities_mini.csv", "organization"),
                       ("Intermediaries_mini.csv", "organization")):
        with (folder / file).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                record = Record(f"urn:icij:{row['node_id']}", kind, [row["name"]])
                if row.get("country_codes"):
                    record.countries.add(row["countries"].lower())
                out.append(record)
    with (root / ICIJ / "Addresses_small.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["address"].strip():
                record = Record(f"urn:icij:{row['node_id']}", "address", [row["address"]])
                record.countries.add(row["countries"].lower())
                out.append(record)
    return out


def build(shared: Path, *, copies: int = 2, limit: int | None = None,
          max_aliases: int = 5) -> Labelled:
    """The labelled set: ``copies`` perturbed copies per entry, ``limit`` entries at most.

    At most ``max_aliases`` a.k.a. names per entry: a few terrorist groups carry up to 90,
    and pairwise figures grow with the square of a group, so without a cap one group's
    translations and acronyms would outweigh hundreds of ordinary entries.
    """
    rng = random.Random(15)
    data = shared / "data"
    entries = _entries(data)[:limit]
    aliases = _aliases(data)
    records: list[Record] = []
    truth: list[str | None] = []
    addresses: dict[str, str] = {}
    for entry in entries:
        records.append(entry)
        truth.append(entry.iri)
        names = [entry.names[0], *aliases.get(entry.iri, [])[:max_aliases]]
        for n, alias in enumerate(names[1:]):
            records.append(_copy(entry, f"{entry.iri}/aka/{n}", alias, rng))
            truth.append(entry.iri)
        for n in range(copies):
            name = perturb(rng.choice(names), entry.kind, rng)
            records.append(_copy(entry, f"{entry.iri}/copy/{n}", name, rng))
            truth.append(entry.iri)
        for text in sorted(entry.addresses):
            addresses.setdefault(text, f"{entry.iri}/address/{len(addresses)}")
    for n, (text, iri) in enumerate(sorted(addresses.items())):
        country = {text.rsplit(", ", 1)[-1]}
        records.append(Record(iri, "address", [text], countries=country))
        truth.append(f"address:{text}")
        if n % 2 == 0:
            records.append(Record(f"{iri}/copy", "address", [_typo(text, rng)],
                                  countries=country))
            truth.append(f"address:{text}")
    for record in _icij(data):
        records.append(record)
        truth.append(None)
    return Labelled(records, truth)
