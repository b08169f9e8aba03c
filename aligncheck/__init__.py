"""aligncheck: align a document with its translation and flag omissions, additions and mismatches.

Importing the package is cheap: no model is loaded and no heavy library is imported until a
check runs. The main entry point for library users is :func:`aligncheck.pipeline.check_documents`.
"""

__all__ = ["__version__"]

#: the one place the version is written: pyproject.toml reads it from here at build time
#: ([tool.setuptools.dynamic]), and every output (signature, SARIF, --version) names it
__version__ = "0.1.0"
