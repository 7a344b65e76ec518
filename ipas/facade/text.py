"""How names are compared: the one fold of the project's name matching.

A name is transliterated to ASCII (ICU through ``normality``: "Ахмед" is "ahmed", "Güero"
"guero"), lower-cased and cut into tokens; a query token matches a name token exactly, as a
prefix, or within an edit distance that grows with its length. The search index
(:mod:`ipas.facade.search_index`) stores names folded this way and the workspace's search reads
it; REST list filters on a string property compare whole values case-insensitively in SPARQL
(``LCASE``), not by this fold: they match values, not names.
"""

from __future__ import annotations

import re

from normality import ascii_text

_TOKEN = re.compile(r"[a-z0-9]+")


def normalize(text: str) -> str:
    """Transliterated, accent-free, lower-case text with single spaces.

    >>> normalize("  José  PEÑA "), normalize("Ахмед Закаев"), normalize("Đorđević")
    ('jose pena', 'ahmed zakaev', 'dordevic')
    """
    return " ".join(tokens(text))


def tokens(text: str) -> list[str]:
    """The index tokens of a text.

    >>> tokens("El Güero (Ibarra-Solís) #7")
    ['el', 'guero', 'ibarra', 'solis', '7']
    """
    return _TOKEN.findall((ascii_text(text) or "").lower())


def edit_distance(a: str, b: str, cap: int = 3) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count one), stopping past ``cap``.

    >>> edit_distance("guerro", "guero"), edit_distance("gureo", "guero")
    (1, 1)
    >>> edit_distance("guero", "figueroa")
    3
    """
    if abs(len(a) - len(b)) > cap:
        return cap + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        if min(row) > cap:
            return cap + 1
        prev2, prev = prev, row
    return prev[-1]


def allowed_edits(token: str) -> int:
    """Edits a query token may be off by: none below 4 letters, 1 up to 7, else 2."""
    return 0 if len(token) < 4 else 1 if len(token) <= 7 else 2
