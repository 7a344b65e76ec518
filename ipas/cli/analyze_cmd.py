"""``ipas analyze``: paths, convergence, centrality, rankings and exports of the link graph.

The command reads the whole store (the operator's view), or a token's view with ``--token``
(what that caller would see over REST: ``IPAS_TOKEN`` works too). Answers are JSON on stdout,
the same documents as ``/analysis`` returns; exports are written to ``--output`` or stdout.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from ipas.analysis.convergence import convergence as find_convergence
from ipas.analysis.export import FORMATS
from ipas.analysis.export import export as export_projection
from ipas.analysis.metrics import entity_metrics, top
from ipas.analysis.paths import Constraints, find_paths, resolve
from ipas.analysis.projection import Projection
from ipas.analysis.ranking import rank_networks, rank_pathways
from ipas.analysis.service import Analysis
from ipas.analysis.spec import weights
from ipas.cli.common import cli_errors, opened_store, settings_of
from ipas.store.base import Scope

token_option = click.option("--token", envvar="IPAS_TOKEN", default=None,
                            help="Analyze as this bearer token's caller would (its scope).")
resolved_option = click.option("--resolved", is_flag=True,
                               help="Nodes are resolved actors (entity resolution).")


@contextmanager
def _projection(ctx: click.Context, token: str | None,
                resolved: bool = False) -> Iterator[tuple[Analysis, Projection]]:
    settings = settings_of(ctx)
    with cli_errors(), opened_store(ctx, write=False) as store:
        scope = Scope.everything()
        if token:
            from ipas.access import build_access_control

            access = build_access_control(settings, store)
            scope = access.scope_for(access.authenticate(f"Bearer {token}", client_host=None))
        analysis = Analysis(store, settings)
        yield analysis, analysis.projection(scope, resolved=resolved)


def _emit(document: dict[str, Any]) -> None:
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


@click.group("analyze")
def analyze() -> None:
    """Link analysis: paths with evidence, convergence, centrality, rankings, exports."""


@analyze.command("paths")
@click.argument("source")
@click.argument("target")
@click.option("-k", "k", type=click.IntRange(1, 20), default=1, show_default=True,
              help="How many shortest paths.")
@click.option("--min-grade", default=None, help="Least Admiralty grade a link needs, e.g. B2.")
@click.option("--kinds", default=None, help="Comma-separated edge kinds to use (default: all).")
@click.option("--since", default=None, help="Leave out links that ended before YYYY-MM-DD.")
@click.option("--until", default=None, help="Leave out links that began after YYYY-MM-DD.")
@token_option
@resolved_option
@click.pass_context
def paths(ctx: click.Context, source: str, target: str, k: int, min_grade: str | None,
          kinds: str | None, since: str | None, until: str | None, token: str | None,
        resolved: bool) -> None:
    """Shortest paths from SOURCE to TARGET (IRIs or keys such as person/demo/hector-ibarra)."""
    with _projection(ctx, token, resolved) as (analysis, projection):
        constraints = Constraints.parse(kinds.split(",") if kinds else None, min_grade, since,
                                        until, analysis.rules.kinds())
        _emit(find_paths(projection, source, target, base_iri=analysis.settings.base_iri, k=k,
                         constraints=constraints))


@analyze.command("convergence")
@click.option("--min-networks", type=click.IntRange(2, 100), default=2, show_default=True)
@click.option("--min-commodities", type=click.IntRange(1, 100), default=2, show_default=True)
@click.option("--limit", type=click.IntRange(1, 100000), default=100, show_default=True)
@token_option
@resolved_option
@click.pass_context
def convergence(ctx: click.Context, min_networks: int, min_commodities: int, limit: int,
                token: str | None,
        resolved: bool) -> None:
    """Facilitators linked to several networks moving different commodities, scored."""
    with _projection(ctx, token, resolved) as (_, projection):
        _emit(find_convergence(projection, weights(), min_networks=min_networks,
                               min_commodities=min_commodities, limit=limit))


@analyze.command("rank")
@click.argument("what", type=click.Choice(["networks", "pathways"]))
@click.option("--as-of", default=None, help="Date recency is measured from (YYYY-MM-DD).")
@click.option("--limit", type=click.IntRange(1, 100000), default=100, show_default=True)
@token_option
@resolved_option
@click.pass_context
def rank(ctx: click.Context, what: str, as_of: str | None, limit: int,
         token: str | None,
        resolved: bool) -> None:
    """Networks or pathways in priority order, every score term with value and weight."""
    ranker: Callable[..., dict[str, Any]] = rank_networks if what == "networks" \
        else rank_pathways
    with _projection(ctx, token, resolved) as (_, projection):
        _emit(ranker(projection, weights(), as_of=as_of, limit=limit))


@analyze.command("centrality")
@click.option("--entity", default=None, help="One entity: its measures and community.")
@click.option("--measure", type=click.Choice(["degree", "betweenness", "pagerank"]),
              default="pagerank", show_default=True)
@click.option("--limit", type=click.IntRange(1, 100000), default=20, show_default=True)
@token_option
@resolved_option
@click.pass_context
def centrality(ctx: click.Context, entity: str | None, measure: str, limit: int,
               token: str | None,
        resolved: bool) -> None:
    """Top entities by degree, betweenness or PageRank, or one entity's (with its community)."""
    with _projection(ctx, token, resolved) as (analysis, projection):
        if entity is not None:
            vertex = resolve(projection, entity, analysis.settings.base_iri, "entity")
            _emit(entity_metrics(projection, vertex))
        else:
            _emit({"measure": measure, "top": top(projection, measure, limit)})


@analyze.command("export")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="graphml",
              show_default=True, help="i2 writes a zip holding entities.csv and links.csv.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file ('-' or nothing: stdout).")
@token_option
@resolved_option
@click.pass_context
def export(ctx: click.Context, fmt: str, output: Path | None, token: str | None,
        resolved: bool) -> None:
    """The link graph for Gephi (GraphML, GEXF), Cytoscape, or i2 Analyst's Notebook."""
    with _projection(ctx, token, resolved) as (_, projection):
        data = export_projection(projection, fmt)
    if output is None or str(output) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        output.write_bytes(data)
        click.echo(f"wrote {output} ({len(data)} bytes, {FORMATS[fmt][0]})", err=True)
