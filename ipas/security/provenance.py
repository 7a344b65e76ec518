"""Who may own a batch: the uploader's own agency, unless an admin names another.

A loader token of agency MX-FGR could commit a TLP:RED batch recorded as owned by HSI, and
ownership decides who reads a batch (see :mod:`ipas.security.markings`). The owning agency of a
batch loaded over HTTP is therefore the token's agency; only an admin may load on another
agency's behalf (and the catalog then records both the owner and the admin as uploader).
"""

from __future__ import annotations

from ipas.errors import Forbidden
from ipas.security.principal import Principal, Role


def owning_agency(principal: Principal, requested: str | None) -> str | None:
    """The agency a batch uploaded by ``principal`` is owned by (``requested`` if allowed).

    >>> owning_agency(Principal("mx", Role.LOADER, agency="MX-FGR"), None)
    'MX-FGR'
    >>> owning_agency(Principal("root", Role.ADMIN, agency="HSI"), "MX-FGR")
    'MX-FGR'
    >>> owning_agency(Principal("mx", Role.LOADER, agency="MX-FGR"), "HSI")
    Traceback (most recent call last):
    ipas.errors.Forbidden: a loader of agency 'MX-FGR' may not load on behalf of 'HSI'; \
its batches are owned by its own agency (an admin may load for another agency)
    """
    own = principal.agency
    if requested is None or requested == own:
        return own
    if principal.role is Role.ADMIN and not principal.anonymous:
        return requested
    raise Forbidden(
        f"a {principal.role.value} of agency {own!r} may not load on behalf of {requested!r}; "
        "its batches are owned by its own agency (an admin may load for another agency)",
        field="agency",
    )
