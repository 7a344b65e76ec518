"""Source-format loaders: parse a source, map each record onto the IPAS ontology.

Loaders never touch the store: they yield :class:`loaders.base.Record` objects and the ingest
pipeline (``ipas.ingest``) validates and commits them. Look loaders up only through
:mod:`loaders.registry`.
"""
