"""Candidate pairs: records that share a blocking key, so that not every pair is scored.

Keys are Metaphone codes of name tokens, pairs of codes (selective where single codes are
common, and tolerant of transliteration), a year of birth with a code, a full date of birth,
and identifiers with their scheme. A key shared by more than ``max_block`` records says
little and is skipped; records only meet records of their own kind.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from itertools import combinations

from ipas.resolution.features import keys_of
from ipas.resolution.records import Record


def blocking_keys(record: Record) -> set[str]:
    """The keys under which ``record`` is filed.

    >>> sorted(blocking_keys(Record("urn:a", "person", ["Ismail Haniya"], dobs={"1962"})))
    ['d:1962:HNY', 'd:1962:ISML', 'p:HNY', 'p:ISML', 'q:HNY|ISML']
    """
    keys: set[str] = set()
    for key in keys_of(record):
        for code in key.phonetic:
            keys.add(f"p:{code}")
        for a, b in combinations(sorted(key.phonetic)[:6], 2):
            keys.add(f"q:{a}|{b}")
        for year in record.years:
            for code in key.phonetic:
                keys.add(f"d:{year}:{code}")
    for dob in record.dobs:
        if len(dob) == 10:
            keys.add(f"b:{dob}")
    for scheme, value in record.identifiers:
        keys.add(f"x:{scheme}|{value}")
    return keys


#: Largest block per kind of key: one phonetic code alone says less than a pair of codes, a
#: date of birth or an identifier, so its blocks are cut smaller. Measured on the labelled
#: set (bench/): these caps keep 72% of the true pairs among 411k candidates for 42k records.
MAX_BLOCK = {"p": 15, "q": 60, "d": 40, "b": 40, "x": 60}


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
