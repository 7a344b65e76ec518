"""Principals, tokens, scopes and audit (see ../shared/DESIGN.md, "Security model").

``build_access`` (alias ``build_access_control``) is the factory ``api.app.create_app`` uses
when no access control is passed in; ``AuditLog`` records every query and write.
"""

from ipas.security.audit import AuditLog
from ipas.security.control import TokenAccessControl, build_access_control

build_access = build_access_control

__all__ = ["AuditLog", "TokenAccessControl", "build_access", "build_access_control"]
