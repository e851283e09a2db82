"""One staged page: front matter cut to what the theme may print, the
breadcrumb and previous / next turned into content, the search settings
taken out for our own index (only whether the page is searched at all:
its rank comes from what the page is, kb.search.dictionary).

Generated pages carry kb_crumbs / kb_prev / kb_next and search settings in
their front matter (kb.render.markdown.front_matter); hand-written pages may
carry only what kb.check.front_matter allows. Either way the engine sees
title and description alone, as text.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

import yaml

from kb.check.front_matter import split_front_matter
from kb.render.wayfinding import crumbs_markdown, pager_markdown

PRINTED_KEYS = ("title", "description")  # what the theme prints in <title>, the nav, <meta>
# libyaml: this front matter is generated or already validated, so no line
# marks are needed, and the pure-Python parser was half the stage's time.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class StagedPage:
    src: str            # docs-relative path: cases/daba.md
    text: str           # the Markdown the engine renders
    title: str          # plain text
    searchable: bool = True


def _one_line(value) -> str:
    return " ".join(str(value).split())


def stage_page(src: str, markdown: str, theme_escapes: bool = False) -> StagedPage:
    """theme_escapes: whether the engine's theme escapes front-matter text.
    Neither MkDocs + Material nor Zensical does (they print it into <title>,
    the header and <meta> as it is), so the text is written as HTML entities."""
    front, body, _ = split_front_matter(markdown)
    meta = (yaml.load(front, Loader=_LOADER) if front else None) or {}
    title = _one_line(meta.get("title", "")) or _first_heading(body) or src
    search = meta.get("search") if isinstance(meta.get("search"), dict) else {}
    head = {}
    for key in PRINTED_KEYS:
        if key in meta and meta[key] not in (None, ""):
            text = _one_line(meta[key])
            head[key] = text if theme_escapes else html.escape(text)
    if "title" not in head:
        head["title"] = title if theme_escapes else html.escape(title)
    lines = ["---", *(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in head.items()), "---", ""]
    crumbs, pager = crumbs_markdown(meta, src), pager_markdown(meta, src)
    text = "\n".join(lines + crumbs) + body + ("\n\n" + "\n".join(pager) if pager else "")
    return StagedPage(src, text, title, not search.get("exclude", False))


def _first_heading(body: str) -> str:
    for line in body.split("\n"):
        if line.startswith("# "):
            return html.unescape(_one_line(line[2:]).replace("\\", ""))
    return ""
