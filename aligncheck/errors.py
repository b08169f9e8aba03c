"""The only exceptions aligncheck raises. The CLI maps each to an exit code.

=========================  ====  ==========================================================
exception                  exit  meaning
=========================  ====  ==========================================================
``ConfigError``            2     bad option or configuration value
``InputError``             3     missing, empty, undecodable, unreadable or wrong-script file
``ModelError``             4     model not available (offline, bad path), encoder failure
``AlignCheckError``        123   any other failure inside aligncheck
=========================  ====  ==========================================================

Messages are one line: what is wrong, where (``file:line`` or byte offset) and how to fix it.
"""

from __future__ import annotations


class AlignCheckError(Exception):
    """Base class of every error aligncheck raises on purpose."""

    exit_code = 123


class ConfigError(AlignCheckError):
    """A configuration value or option is invalid (exit code 2)."""

    exit_code = 2


class InputError(AlignCheckError):
    """An input file cannot be used (exit code 3)."""

    exit_code = 3


class ModelError(AlignCheckError):
    """The embedding model cannot be loaded or fails (exit code 4)."""

    exit_code = 4
