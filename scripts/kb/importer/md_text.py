"""Word text as Markdown text: shown exactly as written, never read as markup.

A Word paragraph may hold * _ [ ] < > # | by chance; each is escaped so the
page shows the character, not emphasis, a link or an HTML tag. A citation
[@id] of a source in sources.yml is kept (the document was written for this
site); one with full-width brackets (【@id】, typed with the Chinese keyboard)
is corrected to [@id], and one naming no known source is left as text.
Characters the validator refuses (control characters, direction overrides)
and the invisible ones it warns about are removed and counted.
"""

from __future__ import annotations

import re

from kb.check.cite_marks import LOOKS_LIKE_CITE
from kb.content.textfile import FORBIDDEN, INVISIBLE

# Python-Markdown's backslash escapes (and | of the tables extension).
_INLINE = re.compile(r"([\\`*_\[\]{}|])")
# HTML reads &#1 and &copy even without the semicolon: every & that could start one is written &amp;.
_ENTITY = re.compile(r"&(?=[#A-Za-z])")
# What makes a line something else than a paragraph when it starts it.
_LINE_START = [
    (re.compile(r"^([#>])"), r"\\\1"),                       # heading, quote
    (re.compile(r"^([-+])(?=\s|$)"), r"\\\1"),               # list item (* is escaped everywhere)
    (re.compile(r"^-(?=[-\s]*$)"), r"\\-"),                   # a line across (---)
    (re.compile(r"^(\[@[^\]\s]*\]\s*):"), r"\1&#58;"),         # [@id]: would define a link reference
    (re.compile(r"^(\d{1,9})([.)])(?=\s|$)"), r"\1\\\2"),    # numbered list item
    (re.compile(r"^(!!!)"), r"\\\1"),                        # admonition
    (re.compile(r"^\?(?=\?\?)"), "&#63;"),                   # details block
    (re.compile(r"^~(?=~~)"), "&#126;"),                     # fence
    (re.compile(r"^=(?==*\s*$)"), "&#61;"),                  # setext heading underline
]


def without_invisible(text: str) -> str:
    """Text without the characters the validator refuses or warns about."""
    return INVISIBLE.sub("", FORBIDDEN.sub("", text))


class TextCleaner:
    """Escapes text for Markdown; counts what it removed and the citations it could not keep."""

    def __init__(self, sources: set[str]):
        self.sources = sources
        self.removed = 0
        self.unknown_cites: list[str] = []

    def clean(self, text: str) -> str:
        """Text without the characters the validator refuses or warns about; tabs and line ends as spaces."""
        found = len(FORBIDDEN.findall(text)) + len(INVISIBLE.findall(text))
        if found:
            self.removed += found
            text = without_invisible(text)
        return re.sub(r"[\t\r\n\x0b\x0c]", " ", text)

    def inline(self, text: str) -> str:
        """Cleaned, escaped text for the inside of a line (citations of known sources kept)."""
        text = self.clean(text)
        out, last = [], 0
        for m in LOOKS_LIKE_CITE.finditer(text):
            out.append(_escape(text[last:m.start()]))
            if m.group(1) in self.sources:
                out.append(f"[@{m.group(1)}]")
            else:
                # The @ as an entity: shown as written, but neither a citation nor a mistyped one to the validator.
                self.unknown_cites.append(m.group(0))
                out.append(re.sub("[@＠]", lambda a: f"&#{ord(a.group(0))};", _escape(m.group(0)), count=1))
            last = m.end()
        out.append(_escape(text[last:]))
        # "](" reads as a link to Markdown and the validator, even across an escaped "\]" or a kept [@id].
        return "".join(out).replace("](", "]\\(")


def _escape(text: str) -> str:
    text = _ENTITY.sub("&amp;", _INLINE.sub(r"\\\1", text)).replace("<", "&lt;")
    # [@ starts a citation for the validator whatever follows ([@文], [@]): the @ as an entity.
    return text.replace("\\[@", "\\[&#64;")


def line_start(line: str) -> str:
    """A line of a paragraph (escaped already) that cannot start a heading, list, quote or block."""
    line = line.lstrip(" \u3000")  # Word's first-line indent: four spaces would make a code block
    for pattern, replacement in _LINE_START:
        line = pattern.sub(replacement, line, count=1)
    return line


def block(text: str) -> str:
    """A paragraph's escaped text, each of its lines made safe at its start."""
    return "\n".join(line_start(line) for line in text.split("\n"))
