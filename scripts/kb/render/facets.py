"""Grouping cases for the index pages: by county, by industry, by theme.

Every list a reader sees is in pinyin order (碧江区, 江口县, 万山区, 印江县):
code-point order (万, 印, 江) reads as random to a Chinese reader. Groups for
cases with no value (区县待补充, 未分类) come last.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import defaultdict

PLACE_LEVELS = ("province", "city", "county", "township", "village")
NO_CITY, NO_COUNTY = "市州待补充", "区县待补充"
UNSORTED = "未分类"  # a case with no theme, or no industry and no word on why
NO_INDUSTRY = "不涉及具体产业"  # a case whose no_industry says why (田坝溪): not 未分类
LAST = {NO_CITY, NO_COUNTY, UNSORTED, NO_INDUSTRY}


_NOT_IN_ID = re.compile(r"[^\w-]+")


def anchor(text: str) -> str:
    """A heading id that keeps Chinese readable: letters, digits, _ and -
    only, so it is inert in a URL, in attr_list's { #id } and in HTML. A name
    that had to change keeps a short hash of itself: two names, two ids."""
    clean = _NOT_IN_ID.sub("-", text).strip("-")
    if clean and clean == text:
        return clean
    return f"{clean or 'x'}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:6]}"


@functools.lru_cache(maxsize=100_000)
def pinyin_key(text: str) -> tuple:
    """Sort key: pinyin with tone numbers (多音字 by pypinyin's phrase
    dictionary), then the text itself so equal readings keep a fixed order."""
    from pypinyin import Style, lazy_pinyin  # here: its 0.3 s import is for pages, not for validating
    return (text in LAST, [s.lower() for s in lazy_pinyin(text, style=Style.TONE3)], text)


def by_pinyin(items: list, key=lambda item: item) -> list:
    return sorted(items, key=lambda item: pinyin_key(key(item)))


def case_sort_key(case) -> tuple:
    return pinyin_key(case.title)


def county_anchor(place) -> str:
    return anchor(f"{place.city or NO_CITY}-{place.county or NO_COUNTY}")


def by_county(cases: list) -> dict[str, dict[str, list]]:
    """city -> county -> cases, all in pinyin order."""
    groups: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for case in cases:
        groups[case.place.city or NO_CITY][case.place.county or NO_COUNTY].append(case)
    return {city: {county: sorted(groups[city][county], key=case_sort_key) for county in by_pinyin(list(groups[city]))}
            for city in by_pinyin(list(groups))}


def by_values(cases: list, field: str) -> dict[str, list]:
    """value -> cases, for list fields such as industries and themes; a case
    with no value is listed under 未分类 rather than nowhere."""
    groups: dict[str, list] = defaultdict(list)
    for case in cases:
        for value in values_of(case, field):
            groups[value].append(case)
    return {value: sorted(groups[value], key=case_sort_key) for value in by_pinyin(list(groups))}


def values_of(case, field: str) -> list[str]:
    """A case's industries or themes; the group it falls in when it has none."""
    values = list(getattr(case, field))
    if values:
        return values
    return [NO_INDUSTRY if field == "industries" and getattr(case, "no_industry", None) else UNSORTED]
