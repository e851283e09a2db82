"""HTML -> PDF with WeasyPrint: offline, reproducible, atomic.

Nothing is fetched but the files the validator checked and the build's fonts
(a page can't make the build reach the network or read any other file). WeasyPrint writes no clock time into the file and names
font subsets from their content, so one commit gives the same bytes; the
test suite checks it.
"""

from __future__ import annotations

import logging
import mimetypes
import os
import stat
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


# Images are checked against kb.check.attachments' limits before this; fonts
# are cut to the build's characters (a few MB at most).
READ_LIMIT = 64 * 1024 * 1024


class Refused(ValueError):
    """A URL the document may not load: WeasyPrint leaves the image out."""


class ProjectOnly(URLFetcher):
    """Serves exactly the files the validated collection accounted for (the
    public items' checked images, site path -> file) and this build's cut
    fonts; refuses every other URL: no http, no data:, no file outside that
    set, so a path written as %2e%2e/ cannot reach /etc/passwd, .git/config,
    a private case's photo, a FIFO or /dev/zero."""

    def __init__(self, root: Path, fonts: Path | None = None, assets: dict | None = None):
        super().__init__(allowed_protocols={"file"}, fail_on_errors=False)
        base = root.resolve()
        self.files: dict[str, Path] = {(base / site_path).as_posix(): Path(path) for site_path, path in (assets or {}).items()}
        if fonts and Path(fonts).is_dir():
            for font in Path(fonts).resolve().iterdir():
                if font.suffix.lower() in (".otf", ".ttf", ".woff", ".woff2") and not font.is_symlink():
                    self.files[font.as_posix()] = font

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            raise Refused(f"not a file of this build: {url[:200]}")
        path = unquote(parts.path)
        segments = [s for s in path.split("/") if s != "."]
        if ".." in segments or "\\" in path or "\x00" in path:
            raise Refused(f"not a file of this build: {url[:200]}")
        file = self.files.get("/".join(segments))
        if file is None:
            raise Refused(f"not a file of this build: {url[:200]}")
        mime = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, _read(file), {"Content-Type": mime}, 200)


def _read(file: Path) -> bytes:
    """The file's bytes, if it is still the regular file that was checked."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(file, flags), "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > READ_LIMIT:
            raise Refused(f"not a regular file of a size to print: {file}")
        data = f.read(READ_LIMIT + 1)
    if len(data) > READ_LIMIT:
        raise Refused(f"too big: {file}")
    return data


def write_pdf(html_text: str, target: Path, root: Path, fonts: Path | None = None, assets: dict | None = None) -> int:
    """Write target (never half-written); returns its number of pages.
    assets: site path -> file, the images the document may show (col.assets)."""
    fetcher = ProjectOnly(root, fonts, assets)
    document = HTML(string=html_text, base_url=root.resolve().as_uri() + "/", url_fetcher=fetcher).render()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    document.write_pdf(tmp)
    os.replace(tmp, target)
    return len(document.pages)
