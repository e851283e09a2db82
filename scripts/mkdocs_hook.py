"""MkDocs adapter: the only code that knows about MkDocs.

It validates the content (refusing to build on any error), adds the generated
pages inside the build (never written into tracked folders), teaches jieba the
content's names and refines Material's search index. Moving to another engine
means rewriting this file only.
"""

from __future__ import annotations

import functools
import io
import json
from html import escape as html_escape
import logging
import os
import sys
from pathlib import Path

import jieba
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kb.render import wayfinding  # noqa: E402
from kb.offline.edition import edition  # noqa: E402
from kb.render.glossary import PAGE as GLOSSARY_PAGE, tooltips  # noqa: E402
from kb.finish.typeset import typeset  # noqa: E402
from kb.render.pages import render_pages  # noqa: E402
from kb.pdf.available import content_version, site_pdfs  # noqa: E402
from kb.render.placeholders import fill  # noqa: E402
from kb.search.hints import apply_hints, page_hints  # noqa: E402
from kb.search.terms import refine_index, user_dictionary, user_words  # noqa: E402
from kb.content.errors import split  # noqa: E402
from kb.finish.csp import add_policy  # noqa: E402
from kb.finish.sanitize import sanitize, text_only  # noqa: E402
from kb.check.validation import validate  # noqa: E402

jieba.setLogLevel(logging.WARNING)
_pages: dict[str, str] = {}
_assets: dict[str, Path] = {}
_col = None  # this build's content, for {{课程列表}} and counts in hand-written pages
_files = None  # this build's files, for links from page meta
_terms: list = [None]  # the glossary's tooltip replacer (kb.glossary.tooltips)
_hints: dict[str, list[str]] = {}
_names: set[str] = set()  # the user dictionary's words (search prefixes)

# Browser files installed by npm (package-lock.json) and served from the site.
VENDOR = {
    "assets/vendor/iframe-worker/shim.js": "node_modules/iframe-worker/shim/index.js",
    "assets/vendor/ResizeObserver.global.js": "node_modules/resize-observer-polyfill/dist/ResizeObserver.global.js",
}
SHIM = "assets/vendor/iframe-worker/shim.js"          # offline search from file:// only
POLYFILL_LOADER = "assets/javascripts/resize-observer.js"  # loads the polyfill in old browsers
_vendor: dict[str, Path] = {}


def _choose_vendor(config, root: Path) -> None:
    """npm is needed only where its files are: the iframe-worker shim only in
    the offline edition (search from file://), the ResizeObserver polyfill in
    both for old browsers. `make site` / `make serve` work with Python alone:
    without node_modules they leave the polyfill out and say what that means;
    the USB edition refuses to build without its files."""
    plugin = config.plugins.get("material/offline")
    offline = bool(plugin and plugin.config.enabled)
    polyfills = [p for p in config.extra.get("polyfills", []) if offline or p != SHIM]
    _vendor.clear()
    for uri, source in VENDOR.items():
        if uri == SHIM and not offline:
            continue
        if (root / source).is_file():
            _vendor[uri] = root / source
        elif offline:
            raise Abort(f"缺少 {source}：离线版需要它。请先运行 make install（它会用 npm 安装 package-lock.json 里的固定版本）")
        else:
            polyfills = [p for p in polyfills if p != POLYFILL_LOADER]
            print(f"提示: 没有找到 {source}（未运行 npm 安装）：网站照常生成，只是在 2018 年以前的旧浏览器里，"
                  f"页面会尝试从外网加载 ResizeObserver 补丁。正式发布或制作离线版前请运行 make install。",
                  file=sys.stderr)
    config.extra["polyfills"] = polyfills


def _refuse_links(files, config) -> None:
    """MkDocs follows symlinks in docs/: a docs/passwd.txt -> /etc/passwd would
    be published. The validator reports them; this guards the build itself."""
    docs = Path(config.docs_dir).resolve()
    for f in files:
        path = Path(f.abs_src_path) if f.abs_src_path else None
        if path is None or not str(path).startswith(str(config.docs_dir)):
            continue
        inside = path.resolve().is_relative_to(docs)
        if path.is_symlink() or not inside or not path.is_file():
            raise Abort(f"docs/{f.src_uri}:1:1: 错误: 这是符号链接或不在项目里的文件，不能发布：请换成文件本身")


