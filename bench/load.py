"""A bounded HTTP load generator for loopback servers: N clients, M requests each."""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Request:
    method: str
    url: str
    headers: dict[str, str]
    body: bytes | None = None


@dataclass(frozen=True)
class LoadResult:
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float
    latencies: list[float] = field(default_factory=list, repr=False)
    cpu_s: float | None = None  # the server's CPU over the run, when measured

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, float]:
        return {
            "rps": round(self.rps, 1),
            "p50_ms": round(self.p50_ms, 2),
            "p99_ms": round(self.p99_ms, 2),
            "requests": self.requests,
            "errors": self.errors,
            **({"cpu_ms_per_request": round(self.cpu_s * 1000 / self.requests, 3)}
               if self.cpu_s is not None and self.requests else {}),
        }


def _percentile(samples: list[float], q: float) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def run_load(request: Request, *, clients: int, per_client: int, warmup: int = 3) -> LoadResult:
    """Send ``clients * per_client`` requests over keep-alive connections, in parallel."""
    parts = urlsplit(request.url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def client() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=300)
        mine: list[float] = []
        failed = 0
        for i in range(warmup + per_client):
            start = time.perf_counter()
            try:
                conn.request(request.method, target, body=request.body, headers=request.headers)
                response = conn.getresponse()
                response.read()
                ok = 200 <= response.status < 300
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port)
            elapsed = (time.perf_counter() - start) * 1000
            if i >= warmup:
                mine.append(elapsed)
                failed += not ok
        conn.close()
        with lock:
            latencies.extend(mine)
            errors += failed

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    return LoadResult(
        requests=len(latencies),
        errors=errors,
        seconds=seconds,
        p50_ms=statistics.median(latencies) if latencies else float("nan"),
        p99_ms=_percentile(latencies, 0.99),
        latencies=latencies,
    )


def merge(results: list[LoadResult]) -> LoadResult:
    """One result from several rounds of the same workload (their samples pooled)."""
    latencies = [ms for r in results for ms in r.latencies]
    return LoadResult(
        requests=sum(r.requests for r in results),
        errors=sum(r.errors for r in results),
        seconds=sum(r.seconds for r in results),
        p50_ms=statistics.median(latencies) if latencies else float("nan"),
        p99_ms=_percentile(latencies, 0.99),
        latencies=latencies,
        cpu_s=None if any(r.cpu_s is None for r in results) else sum(
            r.cpu_s or 0.0 for r in results),
    )
