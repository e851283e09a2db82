"""The print style: paper, fonts, running header, page numbers, 草稿.

Chinese is set in Noto Serif / Sans CJK SC (SIL Open Font License, Debian's
fonts-noto-cjk), embedded as subsets. Body 10.5 pt (五号), the size Chinese
print uses for body text. Line breaking follows Unicode's rules as Pango
applies them: no line starts with closing punctuation (，。、」）).
"""

from __future__ import annotations

PAPERS = {"A4": ("A4", "22mm 20mm 20mm 20mm"), "A5": ("A5", "16mm 14mm 15mm 14mm")}
# "… Subset" are the same faces cut to the build's characters (kb/pdf/fonts.py).
SERIF = '"Noto Serif CJK SC Subset", "Noto Serif CJK SC", "Noto Serif CJK", serif'
SANS = '"Noto Sans CJK SC Subset", "Noto Sans CJK SC", "Noto Sans CJK", sans-serif'


# Classes of the document's own structure (cover, 目录, parts): documents.py
# writes them around the content, and removes them from the content, so a
# case.md cannot make a page look like the cover. The others the stylesheet
# styles (kb-todo, kb-url, kb-keep) mark text, not pages.
STRUCTURAL = frozenset({"kb-cover", "kb-title", "kb-untitled", "kb-draft", "kb-toc", "kb-part", "kb-part-of",
                        "kb-case", "kb-handout", "kb-questions", "kb-lines", "kb-line", "kb-address", "kb-word"})


def css_string(text: str) -> str:
    """A CSS string literal for any text (a title typed by an organiser)."""
    out = "".join(f"\\{ord(c):x} " if c in '"\\<>\n\r' or ord(c) < 32 else c for c in " ".join(text.split()))
    return f'"{out}"'


def stylesheet(paper: str, header: str, footer: str, draft: bool, banner: str = "") -> str:
    """banner: the teacher edition's 教师用书 line, at the top of every page (the cover's too)."""
    size, margin = PAPERS[paper]
    mark = f"@top-right {{ content: {css_string('草稿')}; font: bold 10pt {SANS}; color: #b00020; }}" if draft else ""
    if banner:  # first in the running head, so no long title squeezes it
        header = f"{banner}　｜　{header}"
    return f"""
@page {{
  size: {size}; margin: {margin};
  @top-center {{ content: {css_string(header)}; font: 9pt {SANS}; color: #444; }}
  @bottom-right {{ content: "第 " counter(page) " 页 共 " counter(pages) " 页"; font: 9pt {SANS}; white-space: nowrap; }}
  @bottom-left {{ content: {css_string(footer)}; font: 7.5pt {SANS}; color: #666; }}
  {mark}
}}
@page cover {{
  @top-center {{ content: none; }} @bottom-right {{ content: none; }} @bottom-left {{ content: none; }}
  {f"@top-center {{ content: {css_string(banner)}; font: bold 9pt {SANS}; color: #7a4a00; }}" if banner else ""}
}}
html {{ font-family: {SERIF}; font-size: 10.5pt; line-height: 1.75; color: #000; }}
body {{ margin: 0; text-align: justify; orphans: 2; widows: 2; }}
h1, h2, h3, h4, h5, h6 {{ font-family: {SANS}; line-height: 1.4; break-after: avoid; break-inside: avoid;
  text-align: left; }}
h1 {{ font-size: 18pt; margin: 0 0 12pt; break-before: page; bookmark-level: 1; }}
h2 {{ font-size: 14pt; margin: 16pt 0 8pt; bookmark-level: 2; }}
h3 {{ font-size: 12pt; margin: 12pt 0 6pt; bookmark-level: none; }}
h4, h5, h6 {{ font-size: 10.5pt; margin: 10pt 0 4pt; bookmark-level: none; }}
.kb-case > h2:first-child {{ break-before: page; }}
.kb-handout h1 {{ break-before: auto; }}
.kb-handout h2 {{ bookmark-level: 2; }}
p, li {{ margin: 0 0 6pt; }}
.kb-date, .kb-nobr {{ white-space: nowrap; }}
p, li, td, th {{ line-break: strict; }}
table {{ border-collapse: collapse; width: 100%; margin: 6pt 0 10pt; font-size: 10.5pt; }}
table.kb-keep {{ break-inside: avoid; }}
th, td {{ border: 0.5pt solid #555; padding: 3pt 5pt; text-align: left; vertical-align: top; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; }}
blockquote {{ margin: 6pt 0 6pt 1.5em; padding-left: 0.8em; border-left: 2pt solid #999; }}
code, .kb-url {{ font-family: {SANS}; font-size: 9.5pt; overflow-wrap: anywhere; word-break: break-all; }}
.admonition {{ border: 0.75pt solid #777; padding: 4pt 8pt; margin: 8pt 0; break-inside: avoid; }}
.admonition-title {{ font-family: {SANS}; font-weight: bold; margin-bottom: 2pt; }}
.kb-todo {{ font-family: {SANS}; font-weight: bold; border: 0.75pt dashed #000; padding: 0 2pt; }}
.kb-cover {{ page: cover; text-align: center; padding-top: 45mm; }}
.kb-cover .kb-title {{ font: bold 24pt/1.5 {SANS}; margin-bottom: 30mm; }}
.kb-cover .kb-untitled {{ color: #444; }}
.kb-cover dl {{ display: inline-block; text-align: left; font-size: 11pt; }}
.kb-cover dt {{ float: left; clear: left; width: 6em; font-family: {SANS}; }}
.kb-cover dd {{ margin: 0 0 4pt 6em; }}
.kb-cover .kb-draft {{ margin-top: 20mm; font: bold 14pt {SANS}; color: #b00020; }}
.kb-toc {{ break-before: page; }}
.kb-toc h1 {{ break-before: auto; bookmark-level: 1; }}
.kb-toc ul {{ list-style: none; padding: 0; margin: 0; }}
.kb-toc ul ul {{ padding-left: 2em; }}
.kb-toc li {{ margin: 0 0 3pt; text-align: left; }}
.kb-toc a {{ color: inherit; text-decoration: none; }}
strong, b, th {{ font-family: {SANS}; font-weight: bold; }}  /* 黑体 for emphasis: one bold face less to embed */
em, i {{ font-style: normal; font-family: {SANS}; }}  /* no slanted Chinese: CJK fonts have no italic */
.kb-toc a::after {{ content: leader(". ") target-counter(attr(href), page); }}
.kb-part-of {{ font-family: {SANS}; font-size: 9pt; color: #444; }}
.kb-questions {{ break-before: page; }}
.kb-questions li {{ margin-bottom: 4pt; }}
.kb-lines {{ display: block; margin: 2pt 0 8pt; }}
.kb-line {{ display: block; height: 8mm; border-bottom: 0.5pt solid #888; }}
.kb-address {{ display: flex; align-items: center; gap: 4mm; margin: 2pt 0 8pt; font-size: 9pt; }}
.kb-address svg {{ width: 22mm; height: 22mm; flex: none; }}
.kb-address p {{ margin: 0; }}
.kb-word {{ white-space: nowrap; }}
a {{ color: inherit; text-decoration: none; }}
strong, b, th {{ font-family: {SANS}; font-weight: bold; }}  /* 黑体 for emphasis: one bold face less to embed */
em, i {{ font-style: normal; font-family: {SANS}; }}  /* no slanted Chinese: CJK fonts have no italic */
"""
