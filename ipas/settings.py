"""All runtime settings in one place, read from ``IPAS_*`` environment variables.

Reached through :func:`get_settings` so that tests can build their own ``Settings`` and pass it
to the app factory or the CLI instead of mutating globals.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Deployment settings. Every field maps to ``IPAS_<FIELD>`` in the environment.

    >>> Settings(store="memory").store_kind
    'memory'
    """

    model_config = SettingsConfigDict(env_prefix="IPAS_", extra="ignore")

    # -- where things live -------------------------------------------------------------------
    store: str = Field(
        default="var/store",
        description="A directory path (embedded Oxigraph on disk), 'memory', or a SPARQL "
        "endpoint URL prefixed with 'sparql+' (remote engine).",
    )
    store_update_url: str | None = Field(
        default=None,
        description="Remote store: SPARQL Update endpoint. Default: Virtuoso's '/sparql-auth' "
        "beside the query endpoint when credentials are set, else the query endpoint.",
    )
    store_gsp_url: str | None = Field(
        default=None,
        description="Remote store: Graph Store Protocol endpoint for bulk upload. Default: "
        "Virtuoso's '/sparql-graph-crud-auth' with credentials; 'none' turns GSP off.",
    )
    store_user: str | None = Field(default=None, description="Remote store: writer account.")
    store_password: SecretStr | None = Field(default=None, description="Remote store password.")
    store_password_file: Path | None = Field(
        default=None, description="Remote store: a file holding the password (a mounted secret)."
    )
    home: Path = Field(
        default=Path("var"),
        description="Deployment state: tokens, quarantine, audit log (never in the repository).",
    )
    base_iri: str = Field(
        default="https://w3id.org/ipas/id/",
        description="Base of instance and graph IRIs: {base}{type}/{source}/{key}.",
    )
    ontology_dir: Path = PROJECT_ROOT / "ontology"
    shapes_dir: Path = PROJECT_ROOT / "shapes"
    queries_dir: Path = PROJECT_ROOT / "queries"

    # -- limits ------------------------------------------------------------------------------
    query_timeout_s: float = Field(default=30.0, gt=0)
    max_result_rows: int = Field(default=100_000, gt=0)
    max_body_bytes: int = Field(default=64 * 1024 * 1024, gt=0)
    max_ingest_triples: int = Field(
        default=5_000_000, gt=0,
        description="Triples one upload may hold (checked between chunks, before the commit: "
        "a 64 MiB Turtle object list can hold tens of millions).")
    max_query_chars: int = Field(default=100_000, gt=0)
    max_query_depth: int = Field(default=64, gt=0)
    # What the engine recurses on besides brackets (ipas.query.complexity; docs/sparql.md).
    max_query_operators: int = Field(default=1_000, gt=0)
    max_query_path_steps: int = Field(default=100, gt=0)
    max_query_patterns: int = Field(default=500, gt=0)
    max_query_triples: int = Field(default=1_000, gt=0)
    query_workers: int = Field(default=2, ge=1)
    max_queries_per_caller: int = Field(
        default=0, ge=0,
        description="Queries one caller may run at once; 0: one less than the workers (at "
        "least 1), so one caller never holds them all (ipas.query.fairness).")
    query_queue_wait_s: float = Field(
        default=5.0, ge=0,
        description="How long a query waits for a free slot before 429/503 with Retry-After.")
    lean_reads: bool = Field(
        default=True,
        description="Run queries bounded by their structure (ipas.query.lean) in the server's "
        "process on a read-only snapshot instead of a worker; false sends every query to one.")
    answer_cache_mb: int = Field(
        default=64, ge=0,
        description="Memory for saved-query answers kept until the store's next write, per "
        "scope (api.answer_cache); 0 turns the cache off.")
    query_memory_mb: int = Field(
        default=2048, ge=64,
        description="Heap limit of each query worker process (a query that needs more ends "
        "with limit_exceeded instead of exhausting the machine).",
    )

    # -- HTTP --------------------------------------------------------------------------------
    host: str = "127.0.0.1"
    port: int = 8000
    # Connection limits (api.server, api.limits; docs/security.md lists what a caller gets).
    header_timeout_s: float = Field(
        default=10.0, gt=0, description="Request line and headers must arrive within this.")
    body_timeout_s: float = Field(
        default=30.0, gt=0, description="Longest wait for the next chunk of a request body.")
    keepalive_timeout_s: int = Field(default=5, ge=1)
    shutdown_grace_s: int = Field(
        default=10, ge=1, description="Shutdown waits this long for requests in flight.")
    max_connections_per_client: int = Field(
        default=100, ge=1, description="Open connections one client address may hold.")
    cors_origins: list[str] = Field(default_factory=list)
    default_graph_union: bool = Field(
        default=True,
        description="The default graph of a query is the union of the caller's visible graphs.",
    )

    # -- security ----------------------------------------------------------------------------
    anonymous_markings: list[str] = Field(
        default_factory=list,
        description="TLP markings readable without a token (read-only). Empty: anonymous off.",
    )
    audit_log: Path | None = Field(
        default=None, description="Append-only JSON lines; defaults to {home}/audit.jsonl."
    )

    @property
    def queries_per_caller(self) -> int:
        """``max_queries_per_caller``, or one less than the workers (at least 1) when 0.

        >>> [Settings(query_workers=n).queries_per_caller for n in (4, 1)]
        [3, 1]
        """
        if self.max_queries_per_caller:
            return self.max_queries_per_caller
        return max(1, self.query_workers - 1)

    @property
    def store_kind(self) -> str:
        """'memory', 'remote' or 'disk'."""
        if self.store == "memory":
            return "memory"
        if self.store.startswith(("sparql+http://", "sparql+https://")):
            return "remote"
        return "disk"

    @property
    def audit_path(self) -> Path:
        return self.audit_log if self.audit_log is not None else self.home / "audit.jsonl"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
