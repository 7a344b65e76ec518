"""Releasing a version of the ontology (``ipas ontology release VERSION``).

A release is refused while lint finds errors. Otherwise it bumps ``owl:versionIRI`` and
``owl:versionInfo`` in ``ontology/ipas.ttl``, and writes into ``ontology/releases/``: a
snapshot of the whole ontology (``VERSION.ttl``, what the next release diffs against), its HTML
documentation (``VERSION.html``) and, when terms were renamed, a SPARQL Update that migrates
stored data (``VERSION-migration.ru``); the changelog section goes on top of
``ontology/CHANGELOG.md``. Snapshots are outside the module folders, so they are never loaded
as modules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from ipas.errors import BadInput, Conflict
from ipas.ontology import docs
from ipas.ontology.diff import OntologyDiff, compare, markdown, migration, read
from ipas.ontology.files import ONTOLOGY_DIR, SHAPES_DIR, load_ontology
from ipas.ontology.lint import ERROR, Finding, lint

RELEASES = "releases"
HEADER = "ipas.ttl"
_VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")


def parse_version(text: str) -> tuple[int, int, int]:
    """``"1.2.3"`` -> ``(1, 2, 3)``; anything else is a ``BadInput``.

    >>> parse_version("0.10.2")
    (0, 10, 2)
    """
    match = _VERSION.match(text)
    if match is None:
        raise BadInput("a version is MAJOR.MINOR.PATCH, e.g. 0.2.0", field="version")
    major, minor, patch = (int(g) for g in match.groups())
    return major, minor, patch


def releases(ontology_dir: Path = ONTOLOGY_DIR) -> list[str]:
    """Released versions (snapshots in ``ontology/releases``), oldest first."""
    folder = ontology_dir / RELEASES
    found = [p.stem for p in folder.glob("*.ttl") if _VERSION.match(p.stem)]
    return sorted(found, key=parse_version)


def current_version(ontology_dir: Path = ONTOLOGY_DIR) -> str:
    """The ``owl:versionInfo`` of the header module.

    >>> bool(_VERSION.match(current_version()))
    True
    """
    text = (ontology_dir / HEADER).read_text(encoding="utf-8")
    match = re.search(r'owl:versionInfo\s+"([^"]+)"', text)
    if match is None:
        raise BadInput("the header has no owl:versionInfo", source=HEADER)
    return match.group(1)


def bump_header(text: str, version: str) -> str:
    """The header module's text with the version IRI and version info set to ``version``.

    >>> bump_header('owl:versionIRI <https://w3id.org/ipas/ontology/0.1.0> ;\\n'
    ...             'owl:versionInfo "0.1.0" ;', "0.2.0")
    'owl:versionIRI <https://w3id.org/ipas/ontology/0.2.0> ;\\nowl:versionInfo "0.2.0" ;'
    """
    text, n_iri = re.subn(r"(owl:versionIRI\s+<[^>]*/)[^/>]+>", rf"\g<1>{version}>", text)
    text, n_info = re.subn(r'(owl:versionInfo\s+")[^"]*"', rf'\g<1>{version}"', text)
    if n_iri != 1 or n_info != 1:
        raise BadInput("the header must state owl:versionIRI and owl:versionInfo once each",
                       source=HEADER)
    return text


@dataclass
class Release:
    """What a release did."""

    version: str
    previous: str | None
    diff: OntologyDiff
    written: list[Path] = field(default_factory=list)


class LintFailed(Conflict):
    """The release was refused: lint found errors (listed in ``findings``)."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(f"lint found {len(findings)} error(s): release refused")
        self.findings = findings


def release(version: str, *, ontology_dir: Path = ONTOLOGY_DIR, shapes_dir: Path = SHAPES_DIR,
            reasoner: bool = True, store: object | None = None) -> Release:
    """Cut ``version``: see the module docstring. ``store``, when given, counts the stored
    triples each breaking change touches (in the changelog)."""
    wanted = parse_version(version)
    done = releases(ontology_dir)
    if done and wanted <= parse_version(done[-1]):
        raise BadInput(f"version {version} is not after the last release {done[-1]}",
                       field="version")
    errors = [f for f in lint(ontology_dir, shapes_dir, reasoner=reasoner) if f.severity == ERROR]
    if errors:
        raise LintFailed(errors)
    previous = done[-1] if done else None
    old = read(ontology_dir / RELEASES / f"{previous}.ttl") if previous else Graph()
    header = ontology_dir / HEADER
    header.write_text(bump_header(header.read_text(encoding="utf-8"), version),
                      encoding="utf-8")
    new = load_ontology(ontology_dir)
    diff = compare(old, new)
    if store is not None:
        from ipas.ontology.diff import usage

        usage(diff, store)
    out = ontology_dir / RELEASES
    out.mkdir(exist_ok=True)
    result = Release(version, previous, diff)
    snapshot = out / f"{version}.ttl"
    new.serialize(snapshot, format="turtle", encoding="utf-8")
    result.written.append(snapshot)
    page = out / f"{version}.html"
    page.write_text(docs.render(ontology_dir, shapes_dir), encoding="utf-8")
    result.written.append(page)
    if diff.renamed:
        update = out / f"{version}-migration.ru"
        update.write_text(migration(diff), encoding="utf-8")
        result.written.append(update)
    log = ontology_dir / "CHANGELOG.md"
    before = log.read_text(encoding="utf-8") if log.is_file() else "# Ontology changelog\n"
    head, _, rest = before.partition("\n")
    since = f"since {previous}" if previous else "first release"
    log.write_text(f"{head}\n\n{markdown(diff, f'{version} ({since})')}{rest}",
                   encoding="utf-8")
    result.written += [header, log]
    return result
