"""Heading ids in pinyin: short, stable and shareable (#gaiyao, not a dozen
percent-encoded characters), the same on every engine. Both engines call
this as the toc extension's slugify (kb.engines.base)."""

from __future__ import annotations

import functools
import re

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=20_000)  # 概要, 背景, 来源 ... repeat on every page
def slugify(value: str, separator: str = "-") -> str:
    """讨论题（编者） -> taolunti-bianzhe: a Chinese run's syllables joined,
    anything else (2+1, Latin words, punctuation) set apart."""
    from pypinyin import lazy_pinyin  # imported on the first heading only
    words = lazy_pinyin(value, errors=lambda text: [f" {text} "])
    return _NOT_SLUG.sub(separator, "".join(words).lower()).strip(separator)
