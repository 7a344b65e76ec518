"""Candidate pairs: records that share a blocking key, so that not every pair is scored.

Keys come from the names (after ``rigour``'s transliteration and legal-form stripping, see
:mod:`~ipas.resolution.names`) and from the attributes:

* ``p``/``q``: the Metaphone code of a name token, and pairs of codes (selective where single
  codes are common, tolerant of transliteration);
* ``s``/``t``: pairs of the first three and of the last three letters of two long tokens
  ("Melnichuk, Aleksandr" and "Melnyrhuk, Oleksandr" share ``huk|ndr``);
* ``e``: a long token, or a short name joined up, with one letter deleted at each place (a
  typo, a dropped or swapped letter leaves one such variant in common: "Neptune", "Netpune");
* ``j``: the name's tokens joined ("Blue Marine" and "Bluemarine");
* ``a``: initials of a long name, or a short name itself ("FARC" meets "Fuerzas Armadas
  Revolucionarias de Colombia");
* ``d``/``b``/``x``: a year of birth with a code, a full date of birth, an identifier value
  under its scheme.

A key shared by more than its kind's cap of records (:data:`MAX_BLOCK`) says little and is
skipped; records only meet records of their own kind.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from itertools import combinations

from ipas.resolution.features import keys_of
from ipas.resolution.names import NameKey
from ipas.resolution.records import Record

#: Shortest token whose one-letter deletions are keys (shorter ones meet too many others).
DELETE_MIN = 5


def deletions(token: str) -> set[str]:
    """``token`` and every string one deleted letter away from it.

    >>> sorted(deletions("abc"))
    ['ab', 'abc', 'ac', 'bc']
    """
    return {token, *(token[:i] + token[i + 1:] for i in range(len(token)))}


def _name_keys(key: NameKey) -> set[str]:
    keys: set[str] = set()
    for code in key.phonetic:
        keys.add(f"p:{code}")
    for a, b in combinations(sorted(key.phonetic)[:6], 2):
        keys.add(f"q:{a}|{b}")
    words = [t for t in key.core if t.isalpha()]
    longest = sorted(words, key=lambda t: (-len(t), t))[:4]
    for a, b in combinations(longest, 2):
        if len(a) >= 4 and len(b) >= 4:
            keys.add("s:{}|{}".format(*sorted((a[:3], b[:3]))))
            keys.add("t:{}|{}".format(*sorted((a[-3:], b[-3:]))))
    for token in words:
        if len(token) >= DELETE_MIN:
            keys.update(f"e:{v}" for v in deletions(token))
    joined = "".join(key.core)
    if len(key.core) >= 2:
        keys.add(f"j:{joined}")
        if 4 <= len(joined) <= 10:
            keys.update(f"e:{v}" for v in deletions(joined))
    keys.update(f"a:{acronym}" for acronym in key.acronyms)
    return keys


def blocking_keys(record: Record) -> set[str]:
    """The keys under which ``record`` is filed.

    >>> keys = blocking_keys(Record("urn:a", "person", ["Ismail Haniya"], dobs={"1962"}))
    >>> sorted(k for k in keys if k[0] in "pqdst")
    ['d:1962:HNY', 'd:1962:ISML', 'p:HNY', 'p:ISML', 'q:HNY|ISML', 's:han|ism', 't:ail|iya']
    >>> "e:hniya" in keys, "j:haniyaismail" in keys
    (True, True)
    """
    keys: set[str] = set()
    for key in keys_of(record):
        keys |= _name_keys(key)
        for year in record.years:
            for code in key.phonetic:
                keys.add(f"d:{year}:{code}")
    for dob in record.dobs:
        if len(dob) == 10:
            keys.add(f"b:{dob}")
    for scheme, value in record.identifiers:
        keys.add(f"x:{scheme}|{value}")
    return keys


#: Largest block per kind of key: a key that says less about identity (one phonetic code, a
#: deletion variant, an acronym) has its blocks cut smaller. Chosen on the calibration half of
#: the labelled set (bench/), never the evaluation half: for its 21k records these caps make
#: 384k candidate pairs that hold 83% of the true pairs (the name-code keys alone: 180k, 74%).
MAX_BLOCK = {"p": 30, "q": 60, "d": 40, "b": 40, "x": 60, "s": 40, "t": 40, "e": 20,
             "j": 20, "a": 20}


def candidate_pairs(
    records: Sequence[Record],
    *,
    max_block: int = 60,
    progress: Callable[[int], None] | None = None,
) -> Iterator[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, of records of one kind that share a selective key.

    >>> rs = [Record("urn:a", "person", ["Ismail Haniya"]),
    ...       Record("urn:b", "person", ["HANIYEH, Ismail"]),
    ...       Record("urn:c", "organization", ["Haniya Trading"])]
    >>> sorted(candidate_pairs(rs))
    [(0, 1)]
    """
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, record in enumerate(records):
        for key in blocking_keys(record):
            blocks[(record.kind, key)].append(index)
        if progress is not None:
            progress(1)
    seen: set[tuple[int, int]] = set()
    for (_, key), members in blocks.items():
        if len(members) < 2 or len(members) > min(max_block, MAX_BLOCK.get(key[0], max_block)):
            continue
        for pair in combinations(members, 2):
            if pair not in seen:
                seen.add(pair)
                yield pair
