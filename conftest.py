"""Repository-root conftest: its presence puts the repo root on ``sys.path`` under
pytest's default (prepend) import mode, so ``bench`` is importable from tests even
when pytest is run as ``pytest`` rather than ``python -m pytest``."""
