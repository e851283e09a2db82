"""The benchmark's tables and plot (a small hand-written SVG: no plotting
library to install)."""

from __future__ import annotations

# One table per engine: the pipeline's stages measured alone and together on
# the same staged folder, against the baseline (plain MkDocs + Material).
ENGINE_COLUMNS = [
    ("N", "cases", "{:d}"),
    ("validate CPU s", "validate_cpu_s", "{:.2f}"),
    ("stage CPU s", "stage_cpu_s", "{:.1f}"),
    ("engine CPU s", "engine_cpu_s", "{:.1f}"),
    ("finish CPU s", "finish_cpu_s", "{:.1f}"),
    ("full CPU s", "full_cpu_s", "{:.1f}"),
    ("full wall s", "full_s", "{:.1f}"),
    ("full/engine CPU", "cpu_ratio", "{:.2f}"),
    ("full peak MB", "full_peak_mb", "{:.0f}"),
    ("engine peak MB", "engine_peak_mb", "{:.0f}"),
    ("full/engine peak", "peak_ratio", "{:.2f}"),
    ("(base CPU s)", "base_cpu_s", "{:.1f}"),
    ("full/base CPU", "base_ratio", "{:.2f}"),
    ("site MB", "site_mb", "{:.1f}"),
    ("KB/case", "site_kb_per_case", "{:.1f}"),
    ("index MB", "index_mb", "{:.2f}"),
    ("index ×", "index_ratio", "{:.2f}"),
    ("finish CPU s/MB", "finish_cpu_s_per_mb", "{:.3f}"),
    ("max case KB", "max_case_page_kb", "{:.1f}"),
    ("validate %", "validate_share_pct", "{:.1f}"),
]
# The USB edition (kb-offline --engine mkdocs) against the baseline's site.
EDITION_COLUMNS = [
    ("N", "cases", "{:d}"),
    ("zip MB", "zip_mb", "{:.2f}"),
    ("(base zip MB)", "base_zip_mb", "{:.2f}"),
    ("zip ×", "zip_ratio", "{:.2f}"),
    ("search ms", "search_ms", "{:.0f}"),
    ("(base ms)", "base_search_ms", "{:.0f}"),
    ("search ×", "search_ratio", "{:.2f}"),
]


def engine_row(row: dict, engine: str) -> dict:
    """One size's figures for one engine, with the ones every engine shares."""
    return {**{k: v for k, v in row.items() if k != "engines"}, **row["engines"][engine]}


def _table(columns, rows: list[dict]) -> str:
    lines = ["| " + " | ".join(c[0] for c in columns) + " |", "|" + "|".join("---:" for _ in columns) + "|"]
    lines += ["| " + " | ".join(fmt.format(row[key]) for _, key, fmt in columns) + " |" for row in rows]
    return "\n".join(lines)


def table(rows: list[dict], engine: str) -> str:
    return _table(ENGINE_COLUMNS, [engine_row(r, engine) for r in rows])


def edition_table(rows: list[dict]) -> str:
    return _table(EDITION_COLUMNS, rows)


def svg_plot(rows: list[dict], engines: tuple[str, ...]) -> str:
    """Two panels against N: CPU seconds (each engine's full pipeline and the
    engine alone, the baseline) and site size."""
    colours = {"mkdocs": "#2e7d32", "zensical": "#1565c0"}
    cpu = [(f"{e} full", colours.get(e, "#000"), [engine_row(r, e)["full_cpu_s"] for r in rows], "") for e in engines]
    cpu += [(f"{e} engine", colours.get(e, "#000"), [engine_row(r, e)["engine_cpu_s"] for r in rows], "4 3")
            for e in engines]
    cpu.append(("baseline", "#999", [r["base_cpu_s"] for r in rows], ""))
    size = [(e, colours.get(e, "#000"), [engine_row(r, e)["site_mb"] for r in rows], "") for e in engines]
    size.append(("baseline", "#999", [r["base_site_mb"] for r in rows], ""))
    panels = [("CPU 时间 CPU time (s)", cpu), ("网站大小 site size (MB)", size)]
    width, height, pad = 380, 260, 40
    ns = [r["cases"] for r in rows]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width * 2}" height="{height}" '
             'font-family="sans-serif" font-size="11">']
    for i, (title, series) in enumerate(panels):
        x0 = i * width
        top = max(max(values) for _, _, values, _ in series) or 1

        def point(n, v):
            return (x0 + pad + (n / max(ns)) * (width - 2 * pad), height - pad - (v / top) * (height - 2 * pad))
        parts.append(f'<text x="{x0 + pad}" y="16">{title}</text>')
        parts.append(f'<line x1="{x0 + pad}" y1="{height - pad}" x2="{x0 + width - pad}" y2="{height - pad}" stroke="#999"/>')
        parts.append(f'<line x1="{x0 + pad}" y1="{pad}" x2="{x0 + pad}" y2="{height - pad}" stroke="#999"/>')
        parts.append(f'<text x="{x0 + 4}" y="{pad + 4}">{top:.0f}</text>')
        for n in ns:
            x, _ = point(n, 0)
            parts.append(f'<text x="{x - 10:.0f}" y="{height - pad + 14}">{n}</text>')
        for k, (label, colour, values, dash) in enumerate(series):
            coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(n, v) for n, v in zip(ns, values)))
            style = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"{style}/>')
            parts.append(f'<text x="{x0 + pad + 8}" y="{pad + 4 + 13 * k}" fill="{colour}">{label}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
