"""Finish: our pass over the engine's output. Only what it writes reaches a reader.

Every file the engine wrote is accounted for, or the build fails:

  page        a staged page (or 404.html): the content between our markers
              is sanitised, typeset and given tooltips; the chrome around it
              is checked (kb.finish.chrome); a CSP goes first in <head>
  theme       a static file of the pinned theme, byte for byte
  staged      a file the stage copied (our assets, vendor files, verified
              attachments, PDFs), byte for byte
  unused      an engine file the site does not use (sitemap, lunr): left out

The theme's stylesheets and ours become one file, and our scripts another
(kb.finish.bundle): the manifest lists them as bundle, with the files each
was made from. Then the search index is written (kb.search.index), and a
manifest of every output file with its kind and hash. The result is written beside site/ and
swapped in whole.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
from pathlib import Path

from kb.finish import sanitize
from kb.finish.bundle import BundleError, Bundler
from kb.finish.chrome import ChromeProblem, check_chrome
from kb.finish.csp import policy_meta
from kb.finish.typeset import typeset
from kb.render.glossary import tooltip_replacer
from kb.search.index import SearchIndex
from kb.stage.stage import MANIFEST, marker

SITE_MANIFEST = "site-manifest.json"  # written beside site/, not into it
_HEAD = re.compile(r"<head\b[^>]*>", re.I)


class FinishError(Exception):
    """Something in the engine's output is not accounted for: the message names it."""


def page_path(src: str, directory_urls: bool) -> str:
    """Where the engine writes a staged page: cases/daba.md -> cases/daba/index.html."""
    stem = src[:-3]
    if not directory_urls or stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


def page_url(path: str) -> str:
    """The page's address relative to the site root, as links write it."""
    return path[: -len("index.html")] if path.endswith("index.html") else path


