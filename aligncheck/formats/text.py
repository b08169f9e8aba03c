"""Plain text: each file is one document, paragraphs split into sentences (or one segment a
line in ``lines`` mode); the fallback for any extension no other reader claims."""

from __future__ import annotations

from ..documents import make_document
from .registry import Reader, register_reader

register_reader(Reader("text", "document", (".txt",), make_document))
