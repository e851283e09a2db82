"""Approximate figures: 约 1000 亩, 5000 余元, 5000 元以上.

A figure keeps its number in `value` (so it can be compared and sorted) and
the word that makes it approximate in `approx`. Organisers may also type the
word into the value itself ("约1000", "5000余", "1,300"): the model splits it.
Where the word stands on the page depends on the word, as in ordinary Chinese.
"""

from __future__ import annotations

import re

# word -> where it is printed: before the number, between number and unit,
# or after the unit.
APPROX = {
    "约": "before", "近": "before", "将近": "before", "超过": "before", "逾": "before",
    "不到": "before", "不足": "before",
    "余": "number", "多": "number",
    "以上": "unit", "左右": "unit", "以下": "unit",
}
APPROX_WORDS = tuple(APPROX)

_BEFORE = "|".join(sorted((w for w, p in APPROX.items() if p == "before"), key=len, reverse=True))
_AFTER = "|".join(sorted((w for w, p in APPROX.items() if p != "before"), key=len, reverse=True))
_WRITTEN = re.compile(rf"^({_BEFORE})?\s*([0-9][0-9,，]*(?:\.[0-9]+)?)\s*({_AFTER})?$")


def split_written(value):
    """'约1000' -> (1000, '约'); '1,300' -> (1300, None); anything else -> None."""
    if not isinstance(value, str):
        return None
    m = _WRITTEN.match(value.strip())
    if not m or (m.group(1) and m.group(3)):
        return None
    digits = m.group(2).replace(",", "").replace("，", "")
    number = float(digits) if "." in digits else int(digits)
    return number, m.group(1) or m.group(3)


def unit_with_approx_word(unit: str | None) -> str | None:
    """The approximating word an organiser put into the unit ("元以上"), if any."""
    if not unit:
        return None
    for word in sorted(APPROX_WORDS, key=len, reverse=True):
        if APPROX[word] != "before" and unit.endswith(word) and unit != word:
            return word
        if APPROX[word] == "before" and unit.startswith(word) and unit != word:
            return word
    return None


def number_text(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value}"


def show_amount(value, unit: str, approx: str | None) -> str:
    """Plain text (the caller escapes it): 约1000亩, 5000余元, 5000元以上;
    a round figure of ten thousand or more in 万, as the text writes it
    (60000 多斤 -> 6万多斤, 20000 元 -> 2万元)."""
    if value >= 10_000 and value % 1_000 == 0 and not unit.startswith(("万", "亿", "%")):
        number = number_text(value / 10_000) + "万"
    else:
        number = number_text(value)
    place = APPROX.get(approx or "")
    if place == "before":
        return f"{approx}{number}{unit}"
    if place == "number":
        return f"{number}{approx}{unit}"
    if place == "unit":
        return f"{number}{unit}{approx}"
    return f"{number}{unit}"
