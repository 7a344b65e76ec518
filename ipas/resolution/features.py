"""Pair features: how alike two records' names are, and which attributes agree or conflict.

Each feature is a number in [0, 1]; :data:`FEATURES` fixes their order for the scoring model
(:mod:`ipas.resolution.model`), and every score is stored with the features behind it.
String similarity comes from ``rapidfuzz`` (ratios and Jaro-Winkler); token rarity from the
records being compared (:class:`TokenStats`), so that a shared "Mohammed" counts for less than
a shared "Haniya".
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler

from ipas.resolution.names import NameKey, name_key
from ipas.resolution.records import Record

FEATURES = (
    "name_ratio",        # edit similarity of the sorted token strings
    "name_set",          # rapidfuzz token_set_ratio of the core tokens
    "name_jw",           # Jaro-Winkler of the sorted token strings
    "soft_tokens",       # rarity-weighted share of tokens with a close counterpart
    "phonetic",          # Jaccard of the Metaphone codes
    "short_name",        # the shorter name has a single core token
    "joined_ratio",      # edit similarity of the core tokens written together ("abdel majid")
    "acronym",           # one name is the other's initials ("FARC")
    "dob_match",         # a full date of birth agrees
    "year_match",        # a year of birth agrees
    "dob_conflict",      # both have dates of birth and no year agrees
    "nat_match",
    "nat_conflict",
    "id_match",          # the same identifier value under the same scheme
    "id_conflict",       # the same scheme, different values, none shared
    "country_match",
    "country_conflict",
    "address_sim",       # best token-set similarity of the addresses
)

MAX_NAMES = 8  # names compared per record (labels plus aliases); more only adds time


class TokenStats:
    """Inverse document frequency of name tokens over the records being resolved.

    >>> stats = TokenStats([["mohammed", "ali"], ["mohammed", "haniya"]])
    >>> stats.idf("haniya") > stats.idf("mohammed")
    True
    """

    def __init__(self, token_lists: Iterable[Iterable[str]]) -> None:
        self.counts: Counter[str] = Counter()
        self.n = 0
        for tokens in token_lists:
            self.n += 1
            self.counts.update(set(tokens))

        self._idf: dict[str, float] = {}

    def idf(self, token: str) -> float:
        value = self._idf.get(token)
        if value is None:
            value = math.log((self.n + 1) / (self.counts.get(token, 0) + 1)) + 1.0
            self._idf[token] = value
        return value


def keys_of(record: Record) -> list[NameKey]:
    """The record's names reduced for matching (legal forms dropped for organisations)."""
    org = record.kind == "organization"
    return [name_key(n, organization=org) for n in record.names[:MAX_NAMES]]


def _soft_share(a: NameKey, b: NameKey, stats: TokenStats) -> float:
    """Rarity-weighted share of ``a``'s core tokens that have a close token in ``b``."""
    total = matched = 0.0
    others = b.core_set
    for token in a.core:
        weight = stats.idf(token)
        total += weight
        if token in others:
            matched += weight
            continue
        best = max(JaroWinkler.normalized_similarity(token, other) for other in b.core)
        if best >= 0.88:
            matched += weight * best
    return matched / total if total else 0.0


def _acronym(a: NameKey, b: NameKey) -> float:
    """1.0 when the shorter name (one or two words) is the initials of the other."""
    if min(len(a.core), len(b.core)) > 2 or max(len(a.core), len(b.core)) < 3:
        return 0.0
    return 1.0 if a.acronyms & b.acronyms else 0.0


def _name_features(left: list[NameKey], right: list[NameKey], stats: TokenStats) -> list[float]:
    best = [0.0] * 8
    for a in left:
        for b in right:
            if not a.core or not b.core:
                continue
            ratio = fuzz.ratio(a.sorted_text, b.sorted_text) / 100
            token_set = fuzz.token_set_ratio(a.core_text, b.core_text) / 100
            jw = JaroWinkler.normalized_similarity(a.sorted_text, b.sorted_text)
            soft = min(_soft_share(a, b, stats), _soft_share(b, a, stats))
            union = a.phonetic | b.phonetic
            phon = len(a.phonetic & b.phonetic) / len(union) if union else 0.0
            short = 1.0 if min(len(a.core), len(b.core)) == 1 else 0.0
            joined = fuzz.ratio(a.core_text.replace(" ", ""), b.core_text.replace(" ", "")) / 100
            values = [ratio, token_set, jw, soft, phon, short, joined, _acronym(a, b)]
            if soft + ratio > best[3] + best[0]:  # keep the best pair's short-name flag
                best[5] = short
            for i in (0, 1, 2, 3, 4, 6, 7):
                best[i] = max(best[i], values[i])
    return best


def _agreement(left: set[str], right: set[str]) -> tuple[float, float]:
    if not left or not right:
        return 0.0, 0.0
    return (1.0, 0.0) if left & right else (0.0, 1.0)


def pair_features(left: Record, right: Record, stats: TokenStats,
                  keys: tuple[list[NameKey], list[NameKey]] | None = None) -> list[float]:
    """The feature vector of a pair, in :data:`FEATURES` order.

    >>> a = Record("urn:a", "person", ["HANIYA, Ismail"], dobs={"1962-01-29"})
    >>> b = Record("urn:b", "person", ["Ismail Haniyeh"], dobs={"1962"})
    >>> f = dict(zip(FEATURES, pair_features(a, b, TokenStats([["haniya"]]))))
    >>> f["year_match"], f["dob_conflict"], f["name_jw"] > 0.9
    (1.0, 0.0, True)

    ``keys`` are the two records' :func:`keys_of`, when the caller keeps them.
    """
    left_keys, right_keys = keys if keys is not None else (keys_of(left), keys_of(right))
    values = _name_features(left_keys, right_keys, stats)
    dob_match = 1.0 if left.dobs & right.dobs and any(len(d) == 10 for d in
                                                       left.dobs & right.dobs) else 0.0
    year_match, dob_conflict = _agreement(left.years, right.years)
    nat_match, nat_conflict = _agreement(left.nationalities, right.nationalities)
    schemes = {s for s, _ in left.identifiers} & {s for s, _ in right.identifiers}
    id_match = 1.0 if left.identifiers & right.identifiers else 0.0
    id_conflict = 1.0 if schemes and not id_match else 0.0
    country_match, country_conflict = _agreement(left.countries, right.countries)
    address = 0.0
    for x in list(left.addresses)[:4]:
        for y in list(right.addresses)[:4]:
            address = max(address, fuzz.token_set_ratio(x, y) / 100)
    return [*values, dob_match, year_match, dob_conflict, nat_match, nat_conflict,
            id_match, id_conflict, country_match, country_conflict, address]
