"""Every name a module exports in ``__all__`` is defined in it (``segment.__all__`` named
``SEGMENTER_SIGNATURE``, which only a module ``__getattr__`` computes: static tools flag it and
``from aligncheck.segment import *`` depended on that hook)."""

from __future__ import annotations

import importlib
import pkgutil

import aligncheck


def test_every_name_in_all_is_defined_in_its_module():
    missing = []
    for info in pkgutil.walk_packages(aligncheck.__path__, "aligncheck."):
        if info.name.endswith("__main__"):  # runs the CLI
            continue
        module = importlib.import_module(info.name)
        names = getattr(module, "__all__", ())
        assert len(names) == len(set(names)), info.name
        missing += [f"{info.name}.{n}" for n in names if n not in vars(module)]
    assert missing == []
