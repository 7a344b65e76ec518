"""``ipas ontology``: the maintainers' tools (lint, docs, diff, release, new-module).

What each does lives in ``ipas.ontology`` (lint, docs, diff, release, scaffold); this module
declares the arguments, prints reports (text or JSON) and sets the exit code: 0 when all is
well, 1 when lint finds errors or a release is refused for them, 2 for usage or input errors.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ipas.cli.common import EXIT_INVALID, InputError, console, opened_store
from ipas.errors import BadInput, Conflict
from ipas.ontology.files import ONTOLOGY_DIR, SHAPES_DIR, clear_caches
from ipas.ontology.lint import ERROR, Finding

_DIRS = [
    click.option("--ontology-dir", type=click.Path(path_type=Path, file_okay=False),
                 default=ONTOLOGY_DIR, show_default=True, help="Ontology modules folder."),
    click.option("--shapes-dir", type=click.Path(path_type=Path, file_okay=False),
                 default=SHAPES_DIR, show_default=True, help="Shapes modules folder."),
]


def _dirs(f: click.decorators.FC) -> click.decorators.FC:
    for option in reversed(_DIRS):
        f = option(f)
    return f


def _print_findings(findings: list[Finding], fmt: str) -> None:
    if fmt == "json":
        errors = sum(f.severity == ERROR for f in findings)
        body = {"errors": errors, "warnings": len(findings) - errors,
                "findings": [f.as_dict() for f in findings]}
        click.echo(json.dumps(body, indent=2, ensure_ascii=False))
        return
    for f in findings:
        click.echo(f"{f.severity}\t{f.code}\t{f.term}\t{f.message}")
    errors = sum(f.severity == ERROR for f in findings)
    console.print(f"{errors} error(s), {len(findings) - errors} warning(s)")


def _regenerate_namespace() -> None:
    from ipas.ontology import namespace_gen

    clear_caches()
    namespace_gen.main([])


@click.group("ontology")
def ontology() -> None:
    """Maintain the ontology: lint, document, diff, release, scaffold a module."""


@ontology.command("lint")
@_dirs
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Report format (json is machine-readable).")
@click.option("--no-reasoner", is_flag=True, help="Skip HermiT (consistency, satisfiability).")
@click.option("--data", "data", multiple=True, type=click.Path(path_type=Path, exists=True,
              dir_okay=False), help="Also check these Turtle files for undeclared terms.")
def lint_cmd(ontology_dir: Path, shapes_dir: Path, fmt: str, no_reasoner: bool,
             data: tuple[Path, ...]) -> None:
    """Check labels, definitions, declared terms, domains and ranges, shapes coverage, the
    shape rules and (HermiT) consistency. Exit 1 when any error is found."""
    from ipas.ontology.files import parse_modules
    from ipas.ontology.lint import lint

    try:
        extra = [(path.name, parse_modules([path])) for path in data]
    except BadInput as err:
        raise InputError(str(err)) from None
    findings = lint(ontology_dir, shapes_dir, reasoner=not no_reasoner, extra=extra)
    _print_findings(findings, fmt)
    if any(f.severity == ERROR for f in findings):
        sys.exit(EXIT_INVALID)


@ontology.command("docs")
@_dirs
@click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False),
              default=Path("var/ontology-docs"), show_default=True,
              help="Folder to write index.html into.")
def docs_cmd(ontology_dir: Path, shapes_dir: Path, output: Path) -> None:
    """Write the ontology's HTML documentation (self-contained, one page)."""
    from ipas.ontology import docs

    click.echo(str(docs.write(output, ontology_dir, shapes_dir)))


@ontology.command("diff")
@click.argument("old", type=click.Path(path_type=Path, exists=True))
@click.argument("new", type=click.Path(path_type=Path, exists=True), required=False,
                default=ONTOLOGY_DIR)
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown",
              show_default=True)
@click.option("--usage/--no-usage", default=True, show_default=True,
              help="Count the stored triples that use each breaking term.")
@click.pass_context
def diff_cmd(ctx: click.Context, old: Path, new: Path, fmt: str, usage: bool) -> None:
    """Terms added, removed, renamed and changed from OLD to NEW (folders of modules or RDF
    files, e.g. ontology/releases/0.2.0.ttl; NEW defaults to ontology/). Breaking changes are
    flagged with how many stored triples use them."""
    from ipas.ontology.diff import compare, markdown, read
    from ipas.ontology.diff import usage as count_usage

    try:
        diff = compare(read(old), read(new))
    except BadInput as err:
        raise InputError(str(err)) from None
    if usage and diff.breaking:
        with opened_store(ctx, write=False) as store:
            count_usage(diff, store)
    if fmt == "json":
        click.echo(json.dumps(diff.as_dict(), indent=2))
    else:
        click.echo(markdown(diff, f"{old} → {new}"), nl=False)


@ontology.command("release")
@click.argument("version")
@_dirs
@click.option("--no-reasoner", is_flag=True, help="Lint without HermiT.")
@click.option("--usage/--no-usage", default=False, show_default=True,
              help="Count stored triples using each breaking term (needs the store).")
@click.pass_context
def release_cmd(ctx: click.Context, version: str, ontology_dir: Path, shapes_dir: Path,
                no_reasoner: bool, usage: bool) -> None:
    """Release VERSION: refuse if lint fails; bump owl:versionIRI; write the snapshot, the
    HTML docs, the changelog section and a SPARQL Update migration for renames."""
    from ipas.ontology.release import LintFailed, release

    try:
        if usage:
            with opened_store(ctx, write=False) as store:
                done = release(version, ontology_dir=ontology_dir, shapes_dir=shapes_dir,
                               reasoner=not no_reasoner, store=store)
        else:
            done = release(version, ontology_dir=ontology_dir, shapes_dir=shapes_dir,
                           reasoner=not no_reasoner)
    except LintFailed as err:
        _print_findings(err.findings, "text")
        console.print(f"[red]{err}[/red]")
        sys.exit(EXIT_INVALID)
    except BadInput as err:
        raise InputError(str(err)) from None
    if ontology_dir.resolve() == ONTOLOGY_DIR.resolve():
        _regenerate_namespace()
    for path in done.written:
        click.echo(str(path))
    console.print(f"released {version} (previous: {done.previous or 'none'}); "
                  f"{len(done.diff.added)} added, {len(done.diff.removed)} removed, "
                  f"{len(done.diff.renamed)} renamed, {len(done.diff.changed)} changed, "
                  f"{len(done.diff.breaking)} breaking")


@ontology.command("new-module")
@click.argument("name")
def new_module_cmd(name: str) -> None:
    """Scaffold extension module NAME: ontology, shapes, a shape case, a sample batch
    (demo/modules/NAME.ttl) and a test, then regenerate ipas/namespace.py."""
    from ipas.ontology.scaffold import new_module

    try:
        written = new_module(name)
    except (BadInput, Conflict) as err:
        raise InputError(str(err)) from None
    _regenerate_namespace()
    for path in written:
        click.echo(str(path))
    console.print("next: edit the files, then `ipas ontology lint` and "
                  "`pytest tests/ontology tests/shapes`")
