"""HTTP over the core: the FastAPI app factory, routers under ``api.routes``, the web UI."""
