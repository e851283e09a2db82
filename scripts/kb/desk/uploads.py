"""Pictures dropped into the desk's editor.

The bytes must be a picture Pillow can read, of the type its name says; it
is stored beside the item's Markdown, re-encoded (which drops the camera's
EXIF data, GPS position included) and made smaller when it is over what the
validator allows for a picture (kb.check.attachments.IMAGE_LIMIT).
"""

from __future__ import annotations

import io
import re
import threading
import warnings
from pathlib import Path

from PIL import Image, ImageFile

from kb.check.attachments import IMAGE_LIMIT
from kb.desk.items import DeskError
from kb.desk.saving import atomic_write

UPLOAD_LIMIT = 20 * 1024 * 1024      # what a phone photo sent over WeChat can be
MAX_PIXELS = 50_000_000              # beyond this a "picture" is a decompression bomb
LONGEST_SIDE = 2000                  # wider than any screen the site is read on
TYPES = {"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp"}
_PILLOW = threading.Lock()  # the setting above is global: one upload at a time reads it
SUFFIXES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP"}


def _name(original: str, suffix: str, folder: Path) -> str:
    from pypinyin import lazy_pinyin  # Chinese file names become pinyin: they end up in web addresses

    stem = Path(original).stem
    base = re.sub(r"[^a-z0-9]+", "-", "".join(lazy_pinyin(stem)).lower()).strip("-")[:40] or "tupian"
    name, n = base + suffix, 2
    while (folder / name).exists():
        name, n = f"{base}-{n}{suffix}", n + 1
    return name


def read_picture(data: bytes, file_name: str) -> Image.Image:
    suffix = Path(file_name or "").suffix.lower()
    if len(data) > UPLOAD_LIMIT:
        raise DeskError(f"图片「{file_name}」有 {len(data) // (1024 * 1024)} MB，超过 {UPLOAD_LIMIT // (1024 * 1024)} MB 的上限：请先缩小再放进来", 413)
    if suffix not in SUFFIXES:
        raise DeskError(f"「{file_name}」不是可以放进网站的图片：只收 .jpg、.png、.webp", 415)
    try:
        # WeasyPrint (imported by a preview build) sets LOAD_TRUNCATED_IMAGES
        # for the whole process; a cut-off upload must still be refused.
        with _PILLOW, warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            Image.MAX_IMAGE_PIXELS = MAX_PIXELS
            truncated, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
            try:
                picture = Image.open(io.BytesIO(data))
                picture.load()
            finally:
                ImageFile.LOAD_TRUNCATED_IMAGES = truncated
    except Exception:  # Pillow raises many kinds for a broken or fake file
        raise DeskError(f"「{file_name}」打不开：它不是完好的图片（可能只是改了扩展名）", 415)
    if picture.format not in TYPES:
        raise DeskError(f"「{file_name}」实际是 {picture.format} 格式，不是 .jpg、.png 或 .webp 图片", 415)
    if SUFFIXES[suffix] != picture.format:
        raise DeskError(f"「{file_name}」的扩展名是 {suffix}，内容却是 {picture.format} 图片：请改正扩展名后再放进来", 415)
    return picture


def _encode(picture: Image.Image, fmt: str, quality: int) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG" and picture.mode not in ("RGB", "L"):
        picture = picture.convert("RGB")
    picture.save(out, fmt, **({"quality": quality, "optimize": True} if fmt != "PNG" else {"optimize": True}))
    return out.getvalue()


def store_picture(root: Path, folder_rel: str, data: bytes, file_name: str) -> dict:
    """Check, shrink if needed and store; returns the stored name and what was done."""
    picture = read_picture(data, file_name)
    fmt = picture.format
    resized = False
    if max(picture.size) > LONGEST_SIDE:
        picture.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
        resized = True
    encoded = _encode(picture, fmt, 85)
    if len(encoded) > IMAGE_LIMIT:  # a PNG photo: a JPEG is a tenth of it
        fmt, encoded = "JPEG", _encode(picture, "JPEG", 82)
    side = max(picture.size)
    while len(encoded) > IMAGE_LIMIT and side > 400:
        side = int(side * 0.75)
        picture.thumbnail((side, side))
        encoded, resized = _encode(picture, fmt, 80), True
    folder = root / folder_rel
    name = _name(file_name, TYPES[fmt], folder)
    path = folder / name
    atomic_write(path, encoded)
    return {"name": name, "width": picture.size[0], "height": picture.size[1], "bytes": len(encoded),
            "resized": resized}
