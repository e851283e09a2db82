"""Stage: everything an engine renders, in one folder, checked once.

    build/stage/
      docs/          generated pages, hand-written pages (markers filled),
                     the site's own assets, verified attachments, PDFs, vendor files
      overrides/     the theme templates, with this build's content markers
      <config>       the engine's settings (written by its adapter)
      stage.json     what the finish pass needs: pages, files and where each came from

No engine is imported here. The folder is written beside its final place
and swapped in whole, so a failed stage never leaves half a folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import stat
import sys
from pathlib import Path

import yaml

from kb.check.validation import validate
from kb.content.errors import split
from kb.content.textfile import TextFile
from kb.engines.base import Engine
from kb.offline.edition import edition as version_and_date
from kb.pdf.available import content_version, site_pdfs
from kb.render import extensions
from kb.render.pages import render_pages
from kb.render.charts import chart_files
from kb.render.glossary import PAGE as GLOSSARY_PAGE, tooltip_titles
from kb.render.placeholders import fill
from kb.search import dictionary
from kb.stage.pages import stage_page
from kb.render.audience import BANNER, SITE_SUFFIX, TRAINEE, for_teachers, pdf_folder
from kb.render.teaching import INDEX as TEACHING_INDEX

MANIFEST = "stage.json"
# Browser files installed by npm (package-lock.json) and served from the site.
VENDOR = {"assets/vendor/ResizeObserver.global.js": "node_modules/resize-observer-polyfill/dist/ResizeObserver.global.js"}
POLYFILL_LOADER = "assets/javascripts/resize-observer.js"  # loads the polyfill in old browsers only
ENGINE_KEYS = ("site_name", "site_description", "theme", "extra", "extra_css", "extra_javascript",
               "validation", "nav", "use_directory_urls")


class StageError(Exception):
    """The content or the project cannot be staged: the message is for the organiser."""


def marker(nonce: str, end: bool = False) -> str:
    """The comment our templates put around each page's content."""
    return f"<!--kb-content-{'end' if end else 'begin'} {nonce}-->"


