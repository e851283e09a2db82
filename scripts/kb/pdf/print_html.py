"""The Markdown the renderers write for the site, as HTML for paper.

Same engine and extensions as mkdocs.yml (python-markdown), same sanitiser as
the site. On paper a link cannot be followed: links between pages become their
text; an outside address is printed after its text (source lists already
print theirs as text).
"""

from __future__ import annotations

import html
import re

import markdown

from kb.finish.sanitize import sanitize
from kb.finish.typeset import CJK, map_text, typeset
from kb.render import extensions

# The site's extensions (kb.render.extensions) but toc: ids are set here.
EXTENSIONS = [name for name in extensions.names() if name != "toc"]

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
LINK = re.compile(r'<a\b[^>]*?href="([^"]*)"[^>]*>(.*?)</a>', re.S)
HEADING = re.compile(r"<(/?)h([1-6])\b")
ID_ATTR = re.compile(r'\s(id)="[^"]*"')
PDF_LINE = re.compile(r"^\[下载 PDF[^\n]*\n", re.M)


def _unlink(match: re.Match) -> str:
    href, text = html.unescape(match.group(1)), match.group(2)
    if href.startswith(("http://", "https://")) and html.escape(href) not in text:
        return f'{text}（<span class="kb-url">{html.escape(href)}</span>）'
    return text


TABLE = re.compile(r"<table>(.*?)</table>", re.S)
# A table this short is never split; a longer one breaks between rows (its
# header repeated) rather than leaving a quarter of a page blank before it.
KEEP_ROWS = 6
# No space between a number and Chinese on paper (1996 年 -> 1996年, as print
# sets it): justified lines stretched that space into a gap, and the CJK
# fonts have no narrow space to put there instead.
_DIGIT_SPACE = re.compile(rf"(?<=[0-9%]) (?=[{CJK}])|(?<=[{CJK}]) (?=[0-9])")
BACK_LINK = re.compile(r'\s*<a\b[^>]*href="#ref-[^"]*"[^>]*>↩[^<]*</a>')
# A citation mark never starts a line alone: it stays with the character before it.
CITED = re.compile(r'([^\s<>])((?:<a\b[^>]*href="#[^"]*"[^>]*>\[\d+\]</a>)+)')


def _keep_short(match: re.Match) -> str:
    # break-inside: avoid on a table taller than the page would leave its
    # heading alone on an empty page; longer tables break between rows.
    rows = match.group(1).count("<tr")
    return f'<table class="kb-keep">{match.group(1)}</table>' if rows <= KEEP_ROWS else match.group(0)


def to_html(page_markdown: str, shift: int = 0) -> str:
    """shift: how many levels to push headings down (a case inside a chapter: 1)."""
    text = PDF_LINE.sub("", FRONT_MATTER.sub("", page_markdown, count=1))
    body = sanitize(markdown.markdown(text, extensions=EXTENSIONS, extension_configs=extensions.configs(), output_format="html"))
    body = typeset(body)  # the site's typesetting: line breaks joined, dates kept whole
    body = map_text(body, lambda text: _DIGIT_SPACE.sub("", text))
    body = BACK_LINK.sub("", body)  # ↩ 1 ↩ 2 after a source: nothing to tap on paper
    body = CITED.sub(r'<span class="kb-nobr">\1\2</span>', body)
    body = LINK.sub(_unlink, body)
    body = ID_ATTR.sub("", body)  # ids are unique per page, not per book
    body = TABLE.sub(_keep_short, body)
    if shift:
        body = HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift)}", body)
    return body
