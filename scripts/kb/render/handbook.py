"""Handbook pages: the cover with its table of contents, then one page per
part (前言, each chapter, 编后记) read in order with 上一章 / 下一章.

Chapter numbers are added here, never written by organisers. Which handbooks
include a case or a course is derived from the handbooks (included_in), so
it is written once. Only public handbooks are in the collection.
"""

from __future__ import annotations

from dataclasses import dataclass

from kb.render.editorial import cite_text, uncited
from kb.content.chapters import chapter_label
from kb.content.kinds import KINDS
from kb.content.loading import Collection
from kb.render.markdown import TODO, Citations, bullet_list, esc, or_todo, page_head, show_date

UNTITLED = "书名待补充"
EDITORS_ABOUT = "编者说明"
RELATED_NOTE = "以下案例由本站编者按主题关联，供延伸阅读，不属于这本手册的内容。"


def handbook_title(h) -> str:
    """《书名》; an untitled handbook is 《书名待补充》 (its id is internal, never shown)."""
    return f"《{h.title}》" if h.title else f"《{UNTITLED}》"


@dataclass(frozen=True)
class Part:
    """One page of a handbook: slug (file name), label (第 N 章 …), kind, chapter index."""

    slug: str
    label: str
    kind: str  # preface / chapter / afterword
    index: int | None = None


def parts(h) -> list[Part]:
    found = [Part("preface", "前言", "preface")] if h.preface else []
    found += [Part(str(n), chapter_label(n, c.title), "chapter", n - 1) for n, c in enumerate(h.chapters, start=1)]
    return found + ([Part("afterword", "编后记", "afterword")] if h.afterword else [])


# 「第一章」「第 3 章：」 typed into a title: the renderer numbers chapters itself,
# so such a prefix is dropped (the validator warns), never printed twice.
def included_in(col: Collection, kind: str, item_id: str) -> list[tuple[str, int]]:
    """(handbook id, chapter number) for every chapter of a public handbook that includes the item."""
    field = "cases" if kind == "case" else "courses"
    return [(hid, n) for hid, item in col.handbooks.items()
            for n, chapter in enumerate(item.model.chapters, start=1) if item_id in getattr(chapter, field)]


def included_line(col: Collection, kind: str, item_id: str, to_handbooks: str = "../handbooks/") -> list[str]:
    """「收录于《…》第 N 章」 lines for a case or course page (empty when none)."""
    found = included_in(col, kind, item_id)
    if not found:
        return []
    links = [f"[{esc(handbook_title(col.handbooks[hid].model))}第 {n} 章]({to_handbooks}{hid}/{n}.md)" for hid, n in found]
    return [f"收录于{'、'.join(links)}。", ""]


def pdf_line(href: str | None) -> list[str]:
    """The 下载 PDF link, only when that PDF is part of the site."""
    return [f"[下载 PDF（可打印）]({href}){{ .kb-pdf }}", ""] if href else []


def _crumbs(h, here: str | None = None) -> dict:
    from kb.render.wayfinding import HOME, SECTIONS  # shared with the other item pages

    if here is None:
        return {"kb_crumbs": [HOME, SECTIONS["handbook"], [handbook_title(h), None]]}
    return {"kb_crumbs": [HOME, SECTIONS["handbook"], [handbook_title(h), f"handbooks/{h.id}.md"], [here, None]]}


def _item_link(col: Collection, kind: str, item_id: str, prefix: str) -> str:
    items = col.cases if kind == "case" else col.courses
    if item_id not in items:  # private: never shown
        return ""
    return f"[{esc(items[item_id].model.title)}]({prefix}{'cases' if kind == 'case' else 'courses'}/{item_id}.md)"


def _chapter_items(col: Collection, chapter) -> list[tuple[str, str]]:
    return [(k, i) for k, ids in (("case", chapter.cases), ("course", chapter.courses)) for i in ids
            if i in (col.cases if k == "case" else col.courses)]


KIND_WORD = {kind: KINDS[kind].word for kind in ("case", "course")}


