"""``ipas serve``: the HTTP API (``api.app.create_app``) under uvicorn, on loopback by default."""

from __future__ import annotations

from pathlib import Path

import click

from ipas.cli.common import console, settings_of
from ipas.settings import Settings


@click.command("serve")
@click.option("--host", default=None, help="Address to bind (default: IPAS_HOST, 127.0.0.1).")
@click.option("--port", type=click.IntRange(1, 65535), default=None,
              help="Port (default: IPAS_PORT, 8000).")
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None) -> None:
    """Serve SPARQL, REST and the web UI."""
    from api.app import create_app
    from api.server import Server, server_config
    from ipas.cli.load_cmd import report_killed_loads
    from ipas.cli.via_server import announce
    from ipas.ingest import Ingestor
    from ipas.ingest.files import staging_dir
    from ipas.security.bootstrap import first_run
    from ipas.security.files import exposed, private_umask

    private_umask()  # also when called without the console script (tests, python -m)

    settings = settings_of(ctx)
    host = host or settings.host
    port = port or settings.port
    settings = settings.model_copy(update={"host": host, "port": port})
    roots = _state_paths(settings)
    found = exposed(*roots)  # made before umask 077, or by others
    if found:  # one warning, not a line per RocksDB file
        capped = "+" if len(found) >= 20 else ""  # exposed() stops at 20
        more = f" and {len(found) - 3}{capped} more" if len(found) > 3 else ""
        console.print(f"[yellow]warning:[/] readable by other local users: "
                      f"{', '.join(found[:3])}{more}; run "
                      f"chmod -R go= {' '.join(str(r) for r in roots)}", soft_wrap=True)
    staging_dir(settings.home)  # sweeps what a killed server staged (``stage-PID-*``)
    app = create_app(settings)
    report_killed_loads(Ingestor(app.state.store, settings))  # a killed server's loads
    console.print(first_run(settings, host, port), soft_wrap=True)  # copy-pasteable curl
    console.print(f"IPAS-KG on http://{host}:{port}/ (SPARQL at /sparql)")
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host  # noqa: S104 - compared only
    running = announce(settings, f"http://{shown}:{port}")  # `ipas load` sends batches here
    try:
        config = server_config(app, settings, host=host, port=port, log_level="info")
        Server(config, app.state.shutting_down).run()
    finally:
        running.unlink(missing_ok=True)


def _state_paths(settings: Settings) -> list[Path]:
    """The deployment's files: the on-disk store and ``IPAS_HOME``."""
    paths = [settings.home]
    if settings.store_kind == "disk":
        paths.append(Path(settings.store))
    return paths
