"""Source-format loaders: parse a source, map each record onto the IPAS ontology.

Loaders never touch the store: they implement :class:`ipas.sources.Loader` and yield
:class:`ipas.sources.Record` objects, and the ingest pipeline (``ipas.ingest``) validates and
commits them. Each registers under the ``ipas.loaders`` entry points (``pyproject.toml``) and
is looked up only through :mod:`ipas.sources.registry`; nothing in the core imports this package.
"""
