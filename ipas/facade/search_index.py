"""A full-text index of names (labels, aliases, identifiers) in SQLite, with fuzzy matching.

Every literal of a name property becomes one row carrying its subject and the named graph it
was read from, so a search within a caller's scope only ever sees rows of graphs in that scope.
Names are folded by :mod:`ipas.facade.text` (transliterated, accent- and case-free tokens);
each distinct token is kept in an FTS5 trigram table, which finds candidate spellings for a
misspelt query token ("guerro", "guero") that an edit distance then confirms. A name matches
when every query token matches one of its tokens (exactly, as a prefix, or within the edit
distance); names are ranked by how well.

The index follows the store: :meth:`SearchIndex.refresh` compares each graph's name
fingerprint (count and total length of its name literals) with the indexed one and re-reads
only graphs that changed, appeared or went away. The ingest pipeline runs it at the end of
every commit, retraction and delta replacement (:func:`refresh_after_write`), so a search
right after a 201 finds the new names without re-indexing; a search runs it again only when
the store's write generation moved since (a SPARQL update, a Graph Store write).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from ipas.facade.text import allowed_edits, edit_distance, tokens
from ipas.store.base import Scope, Store

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS graphs (graph TEXT PRIMARY KEY, fingerprint TEXT);
CREATE TABLE IF NOT EXISTS names (id INTEGER PRIMARY KEY, graph TEXT NOT NULL,
    subject TEXT NOT NULL, text TEXT NOT NULL, norm TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS names_graph ON names (graph);
CREATE TABLE IF NOT EXISTS tokens (token TEXT NOT NULL, name INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS tokens_token ON tokens (token);
CREATE INDEX IF NOT EXISTS tokens_name ON tokens (name);
CREATE VIRTUAL TABLE IF NOT EXISTS vocab USING fts5 (token, tokenize = 'trigram');
"""
MAX_CANDIDATES = 1000


@dataclass(frozen=True)
class Hit:
    """A subject whose name matched, its best-matching name and the score."""

    subject: str
    text: str
    score: float


