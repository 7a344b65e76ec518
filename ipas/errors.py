"""The project's typed errors: one base class, a few kinds, each with structured detail.

The API maps each kind to one HTTP status in one exception handler; the CLI maps them to exit
codes. Messages are written for the person who must act on them and never carry internals
(stack traces, file system paths of the server, engine messages that name hidden graphs).
"""

from __future__ import annotations

from typing import Any


class IpasError(Exception):
    """Base of every error this project raises on purpose.

    >>> err = BadInput("unexpected token", source="demo.ttl", line=3, column=7)
    >>> str(err), err.detail["line"]
    ('demo.ttl:3:7: unexpected token', 3)
    """

    status_code = 500
    code = "internal_error"

    def __init__(self, message: str, **detail: Any) -> None:
        super().__init__(message)
        self.message = message
        self.detail: dict[str, Any] = {k: v for k, v in detail.items() if v is not None}

    def to_dict(self) -> dict[str, Any]:
        """The JSON body the API sends for this error."""
        return {"error": self.code, "message": str(self), **self.detail}


class BadInput(IpasError):
    """Input that cannot be read: syntax errors, unknown formats, bad parameters.

    ``source``, ``line`` and ``column`` (when known) locate the problem.
    """

    status_code = 400
    code = "bad_input"

    def __str__(self) -> str:
        where = ":".join(
            str(self.detail[k]) for k in ("source", "line", "column") if k in self.detail
        )
        return f"{where}: {self.message}" if where else self.message


class UnsupportedMediaType(BadInput):
    """A request body whose media type this door does not read."""

    status_code = 415
    code = "unsupported_media_type"


class NotAcceptable(BadInput):
    """No representation the client accepts can be produced."""

    status_code = 406
    code = "not_acceptable"


class Refused(BadInput):
    """Input that is well formed but refused by policy (SERVICE, LOAD, remote contexts, DTDs)."""

    status_code = 400
    code = "refused"


class ValidationFailed(IpasError):
    """Data that parses but does not conform to the shapes.

    ``report`` holds the SHACL results as plain dicts (focus node, path, value, severity,
    message, source shape) so that the API and CLI can show them without rdflib.
    """

    status_code = 422
    code = "validation_failed"


class InvalidParameter(IpasError):
    """A typed parameter (saved query, REST filter) that does not fit its declared type."""

    status_code = 422
    code = "invalid_parameter"


class NotFound(IpasError):
    status_code = 404
    code = "not_found"


class Unauthorized(IpasError):
    """No credentials, or credentials that are unknown, revoked or expired."""

    status_code = 401
    code = "unauthorized"


class Forbidden(IpasError):
    """The principal is known but its role does not allow the action."""

    status_code = 403
    code = "forbidden"


class Conflict(IpasError):
    status_code = 409
    code = "conflict"


class LimitExceeded(IpasError):
    """A configured limit was hit: body size, query length, nesting depth, result rows."""

    status_code = 413
    code = "limit_exceeded"


class QueryTimeout(IpasError):
    """A query ran past its wall-clock limit and was stopped."""

    status_code = 503
    code = "query_timeout"
