"""The store's reference batch (countries, CBP ports of entry): ``ipas reference``, and loaded
before the first ``ipas load`` so that references to those shared nodes validate.

The batch is public (TLP:CLEAR: every caller's scope sees it, so validation of anyone's
upload finds the types of the nodes it refers to) and loading it again changes nothing.
"""

from __future__ import annotations

from typing import Any

import click

from ipas.cli.common import cli_errors, console, opened_store, settings_of
from ipas.cli.report import print_result
from ipas.ingest import Ingestor, IngestResult
from ipas.sources import LoadOptions, loader_class

FORMAT = "reference"
OPTIONS = LoadOptions(source_name="ipas-reference", marking="TLP:CLEAR",
                      reliability="A", credibility="1")


def ensure_reference(ingestor: Ingestor) -> IngestResult | None:
    """Load the shipped reference batch into the store unless it is there already; None when
    no reference loader is installed."""
    try:
        cls: Any = loader_class(FORMAT)
    except Exception:  # noqa: BLE001 - a deployment without the loaders package
        return None
    return ingestor.ingest(list(cls.default_paths()), fmt=FORMAT, options=OPTIONS)


@click.command("reference")
@click.pass_context
def reference(ctx: click.Context) -> None:
    """Load the reference data (ISO 3166 countries, CBP ports of entry) as one public batch."""
    with cli_errors(), opened_store(ctx, write=True) as store:
        result = ensure_reference(Ingestor(store, settings_of(ctx), reason=False))
        if result is None:
            console.print("no reference loader installed")
        else:
            print_result(result)
