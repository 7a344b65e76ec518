"""``ipas load``, ``ipas validate`` and ``ipas demo``: argument declarations only."""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import click

from ipas.catalog import Uploader
from ipas.cli.common import (
    EXIT_INVALID,
    InputError,
    cli_errors,
    console,
    opened_store,
    settings_of,
)
from ipas.cli.progress import progress
from ipas.cli.reference_cmd import ensure_reference
from ipas.cli.report import print_quarantined, print_result
from ipas.cli.via_server import has_batches, how_to_authenticate, running_server, token, upload
from ipas.errors import BadInput
from ipas.ingest import Ingestor
from ipas.ingest.runner import DEMO_MANIFEST, load_demo, load_paths, plan, read_manifest
from ipas.quarantine import QuarantinedRecord
from ipas.security.audit import audit_load, cli_user
from ipas.security.markings import parse_marking
from ipas.settings import Settings
from ipas.sources import LoadOptions

PATHS = click.argument(
    "paths", nargs=-1, required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
FORMAT = click.option("--format", "fmt", default=None,
                      help="Loader name (ipas.sources.registry); default: by file extension.")


def report_killed_loads(ingestor: Ingestor) -> None:
    """Say what earlier loads killed mid-way (the out-of-memory killer, ``kill -9``) left, and
    finish what followed their commit (:meth:`Ingestor.recover`)."""
    for message in ingestor.recover():
        console.print(f"[yellow]warning:[/] {message}", soft_wrap=True)


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None]]:
    """Records, triples and records/s: a live bar on a terminal, periodic lines otherwise."""
    with progress(label, console) as update:
        yield update


def _options(marking: str, agency: str | None, shared_with: tuple[str, ...],
             reliability: str | None, credibility: str | None, source: str | None,
             encoding: str | None = None) -> LoadOptions:
    try:
        level = parse_marking(marking).value
    except BadInput as err:
        raise InputError(str(err)) from None
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"--encoding: unknown encoding {encoding!r}") from None
    return LoadOptions(source_name=source, marking=level, agency=agency,
                       shared_with=shared_with, reliability=reliability, credibility=credibility,
                       encoding=encoding)


@click.command("load")
@PATHS
@FORMAT
@click.option("--marking", default="TLP:AMBER", show_default=True,
              help="TLP 2.0 handling marking: CLEAR, GREEN, AMBER, AMBER+STRICT, RED.")
@click.option("--agency", default=None, help="Owning agency of the data (e.g. HSI).")
@click.option("--shared-with", "shared_with", multiple=True,
              help="An agency the batch is shared with (repeatable).")
@click.option("--reliability", type=click.Choice(list("ABCDEF"), case_sensitive=False),
              help="Admiralty source reliability A-F.")
@click.option("--credibility", type=click.Choice(list("123456")),
              help="Admiralty information credibility 1-6.")
@click.option("--source", default=None, help="Source name (default: the file name).")
@click.option("--encoding", default=None,
              help="Text encoding of legacy source files (e.g. cp1252); default UTF-8, where "
                   "a byte that does not decode quarantines its record.")
@click.option("--no-reason", "no_reason", is_flag=True,
              help="Skip materializing OWL RL inferences into the batch's inferred graph.")
@click.option("--no-reference", "no_reference", is_flag=True,
              help="With --format mapping: do not load the reference batch (countries, ports "
                   "of entry) first.")
@click.pass_context
def load(ctx: click.Context, paths: tuple[Path, ...], fmt: str | None, marking: str,
         agency: str | None, shared_with: tuple[str, ...], reliability: str | None,
         credibility: str | None, source: str | None, encoding: str | None,
         no_reason: bool, no_reference: bool) -> None:
    """Validate and load files, one batch per RDF file; failing records are quarantined."""
    options = _options(marking, agency, shared_with,
                       reliability.upper() if reliability else None, credibility, source,
                       encoding)
    settings = settings_of(ctx)
    url = running_server(settings) if settings.store_kind == "disk" else None
    if url is not None:  # `ipas serve` holds the store: its /ingest takes the batches
        with cli_errors():
            jobs = [(p, name, options) for name, group in plan(list(paths), fmt) for p in group]
            failed = load_via_server(settings, url, jobs)
        if failed:
            ctx.exit(EXIT_INVALID)
        return
    failed = False
    with cli_errors(), opened_store(ctx, write=True) as store:
        ingestor = Ingestor(store, settings_of(ctx), reason=not no_reason,
                            uploader=Uploader(cli_user(), "cli", options.agency))
        report_killed_loads(ingestor)
        # Mappings refer to shared nodes by key (`ref`): the reference batch types them.
        reference = None if no_reference or fmt != "mapping" else ensure_reference(
            Ingestor(store, settings_of(ctx), reason=False))
        if reference is not None and reference.created:
            console.print(f"reference data loaded: batch {reference.batch.id} "
                          f"({reference.records} records)")
        committed = 0
        try:
            with progress_bar("loading") as update:
                for result in load_paths(ingestor, list(paths), fmt, options, update):
                    print_result(result)
                    audit_load(settings_of(ctx), result)
                    failed = failed or bool(result.quarantined)
                    committed += 1
        except KeyboardInterrupt:
            console.print(interrupted(committed))
            ctx.exit(EXIT_INTERRUPTED)
    if failed:
        ctx.exit(EXIT_INVALID)


