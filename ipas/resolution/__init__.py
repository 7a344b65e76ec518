"""Entity resolution: one actor across sources, decided as data, reversible, with evidence.

Pipeline: :mod:`~ipas.resolution.extract` reads actor records within a scope;
:mod:`~ipas.resolution.blocking` finds candidate pairs; :mod:`~ipas.resolution.features` and
:mod:`~ipas.resolution.model` score them; :mod:`~ipas.resolution.decisions` stores
suggestions, positives, negatives and retractions in their own graphs;
:mod:`~ipas.resolution.clusters` derives resolved actors from positives (negatives block);
:mod:`~ipas.resolution.service` is what the CLI and REST call.

For other packages (link analysis, saved queries), the API is small::

    view = ResolutionService(store, settings).view(scope)
    view.resolution.canonical_of(iri)      # the resolved actor's IRI, or iri itself
    view.resolution.members(canonical)     # the records resolved into it
"""

from ipas.resolution.clusters import Resolution
from ipas.resolution.service import ResolutionService

__all__ = ["Resolution", "ResolutionService"]
