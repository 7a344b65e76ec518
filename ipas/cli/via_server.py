"""Loading through a running ``ipas serve``: while the server holds the store, ``ipas load``
sends each batch to its ``/ingest`` with a token and reports the answer as a local load would.

``ipas serve`` leaves ``{IPAS_HOME}/serve.json`` (its URL and process id) while it runs. The
token is ``IPAS_TOKEN`` when set, else the local admin token ``ipas serve`` created on loopback.
Without either, the command says exactly how to get one. Requests go only to the URL the
server itself wrote (loopback by default), with the standard library's HTTP client.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ipas.ingest.files import MEDIA_TYPES
from ipas.settings import Settings
from ipas.sources import LoadOptions

_SUFFIXES = {suffix: media for media, suffix in MEDIA_TYPES.items() if "x-" not in media}
_SUFFIXES.update({".turtle": "text/turtle", ".ntriples": "application/n-triples",
                  ".owl": "application/rdf+xml", ".xml": "application/rdf+xml",
                  ".json": "application/json", ".csv": "text/csv"})


def marker(settings: Settings) -> Path:
    """Where a running server says where it listens."""
    return settings.home / "serve.json"


def announce(settings: Settings, url: str) -> Path:
    """Record the running server's URL (called by ``ipas serve``; removed when it stops)."""
    path = marker(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"url": url, "pid": os.getpid()}), encoding="utf-8")
    return path


def running_server(settings: Settings) -> str | None:
    """The URL of the ``ipas serve`` that is running for this deployment, if any.

    >>> import tempfile
    >>> s = Settings(store="memory", home=Path(tempfile.mkdtemp()))
    >>> running_server(s) is None
    True
    >>> _ = announce(s, "http://127.0.0.1:8000")  # this process plays the server
    >>> running_server(s)
    'http://127.0.0.1:8000'
    """
    try:
        data = json.loads(marker(settings).read_text(encoding="utf-8"))
        os.kill(int(data["pid"]), 0)  # raises when that process is gone
        url = str(data["url"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return url if url.startswith(("http://", "https://")) else None


def token(settings: Settings) -> str | None:
    """``IPAS_TOKEN``, else the local admin token ``ipas serve`` keeps on loopback."""
    from_env = os.environ.get("IPAS_TOKEN", "").strip()
    if from_env:
        return from_env
    path = settings.home / "local-admin.token"
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def how_to_authenticate(settings: Settings, url: str) -> str:
    """What to do when no token is at hand (printed as the usage error)."""
    return (f"the store is held by `ipas serve` at {url}, and no token is at hand to send the "
            f"data to its /ingest: create one with `ipas token create --name loader --role "
            f"loader` and run again with IPAS_TOKEN=<token> (or keep the local admin token "
            f"{settings.home / 'local-admin.token'} that `ipas serve` creates on loopback)")


@dataclass
class Answer:
    """The server's answer to one upload."""

    status: int
    body: dict[str, Any]


def has_batches(url: str, secret: str, timeout_s: float = 60) -> bool:
    """Whether the running server's store holds a batch (not retracted) that the token may see,
    read from its change feed: what ``ipas demo --if-empty`` asks before loading."""
    live: set[str] = set()
    since: str | None = None
    for _ in range(10_000):  # pages of 1000 events; the feed ends long before
        params = {"limit": "1000", **({"since": since} if since else {})}
        answer = _get(f"{url.rstrip('/')}/changes?{urllib.parse.urlencode(params)}", secret,
                      timeout_s)
        if answer.status != 200:
            raise OSError(f"{url}/changes answered {answer.status}: "
                          f"{answer.body.get('message', 'no message')}")
        for change in answer.body.get("changes", []):
            if change["kind"] == "committed":
                live.add(change["batch_id"])
            elif change["kind"] == "retracted":
                live.discard(change["batch_id"])
        since = answer.body.get("next")
        if not answer.body.get("more"):
            break
    return bool(live)


def _get(url: str, secret: str, timeout_s: float) -> Answer:
    request = urllib.request.Request(  # noqa: S310 - http(s) only: see running_server
        url, headers={"Authorization": f"Bearer {secret}", "Accept": "application/json"})
    return _send(request, timeout_s)


def upload(url: str, secret: str, path: Path, fmt: str | None, options: LoadOptions,
           timeout_s: float = 600) -> Answer:
    """POST one file to ``{url}/ingest`` as one batch."""
    media = _SUFFIXES.get(path.suffix.lower(), "application/octet-stream")
    params: list[tuple[str, str]] = []
    if fmt is not None and fmt != "rdf":
        params.append(("format", fmt))
    for key, value in (("marking", options.marking), ("agency", options.agency),
                       ("reliability", options.reliability),
                       ("credibility", options.credibility),
                       ("source", options.source_name or path.name),
                       ("encoding", options.encoding)):
        if value:
            params.append((key, str(value)))
    params += [("shared_with", a) for a in options.shared_with]
    request = urllib.request.Request(  # noqa: S310 - http(s) only: see running_server
        f"{url.rstrip('/')}/ingest?{urllib.parse.urlencode(params)}", data=path.read_bytes(),
        method="POST", headers={"Authorization": f"Bearer {secret}", "Content-Type": media,
                                "Accept": "application/json"})
    return _send(request, timeout_s)


def _send(request: urllib.request.Request, timeout_s: float) -> Answer:
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:  # noqa: S310
            return Answer(response.status, json.loads(response.read() or b"{}"))
    except urllib.error.HTTPError as err:
        try:
            body = json.loads(err.read() or b"{}")
        except ValueError:
            body = {"message": f"HTTP {err.code}"}
        return Answer(err.code, body)
