"""Principals, tokens, scopes and audit (see ../shared/DESIGN.md, "Security model")."""
