"""Every generated page: site path -> Markdown text. The build adapter and the
golden tests both call render_pages(); nothing here knows about MkDocs."""

from __future__ import annotations

from kb.render.field_reference import render_field_reference
from kb.render.glossary import PAGE as GLOSSARY_PAGE, render_glossary
from kb.content.loading import Collection
from kb.render.case import render_case
from kb.render.course import render_course, render_programme
from kb.render.handbook import handbook_pages, handbook_title
from kb.render.index_pages import (render_by_county, render_by_values, render_cases_home, render_courses_home,
                           render_handbooks_home)
from kb.render.search_page import PAGE as SEARCH_PAGE, render_search_page
from kb.render.wayfinding import case_meta, course_meta, handbook_meta
from kb.render.audience import TRAINEE, for_teachers
from kb.render.teaching import FOLDER as TEACHING_FOLDER, INDEX as TEACHING_INDEX
from kb.render.teaching import render_teaching, render_teaching_index, teaching_cases

# Item pages live beside these index pages, so no item may take their names.
RESERVED_IDS = {"index", "by-county", "by-industry", "by-theme"}
FIELD_REFERENCE_PAGE = "guide/fields.md"


def pdf_path(kind: str, item_id: str) -> str:
    """Where a PDF sits inside the site (and under dist/pdf/): pdf/<handbook>.pdf, pdf/cases/<case>.pdf,
    and in the teacher edition pdf/teaching/<case>.pdf."""
    return {"handbook": f"pdf/{item_id}.pdf", "teaching": f"pdf/teaching/{item_id}.pdf"}.get(kind, f"pdf/cases/{item_id}.pdf")


def render_pages(col: Collection, pdfs: frozenset = frozenset(), edition: str = TRAINEE) -> dict[str, str]:
    """pdfs: site paths of the PDFs the site carries (built by make pdf); a page
    links 「下载 PDF」 only to a PDF that is really there. edition: the teacher
    edition adds the teaching notes (kb.render.audience)."""
    pages = {
        "cases/index.md": render_cases_home(col),
        "cases/by-county.md": render_by_county(col),
        "cases/by-industry.md": render_by_values(col, "industries", "按产业浏览案例"),
        "cases/by-theme.md": render_by_values(col, "themes", "按主题浏览案例"),
        "courses/index.md": render_courses_home(col),
        "handbooks/index.md": render_handbooks_home(col),
    }
    if col.programme:
        pages["programme.md"] = render_programme(col.programme, col)
    pages[GLOSSARY_PAGE] = render_glossary(col.glossary, col.sources)
    pages[FIELD_REFERENCE_PAGE] = render_field_reference()
    pages[SEARCH_PAGE] = render_search_page()  # 使用说明 › 字段说明, from the models
    # Breadcrumb and previous/next for each item page (kb.wayfinding).
    cases, courses, handbooks = case_meta(col), course_meta(col), handbook_meta(col, handbook_title)
    for case_id, item in col.cases.items():
        pdf = pdf_path("case", case_id)
        pages[f"cases/{case_id}.md"] = render_case(item, col, cases[case_id], pdf=f"../{pdf}" if pdf in pdfs else None,
                                                   edition=edition, site=True)
    for course_id, item in col.courses.items():
        pages[f"courses/{course_id}.md"] = render_course(item, col, courses[course_id])
    links = {f"handbooks/{h}.md": f"../{pdf_path('handbook', h)}" for h in col.handbooks if pdf_path("handbook", h) in pdfs}
    epubs = {f"handbooks/{h}.md": f"../pdf/{h}.epub" for h in col.handbooks if f"pdf/{h}.epub" in pdfs}
    pages.update(handbook_pages(col, handbooks, links, epubs))
    if for_teachers(edition):
        pages[TEACHING_INDEX] = render_teaching_index(col)
        for item in teaching_cases(col):
            pdf = pdf_path("teaching", item.model.id)
            pages[f"{TEACHING_FOLDER}/{item.model.id}.md"] = render_teaching(item, col, f"../{pdf}" if pdf in pdfs else None)
    return pages
