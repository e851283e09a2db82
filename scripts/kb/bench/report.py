"""The benchmark's table and plot (a small hand-written SVG: no plotting
library to install)."""

from __future__ import annotations

COLUMNS = [
    ("N", "cases", "{:d}"),
    ("validate s", "validate_s", "{:.2f}"),
    ("build s", "build_s", "{:.1f}"),
    ("(base s)", "base_build_s", "{:.1f}"),
    ("build ×", "build_ratio", "{:.2f}"),
    ("peak MB", "peak_mb", "{:.0f}"),
    ("peak ×", "peak_ratio", "{:.2f}"),
    ("site MB", "site_mb", "{:.1f}"),
    ("site ×", "site_ratio", "{:.2f}"),
    ("KB/case", "site_kb_per_case", "{:.1f}"),
    ("index MB", "index_mb", "{:.2f}"),
    ("index ×", "index_ratio", "{:.2f}"),
    ("zip MB", "zip_mb", "{:.2f}"),
    ("zip ×", "zip_ratio", "{:.2f}"),
    ("search ms", "search_ms", "{:.0f}"),
    ("search ×", "search_ratio", "{:.2f}"),
    ("max case KB", "max_case_page_kb", "{:.1f}"),
    ("validate %", "validate_share_pct", "{:.1f}"),
]


def table(rows: list[dict]) -> str:
    head = "| " + " | ".join(c[0] for c in COLUMNS) + " |"
    rule = "|" + "|".join("---:" for _ in COLUMNS) + "|"
    lines = [head, rule]
    for row in rows:
        lines.append("| " + " | ".join(fmt.format(row[key]) for _, key, fmt in COLUMNS) + " |")
    return "\n".join(lines)


def svg_plot(rows: list[dict]) -> str:
    """Two panels: build time and site size against N, ours and baseline."""
    panels = [("构建时间 build time (s)", "build_s", "base_build_s"), ("网站大小 site size (MB)", "site_mb", "base_site_mb")]
    width, height, pad = 360, 240, 40
    ns = [r["cases"] for r in rows]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width * 2}" height="{height}" '
             'font-family="sans-serif" font-size="11">']
    for i, (title, ours, base) in enumerate(panels):
        x0 = i * width
        top = max(max(r[ours], r[base]) for r in rows) or 1
        def point(n, v):
            return (x0 + pad + (n / max(ns)) * (width - 2 * pad), height - pad - (v / top) * (height - 2 * pad))
        parts.append(f'<text x="{x0 + pad}" y="16">{title}</text>')
        parts.append(f'<line x1="{x0 + pad}" y1="{height - pad}" x2="{x0 + width - pad}" y2="{height - pad}" stroke="#999"/>')
        parts.append(f'<line x1="{x0 + pad}" y1="{pad}" x2="{x0 + pad}" y2="{height - pad}" stroke="#999"/>')
        parts.append(f'<text x="{x0 + 4}" y="{pad + 4}">{top:.0f}</text>')
        for n in ns:
            x, _ = point(n, 0)
            parts.append(f'<text x="{x - 10:.0f}" y="{height - pad + 14}">{n}</text>')
        for key, colour, label in ((ours, "#2e7d32", "ours"), (base, "#999", "baseline")):
            coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(r["cases"], r[key]) for r in rows))
            parts.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"/>')
            lx, ly = point(ns[-1], rows[-1][key])
            parts.append(f'<text x="{lx - 40:.0f}" y="{ly - 6:.0f}" fill="{colour}">{label}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
