"""What the organiser sees before saving.

- the live preview beside the Markdown editor: the site's own Markdown
  extensions (kb.render.extensions) and sanitiser, [@id] shown as the source;
- 「预览」: the real site built from the unsaved content, in a scratch copy of
  the project, served by the desk under /preview/<token>/.
"""

from __future__ import annotations

import re
import secrets
import shutil
import tempfile
import threading
from pathlib import Path

import markdown

from kb.finish.sanitize import sanitize
from kb.render import extensions
from kb.render.editorial import CITE
from kb.desk.checking import CONTENT

PREVIEWS = ".desk-preview"
HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>')
# A picture beside the item, as case.md names it: photo.jpg, never a path.
PICTURE_NAME = re.compile(r"^(?!\.)[\w\u4e00-\u9fff.-]{1,80}\.(png|jpe?g|webp|svg)$", re.IGNORECASE)
_IMG_SRC = re.compile(r'(<img\b[^>]*\bsrc=")([^"/:?#]+)(")')


def picture_links(html: str, base: str) -> str:
    """Point the preview's pictures at the desk's route for the item's files."""
    return _IMG_SRC.sub(lambda m: m.group(1) + base + m.group(2) + m.group(3)
                        if PICTURE_NAME.match(m.group(2)) else m.group(0), html)
KEEP = 3  # previews kept on disk; older ones are removed
# The build reads these besides the content: theme overrides, site settings.
BUILD_FILES = ("mkdocs.yml", "overrides", "node_modules")


def markdown_html(text: str, sources: dict) -> str:
    def cite(match):
        source = sources.get(match.group(1))
        name = (getattr(source, "title", None) or getattr(source, "description", None)) if source else None
        return f"〔来源：{name}〕" if name else f"〔来源 id「{match.group(1)}」不存在〕"

    md = markdown.Markdown(extensions=extensions.names(), extension_configs=extensions.configs())
    html = sanitize(md.convert(CITE.sub(cite, text or "")))
    return HEADERLINK.sub("", html)  # the site's 复制链接 mark means nothing in the editor


def _ignore(folder, names):
    # Drafts stay out, and links: a preview shows nothing from outside the project.
    return [n for n in names if n.endswith((".draft", ".tmp")) or Path(folder, n).is_symlink()]


class PreviewBuilder:
    """Builds one preview at a time (a build takes both cores)."""

    def __init__(self, root: Path):
        self.root = root
        self.lock = threading.Lock()

    def build(self, writes: dict[str, str]) -> str:
        """Build the site with these files changed; returns the preview token."""
        from kb.pipeline import build_site  # the engines are heavy to import: only when asked

        base = self.root / PREVIEWS
        token = secrets.token_hex(8)
        with self.lock, tempfile.TemporaryDirectory(prefix="kb-desk-preview-") as tmp:
            project = Path(tmp) / "project"
            project.mkdir()
            for name in CONTENT + BUILD_FILES:
                source = self.root / name
                if name == "node_modules" and source.is_dir():
                    (project / name).symlink_to(source.resolve(), target_is_directory=True)
                elif source.is_dir() and not source.is_symlink():
                    shutil.copytree(source, project / name, ignore=_ignore)
                elif source.is_file() and not source.is_symlink():
                    shutil.copy2(source, project / name)
            for rel, text in writes.items():
                (project / rel).parent.mkdir(parents=True, exist_ok=True)
                (project / rel).write_text(text, encoding="utf-8")
            site = base / token
            base.mkdir(exist_ok=True)
            build_site(project, site, work=Path(tmp) / "work")
        for old in sorted(base.iterdir(), key=lambda p: p.stat().st_mtime)[:-KEEP]:
            shutil.rmtree(old, ignore_errors=True)
        return token