def stage(root: Path, out: Path, engine: Engine, offline: bool = False, edition: str = TRAINEE) -> dict:
    """Validate, render and copy into `out`; return the stage manifest.
    edition: trainee (published) or teacher (kb.render.audience)."""
    col, problems = validate(root)
    errors, warnings = split(problems)
    for w in warnings:
        print(w, file=sys.stderr)
    if errors:
        report = "\n".join(str(e) for e in problems)
        raise StageError(f"{report}\n内容校验失败：共 {len(errors)} 个错误，网站没有生成。请修改后重试。")
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "docs").mkdir(parents=True)
    files: dict[str, dict] = {}

    pdfs, note = site_pdfs(Path(os.environ.get("KB_PDF_DIR") or root / "dist" / "pdf" / pdf_folder(edition)), col,
                           content_version(root), edition)
    if note:
        print(note, file=sys.stderr)
    pages = {}
    for src, text in render_pages(col, frozenset(pdfs), edition).items():
        pages[src] = stage_page(src, text, engine.theme_escapes)
    for path in sorted((root / "docs").rglob("*.md")):
        src = path.relative_to(root / "docs").as_posix()
        if src.startswith("assets/"):
            continue
        file, problems = TextFile.read(path, root, limit=256 * 1024)
        if file is None:
            raise StageError("\n".join(str(p) for p in problems))
        text = fill(file.text, col, src) if "{{" in file.text else file.text
        pages[src] = stage_page(src, text, engine.theme_escapes)
    for src, page in pages.items():
        target = tmp / "docs" / src
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.text, encoding="utf-8")

    for path in sorted((root / "docs" / "assets").rglob("*")):
        if path.is_file():
            _copy(path, tmp / "docs", path.relative_to(root / "docs").as_posix(), "site", files)
    for uri, path in {**col.assets, **pdfs}.items():
        _copy(path, tmp / "docs", uri, "attachment" if uri in col.assets else "pdf", files)
    for case in col.cases.values():  # charts drawn from the figures (kb.render.charts)
        for uri, svg in chart_files(case.model).items():
            _write(svg.encode("utf-8"), tmp / "docs", uri, "chart", files)
    settings = _settings(root, edition)
    for uri, source in VENDOR.items():
        if (root / source).is_file():
            _copy(root / source, tmp / "docs", uri, "vendor", files)
        elif offline:
            raise StageError(f"缺少 {source}：离线版需要它。请先运行 make install（它会用 npm 安装 package-lock.json 里的固定版本）")
        else:
            settings["extra"]["polyfills"] = [p for p in settings["extra"].get("polyfills", []) if p != POLYFILL_LOADER]
            print(f"提示: 没有找到 {source}（未运行 npm 安装）：网站照常生成，只是 2018 年以前的旧浏览器"
                  "不能使用目录和表格的部分功能。正式发布或制作离线版前请运行 make install。", file=sys.stderr)

    nonce = secrets.token_hex(16)
    _copy_overrides(root / "overrides", tmp / "overrides", nonce)
    if offline:
        settings["use_directory_urls"] = False  # file:// has no index.html for a folder
    engine.write_config(tmp, settings)

    ranks = dictionary.page_search(col, pages)
    manifest = {
        "engine": engine.name,
        "offline": offline,
        "edition": edition,
        "nonce": nonce,
        "glossary_page": GLOSSARY_PAGE,
        "use_directory_urls": settings.get("use_directory_urls", True),
        "glossary": tooltip_titles(col.glossary),
        "pages": {src: {"title": p.title, "searchable": p.searchable, **ranks[src]}
                  for src, p in sorted(pages.items())},
        "search": {"names": dictionary.names(col), "synonyms": dictionary.synonyms(col)},
        "bundle": {"scripts": bundled_scripts(settings)},
        "files": files,
    }
    (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    shutil.rmtree(out, ignore_errors=True)
    os.replace(tmp, out)
    return manifest


def bundled_scripts(settings: dict) -> list[str]:
    """The site's own scripts the finish pass joins into one (kb.finish.bundle):
    the polyfill loader, then every extra_javascript entry, in order."""
    entries = [*settings["extra"].get("polyfills", []), *settings.get("extra_javascript", [])]
    # A module, async or deferred script keeps its own tag: joined, it would run differently.
    paths = [entry if isinstance(entry, str) else entry.get("path", "") for entry in entries
             if isinstance(entry, str) or not ({"async", "defer"} & set(entry) or entry.get("type") == "module")]
    return [path for path in paths if path and "://" not in path and not path.startswith("/")]


def _settings(root: Path, edition: str = TRAINEE) -> dict:
    """The engine's settings: mkdocs.yml's site keys, our extensions, the edition
    (version and date; for teachers, 教师用书 in the site's name and the
    teaching notes in the nav)."""
    try:
        project = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise StageError(f"mkdocs.yml:1:1: 错误: 读不出网站设置：{error}") from None
    settings = {key: project[key] for key in ENGINE_KEYS if key in project}
    settings["docs_dir"] = "docs"
    settings["extra"] = dict(settings.get("extra") or {})
    version, date = version_and_date(root)
    settings["extra"]["kb_version"], settings["extra"]["kb_date"] = version, date
    settings["markdown_extensions"] = list(extensions.EXTENSIONS)
    settings["extra"]["kb_edition"] = edition
    settings["extra"]["kb_banner"] = ""
    if for_teachers(edition):
        settings["site_name"] = str(settings.get("site_name", "")) + SITE_SUFFIX
        settings["extra"]["kb_banner"] = BANNER
        settings["nav"] = [*(settings.get("nav") or []), {"教学说明": TEACHING_INDEX}]
    return settings


def _copy(source: Path, docs: Path, uri: str, origin: str, files: dict) -> None:
    """Copy one checked file, refusing links and special files, and record its hash."""
    mode = os.lstat(source)
    if not stat.S_ISREG(mode.st_mode) or mode.st_nlink > 1:
        raise StageError(f"{source}:1:1: 错误: 不是普通文件（符号链接、硬链接或特殊文件），不能发布：请换成文件本身")
    target = docs / uri
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    with os.fdopen(os.open(source, flags), "rb") as src, open(target, "xb") as dst:
        for chunk in iter(lambda: src.read(1 << 20), b""):
            digest.update(chunk)
            dst.write(chunk)
    files[uri] = {"sha256": digest.hexdigest(), "origin": origin}


def _write(data: bytes, docs: Path, uri: str, origin: str, files: dict) -> None:
    """A file the stage made itself, recorded like a copied one."""
    target = docs / uri
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "xb") as dst:
        dst.write(data)
    files[uri] = {"sha256": hashlib.sha256(data).hexdigest(), "origin": origin}


def _copy_overrides(source: Path, target: Path, nonce: str) -> None:
    for path in sorted(source.rglob("*.html")):
        out = target / path.relative_to(source)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(path.read_text(encoding="utf-8").replace("KB_NONCE", nonce), encoding="utf-8")