def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    col, problems = validate(root)
    errors, warnings = split(problems)
    # Printed, not logged: --strict would turn a logged warning into a failed build.
    for w in warnings:
        print(w, file=sys.stderr)
    if errors:
        report = "\n".join(str(e) for e in problems)
        raise Abort(f"{report}\n内容校验失败：共 {len(errors)} 个错误，网站没有生成。请修改后重试。")
    # Before Material's search plugin cuts any page, so names stay whole.
    _names.clear()
    _names.update(user_words(col))
    jieba.load_userdict(io.StringIO(user_dictionary(sorted(_names, key=lambda w: (-len(w), w)))))
    # PDFs made by `make pdf` for this very content (or the USB edition's,
    # KB_PDF_DIR): copied into site/pdf/ and linked 「下载 PDF」; else no link.
    pdfs, note = site_pdfs(Path(os.environ.get("KB_PDF_DIR") or root / "dist" / "pdf"), col, content_version(root))
    if note:
        print(note, file=sys.stderr)
    _pages.clear()
    _pages.update(render_pages(col, frozenset(pdfs)))
    _assets.clear()
    _assets.update(col.assets)
    _assets.update(pdfs)
    global _col
    _col = col
    # Printed in each page's head on paper (overrides/partials/kb-print-head.html).
    config.extra["kb_version"], config.extra["kb_date"] = edition(root)
    _terms[0] = tooltips(col.glossary)
    _hints.clear()
    _hints.update(page_hints(col))  # words naming a page, for search (kb.search_hints)
    _choose_vendor(config, root)
    return config


def on_files(files, config):
    global _files
    _files = files
    for uri, text in _pages.items():
        files.append(File.generated(config, uri, content=text))
    for uri, path in _assets.items():  # images and attachments beside case.md (kb/attachments.py)
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    _refuse_links(files, config)
    for uri, source in _vendor.items():
        files.append(File.generated(config, uri, abs_src_path=str(source)))
    return files


def on_serve(server, config, builder):
    """Optional content files are watched when they exist (mkdocs.yml's watch
    list refuses a missing path)."""
    root = Path(config.config_file_path).resolve().parent
    for name in ("glossary.yml", "intros.yml"):
        if (root / name).is_file():
            server.watch(str(root / name))
    return server


def on_page_context(context, page, config, nav):
    """Breadcrumb and previous/next of item pages (kb.wayfinding), as links
    relative to the page so they work from file:// too."""
    def href(src):
        target = _files.get_file_from_path(src) if _files else None
        return get_relative_url(target.url, page.url) if target else None
    context["kb_way"] = wayfinding.links(page.meta, href)
    # After search indexed the page: tooltips and typesetting are for readers.
    page.content = typeset(page.content, None if page.file.src_uri == GLOSSARY_PAGE else _terms[0])
    page.content = sanitize(page.content)  # what typesetting added passes the allow-list too
    return context


PRINTED_META = ("description", "author", "subtitle")
UNUSED_META = ("icon", "status", "template", "location")


@event_priority(100)  # before search indexes the page and before any template prints its title
def on_page_content(html, page, config, files):
    """Content is not trusted: the allow-list (kb.sanitize) on every page,
    generated or hand-written. The page title goes into <title>, the header,
    the nav and the search index as HTML: escape it once, here."""
    if "title" in page.meta:  # text from front matter
        page.meta["title"] = html_escape(" ".join(str(page.meta["title"]).split()), quote=False)
    elif "title" not in vars(page):  # the first heading (already HTML) or the file name; a nav title is ours
        page.meta["title"] = text_only(page.title or "")
    for key in PRINTED_META:  # Material prints these as they are, some inside attributes
        if key in page.meta:
            page.meta[key] = html_escape(" ".join(str(page.meta[key]).split()))
    for key in UNUSED_META:  # icon/template name files for the theme to include: not for content
        page.meta.pop(key, None)
    for item in _toc_items(page.toc):
        item.title = text_only(item.title)
    return sanitize(html)


def _toc_items(items):
    for item in items:
        yield item
        yield from _toc_items(item.children)


def on_post_page(output, page, config):
    shim = _vendor.get(SHIM)  # the USB edition's search shim: its one inline script is hashed too
    return add_policy(output, shim=_read(shim) if shim else None)


@functools.lru_cache(maxsize=4)
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def on_post_template(output, template_name, config):
    """404.html is a template, not a page: it gets the same policy."""
    return on_post_page(output, None, config) if template_name.endswith(".html") else output


@event_priority(-50)  # after Material's search plugin wrote the index, before offline
def on_post_build(config):
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.exists():
        return
    index = refine_index(json.loads(path.read_text(encoding="utf-8")))
    located = {_files.get_file_from_path(src): words for src, words in _hints.items()} if _files else {}
    index = apply_hints(index, {f.url: words for f, words in located.items() if f}, _names)
    # UTF-8 instead of \\u escapes: half the bytes for Chinese text.
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, path)


def on_page_markdown(markdown, page, config, files):
    """Hand-written pages (docs/) get lists and counts from the content (kb/placeholders.py)."""
    if _col is not None and not page.file.generated_by and "{{" in markdown:
        return fill(markdown, _col, page.file.src_uri)
    return markdown
