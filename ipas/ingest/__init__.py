"""The ingest pipeline: validated, catalogued, atomic batches (see ``pipeline``).

>>> from ipas.store.oxigraph import OxigraphStore
>>> from ipas.settings import Settings
>>> Ingestor(OxigraphStore(), Settings(store="memory")).catalog.batches()
[]
"""

from ipas.ingest.files import suffix_for_media_type
from ipas.ingest.ontology import ensure_ontology
from ipas.ingest.pipeline import Ingestor, IngestResult

__all__ = ["IngestResult", "Ingestor", "ensure_ontology", "suffix_for_media_type"]
