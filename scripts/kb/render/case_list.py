"""The full case list on /cases/: one entry per case (title, place, industry,
status, a one-line summary) in pinyin order, with the data the browser's
filters read (docs/assets/javascripts/kb-filter.js builds the controls: the
sanitiser allows no inline controls or scripts)."""

from __future__ import annotations

import html
import re

from kb.render.editorial import uncited
from kb.render.facets import NO_COUNTY, by_pinyin, case_sort_key, values_of
from kb.render.markdown import esc
from kb.finish.typeset import unfold

FILTERS = (("county", "区县"), ("industry", "产业"), ("theme", "主题"))
SUMMARY_CHARS = 60
_UNSAFE = re.compile(r'[|"{}<>\x00-\x1f\x7f]')  # would end a data value or an attribute list


def _values(case, name: str) -> list[str]:
    if name == "county":
        return [case.place.county or NO_COUNTY]
    return values_of(case, "industries" if name == "industry" else "themes")


def _data(values: list[str]) -> str:
    return "|".join(_UNSAFE.sub("", v) for v in values)


def _in_attr_list(value: str) -> str:
    """Inline Markdown runs before attr_list reads `{ ... }`: a value holding
    `[x](y)` or `*x*` would become a link or emphasis there and break the
    list's data. Backslash escapes are undone in the attribute."""
    return re.sub(r"([\\`*_\[\]()#!])", r"\\\1", value)


def one_line(summary: str) -> str:
    """The summary's first sentence, cut to fit one line on a phone."""
    text = unfold(summary)
    first = re.split(r"(?<=[。！？])", text, maxsplit=1)[0]
    return first if len(first) <= SUMMARY_CHARS else first[:SUMMARY_CHARS].rstrip() + "…"


def _entry(case) -> list[str]:
    place = " · ".join(esc(p) for p in (case.place.county, case.place.township, case.place.village) if p) or "地点待补充"
    status = "草稿" if case.status == "draft" else "已发布"
    industry = "、".join(esc(v) for v in values_of(case, "industries"))
    data = " ".join(f'data-{name}="{_in_attr_list(_data(_values(case, name)))}"' for name, _ in FILTERS)
    return [f"- **[{esc(case.title)}]({case.id}.md)**  ",
            f"  {place} · 产业：{industry} · {status}  ",
            f"  {esc(one_line(uncited(case.summary)))}",  # [@id] marks need the page's source list
            f"  {{ {data} }}"]


def case_list(cases: list) -> list[str]:
    """Markdown lines: the filterable list (md_in_html + attr_list)."""
    if not cases:
        return []
    attrs = [f'class="kb-case-list" data-kb-filter="{" ".join(n for n, _ in FILTERS)}"']
    for name, label in FILTERS:
        values = by_pinyin(list({v for c in cases for v in _values(c, name)}))
        attrs.append(f'data-kb-label-{name}="{label}" data-kb-values-{name}="{html.escape(_data(values))}"')
    out = ["## 全部案例", "", f'<div {" ".join(attrs)} markdown="1">', ""]
    for case in sorted(cases, key=case_sort_key):
        out += _entry(case)
    return out + ["", "</div>", ""]
