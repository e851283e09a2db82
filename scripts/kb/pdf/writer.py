"""HTML -> PDF with WeasyPrint: offline, reproducible, atomic.

Nothing is fetched from outside the project (a page can't make the build
reach the network). WeasyPrint writes no clock time into the file and names
font subsets from their content, so one commit gives the same bytes; the
test suite checks it.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from weasyprint import HTML
from weasyprint.urls import URLFetcher

logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


class ProjectOnly(URLFetcher):
    """Files inside the project (case images) and this build's cut fonts, nothing else."""

    def __init__(self, root: Path, fonts: Path | None = None):
        super().__init__(allowed_protocols={"file"})
        self.roots = tuple(p.resolve().as_uri() + "/" for p in (root, fonts) if p)

    def fetch(self, url, headers=None):
        if not url.startswith(self.roots) or "/../" in url:
            raise ValueError(f"not inside the project: {url}")
        return super().fetch(url, headers)


def write_pdf(html_text: str, target: Path, root: Path, fonts: Path | None = None) -> int:
    """Write target (never half-written); returns its number of pages."""
    fetcher = ProjectOnly(root, fonts)
    document = HTML(string=html_text, base_url=root.resolve().as_uri() + "/", url_fetcher=fetcher).render()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    document.write_pdf(tmp)
    os.replace(tmp, target)
    return len(document.pages)
