"""IPAS-KG core: namespace, errors, settings, store, validation, ingest, query, security.

The core knows no HTTP and no source format (see ../shared/DESIGN.md, "Floors").
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("ipas-kg")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
