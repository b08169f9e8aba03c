"""Making text from a pull request harmless where it is printed: CI logs, terminals, JSON.

A CI runner reads every line a step prints. GitHub's runner takes a line for a *workflow
command* when, after leading whitespace, it starts with ``::`` (``::error::``, ``::add-mask::``,
``::stop-commands::``), and for a legacy command when it holds ``##[`` anywhere. A terminal obeys
escape sequences, and bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069,
"Trojan Source") make a line read differently from what it holds. Text a pull request controls
(file names, segment text, unit and batch ids, messages built from them) is therefore passed
through one of:

* :func:`neutralise` - one line for a person (error messages, report pieces): every C0/C1
  control character, DEL, U+2028/U+2029 (a line break included) becomes a visible ``\\xNN``,
  every bidi override or isolate a visible ``\\uNNNN``, a ``##[`` becomes ``#\\x23[`` and a
  ``::`` at the start (after whitespace) ``\\x3a:``; nothing else changes (Arabic letters,
  diacritics, the bidi *marks* LRM, RLM and ALM are kept);
* :func:`neutralise_commands` - the same for text whose control characters were already dealt
  with;
* :func:`snippet` - a quoted piece of input in a machine report: as :func:`neutralise` but
  line breaks and TABs kept (no command can start in a JSON string: see :func:`json_safe`);
* :func:`json_safe` - serialised JSON whose values must stay exact: the same characters written
  as ``\\uNNNN`` escapes, so the bytes hold no command, override or line separator while every
  parsed value is unchanged.
"""

from __future__ import annotations

import re

#: bidirectional embeddings, overrides (U+202A-U+202E) and isolates (U+2066-U+2069)
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI_RE = re.compile(f"[{BIDI_CONTROLS}]")
_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_LEGACY_RE = re.compile(r"##\[")
_LEADING_COMMAND_RE = re.compile(r"^(\s*):(?=:)")


def neutralise_commands(text: str) -> str:
    """``text`` with bidi overrides and isolates made visible (``\\u202e``), every ``##[``
    written ``#\\x23[`` and a ``::`` at the start (after whitespace) written ``\\x3a:``.
    Control characters are left alone (see :func:`neutralise`)."""
    text = _BIDI_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    text = _LEGACY_RE.sub(r"#\\x23[", text)
    return _LEADING_COMMAND_RE.sub(r"\1\\x3a", text)


def neutralise(text: str) -> str:
    """``text`` as one harmless line (see the module doc): controls, line breaks included,
    made visible as ``\\xNN``, then :func:`neutralise_commands`."""
    return neutralise_commands(_CONTROL_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", text))


_SNIPPET_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def snippet(text: str) -> str:
    """A quoted piece of input for a machine report (SARIF ``snippet``, JSON ``src_text``): line
    breaks and TABs kept, every other control character (ESC, BEL, CR ...) a visible ``\\xNN``, bidi
    overrides and isolates a visible ``\\uNNNN``."""
    text = _SNIPPET_CONTROL_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return _BIDI_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_JSON_UNSAFE_RE = re.compile(f"[{BIDI_CONTROLS}\u2028\u2029\x7f-\x9f]|##\\[")


def json_safe(serialised: str) -> str:
    """Serialised JSON (``json.dumps(..., ensure_ascii=False)``) with bidi controls, U+2028,
    U+2029, DEL and C1 controls and the ``#`` of every ``##[`` written as ``\\uNNNN`` escapes.
    They can only occur inside strings, where the escape parses to the same character, so the
    decoded document is unchanged; ``json.dumps`` already escapes C0 controls (ESC too)."""
    def esc(m: re.Match) -> str:
        s = m.group()
        return "\\u0023#[" if s == "##[" else f"\\u{ord(s):04x}"

    return _JSON_UNSAFE_RE.sub(esc, serialised)
