"""Every generated page: site path -> Markdown text. The build adapter and the
golden tests both call render_pages(); nothing here knows about MkDocs."""

from __future__ import annotations

from .loading import Collection
from .render_case import render_case
from .render_course import render_course, render_handbook, render_programme
from .render_index import (render_by_county, render_by_values, render_cases_home, render_courses_home,
                           render_handbooks_home)

# Item pages live beside these index pages, so no item may take their names.
RESERVED_IDS = {"index", "by-county", "by-industry", "by-theme"}


def render_pages(col: Collection) -> dict[str, str]:
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
    for case_id, item in col.cases.items():
        pages[f"cases/{case_id}.md"] = render_case(item, col)
    for course_id, item in col.courses.items():
        pages[f"courses/{course_id}.md"] = render_course(item, col)
    for handbook_id, item in col.handbooks.items():
        pages[f"handbooks/{handbook_id}.md"] = render_handbook(item, col)
    return pages
