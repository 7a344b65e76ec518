"""``ipas serve``: the HTTP API (``api.app.create_app``) under uvicorn, on loopback by default."""

from __future__ import annotations

import click

from ipas.cli.common import console, settings_of


@click.command("serve")
@click.option("--host", default=None, help="Address to bind (default: IPAS_HOST, 127.0.0.1).")
@click.option("--port", type=click.IntRange(1, 65535), default=None,
              help="Port (default: IPAS_PORT, 8000).")
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None) -> None:
    """Serve SPARQL, REST and the web UI."""
    import uvicorn

    from api.app import create_app
    from api.server import server_config
    from ipas.security.bootstrap import first_run

    settings = settings_of(ctx)
    host = host or settings.host
    port = port or settings.port
    settings = settings.model_copy(update={"host": host, "port": port})
    app = create_app(settings)
    console.print(first_run(settings, host, port), soft_wrap=True)  # copy-pasteable curl
    console.print(f"IPAS-KG on http://{host}:{port}/ (SPARQL at /sparql)")
    uvicorn.Server(server_config(app, settings, host=host, port=port, log_level="info")).run()