class SearchIndex:
    """Names of a store's entities, by graph (see module docstring).

    >>> from ipas.store.oxigraph import OxigraphStore
    >>> store = OxigraphStore()
    >>> store.load('<urn:e1> <urn:name> "Héctor \\\\"El Güero\\\\" Ibarra" .'.encode(),
    ...            "application/n-triples", graph="urn:g1")
    >>> index = SearchIndex(None, ("urn:name",))
    >>> index.refresh(store)
    1
    >>> [h.subject for h in index.search("el guerro", frozenset({"urn:g1"}))]
    ['urn:e1']
    >>> [h.text for h in index.search("gureo ibara", None)]
    ['Héctor "El Güero" Ibarra']
    >>> index.search("el guero", frozenset({"urn:g2"}))
    []
    """

    def __init__(self, path: Path | None, name_properties: Iterable[str]) -> None:
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        self.properties = tuple(sorted(set(name_properties)))
        self._db = sqlite3.connect(str(path) if path is not None else ":memory:",
                                   check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        with self._lock:
            self._db.executescript(_SCHEMA)
            stored = self._meta("properties")
            if stored is not None and stored != "\n".join(self.properties):
                self._clear()  # other name properties: start over
            self._set_meta("properties", "\n".join(self.properties))

    # -- keeping up with the store ---------------------------------------------------------
    def refresh(self, store: Store) -> int:
        """Re-read the graphs whose names changed; returns how many graphs were re-read."""
        store = getattr(store, "inner", store)  # read directly, not through query workers
        generation = getattr(store, "generation", None)
        with self._lock:
            if generation is not None and self._meta("generation") == str(generation):
                return 0
            current = self._fingerprints(store)
            known = dict(self._db.execute("SELECT graph, fingerprint FROM graphs"))
            changed = [g for g, f in current.items() if known.get(g) != f]
            gone = [g for g in known if g not in current]
            self._db.execute("BEGIN")
            try:
                for graph in gone + changed:
                    self._drop(graph)
                for graph in changed:
                    self._add(store, graph, current[graph])
                if generation is not None:
                    self._set_meta("generation", str(generation))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            return len(changed) + len(gone)

    def _values(self) -> str:
        return " ".join(URIRef(p).n3() for p in self.properties)

    def _fingerprints(self, store: Store) -> dict[str, str]:
        if not self.properties:
            return {}
        rows = store.select(
            "SELECT ?g (COUNT(*) AS ?n) (SUM(STRLEN(STR(?l))) AS ?len) WHERE { "
            f"VALUES ?p {{ {self._values()} }} GRAPH ?g {{ ?s ?p ?l }} FILTER(isLiteral(?l)) }}"
            " GROUP BY ?g", scope=Scope.everything()).rows
        return {str(r["g"]): f"{r['n']}:{r.get('len')}" for r in rows}

    def _add(self, store: Store, graph: str, fingerprint: str) -> None:
        rows = store.select(
            f"SELECT ?s ?l WHERE {{ VALUES ?p {{ {self._values()} }} ?s ?p ?l "
            "FILTER(isLiteral(?l) && isIRI(?s)) }", scope=Scope.of([graph])).rows
        vocab = set()
        for row in rows:
            text = str(row["l"])
            words = tokens(text)
            if not words:
                continue
            cursor = self._db.execute(
                "INSERT INTO names (graph, subject, text, norm) VALUES (?, ?, ?, ?)",
                (graph, str(row["s"]), text[:500], " ".join(words)))
            self._db.executemany("INSERT INTO tokens (token, name) VALUES (?, ?)",
                                 [(w, cursor.lastrowid) for w in set(words)])
            vocab.update(words)
        known = {t for (t,) in self._db.execute("SELECT token FROM vocab")} if vocab else set()
        self._db.executemany("INSERT INTO vocab (token) VALUES (?)",
                             [(t,) for t in sorted(vocab - known)])
        self._db.execute("INSERT OR REPLACE INTO graphs VALUES (?, ?)", (graph, fingerprint))

    def _drop(self, graph: str) -> None:
        self._db.execute("DELETE FROM tokens WHERE name IN "
                         "(SELECT id FROM names WHERE graph = ?)", (graph,))
        self._db.execute("DELETE FROM names WHERE graph = ?", (graph,))
        self._db.execute("DELETE FROM graphs WHERE graph = ?", (graph,))

    def _clear(self) -> None:
        for table in ("meta", "graphs", "names", "tokens", "vocab"):
            self._db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # -- searching ---------------------------------------------------------------------------
    def search(self, query: str, graphs: frozenset[str] | None,
               limit: int = MAX_CANDIDATES) -> list[Hit]:
        """Subjects whose names match every token of ``query``, best first, reading only rows
        of ``graphs`` (``None``: all)."""
        wanted = list(dict.fromkeys(tokens(query)))[:12]
        if not wanted:
            return []
        with self._lock:
            similar = [self._similar(t) for t in wanted]
            every = {tok for found in similar for tok in found}
            marks = ",".join("?" * len(every))
            rows = self._db.execute(
                f"SELECT t.token, n.id, n.graph, n.subject, n.text, n.norm FROM tokens t "  # noqa: S608
                f"JOIN names n ON n.id = t.name WHERE t.token IN ({marks})",
                sorted(every)).fetchall() if every else []
        names: dict[int, tuple[str, str, str, set[str]]] = {}
        for token, name_id, graph, subject, text, norm in rows:
            if graphs is not None and graph not in graphs:
                continue  # a row of a graph outside the caller's scope
            names.setdefault(name_id, (subject, text, norm, set()))[3].add(token)
        best: dict[str, Hit] = {}
        phrase = " ".join(tokens(query))
        for subject, text, norm, have in names.values():
            scores = [max((s for t, s in found.items() if t in have), default=0.0)
                      for found in similar]
            if min(scores) == 0.0:
                continue  # every query token must match
            score = sum(scores) / len(scores)
            score += 1.0 if norm == phrase else 0.5 if f" {phrase} " in f" {norm} " else 0.0
            score -= 0.01 * max(0, len(norm.split()) - len(wanted))  # tighter names first
            hit = Hit(subject, text, round(score, 4))
            known = best.get(subject)  # ties go to the smaller text: the same in any store
            if known is None or (-hit.score, hit.text) < (-known.score, known.text):
                best[subject] = hit
        return sorted(best.values(), key=lambda h: (-h.score, h.text, h.subject))[:limit]

    def _similar(self, token: str) -> dict[str, float]:
        """Indexed tokens that ``token`` may mean, with a similarity in (0, 1]."""
        out = {token: 1.0}
        if len(token) >= 2:
            for (known,) in self._db.execute(
                    "SELECT token FROM vocab WHERE token >= ? AND token < ? LIMIT 200",
                    (token, token + "\uffff")):
                out.setdefault(known, 0.8)  # a prefix: the user is still typing
        edits = allowed_edits(token)
        if edits:
            grams = {token[i:i + 3] for i in range(len(token) - 2)}
            match = " OR ".join(f'"{g}"' for g in sorted(grams))
            # Candidates: tokens sharing a trigram, and tokens of about the same length that
            # start alike (a swap such as "gureo" shares no trigram with "guero").
            shared = self._db.execute(
                "SELECT token FROM vocab WHERE vocab MATCH ? LIMIT 5000", (match,))
            alike = self._db.execute(
                "SELECT token FROM vocab WHERE token >= ? AND token < ? "
                "AND length(token) BETWEEN ? AND ? LIMIT 5000",
                (token[:2], token[:2] + "\uffff", len(token) - edits, len(token) + edits))
            for (known,) in [*shared, *alike]:
                distance = edit_distance(token, known, edits)
                if distance <= edits:
                    out.setdefault(known, 0.9 - 0.15 * distance)
        return out


_SHARED: weakref.WeakKeyDictionary[Store, SearchIndex] = weakref.WeakKeyDictionary()
_SHARED_LOCK = threading.Lock()


def index_of(store: Store, name_properties: Iterable[str]) -> SearchIndex:
    """The one search index of ``store`` in this process (on disk beside a disk store, else in
    memory), shared by every door that searches (REST, the workspace), so two connections
    never refresh the same file at once.

    >>> from ipas.store.oxigraph import OxigraphStore
    >>> store = OxigraphStore()
    >>> index_of(store, ("urn:name",)) is index_of(store, ("urn:name",))
    True
    """
    inner = getattr(store, "inner", store)
    wanted = tuple(sorted(set(name_properties)))
    with _SHARED_LOCK:
        index = _SHARED.get(inner)
        if index is None or index.properties != wanted:
            index = SearchIndex(_beside(inner), wanted)
            _SHARED[inner] = index
        return index


def refresh_after_write(store: Store) -> int | None:
    """Bring ``store``'s search index up to date after a commit: the one this process shares,
    else the one on disk beside the store (with the name properties it was built with).
    ``None`` when no index exists yet (the first search builds it). The write is committed
    whatever happens here: a failure is logged and the next search catches up.

    >>> from ipas.store.oxigraph import OxigraphStore
    >>> store = OxigraphStore()
    >>> refresh_after_write(store) is None
    True
    >>> index = index_of(store, ("urn:name",))
    >>> store.load(b'<urn:e> <urn:name> "Ana" .', "application/n-triples", graph="urn:g")
    >>> refresh_after_write(store), [h.subject for h in index.search("ana", None)]
    (1, ['urn:e'])
    """
    inner = getattr(store, "inner", store)
    with _SHARED_LOCK:
        index = _SHARED.get(inner)
        if index is None:
            where = _beside(inner)
            properties = _stored_properties(where) if where is not None else None
            if where is None or properties is None:
                return None
            index = _SHARED[inner] = SearchIndex(where, properties)
    try:
        return index.refresh(inner)
    except sqlite3.Error as err:
        log.warning("search index not refreshed after a commit (%s); the next search will", err)
        return None


def _beside(store: Store) -> Path | None:
    path = getattr(store, "path", None)
    return path.parent / f"{path.name}.search.sqlite" if isinstance(path, Path) else None


def _stored_properties(where: Path) -> tuple[str, ...] | None:
    """The name properties an index file on disk was built with, if there is one."""
    if not where.exists():
        return None
    try:
        with sqlite3.connect(f"file:{where}?mode=ro", uri=True) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'properties'").fetchone()
    except sqlite3.Error:
        return None
    return tuple(row[0].split("\n")) if row and row[0] else None
