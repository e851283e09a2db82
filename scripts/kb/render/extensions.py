"""The Markdown extensions every renderer uses: the engines (written into the
staged config), the validator's preview and the PDF. One list, so a page
never looks different on paper, in the checker and on the site."""

from __future__ import annotations

# (name, options). toc's slugify is set by each engine's config writer: it is
# a Python callable, not data (kb/engines/).
EXTENSIONS: list[tuple[str, dict]] = [
    ("admonition", {}),
    ("attr_list", {}),
    ("md_in_html", {}),
    # align=, not style=: the sanitiser drops every style attribute
    ("tables", {"use_align_attribute": True}),
    # A link mark after each heading: the reader copies a section's address
    # (kb-toc.js turns a tap on it into 复制链接).
    ("toc", {"permalink": "#", "permalink_title": "复制本节链接"}),
    ("pymdownx.details", {}),
    # fenced code blocks; no custom mermaid fence (it would load unpkg)
    ("pymdownx.superfences", {}),
]


def names() -> list[str]:
    return [name for name, _ in EXTENSIONS]


def configs() -> dict[str, dict]:
    return {name: dict(options) for name, options in EXTENSIONS if options}
