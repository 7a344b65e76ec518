"""The analyst's workspace: entity dossiers, link charts, map and timeline, read within a scope.

Each module answers one view of the web UI (and of ``/workspace`` over REST) from the store,
always through the caller's :class:`ipas.store.base.Scope`, so a partner's page, chart or map
never holds a node or an edge from a graph it may not read.
"""