def render_handbook(item, col: Collection, meta: dict | None = None, pdf: str | None = None,
                    epub: str | None = None) -> str:
    """The cover and the table of contents; meta: wayfinding keys (breadcrumb, neighbours);
    pdf, epub: links to the print edition and the phone book, when the site carries them."""
    h = item.model
    cite = Citations(col.sources)
    out = page_head(handbook_title(h), h.status, meta={**_crumbs(h), **(meta or {})})
    out += ['!!! abstract "手册信息"', "",
            f"    - **书名**：{or_todo(h.title)}", f"    - **编印单位**：{or_todo(h.publisher)}",
            f"    - **版次**：{or_todo(h.edition)}", f"    - **日期**：{show_date(h.date)}",
            f"    - **读者对象**：{or_todo(h.audience)}", ""]
    out += pdf_line(pdf)
    if epub:
        out += [f"[下载 EPUB（手机阅读软件）]({epub}){{ .kb-pdf }}", ""]
    if h.about:
        out += [f'!!! note "{EDITORS_ABOUT}"', "", f"    {esc(h.about)}", ""]
    out += ["## 目录", ""]
    if not parts(h):
        out += [f"手册目录{TODO}。", ""]
    for part in parts(h):
        out.append(f"- [{esc(part.label)}]({h.id}/{part.slug}.md)")
        if part.kind == "chapter":
            for kind, item_id in _chapter_items(col, h.chapters[part.index]):
                out.append(f"    - {KIND_WORD[kind]}：{_item_link(col, kind, item_id, '../')}")
    out.append("")
    related = [link for link in (_item_link(col, "case", c, "../") for c in h.related_cases) if link]
    if related:
        out += ["## 本站关联案例", "", RELATED_NOTE, "", bullet_list(related), ""]
    if h.sources:
        out.append(cite.section(h.sources))
    return "\n".join(out)


def _neighbour_links(h, index: int, all_parts: list[Part]) -> list[str]:
    links = []
    if index > 0:
        prev = all_parts[index - 1]
        links.append(f"[← 上一章：{esc(prev.label)}]({prev.slug}.md)")
    links.append(f"[目录](../{h.id}.md)")
    if index + 1 < len(all_parts):
        nxt = all_parts[index + 1]
        links.append(f"[下一章：{esc(nxt.label)} →]({nxt.slug}.md)")
    return [" · ".join(links), "{: .kb-chapter-nav }", ""]


def render_part(item, col: Collection, part: Part) -> str:
    """One page of the handbook: its own text, then the items it includes."""
    h = item.model
    all_parts = parts(h)
    index = all_parts.index(part)
    # Below the case pages in search: a chapter repeats its cases' summaries.
    out = page_head(part.label, h.status, meta=_crumbs(h, part.label))
    out += [f"所属手册：[{esc(handbook_title(h))}](../{h.id}.md)", ""]
    name = {"preface": h.preface, "afterword": h.afterword}.get(part.kind)
    if part.kind == "chapter":
        name = h.chapters[part.index].text
    cite = Citations(col.sources)
    if name:  # [@id] in the handbook's own text: numbered citations, listed below
        out += [cite_text(item.texts.get(name, "").strip(), cite), ""]
    if part.kind == "chapter":
        for kind, item_id in _chapter_items(col, h.chapters[part.index]):
            model = (col.cases if kind == "case" else col.courses)[item_id].model
            out += [f"## {KIND_WORD[kind]}：{esc(model.title)}", "", esc(uncited(model.summary)), "",
                    f"[阅读{KIND_WORD[kind]}全文]({_item_target(kind, item_id)})", ""]
    if cite.order:
        out += [cite.section(), ""]
    out += _neighbour_links(h, index, all_parts)
    return "\n".join(out)


def _item_target(kind: str, item_id: str) -> str:
    return f"../../{'cases' if kind == 'case' else 'courses'}/{item_id}.md"


def handbook_pages(col: Collection, meta: dict, pdfs: dict[str, str], epubs: dict[str, str] | None = None) -> dict[str, str]:
    """Site path -> Markdown for every public handbook: cover + one page per part.
    pdfs, epubs: site path of a page -> relative link to its PDF / EPUB, for those in the site."""
    pages = {}
    for hid, item in col.handbooks.items():
        cover = f"handbooks/{hid}.md"
        pages[cover] = render_handbook(item, col, meta.get(hid), pdfs.get(cover), (epubs or {}).get(cover))
        for part in parts(item.model):
            pages[f"handbooks/{hid}/{part.slug}.md"] = render_part(item, col, part)
    return pages
