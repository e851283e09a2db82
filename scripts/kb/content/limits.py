"""Length limits of text fields, by what the text is for.

A name that fills a screen is a paste gone wrong, and an unbounded one
fills every page, list and search result it appears in. The limits are several times the longest
real values (measured 2026-11: place names 3-4 characters, titles up to 38,
questions up to 65, summaries up to 309), so a correct item never meets them.
"""

from __future__ import annotations

import math

NAME, LABEL, SENTENCE, LONG, URL = 30, 100, 500, 5000, 2000
MAX_NUMBER = 10**15  # far above any real figure (亩, 元, 人); a longer number is a slip

# YAML key -> the longest text allowed in it (each item, for lists).
LIMITS = {
    # names: places, tags, people, units
    "province": NAME, "city": NAME, "county": NAME, "township": NAME, "village": NAME,
    "industries": NAME, "themes": NAME, "focus": NAME, "name": NAME, "speaker": NAME,
    "unit": NAME, "edition": NAME, "parts_name": NAME,
    # one line: titles, labels, roles
    "title": LABEL, "label": LABEL, "models": LABEL, "role": LABEL, "publisher": LABEL,
    "author": LABEL, "audience": LABEL,
    # long texts
    "summary": LONG, "intro": LONG, "about": LONG, "cases": LONG, "courses": LONG, "handbooks": LONG,
    "url": URL,
}
WHAT = {NAME: "名称应简短", LABEL: "标题或名称应在一行以内", SENTENCE: "这一项应是一两句话",
        LONG: "概要应简明", URL: "网址"}


def within_limits(value, field: str):
    """value unchanged, or ValueError with a Chinese message (pydantic reports
    it at the field). Strings and lists of strings are checked."""
    limit = LIMITS.get(field, SENTENCE)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not math.isfinite(value) or abs(value) > MAX_NUMBER:
            raise ValueError(f"「{value if len(str(value)) < 20 else str(value)[:20] + '…'}」不是一个合理的数字："
                             f"请写普通的数字（最多 16 位），例如 1300 或 2.5")
    elif isinstance(value, str):
        if len(value) > limit:
            raise ValueError(_message(value, limit))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            if isinstance(item, str) and len(item) > limit:
                raise ValueError(f"第 {i + 1} 项" + _message(item, limit))
    return value


def _message(value: str, limit: int) -> str:
    return (f"太长（{len(value)} 个字符，最多 {limit} 个）：{WHAT.get(limit, '请精简')}。"
            f"开头是「{value[:12]}…」；较长的说明请写进 summary、note 或 case.md")
