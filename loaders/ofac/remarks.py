"""OFAC ``Remarks``: the semicolon-separated facts OFAC packs into one free-text column.

>>> r = parse_remarks("DOB 14 Jun 1975; POB Leningrad, Russia; Gender Male; "
...                   "Passport 717637093 (Russia); a.k.a. 'SASHA'; Linked To: USA REALLY.")
>>> r.births, r.birth_places, r.gender, r.aliases, r.links
(['14 Jun 1975'], ['Leningrad, Russia'], 'Male', [('aka', 'SASHA')], ['USA REALLY'])
>>> r.identifiers[0]
Identifier(scheme='Passport', value='717637093', country='Russia', issued=None, expires=None)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: Identifier labels seen in OFAC remarks (longest match wins). A segment whose label is not
#: listed but ends in "No.", "Number", "#" or "ID" is still read as an identifier.
ID_LABELS = (
    "Passport", "Diplomatic Passport", "National ID No.", "Cedula No.", "NIT #", "RUC #",
    "Tax ID No.", "Registration ID", "Registration Number", "Company Number",
    "UK Company Number", "C.U.R.P.", "R.F.C.", "RFC", "D.N.I.", "SSN", "ISIN", "MMSI",
    "SWIFT/BIC", "BIK (RU)", "IMO", "RTN", "I.F.E.", "C.U.I.P.", "US FEIN", "Italian Fiscal Code",
    "Equity Ticker", "Vessel Registration Identification", "Legal Entity Number",
    "Unified Social Credit Code (USCC)", "D-U-N-S Number", "Matricula Mercantil No",
    "Folio Mercantil No.", "Personal ID Card", "Identification Number", "Trade License No.",
    "Business Registration Document #", "Commercial Registry Number", "Electoral Registry No.",
    "Government Gazette Number", "Chamber of Commerce Number",
    "Certificate of Incorporation Number", "Birth Certificate Number", "LE Number",
    "Driver's License No.", "Public Security and Immigration No.", "V.A.T. Number", "C.R. No.",
    "Registered Charity No.", "Chinese Commercial Code", "Credencial electoral",
    "Cartilla de Servicio Militar Nacional", "National Foreign ID Number",
    "Aircraft Construction Number (also called L/N or S/N or F/N)",
    "Aircraft Manufacturer's Serial Number (MSN)", "Aircraft Tail Number",
    "Previous Aircraft Tail Number", "Aircraft Mode S Transponder Code", "Tax ID No",
    "Immigration No.", "Refugee ID Card", "Stateless Person ID Card", "Residency Number",
    "Kenyan ID No.", "Pakistani National ID No.", "Afghan Money Service Provider License Number",
)
#: Labels of telephone and fax numbers ("Phone Number" in lists since 2022).
PHONE_LABELS = ("Telephone No.", "Telephone Number", "Telephone", "Phone No.", "Phone Number",
                "Phone", "Fax No.", "Fax Number", "Fax")
_ID_LABELS = sorted(ID_LABELS, key=len, reverse=True)
_GENERIC_ID = re.compile(
    r"^(?P<label>[A-Z][\w.'/&() -]{0,60}?(?:No\.?|Number|#|ID|Code))\s+(?P<rest>\S.*)$"
)
_COUNTRY = re.compile(r"\s*\((?P<country>[^()]+)\)\s*")
_ISSUED = re.compile(r"\s+issued\s+(?P<issued>[^;]+?)(?=\s+expires|\s*$)", re.I)
_EXPIRES = re.compile(r"\s+expires\s+(?P<expires>[^;]+?)\s*$", re.I)
_ALIAS = re.compile(r"^(?P<kind>a\.k\.a\.|f\.k\.a\.|n\.k\.a\.)\s*['\"](?P<name>.+?)['\"]?$", re.I)
_DIGITAL = re.compile(r"^Digital Currency Address - (?P<coin>\w+)\s+(?P<value>\S+)$")


@dataclass(frozen=True)
class Identifier:
    """A document or register number with its issuing country, when OFAC gives one."""

    scheme: str
    value: str
    country: str | None = None
    issued: str | None = None
    expires: str | None = None


@dataclass
class Remarks:
    """What :func:`parse_remarks` read; ``notes`` keeps every segment it could not place."""

    births: list[str] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    citizenships: list[str] = field(default_factory=list)
    gender: str | None = None
    aliases: list[tuple[str, str]] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    websites: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    established: list[str] = field(default_factory=list)  # "Organization Established Date"
    target_types: list[str] = field(default_factory=list)  # "Target Type Financial Institution"
    notes: list[str] = field(default_factory=list)


def split_segments(text: str) -> list[str]:
    """Split on ``;`` except inside a quoted a.k.a. name.

    >>> split_segments("a.k.a. 'A; B'; DOB 1960.")
    ["a.k.a. 'A; B'", 'DOB 1960']
    """
    parts: list[str] = []
    buf: list[str] = []
    quoted = False
    for i, ch in enumerate(text):
        if ch == "'" and (quoted or (i > 0 and text[i - 1] == " ")):
            nxt = text[i + 1] if i + 1 < len(text) else ";"
            if not quoted:
                quoted = True
            elif nxt in ";.":
                quoted = False
        if ch == ";" and not quoted:
            parts.append("".join(buf))
            buf = []
            continue
        buf.append(ch)
    parts.append("".join(buf))
    out = []
    for part in parts:
        seg = part.strip()
        if seg.endswith(".") and not seg.endswith(("No.", "Inc.", "Ltd.", "Co.", "S.A.", "C.V.")):
            seg = seg[:-1].rstrip()
        if seg:
            out.append(seg)
    return out


def _identifier(label: str, rest: str) -> Identifier:
    issued = expires = None
    m = _EXPIRES.search(rest)
    if m:
        expires, rest = m.group("expires").strip(), rest[: m.start()]
    m = _ISSUED.search(rest)
    if m:
        issued, rest = m.group("issued").strip(), rest[: m.start()]
    country = None
    matches = list(_COUNTRY.finditer(rest))
    if matches and matches[-1].end() == len(rest):
        country, rest = matches[-1].group("country").strip(), rest[: matches[-1].start()]
    return Identifier(label, rest.strip(" :"), country, issued, expires)


def _after(seg: str, *labels: str) -> str | None:
    for label in labels:
        if seg.startswith(label) and (len(seg) == len(label) or not seg[len(label)].isalnum()):
            return seg[len(label) :].strip(" :")
    return None


def _place(seg: str, r: Remarks) -> bool:
    if (v := _after(seg, "DOB")) is not None:
        r.births.append(v)
    elif (v := _after(seg, "POB")) is not None:
        r.birth_places.append(v)
    elif (v := _after(seg, "nationality", "Nationality")) is not None:
        r.nationalities.append(v)
    elif (v := _after(seg, "citizen", "Citizen")) is not None:
        r.citizenships.append(v)
    elif (v := _after(seg, "Gender")) is not None:
        r.gender = v
    elif (v := _after(seg, "Linked To")) is not None:
        r.links.append(v.rstrip("."))
    elif (v := _after(seg, "Website")) is not None:
        r.websites.append(v)
    elif (v := _after(seg, "Email Address", "Email")) is not None:
        r.emails.append(v)
    elif (v := _after(seg, *PHONE_LABELS)) is not None:
        r.phones.append(v)
    elif (v := _after(seg, "Vessel Flag", "Other Vessel Flag", "Former Vessel Flag")) is not None:
        r.flags.append(v)
    elif (v := _after(seg, "Title", "Position", "Alternate Title")) is not None:
        r.titles.append(v)
    elif (v := _after(seg, "Organization Established Date")) is not None:
        r.established.append(v)
    elif (v := _after(seg, "Target Type")) is not None:
        r.target_types.append(v)
    else:
        return False
    return True


def parse_remarks(text: str | None) -> Remarks:
    """Read an OFAC remarks string (``None`` or empty gives empty remarks)."""
    r = Remarks()
    for seg in split_segments(text or ""):
        body = seg[5:] if seg.startswith("alt. ") else seg
        if body.startswith("(") and body.endswith(")"):  # the CSL's "(Linked To: NAME)"
            body = body[1:-1].strip()
        if _place(body, r):
            continue
        m = _ALIAS.match(body)
        if m:
            r.aliases.append((m.group("kind").replace(".", "").lower(), m.group("name").strip()))
            continue
        m = _DIGITAL.match(body)
        if m:
            r.identifiers.append(Identifier(f"Digital Currency Address - {m['coin']}", m["value"]))
            continue
        label = next((lab for lab in _ID_LABELS if _after(body, lab)), None)
        if label is not None:
            r.identifiers.append(_identifier(label, body[len(label) :]))
            continue
        g = _GENERIC_ID.match(body)
        if g and any(ch.isdigit() for ch in g["rest"]):
            r.identifiers.append(_identifier(g["label"], g["rest"]))
            continue
        r.notes.append(seg)
    return r