def finish(stage: Path, built: Path, site: Path, engine) -> dict:
    manifest = json.loads((stage / MANIFEST).read_text(encoding="utf-8"))
    directory_urls = manifest["use_directory_urls"]
    pages = {page_path(src, directory_urls): (src, meta) for src, meta in manifest["pages"].items()}
    staged = manifest["files"]
    replacer = tooltip_replacer(manifest.get("glossary") or {})
    begin, end = marker(manifest["nonce"]), marker(manifest["nonce"], end=True)

    tmp = site.with_name(site.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    index = SearchIndex(manifest["search"]["names"], manifest["search"]["synonyms"])
    written: dict[str, dict] = {}
    problems: list[str] = []
    bundler = Bundler(manifest.get("bundle", {}).get("scripts", []))
    for path in sorted(built.rglob("*")):
        if path.is_symlink():
            problems.append(f"{path.relative_to(built)}: 引擎输出了符号链接")
            continue
        if not path.is_file():
            continue
        rel = path.relative_to(built).as_posix()
        if any(rel == u or (u.endswith("/") and rel.startswith(u)) for u in engine.unused):
            continue
        target = tmp / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if rel.endswith(".html") and (rel in pages or rel == "404.html"):
            src, meta = pages.get(rel, ("404.html", None))
            text = path.read_text(encoding="utf-8")
            if rel == "404.html" and manifest["offline"]:
                text = relative_from_root(text)
            try:
                html, content = finish_page(text, begin, end, engine,
                                             None if src == manifest.get("glossary_page") else replacer)
                html = bundler.page(html, rel)
            except (ChromeProblem, FinishError, BundleError) as problem:
                problems.append(f"{rel}（来自 {src}）: {problem}")
                continue
            if meta and meta["searchable"]:
                index.add_page(page_url(rel), meta["title"], content, meta["rank"], meta["hints"], meta["names"])
            data = html.encode("utf-8")
            kind, digest = "page", hashlib.sha256(data).hexdigest()
        else:
            data = path.read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            if rel in staged and staged[rel]["sha256"] == digest:
                kind = staged[rel]["origin"]
            elif engine.theme_digest(rel) == digest:
                kind = "theme"
            else:
                problems.append(f"{rel}: 这个文件既不是生成的页面，也不是主题或本站的文件，来历不明，不能发布"
                                "（如果是新加的图片或附件，请放进案例文件夹并在 case.md 里引用）")
                continue
        target.write_bytes(data)
        written[rel] = {"kind": kind, "sha256": digest, "bytes": len(data)}
    missing = [rel for rel in pages if rel not in written]
    if missing and not problems:
        problems.append(f"引擎没有生成这些页面：{'、'.join(sorted(missing)[:10])}")
    if problems:
        shutil.rmtree(tmp, ignore_errors=True)
        raise FinishError("网站没有生成：\n" + "\n".join(problems[:50]))
    try:
        bundle(bundler, tmp, written)
    except FinishError:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    for rel, data in index.files().items():
        (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp / rel).write_bytes(data)
        written[rel] = {"kind": "search", "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    out = {"engine": engine.name, "offline": manifest["offline"], "files": dict(sorted(written.items()))}
    shutil.rmtree(site, ignore_errors=True)
    os.replace(tmp, site)
    (stage.parent / SITE_MANIFEST).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return out


def bundle(bundler: Bundler, tmp: Path, written: dict) -> None:
    """Write the site's one stylesheet and one script; leave their sources out."""
    for rel in written:
        if rel.endswith(".js"):
            bundler.script((tmp / rel).read_text(encoding="utf-8"), theme=written[rel]["kind"] == "theme")
    sources = {rel: ((tmp / rel).read_bytes(), written[rel]["kind"])
               for rel in [*(bundler.sheets or []), *bundler.scripts] if rel in written}
    made = bundler.build(sources)
    for rel in [*sources, *(rel + ".map" for rel in sources if rel + ".map" in written)]:
        (tmp / rel).unlink()
        del written[rel]
        with contextlib.suppress(OSError):  # a theme folder left empty (Zensical's classic/)
            (tmp / rel).parent.rmdir()
    for rel, (data, record) in made.items():
        if rel in written:
            raise FinishError(f"{rel}: 这个文件名留给合并后的样式表和脚本，请给文件换个名字")
        (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp / rel).write_bytes(data)
        written[rel] = record


_FROM_ROOT = re.compile(r'(\s(?:href|src)=")/(?!/)')


def relative_from_root(html: str) -> str:
    """The engine writes 404.html's links from the site's root (a server shows
    it at any address). The USB edition has no server: from file:// those
    links leave the folder, so there, at the root, they become relative."""
    html = _FROM_ROOT.sub(r"\1", html)
    return html.replace('"base": "/"', '"base": "."').replace('"search": "/assets/', '"search": "assets/')


# The # after a heading (toc permalink, kb.render.extensions).
_HEADING_LINK = re.compile(r'<a class="headerlink"[^>]*>[^<]*</a>')
_TITLE_LINK = re.compile(r'(<h1\b[^>]*>(?:(?!</h1>).)*?)<a class="headerlink"[^>]*>[^<]*</a>(\s*</h1>)', re.S)

PATH_NAV, NAMED_PATH_NAV = '<nav class="md-path" aria-label="导航栏"', '<nav class="md-path" aria-label="所在栏目"'


def finish_page(html: str, begin: str, end: str, engine, replacer) -> tuple[str, str]:
    """(the finished page, its sanitised content for the search index)."""
    if html.count(begin) != 1 or html.count(end) != 1:
        raise FinishError("找不到（或找到不止一处）正文标记：模板 overrides/main.html 里必须各有一处")
    head, rest = html.split(begin)
    content, tail = rest.split(end)
    chrome = head + tail
    scripts, styles = check_chrome(chrome, engine)
    # The theme names its breadcrumb like the main navigation (导航栏): two
    # landmarks of one name. The breadcrumb gets its own.
    head = head.replace(PATH_NAV, NAMED_PATH_NAV, 1)
    # One allow-list pass, last: what typesetting adds passes it too.
    shown = sanitize.sanitize(typeset(content, replacer))
    # The page's title needs no 复制链接 mark (its address is the page's).
    shown = _TITLE_LINK.sub(r"\1\2", shown)
    page = head + shown + tail
    opened = _HEAD.search(page)
    if not opened:
        raise FinishError("页面没有 <head>")
    page = page[:opened.end()] + policy_meta(scripts, styles) + page[opened.end():]
    return page, _HEADING_LINK.sub("", shown)  # the index reads 概要, not 概要 #
