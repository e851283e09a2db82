"""Whole documents for paper: a handbook (cover, 目录, 前言, chapters with
their cases and courses, 编后记) and a one-case handout.

Every case printed inside a handbook is the case page of the site (same
renderer), ending with its own numbered source list, URLs printed as text.
"""

from __future__ import annotations

import functools
import html
import re

from kb.render.markdown import TODO, show_date
from kb.render.case import render_case
from kb.render.course import render_course
from kb.render.audience import BANNER, TRAINEE, for_teachers
from kb.render.teaching import render_teaching
from kb.render.editorial import cite_text
from kb.pdf.address import page_address, qr_svg
from kb.offline.edition import edition as content_edition
from kb.render.handbook import KIND_WORD, RELATED_NOTE, UNTITLED, chapter_label, handbook_title, parts
from kb.pdf.layout import STRUCTURAL, stylesheet
from kb.pdf.print_html import to_html as _to_html

SITE = "铜仁市农村综合改革人才培训案例库"


_CLASS = re.compile(r'\sclass="([^"]*)"')
_IMG_SRC = re.compile(r'(<img\b[^>]*?\ssrc=")([^"]*)"')
_NOT_RELATIVE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|[/\\#])")


def to_html(page_markdown: str, shift: int = 0, folder: str = "") -> str:
    """A page's content for paper. folder: where its images are relative to,
    inside the project (a case page: cases/, a handbook's own text:
    handbooks/<id>/): the document's base is the project folder, and the
    writer serves only the checked files at exactly those paths. The PDF's
    structural classes are taken out of the content."""
    body = _CLASS.sub(_content_classes, _to_html(page_markdown, shift))
    if folder:
        body = _IMG_SRC.sub(lambda m: m.group(0) if _NOT_RELATIVE.match(m.group(2))
                            else f'{m.group(1)}{folder}{m.group(2)}"', body)
    return body


def _content_classes(match: re.Match) -> str:
    kept = [t for t in match.group(1).split() if t not in STRUCTURAL]
    return f' class="{" ".join(kept)}"' if kept else ""


def _e(text) -> str:
    return html.escape(str(text))


def _or_todo(value) -> str:
    return _e(value) if value else TODO


def _page(title: str, author: str | None, css: str, body: str) -> str:
    author_meta = f'<meta name="author" content="{_e(author)}">' if author else ""
    return (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{_e(title)}</title>'
            f"{author_meta}<style>{css}</style></head><body>{body}</body></html>")


def _with_id(body: str, tag: str, anchor: str) -> str:
    """Give the first <tag> of a block the id the 目录 points at."""
    return body.replace(f"<{tag}>", f'<{tag} id="{anchor}">', 1)


_OPENING, _CLOSING = "《「『“‘（〈", "》」』”’）〉、，。：；！？"
_SHORT_QUOTE = re.compile(r"([‘“「『][^‘’“”「」『』]{1,6}[’”」』])")


def _words_kept_whole(title: str) -> str:
    """A cover title (24 pt, a few characters a line on A5) breaks between
    words only, never inside one (复盘手 / 册), and 《 》 stay with their word."""
    import logging

    import jieba
    jieba.setLogLevel(logging.WARNING)
    words: list[str] = []
    for i, piece in enumerate(_SHORT_QUOTE.split(title)):  # a short quote (‘三社’) is one word
        words += [piece] if i % 2 else jieba.lcut(piece, HMM=False)
    groups: list[str] = []
    for word in filter(None, words):
        if groups and (word[0] in _CLOSING or groups[-1][-1] in _OPENING):
            groups[-1] += word
        else:
            groups.append(word)
    return "".join(f'<span class="kb-word">{_e(g)}</span>' for g in groups)


def _banner(edition: str) -> str:
    return BANNER if for_teachers(edition) else ""


def _cover(h, version: str, edition: str = TRAINEE) -> str:
    title = (f'<div class="kb-title">{_words_kept_whole(handbook_title(h))}</div>' if h.title
             else f'<div class="kb-title kb-untitled">《{UNTITLED}》</div>')
    rows = [("编印单位", _or_todo(h.publisher)), ("版次", _or_todo(h.edition)),
            ("日期", show_date(h.date)), ("读者对象", _or_todo(h.audience)), ("内容版本", _e(version))]
    facts = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    draft = '<div class="kb-draft">草稿：部分内容待补充</div>' if h.status == "draft" else ""
    copy = f'<div class="kb-draft">{_e(BANNER)}</div>' if for_teachers(edition) else ""
    return f'<section class="kb-cover">{title}<dl>{facts}</dl>{draft}{copy}</section>'


def included_items(col, chapter) -> list[tuple[str, object]]:
    found = [("case", col.cases[i]) for i in chapter.cases if i in col.cases]
    return found + [("course", col.courses[i]) for i in chapter.courses if i in col.courses]


def handbook_parts(item, col, edition: str = TRAINEE):
    """The handbook in reading order, as print HTML (the PDF and the EPUB read
    it the same way): (part, the part's own text, [(kind, item, its page)])."""
    h = item.model
    for part in parts(h):
        chapter = h.chapters[part.index] if part.kind == "chapter" else None
        name = chapter.text if chapter else {"preface": h.preface, "afterword": h.afterword}.get(part.kind)
        text = to_html(cited_text(item.texts.get(name, ""), col), shift=1, folder=f"handbooks/{h.id}/") if name else ""
        pages = [(kind, inner, to_html(render_case(inner, col, edition=edition) if kind == "case" else render_course(inner, col),
                                       shift=1, folder=f"{kind}s/"))
                 for kind, inner in (included_items(col, chapter) if chapter else [])]
        yield part, text, pages


def handbook_html(item, col, version: str, paper: str = "A4", edition: str = TRAINEE) -> str:
    """edition: the teacher's copy carries what the teacher edition adds to the cases."""
    h = item.model
    toc: list[str] = []
    body: list[str] = []
    for part, text, pages in handbook_parts(item, col, edition):
        anchor = f"part-{part.slug}"
        body.append(f'<section class="kb-part"><h1 id="{anchor}">{_e(part.label)}</h1>{text}</section>')
        entries = []
        for j, (kind, included, page) in enumerate(pages, start=1):
            case_anchor = f"{anchor}-{j}"
            body.append(f'<section class="kb-case">{_with_id(page, "h2", case_anchor)}</section>')
            entries.append(f'<li><a href="#{case_anchor}">{KIND_WORD[kind]}：{_e(included.model.title)}</a></li>')
        nested = f"<ul>{''.join(entries)}</ul>" if entries else ""
        toc.append(f'<li><a href="#{anchor}">{_e(part.label)}</a>{nested}</li>')
    back = editors_section(h, col)
    if back:
        body.append(back)
        toc.append('<li><a href="#part-editors">本站编者说明</a></li>')
    contents = f"<ul>{''.join(toc)}</ul>" if parts(h) or back else ""
    if not parts(h):
        contents = f"<p>手册目录{TODO}。</p>" + contents
    toc_html = f'<section class="kb-toc"><h1>目录</h1>{contents}</section>'
    css = stylesheet(paper, handbook_title(h), _footer(col, version), h.status == "draft", _banner(edition))
    return _page(handbook_title(h), h.publisher, css, _cover(h, version, edition) + toc_html + "".join(body))


def cited_text(markdown_text: str, col) -> str:
    """A handbook text's [@id] as numbered citations, with their list after it."""
    from kb.render.markdown import Citations

    cite = Citations(col.sources)
    text = cite_text(markdown_text, cite)
    return f"{text}\n\n{cite.section()}" if cite.order else text


def editors_section(h, col) -> str:
    """What the site says about the handbook (not the book's own text), clearly labelled."""
    from kb.render.markdown import Citations

    if not (h.about or h.related_cases or h.sources):
        return ""
    out = ['<section class="kb-part"><h1 id="part-editors">本站编者说明</h1>',
           '<p class="kb-part-of">以下文字由案例库编者所写，不是手册本身的内容。</p>']
    if h.about:
        out.append(f"<p>{_e(' '.join(h.about.split()))}</p>")
    related = [col.cases[c].model.title for c in h.related_cases if c in col.cases]
    if related:
        out.append(f"<h3>本站关联案例</h3><p>{_e(RELATED_NOTE)}</p><ul>"
                   + "".join(f"<li>{_e(t)}</li>" for t in related) + "</ul>")
    if h.sources:
        out.append(to_html(Citations(col.sources).section(h.sources), shift=1))
    return "".join(out) + "</section>"


def case_html(item, col, version: str, paper: str = "A4", edition: str = TRAINEE) -> str:
    """A one-case handout for class: the case page on paper, the way back to
    it online (when site_url is set), and the 讨论题 last, on a page of their
    own with ruled space to write."""
    case = item.model
    block = to_html(render_case(item, col, edition=edition), shift=0, folder="cases/")
    block, questions = _questions_apart(block)
    head = f'<p class="kb-part-of">{SITE} · 案例讲义 · 内容版本 {_e(version)}</p>' + _address(col, f"cases/{case.id}/")
    css = stylesheet(paper, case.title, _footer(col, version), case.status == "draft", _banner(edition))
    return _page(case.title, None, css, f'<section class="kb-handout">{head}{block}{questions}</section>')


_QUESTIONS = re.compile(r"<h2>讨论题[^<]*</h2>.*?(?=<h2>|\Z)", re.S)
RULED_LINES = 4  # per question: room for a few lines of notes in class


def _questions_apart(body: str) -> tuple[str, str]:
    """(the handout without its 讨论题, the 讨论题 as a page of their own, a
    few ruled lines under each question)."""
    found = _QUESTIONS.search(body)
    if not found:
        return body, ""
    lines = '<span class="kb-line"></span>' * RULED_LINES
    questions = found.group(0).replace("</li>", f'<span class="kb-lines">{lines}</span></li>')
    return body[:found.start()] + body[found.end():], f'<section class="kb-questions">{questions}</section>'


def _address(col, path: str) -> str:
    """The page's address and its QR code, only when mkdocs.yml sets site_url."""
    address = page_address(col.root, path)
    if not address:
        return ""
    return (f'<div class="kb-address">{qr_svg(address)}<p>网上阅读本案例（可扫码）：<br>'
            f'<span class="kb-url">{_e(address)}</span></p></div>')


def _footer(col, version: str) -> str:
    """The edition's date (the commit's), or the content version when there is none."""
    date = _edition_date(col.root)
    return f"{SITE} · {date}版" if date else f"{SITE} · 内容版本 {version}"


@functools.lru_cache(maxsize=8)
def _edition_date(root) -> str | None:
    return content_edition(root)[1]  # a git call: once per build, not once per document


def teaching_html(item, col, version: str, paper: str = "A4") -> str:
    """A case's teaching note on paper: the teacher edition only."""
    title = f"教学说明：{item.model.title}"
    block = to_html(render_teaching(item, col), shift=0, folder="cases/")
    head = f'<p class="kb-part-of">{SITE} · {_e(BANNER)}</p>'
    css = stylesheet(paper, title, _footer(col, version), False, BANNER)
    return _page(title, None, css, f'<section class="kb-handout">{head}{block}</section>')


__all__ = ["handbook_html", "handbook_parts", "case_html", "teaching_html", "chapter_label", "cited_text", "included_items",
           "editors_section"]