#: The shell's code for a command ended by Ctrl-C (128 + SIGINT).
EXIT_INTERRUPTED = 130


def interrupted(committed: int) -> str:
    """What an interrupted load left, and how to go on.

    >>> print(interrupted(1))
    interrupted: the batch being loaded was not committed (a batch commits whole or not at
    all); the 1 batch(es) reported above are committed. Run the same command again to go on:
    files already loaded are recognized by their checksum and skipped.
    """
    return ("interrupted: the batch being loaded was not committed (a batch commits whole or "
            f"not at\nall); the {committed} batch(es) reported above are committed. Run the "
            "same command again to go on:\nfiles already loaded are recognized by their "
            "checksum and skipped.")


def load_via_server(settings: Settings, url: str,
                    jobs: Sequence[tuple[Path, str | None, LoadOptions]]) -> bool:
    """Send each file to the running server's /ingest; True when records were quarantined."""
    secret = token(settings)
    if secret is None:
        raise InputError(how_to_authenticate(settings, url))
    console.print(f"`ipas serve` holds the store: loading through {url}/ingest")
    failed = False
    for path, name, options in jobs:
        answer = upload(url, secret, path, name, options)
        body = answer.body
        if answer.status >= 400 and answer.status != 422:
            raise InputError(f"{path}: the server answered {answer.status}: "
                             f"{body.get('message', 'no message')}")
        source = options.source_name or path.name
        if answer.status == 200:
            console.print(f"{source}: unchanged, already loaded as batch {body['batch_id']}")
        else:
            console.print(f"{source}: batch {body['batch_id']}: {body['records']} records, "
                          f"{body['triples']} triples committed, {body['quarantined']} "
                          "quarantined" + (f", {body['inferred']} inferred"
                                           if body.get("inferred") else ""),
                          soft_wrap=True)
        if body.get("quarantined"):
            failed = True
            print_quarantined(QuarantinedRecord.from_dict(r) for r in body.get("report", []))
    return failed


@click.command("validate")
@PATHS
@FORMAT
@click.pass_context
def validate(ctx: click.Context, paths: tuple[Path, ...], fmt: str | None) -> None:
    """Validate files against the shapes and report; nothing is written."""
    failed = False
    with cli_errors(), opened_store(ctx, write=False) as store:
        ingestor = Ingestor(store, settings_of(ctx))
        for name, group in plan(list(paths), fmt):
            result = ingestor.check(group, fmt=name)
            print_result(result, validate_only=True)
            failed = failed or bool(result.quarantined)
    if failed:
        ctx.exit(EXIT_INVALID)


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the store already has batches.")
@click.option("--manifest", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="Demo manifest (default: demo/manifest.json).")
@click.option("--strict", is_flag=True, help="Exit 1 if any demo record is quarantined.")
@click.pass_context
def demo(ctx: click.Context, if_empty: bool, manifest: Path | None, strict: bool) -> None:
    """Load the bundled demo scenario, one batch per file of its manifest."""
    settings = settings_of(ctx)
    url = running_server(settings) if settings.store_kind == "disk" else None
    if url is not None:  # through the running server; files already loaded stay unchanged
        with cli_errors():
            secret = token(settings)
            if secret is None:
                raise InputError(how_to_authenticate(settings, url))
            try:
                loaded = if_empty and has_batches(url, secret)
            except OSError as err:
                raise InputError(f"cannot tell whether the store is empty: {err}") from None
            if loaded:
                console.print("the store already has batches: demo not loaded")
                return
            files = read_manifest(manifest or DEMO_MANIFEST)
            failed = load_via_server(settings, url, [(f.path, f.fmt, f.options) for f in files])
        if strict and failed:
            ctx.exit(EXIT_INVALID)
        return
    with cli_errors(), opened_store(ctx, write=True) as store:
        ingestor = Ingestor(store, settings_of(ctx))
        report_killed_loads(ingestor)
        with progress_bar("demo") as update:
            results = load_demo(ingestor, if_empty=if_empty,
                                manifest=manifest or DEMO_MANIFEST, progress=update)
        if not results:
            console.print("the store already has batches: demo not loaded")
        for result in results:
            print_result(result)
            audit_load(settings_of(ctx), result)
    if strict and any(r.quarantined for r in results):
        ctx.exit(EXIT_INVALID)
