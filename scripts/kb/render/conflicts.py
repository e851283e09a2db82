"""One fact, several sources that disagree: every value shown with its source.

A figure or a timeline entry may carry `alternatives` (kb.models.OtherValue,
OtherEvent). The page never picks one silently: each value stands beside its
own citation, marked 「来源说法不一」, and the notes say what differs. When the
values belong to different years (household counts in 2018 and 2021) they are
not a contradiction, and the mark says so instead, unless the content says
they still contradict (`conflict: true`: ages that do not fit their years).
"""

from __future__ import annotations

from kb.content.amounts import show_amount
from kb.render.markdown import Citations, esc, show_date

CONFLICT = "来源说法不一"
BY_YEAR = "各来源年份不同"


def _mark(date, alternatives) -> str:
    said = [a.conflict for a in alternatives if a.conflict is not None]
    if said:
        return CONFLICT if any(said) else BY_YEAR
    same_time = any((a.date or date) == date for a in alternatives)
    return CONFLICT if same_time else BY_YEAR


def figure_value(f, cite) -> str:
    """The 数值 cell: the value, or each source's value with its citation."""
    main = esc(show_amount(f.value, f.unit or "", f.approx))
    if not f.alternatives:
        return main
    shown = [f"{main} {cite.cite(f.source)}"]
    for a in f.alternatives:
        text = esc(show_amount(a.value, a.unit or f.unit or "", a.approx))
        if a.date and a.date != f.date:
            text += f"（{show_date(a.date)}）"
        shown.append(f"{text} {cite.cite(a.source)}")
    return "；".join(shown) + f"（{_mark(f.date, f.alternatives)}）"


def figure_sources(f, cite) -> str:
    ids = [f.source] + [a.source for a in f.alternatives if a.source != f.source]
    return "；".join(cite.cite(s) for s in dict.fromkeys(ids))


def figure_notes(figures) -> list[str]:
    """The lines under a table: what each figure's note and alternatives say."""
    lines = []
    for f in figures:
        said = []
        if f.alternatives:
            said.append(f"{_mark(f.date, f.alternatives)}，本站并列列出，不作取舍。")
        if f.note:
            said.append(esc(f.note))
        said += [esc(a.note) for a in f.alternatives if a.note]
        if said:
            lines.append(f"- **{esc(f.label)}**：" + "".join(said))
    return ["", "**数据说明**", "", *lines] if lines else []


def timeline_line(e, cite) -> str:
    """One timeline bullet; another source's date or wording follows it."""
    line = f"**{show_date(e.date)}**：{esc(e.event)} {cite.cite(e.source)}"
    if not e.alternatives:
        return line
    others = []
    for a in e.alternatives:
        text = "另一来源" + (f"记为 {show_date(a.date)}" if a.date and a.date != e.date else "")
        text += f"称{esc(a.event)}" if a.event else ""
        text += f" {cite.cite(a.source)}"
        others.append(text + (f"，{esc(a.note)}" if a.note else ""))
    return f"{line}（{CONFLICT}：{'；'.join(others)}）"


def figures_table(figures: list, cite: "Citations", date_header: str) -> list[str]:
    lines = [f"| 指标 | 数值 | {date_header} | 来源 |", "| --- | --- | --- | --- |"]
    for f in figures:
        value = figure_value(f, cite)  # 约1000亩, 5000余元; sources that disagree side by side
        lines.append(f"| {esc(f.label)} | {value} | {show_date(f.date) if f.date else '—'} | {figure_sources(f, cite)} |")
    return lines + figure_notes(figures)
