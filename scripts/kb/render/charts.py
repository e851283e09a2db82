"""A case's series of figures drawn at build time as a small bar chart.

Figures that share a `series` name and have a year form a series; with two
years or more the site page shows an SVG image (no chart library in the
browser) and, beside it, the numbers as a table for screen readers and
print. A value two sources give differently is drawn as two bars, each
marked with its source's number, never averaged or picked.
"""

from __future__ import annotations

import html
import re

from kb.content.amounts import show_amount
from kb.render.conflicts import CONFLICT
from kb.render.markdown import esc, show_date

WIDTH, HEIGHT = 480, 260
LEFT, RIGHT, TOP, BOTTOM = 16, 16, 44, 40
BAR, GAP = 34, 6
INK, MUTED, FILL, OTHER = "#1f2937", "#4b5563", "#2a6f97", "#b45309"  # AA on the white card


def _year(date: str | None) -> str | None:
    match = re.match(r"\d{4}", date or "")
    return match.group(0) if match else None


def series(case) -> dict[str, list[tuple[str, list[tuple]]]]:
    """name -> [(year, [(figure label, value, approx, unit, source, is_other)])], years in order."""
    out: dict[str, dict[str, list[tuple]]] = {}
    for f in case.figures:
        year = _year(f.date)
        if not f.series or not year:
            continue
        bars = out.setdefault(f.series, {}).setdefault(year, [])
        bars.append((f.label, f.value, f.approx, f.unit or "", f.source, False))
        for a in f.alternatives:  # same year only: another year is another point
            if _year(a.date or f.date) == year:
                bars.append((f.label, a.value, a.approx, a.unit or f.unit or "", a.source, True))
    return {name: sorted(years.items()) for name, years in out.items() if len(years) >= 2}


def chart_svg(name: str, points: list[tuple[str, list[tuple]]]) -> str:
    """The chart as a standalone SVG document (an image: no script, no link, no outside font)."""
    top = max(v for _, bars in points for _, v, *_ in bars) or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(points)
    parts = [f'<rect width="{WIDTH}" height="{HEIGHT}" rx="6" fill="#ffffff"/>',
             f'<text x="{LEFT}" y="24" font-size="15" fill="{INK}">{html.escape(name)}</text>',
             f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="{MUTED}"/>']
    for i, (year, bars) in enumerate(points):
        group_w = len(bars) * BAR + (len(bars) - 1) * GAP
        x0 = LEFT + slot * i + (slot - group_w) / 2
        for j, (_, value, approx, unit, _, other) in enumerate(bars):
            h = max(1.0, plot_h * 0.82 * value / top)
            x, y = x0 + j * (BAR + GAP), TOP + plot_h - h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{BAR}" height="{h:.1f}" fill="{OTHER if other else FILL}"/>')
            label = show_amount(value, "", approx)
            parts.append(f'<text x="{x + BAR / 2:.1f}" y="{y - 6:.1f}" font-size="12" text-anchor="middle" '
                         f'fill="{INK}">{html.escape(label)}</text>')
        parts.append(f'<text x="{LEFT + slot * i + slot / 2:.1f}" y="{TOP + plot_h + 22}" font-size="13" '
                     f'text-anchor="middle" fill="{INK}">{year}年{"（" + CONFLICT + "）" if len(bars) > 1 else ""}</text>')
    body = "".join(parts)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
            f'font-family="sans-serif" role="img">{body}</svg>\n')


def chart_files(case) -> dict[str, str]:
    """Site path -> SVG text, for the stage to write beside the case page."""
    return {f"cases/{case.id}/{_file(i)}": chart_svg(name, points)
            for i, (name, points) in enumerate(series(case).items(), start=1)}


def _file(i: int) -> str:
    return f"chart-{i}.svg"


def chart_markdown(case, cite) -> list[str]:
    """Each series: the image (its alt text says every number) and the same numbers as a table."""
    out = []
    for i, (name, points) in enumerate(series(case).items(), start=1):
        said = "；".join(f"{year}年 " + "、".join(show_amount(v, u, a) for _, v, a, u, _, _ in bars)
                        for year, bars in points)
        out += ["<figure markdown=\"1\">", "", f"![柱状图：{esc(name)}。{esc(said)}]({case.id}/{_file(i)})", "",
                f"<figcaption>图：{esc(name)}。两个来源数字不同的年份画两根柱子（蓝色为第一个来源的数字，橙色为另一来源的数字），"
                "数字和来源见下表。</figcaption>", "", "</figure>", "",
                f"| 年份 | 指标 | {esc(name)} | 来源 |", "| --- | --- | --- | --- |"]
        for year, bars in points:
            for label, value, approx, unit, source, other in bars:
                mark = f"（{CONFLICT}）" if len(bars) > 1 else ""
                out.append(f"| {show_date(year)} | {esc(label)} | {esc(show_amount(value, unit, approx))}{mark} "
                           f"| {cite.cite(source)} |")
        out.append("")
    return out
