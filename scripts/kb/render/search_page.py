"""The search page (search/): kb-search.js fills the holder with the form and
the results; without JavaScript the holder's sentence stays."""

from __future__ import annotations

from kb.render.markdown import front_matter

PAGE = "search.md"


def render_search_page() -> str:
    return (front_matter("搜索", searchable=False) + "# 搜索\n\n"
            '<div class="kb-search-page" markdown="0"><p>搜索需要浏览器运行 JavaScript。'
            "请打开浏览器的 JavaScript，或从首页的目录里找。</p></div>\n")
