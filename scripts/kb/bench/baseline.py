"""The baseline: the same rendered pages as plain Markdown under plain
mkdocs-material (search + offline plugins, sections in the nav), no hook."""

from __future__ import annotations

import shutil
from pathlib import Path


from kb.engines.base import extensions_yaml
from kb.render.extensions import EXTENSIONS
from kb.render.pages import render_pages
from kb.content.errors import split
from kb.check.validation import validate


def _section(config_text: str, start: str, end: str | None) -> str:
    """A top-level block of our mkdocs.yml, so both sites share the nav."""
    body = config_text.split(f"\n{start}:", 1)[1]
    if end:
        body = body.split(f"\n{end}:", 1)[0]
    return f"{start}:{body.rstrip()}\n"


def markdown_extensions() -> str:
    """Our extensions (kb/render/extensions.py) as an mkdocs.yml block, as the engines get them."""
    return extensions_yaml(EXTENSIONS)


def write_baseline(project: Path, dest: Path) -> None:
    col, problems = validate(project)
    errors, _ = split(problems)  # warnings do not stop a build
    if errors:
        raise ValueError(f"{len(errors)} content errors in {project}")
    shutil.copytree(project / "docs", dest / "docs")
    for uri, text in render_pages(col).items():
        target = dest / "docs" / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    # Plain Material loads this shim from a CDN; with no network its search
    # from file:// never starts, so the baseline gets the same local copy.
    shim = dest / "docs/assets/vendor/iframe-worker/shim.js"
    shim.parent.mkdir(parents=True)
    shutil.copy(project / "node_modules/iframe-worker/shim/index.js", shim)
    ours = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (dest / "mkdocs.yml").write_text("\n".join([
        "site_name: baseline",
        "docs_dir: docs",
        "theme: {name: material, language: zh, font: false}",
        "extra: {generator: false, polyfills: [assets/vendor/iframe-worker/shim.js]}",
        "extra_css: [assets/kb.css]",
        "plugins: [search, offline]",
        markdown_extensions(),
        _section(ours, "nav", None),
    ]), encoding="utf-8")
