"""The first minute of ``make run``: a local admin token, so a new user can query at once.

When ``ipas serve`` binds a loopback address and the deployment has no tokens yet, it creates
an admin token named ``local-admin`` and keeps it in ``{IPAS_HOME}/local-admin.token`` (mode
0600, beside the hashed token store, never in the repository), then prints how to use it. On a
non-loopback address nothing is created: the operator must create tokens deliberately.
Anonymous access stays off either way.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

from ipas.errors import Unauthorized
from ipas.security.principal import Role
from ipas.security.tokens import TokenStore
from ipas.settings import Settings

LOCAL_ADMIN = "local-admin"


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine.

    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("localhost")
    (True, True, True)
    >>> is_loopback("0.0.0.0"), is_loopback("192.0.2.1"), is_loopback("example.org")
    (False, False, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def token_file(settings: Settings) -> Path:
    return settings.home / f"{LOCAL_ADMIN}.token"


def _usage(path: Path, host: str, port: int, secret: str) -> str:
    shown = f"[{host}]" if ":" in host else host
    # The token travels in the URL fragment, which browsers never send to the server.
    return (
        f"Local admin token: {path} (revoke: `ipas token revoke {LOCAL_ADMIN}`)\n"
        f"  web UI: http://{shown}:{port}/ui/#token={secret}\n"
        f"  curl -s http://{shown}:{port}/sparql -H \"Authorization: Bearer $(cat {path})\" \\\n"
        f"       --data-urlencode 'query=SELECT * WHERE {{ ?s ?p ?o }} LIMIT 5'"
    )


def first_run(settings: Settings, host: str, port: int) -> str:
    """Create the local admin token when due, and say how to authenticate (printed by serve).

    >>> import tempfile, pathlib
    >>> s = Settings(store="memory", home=pathlib.Path(tempfile.mkdtemp()))
    >>> first_run(s, "127.0.0.1", 8000).splitlines()[0].startswith("Local admin token:")
    True
    >>> "8000/ui/#token=ipas_" in first_run(s, "127.0.0.1", 8000).splitlines()[1]
    True
    >>> first_run(s, "0.0.0.0", 8000).splitlines()[-1].startswith("WARNING")
    True
    """
    tokens = TokenStore(settings.home / "tokens.json")
    path = token_file(settings)
    if path.is_file():
        try:
            secret = path.read_text(encoding="utf-8").strip()
            tokens.verify(secret)
            warning = "" if is_loopback(host) else (
                f"\nWARNING: serving on {host} with the local admin token still active; revoke "
                "it once you have created your own tokens."
            )
            return _usage(path, host, port, secret) + warning
        except Unauthorized:
            path.unlink()  # revoked or expired: forget it
    if not tokens.is_empty():
        return "Authenticate with a token from `ipas token create` (Authorization: Bearer ...)."
    if not is_loopback(host):
        return (
            f"No tokens exist and {host} is not loopback, so none was created. Create one with\n"
            "  ipas token create --name NAME --role admin"
        )
    _, secret = tokens.create(LOCAL_ADMIN, Role.ADMIN)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(secret + "\n")
    return _usage(path, host, port, secret)
