"""The allow-list every page's content HTML passes before it is written.

Content is not trusted (case text is often pasted from web pages): only the
tags and attributes the site itself uses survive, links go to http(s),
mailto or inside the site, and nothing is loaded from outside the site.
The validator (kb.markdown_check) reads the same policy, so what it reports
is exactly what this removes.
"""

from __future__ import annotations

import re

import nh3

TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "nav", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var",
})
# Removed with everything inside: their content is code or styling, never text.
DROP_WITH_CONTENT = frozenset({"script", "style"})

EVERY_TAG = frozenset({"class", "id", "title", "lang", "dir", "aria-label"})
ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start", "type"},
    "li": {"value"},
    "details": {"open"},
    "col": {"span"},
    "colgroup": {"span"},
}
DATA_PREFIX = "data-"
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = frozenset({"href", "src"})

# Why something is removed: the validator turns these into Chinese messages.
TAG = "tag"
ATTRIBUTE = "attribute"
EVENT = "event"
STYLE = "style"
LINK_SCHEME = "link-scheme"
OUTSIDE_RESOURCE = "outside-resource"
MERMAID = "mermaid"
RESERVED = "reserved"
DATA_VALUE = "data-value"

_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.I)
# What a browser ignores inside a URL (WHATWG: tab, newline, leading C0 and space).
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
_PLAIN_DATA = re.compile(r"^[^<>\x00-\x1f\x7f]*$")


def tag_allowed(tag: str) -> bool:
    return tag in TAGS


def attribute_problem(tag: str, name: str, value: str) -> str | None:
    """None when the attribute may stay as it is, else why it is removed.
    class is filtered token by token (see class_value), not here."""
    name = name.lower()
    if name.startswith("on"):
        return EVENT
    if name == "style":
        return STYLE
    if name.startswith(DATA_PREFIX):
        if name.startswith("data-md-"):
            return RESERVED  # Material wires its components (and a GitHub fetch) to these
        return None if _PLAIN_DATA.match(value) and not _SCHEME.match(_URL_NOISE.sub("", value)) else DATA_VALUE
    if name not in EVERY_TAG and name not in ATTRIBUTES.get(tag, ()):
        return ATTRIBUTE
    if name == "id" and value.startswith("__"):
        return RESERVED  # Material's own ids (__search, __config, ...)
    if name == "href":
        return _link_problem(value)
    if name == "src":
        return _resource_problem(value)
    return None


# The classes the site's own Markdown and renderers produce. Content may use
# these and no others: md-* would borrow the theme's components (a fake
# dialog or banner), kb-cover or kb-crumbs would fake the site's own parts.
ADMONITIONS = {"note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success",
               "check", "done", "question", "help", "faq", "warning", "caution", "attention", "failure", "fail",
               "missing", "danger", "error", "bug", "example", "quote", "cite"}
SITE_CLASSES = frozenset(ADMONITIONS | {
    "admonition", "admonition-title", "grid", "cards", "highlight", "codehilite", "footnote", "footnote-ref",
    "footnote-backref", "headerlink", "toc", "kb-filter",
    "kb-todo", "kb-date", "kb-draft", "kb-case-list", "kb-chapter-nav", "kb-pdf", "kb-crumbs", "kb-pager", "kb-search-page",
    "kb-glossary-index", "kb-jumps",
})
# Structural classes of the site that content must not forge (the renderers
# write them into generated pages only): a breadcrumb, the pager.
GENERATED_ONLY = frozenset({"kb-crumbs", "kb-pager", "kb-draft", "kb-search-page", "kb-glossary-index", "kb-jumps"})
# Fenced code: language-yaml, and Pygments' token classes (nt, s2, l-Scalar-Plain).
_CODE_CLASS = re.compile(r"^(?:language-[a-z0-9_+-]{1,30}|[a-zA-Z]{1,3}[0-9]?(?:-[A-Za-z]{1,20}){0,3})$")
_THEME_PREFIXES = ("md-", "kb-")


def class_allowed(token: str) -> bool:
    if token in SITE_CLASSES:
        return True
    return bool(_CODE_CLASS.match(token)) and token != "md" and not token.lower().startswith(_THEME_PREFIXES)


def class_value(value: str) -> tuple[str, list[str]]:
    """The class attribute with only the site's own classes; and the tokens dropped."""
    tokens = value.split()
    kept = [t for t in tokens if class_allowed(t)]
    return " ".join(kept), [t for t in tokens if not class_allowed(t)]


def _link_problem(value: str) -> str | None:
    url = _URL_NOISE.sub("", value)
    scheme = _SCHEME.match(url)
    if scheme:
        return None if scheme.group(1).lower() in LINK_SCHEMES else LINK_SCHEME
    if url[:2] in ("//", "\\\\", "/\\", "\\/"):
        return OUTSIDE_RESOURCE  # another host, whatever the page was opened with
    return None


def _resource_problem(value: str) -> str | None:
    """Images come from inside the site: relative paths only."""
    url = _URL_NOISE.sub("", value)
    if _SCHEME.match(url) or url[:2] in ("//", "\\\\", "/\\", "\\/"):
        return OUTSIDE_RESOURCE
    return None


def _filter(tag: str, name: str, value: str) -> str | None:
    if name == "class":
        kept, _ = class_value(value)
        return kept or None
    return None if attribute_problem(tag, name, value) else value


def sanitize(html: str) -> str:
    """Content HTML with only what the allow-list keeps."""
    return nh3.clean(
        html,
        tags=set(TAGS),
        clean_content_tags=set(DROP_WITH_CONTENT),
        attributes={"*": set(EVERY_TAG), **{tag: set(names) for tag, names in ATTRIBUTES.items()}},
        generic_attribute_prefixes={DATA_PREFIX},
        attribute_filter=_filter,
        url_schemes=set(LINK_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


def text_only(html: str) -> str:
    """HTML reduced to its text, still escaped: for titles in the site's chrome."""
    return nh3.clean(html, tags=set(), clean_content_tags=set(DROP_WITH_CONTENT))
