"""Name keys for matching: transliterated, order-free tokens and their phonetic codes.

Everything that compares names goes through :func:`name_key`, so that blocking and scoring
see the same tokens. Transliteration and legal-form handling come from ``rigour`` (the
OpenSanctions name library), phonetic codes from ``jellyfish``; nothing here is a hand-rolled
metric.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import jellyfish
from rigour.names import remove_org_types, remove_person_prefixes, tokenize_name
from rigour.text import ascii_text

#: Tokens that carry no identity on their own (articles, connectors, name particles).
STOP_TOKENS = frozenset(
    "a al el de del der den di da das do dos du la le les the of and y e van von bin ibn bint "
    "abu ben st".split()
)

#: Words an acronym usually skips besides those ("Front for the Liberation of ...": FLP).
_ACRONYM_SKIP = STOP_TOKENS | frozenset("for in on to at per pour para und et fi li lil".split())


@dataclass(frozen=True)
class NameKey:
    """One name reduced for matching.

    ``tokens`` are ASCII, lower-case, without legal forms or honorifics, in sorted order (so
    "HANIYA, Ismail" and "Ismail Haniya" agree); ``core`` drops stop tokens; ``phonetic``
    holds the Metaphone code of each core token.
    """

    text: str
    tokens: tuple[str, ...]
    core: tuple[str, ...]
    phonetic: frozenset[str]
    sorted_text: str  # the tokens joined, for whole-name similarity
    core_text: str
    core_set: frozenset[str]
    acronyms: frozenset[str] = frozenset()  # initials of a long name; a short name as is


@lru_cache(maxsize=200_000)
def name_key(name: str, *, organization: bool = False) -> NameKey:
    """Reduce ``name``; ``organization`` also strips legal forms (LLC, S.A. de C.V., OOO...).

    >>> k = name_key("AL-SHANTI, Jamileh Abdullah")
    >>> k.tokens
    ('abdullah', 'al', 'jamileh', 'shanti')
    >>> k.core
    ('abdullah', 'jamileh', 'shanti')
    >>> name_key("Банк ВТБ ПАО", organization=True).tokens
    ('bank', 'vtb')
    >>> name_key("Mohammed Ali").phonetic == name_key("Muhammad Aly").phonetic
    True
    """
    text = remove_person_prefixes(name) if not organization else name
    ascii_name = ascii_text(text).lower()
    if organization:
        stripped = remove_org_types(ascii_name).strip()
        ascii_name = stripped or ascii_name  # a name that is only a legal form keeps it
    ordered = [t for t in tokenize_name(ascii_name) if t]
    tokens = tuple(sorted(ordered))
    core = tuple(t for t in tokens if t not in STOP_TOKENS) or tokens
    phonetic = frozenset(_metaphone(t) for t in core if len(t) > 1)
    return NameKey(name, tokens, core, phonetic, " ".join(tokens), " ".join(core),
                   frozenset(core), _acronyms(ordered))


def _acronyms(ordered: list[str]) -> frozenset[str]:
    """What a name may be abbreviated to, or what it abbreviates.

    A name of three words or more gives its initials, with and without the stop words
    ("Fuerzas Armadas Revolucionarias de Colombia": ``farc``, ``fardc``); a name of one or two
    short words ("FARC", "Dev Sol") gives itself joined, so that the two meet.

    >>> sorted(_acronyms(["fuerzas", "armadas", "revolucionarias", "de", "colombia"]))
    ['farc', 'fardc']
    >>> sorted(_acronyms(["farc"]))
    ['farc']
    """
    words = [t for t in ordered if t.isalpha()]
    content = [t for t in words if t not in _ACRONYM_SKIP]
    if len(content) >= 3:
        return frozenset({"".join(t[0] for t in content), "".join(t[0] for t in words)})
    joined = "".join(content)
    return frozenset({joined}) if 2 <= len(joined) <= 8 else frozenset()


@lru_cache(maxsize=100_000)
def _metaphone(token: str) -> str:
    if not token.isalpha():
        return token
    return jellyfish.metaphone(token) or token
