"""Where a handout leads back to: the page's address online and a QR code of
exactly that address, when mkdocs.yml says where the site is (site_url). No
site_url, no address and no code: a handout never guesses a host."""

from __future__ import annotations

import functools
from pathlib import Path

import yaml


@functools.lru_cache(maxsize=8)
def site_url(root: Path) -> str | None:
    try:
        settings = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return None
    url = settings.get("site_url") if isinstance(settings, dict) else None
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        return None
    return url if url.endswith("/") else url + "/"


def page_address(root: Path, path: str) -> str | None:
    """site_url + the page's path (cases/daba/), or None."""
    base = site_url(root)
    return base + path if base else None


def qr_svg(address: str) -> str:
    """An inline SVG QR code (segno, pure Python) encoding exactly `address`."""
    import segno

    return segno.make(address, error="m", micro=False).svg_inline(scale=3, border=2, omitsize=False)
