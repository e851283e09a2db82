"""Chinese typesetting fixes applied to each page's finished content HTML.

* A line break in the Markdown source between two Chinese characters becomes
  a space in the browser (「金果子」。 铜仁市): such breaks are removed.
* A date such as 2020年12月 (or a year, 2008 年) must not break across lines: it is wrapped in
  <span class="kb-date"> (white-space: nowrap in kb.css).
* Glossary terms get a tooltip (kb.glossary builds the replacer).

Only text between tags is touched, never tags, attributes, code or
preformatted blocks; everything inserted is escaped.
"""

from __future__ import annotations

import re
from typing import Callable

CJK = r"\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
INLINE = r"(?:a|abbr|b|code|em|i|span|strong|sup|sub|mark|small|u)"
# A line break (with the indentation around it) between Chinese on both
# sides, where a side may be an inline tag that closes after / opens before
# Chinese: 「…茶园</a>\n经营…」 or 「…。\n<strong>…」.
_BREAK = re.compile(
    rf"([{CJK}](?:</{INLINE}>)?)[ \t]*\n[ \t]*(?=[{CJK}]|<{INLINE}\b[^>]*>[{CJK}])")
# A year alone too (2008 年): a table's narrow 时间 column must not wrap it.
_DATE = re.compile(r"(?<!\d)\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?(?:\s*[至到—–-]\s*(?:\d{4}\s*年\s*)?\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?)?")
_TOKEN = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_TAG_NAME = re.compile(r"^</?([a-zA-Z0-9]+)")
_PRE = re.compile(r"(<pre\b.*?</pre>|<script\b.*?</script>|<style\b.*?</style>)", re.S | re.I)
# Where no markup may be added: code, links' own text stays a link, headings
# feed the contents list, abbr already explains itself.
SKIP = {"code", "pre", "script", "style", "a", "abbr", "h1", "h2", "h3", "h4", "h5", "h6", "summary", "title",
        "textarea", "option", "button", "kbd", "samp"}


_FOLD = re.compile(rf"(?<=[{CJK}])\s+(?=[{CJK}])")
_TITLE = re.compile(r"(《[^《》]*》)")


def unfold(text: str) -> str:
    """Plain text (not HTML) with the spaces a folded YAML line left between
    two Chinese characters removed: 改革，\n后来 -> 改革，后来."""
    # A title keeps its own spaces: 《严格作风治理 确保脱贫攻坚成效》.
    text = " ".join(text.split())
    titles = [m.span() for m in _TITLE.finditer(text)]
    return _FOLD.sub(lambda m: m.group(0) if any(a < m.start() < b for a, b in titles) else "", text)


def join_cjk_breaks(html: str) -> str:
    parts = _PRE.split(html)
    return "".join(p if i % 2 else _SPACE_AFTER_STOP.sub(r"\1", _BREAK.sub(r"\1", p)) for i, p in enumerate(parts))


# A space after Chinese punctuation is never meant: it is a folded line of a
# YAML text (「金果子」。 铜仁市), a line break in the Markdown before a number
# (「…金刺梨、\n2008 年」), or follows a run-in heading (**做法。** 村里…).
# Spaces between words (张伟 as a byline) stay.
_SPACE_AFTER_STOP = re.compile(
    rf"([。，、；：！？」』）》](?:</{INLINE}>)?)(?:[ \t]+|[ \t]*\n[ \t]*)(?=[{CJK}0-9]|<{INLINE}\b[^>]*>[{CJK}0-9])")


def _nowrap_dates(text: str) -> str:
    return _DATE.sub(lambda m: f'<span class="kb-date">{m.group(0)}</span>', text)


def map_text(html: str, change: Callable[[str], str], skip=SKIP) -> str:
    """Apply change() to the text between tags, outside the skipped elements.
    The text is HTML (entities stay escaped); change() must keep it so."""
    out, depth = [], 0
    for i, token in enumerate(_TOKEN.split(html)):
        if i % 2:
            name = _TAG_NAME.match(token)
            if name and name.group(1).lower() in skip and not token.endswith("/>"):
                depth += -1 if token.startswith("</") else 1
                depth = max(depth, 0)
            out.append(token)
        else:
            out.append(change(token) if token and depth == 0 else token)
    return "".join(out)


def typeset(html: str, terms: Callable[[str], str] | None = None) -> str:
    """All the fixes above; terms: the glossary's tooltip replacer, if any."""
    html = join_cjk_breaks(html)
    change = (lambda text: terms(_nowrap_dates(text))) if terms else _nowrap_dates
    return map_text(html, change)
