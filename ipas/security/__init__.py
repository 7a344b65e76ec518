"""Principals, tokens, scopes and audit (see docs/security.md).

``TokenAccessControl`` decides scopes; ``AuditLog`` records every query and write. The
deployment's factory, which reads batch scopes from the catalog, is
:func:`ipas.access.build_access_control`.
"""

from ipas.security.audit import AuditLog
from ipas.security.control import TokenAccessControl

__all__ = ["AuditLog", "TokenAccessControl"]
