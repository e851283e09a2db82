"""Dates and date ranges as organisers write them, and as pages show them.

One written form is documented: 2020, 2020-10, 2020-12-16, and for a range
「2018 至 2020」 (or 「2018-03 至今」). The variants people type by habit are
accepted too: 2018—2020, 2018–2020, 2018-2020, 2018~2020, 2018～2020,
2018到2020, 2018/2020, and dates in Chinese (2018年3月). A value is stored as ISO text: "2018" or
"2018/2020" (an ISO 8601 interval); an open range ends in "..".
"""

from __future__ import annotations

import datetime as dt
import re

DATE = r"\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?"
_SINGLE = re.compile(rf"^({DATE})$")
# Dashes between two whole dates are only a range when the second part is a
# year (4 digits): 2018-03 is a month, 2018-2020 a range.
_RANGE = re.compile(rf"^({DATE})\s*(?:至|到|~|～|—+|–|－|/|-(?=\d{{4}}))\s*({DATE}|今|至今|现在)$")
OPEN_END = ".."

DATE_HELP = "日期写成 2020、2020-10 或 2020-12-16（年-月-日，用半角连字符）"
RANGE_HELP = "时间段写成「2018 至 2020」「2018-03 至 2020-06」或「2018 至今」"


def _to_text(value) -> str:
    if isinstance(value, bool):
        raise ValueError(DATE_HELP)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # YAML reads 2017.07 as the number 2017.07 (and 2017.10 as 2017.1):
        # the month is only a guess, so ask for the hyphen.
        raise ValueError(f"「{value}」不是日期：{DATE_HELP}{_example(repr(value))}")
    if not isinstance(value, str):
        raise ValueError(DATE_HELP)
    return _CHINESE.sub(_from_chinese, value.strip())


# 2018年3月 as people write it in Chinese text: read as 2018-03.
_CHINESE = re.compile(r"(\d{4})\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?)?")


def _from_chinese(m) -> str:
    return "-".join(p for p in m.groups() if p)


# 2017.3, 2017.3.15, 2017/3, 2017。3: a date written with dots or slashes.
_DOTTED = re.compile(r"^(\d{4})\s*[./．。、,，]\s*(\d{1,2})(?:\s*[./．。、,，]\s*(\d{1,2}))?$")


def _example(text: str) -> str:
    """「，例如 2017-03」: the hyphenated form of a date written with dots, if it reads as one."""
    m = _DOTTED.match(text)
    if not m or not 1 <= int(m.group(2)) <= 12 or (m.group(3) and not 1 <= int(m.group(3)) <= 31):
        return ""
    year, month, day = m.group(1), int(m.group(2)), m.group(3)
    shown = f"{year}-{month:02d}" + (f"-{int(day):02d}" if day else "")
    if text.endswith(f".{month}") and month == 1 and not day:  # 2017.10 is read as the number 2017.1
        return f"，例如 {shown}（10 月写成 {year}-10）"
    return f"，例如 {shown}"


def _check_date(text: str) -> str:
    """A real calendar date, zero-padded: 2020-3 -> 2020-03."""
    parts = [int(p) for p in text.split("-")]
    year = parts[0]
    if not 1900 <= year <= 2100:
        raise ValueError(f"年份「{year}」不合理：{DATE_HELP}")
    if len(parts) > 1 and not 1 <= parts[1] <= 12:
        raise ValueError(f"「{text}」的月份应在 1–12 之间：{DATE_HELP}")
    if len(parts) > 2:
        try:
            dt.date(*parts)
        except ValueError:
            raise ValueError(f"日期「{text}」不存在（{parts[1]} 月没有 {parts[2]} 日）") from None
    return "-".join([f"{year:04d}"] + [f"{p:02d}" for p in parts[1:]])


def parse_date(value) -> str:
    """A single (possibly partial) date, as ISO text."""
    text = _to_text(value)
    if _SINGLE.match(text):
        return _check_date(text)
    if _RANGE.match(text):
        raise ValueError(f"这里只能写一个日期，不能写时间段：{DATE_HELP}")
    raise ValueError(f"「{text}」不是日期：{DATE_HELP}{_example(text)}")


def parse_when(value) -> str:
    """A date or a date range, as ISO text ("2018" or "2018/2020" or "2018/..")."""
    text = _to_text(value)
    if _SINGLE.match(text):
        return _check_date(text)
    m = _RANGE.match(text)
    if not m and "/" in text:  # already stored form, e.g. from a schema-aware editor
        m = _RANGE.match(text.replace(OPEN_END, "至今"))
    if not m:
        raise ValueError(f"「{text}」不是日期或时间段：{DATE_HELP}{_example(text)}；{RANGE_HELP}")
    start = _check_date(m.group(1))
    if m.group(2) in ("今", "至今", "现在"):
        return f"{start}/{OPEN_END}"
    end = _check_date(m.group(2))
    if end < start:
        raise ValueError(f"时间段「{text}」的结束早于开始：{RANGE_HELP}")
    return f"{start}/{end}"


def show_single(text: str) -> str:
    labels = ("年", "月", "日")
    return "".join(f"{int(p) if i else p}{labels[i]}" for i, p in enumerate(text.split("-")))


def show_when(value: str) -> str:
    """2020-10 -> 2020年10月; 2018/2020 -> 2018年至2020年; 2018/.. -> 2018年至今."""
    if "/" not in value:
        return show_single(value)
    start, end = value.split("/", 1)
    return f"{show_single(start)}至{'今' if end == OPEN_END else show_single(end)}"
