"""The languages aligncheck knows: the script each is written in and its English name, in one
place (:mod:`aligncheck.documents` checks a file's script, checks name languages in messages)."""

from __future__ import annotations

#: Script of each language aligncheck knows: ``"arabic"`` or ``"latin"``. Others are not checked.
LANGUAGE_SCRIPTS = {
    "ar": "arabic", "fa": "arabic", "ur": "arabic", "ps": "arabic", "ku": "arabic", "sd": "arabic", "ug": "arabic",
    "en": "latin", "fr": "latin", "de": "latin", "es": "latin", "it": "latin", "pt": "latin", "nl": "latin",
    "id": "latin", "ms": "latin", "tr": "latin", "sv": "latin", "da": "latin", "no": "latin", "pl": "latin",
    "ro": "latin", "cs": "latin", "fi": "latin", "hu": "latin", "sw": "latin",
}  # fmt: skip

#: English names of ISO 639-1 codes
LANGUAGE_NAMES = {
    "ar": "Arabic", "fa": "Persian", "ur": "Urdu", "ps": "Pashto", "ku": "Kurdish", "sd": "Sindhi", "ug": "Uyghur",
    "en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "id": "Indonesian", "ms": "Malay", "tr": "Turkish", "sv": "Swedish", "da": "Danish",
    "no": "Norwegian", "pl": "Polish", "ro": "Romanian", "cs": "Czech", "fi": "Finnish", "hu": "Hungarian",
    "sw": "Swahili", "ru": "Russian", "zh": "Chinese", "he": "Hebrew",
}  # fmt: skip

#: English names of the scripts in :data:`LANGUAGE_SCRIPTS`
SCRIPT_NAMES = {"arabic": "Arabic", "latin": "Latin"}

#: the languages written in the Arabic script
ARABIC_SCRIPT_LANGS = frozenset(code for code, script in LANGUAGE_SCRIPTS.items() if script == "arabic")


def language_name(code: str) -> str:
    """English name of an ISO 639-1 code (the code itself when unknown)."""
    return LANGUAGE_NAMES.get(code, code)
