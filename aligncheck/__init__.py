"""aligncheck: align a document with its translation and flag omissions, additions and mismatches.

Importing the package is cheap: no model is loaded and no heavy library is imported until a
check runs. The main entry point for library users is :func:`aligncheck.pipeline.check_documents`.
"""

from importlib.metadata import PackageNotFoundError, version

__all__ = ["__version__"]

try:
    #: the installed distribution's version (pyproject.toml), the one version every output names
    __version__ = version("aligncheck")
except PackageNotFoundError:  # pragma: no cover - running from a source tree that is not installed
    __version__ = "0+unknown"
del PackageNotFoundError, version
