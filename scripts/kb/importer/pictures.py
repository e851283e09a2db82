"""The pictures of a Word file as files beside case.md: png or jpg the validator accepts.

Each picture is opened with Pillow (a part that only claims to be a picture is
refused here, not published). A png or jpg within the validator's size limit
(kb.check.attachments.IMAGE_LIMIT) is kept byte for byte; anything else (bmp,
gif, tiff, or a photo over the limit) is encoded again, shrunk to the width
the validator's own message advises when it is too big.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps

from kb.check.attachments import IMAGE_LIMIT
from kb.content.textfile import FORBIDDEN, INVISIBLE
from kb.importer.docx_read import DocxImage

MAX_SIDE = 1600          # "宽 1600 像素、另存为 jpg": the validator's advice for a picture too big
NO_ALT = "待补充"
FILE_STEM = "tupian"     # 图片: ASCII names survive every USB stick and zip tool
AUTO_ALT = ("自动生成", "automatically generated")  # Word's machine-written alt text


@dataclass(frozen=True)
class Picture:
    name: str   # file name beside case.md, e.g. tupian-1.jpg
    data: bytes
    alt: str    # the Markdown alt text: the Word alt text, or 待补充


def clean_alt(alt: str) -> str:
    """Alt text that fits inside ![...]: one line, no brackets, no invisible characters."""
    alt = INVISIBLE.sub("", FORBIDDEN.sub("", alt))
    alt = re.sub(r"[\[\]\\]", "", alt)
    return re.sub(r"\s+", " ", alt).strip()[:200]


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)


def _encode(image: Image.Image, as_png: bool, quality: int = 85) -> bytes:
    out = io.BytesIO()
    if as_png:
        image.save(out, "PNG", optimize=True)
    else:
        if image.mode != "RGB":
            flat = Image.new("RGB", image.size, "white")  # jpg has no transparency: white, like the page
            rgba = image.convert("RGBA")
            flat.paste(rgba, mask=rgba.getchannel("A"))
            image = flat
        image.save(out, "JPEG", quality=quality, optimize=True)
    return out.getvalue()


def _open(raw: bytes) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)  # a pixel bomb is refused, not decoded
        with Image.open(io.BytesIO(raw)) as probe:
            if probe.format in ("WMF", "EMF"):
                raise ValueError("metafile")
            probe.verify()  # the file's structure and checksums, before any pixel is decoded
        image = Image.open(io.BytesIO(raw))
        image.load()
    return image


def convert(raw: bytes) -> tuple[bytes, str, str | None]:
    """(file bytes, extension, a Chinese note when the picture was changed visibly).
    ValueError with a Chinese reason when it is no picture a page can show."""
    try:
        image = _open(raw)
    except ValueError as exc:
        if str(exc) == "metafile":
            raise ValueError("是 Windows 图元文件（emf/wmf），网页不能显示：请在 Word 里右键这张图片「另存为图片」"
                             "（选 png），再把它放进案例文件夹") from None
        raise ValueError("无法打开（文件已损坏，或不是图片）") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValueError("像素太多（可能是损坏的文件）：请另存为宽 1600 像素左右的 jpg") from None
    except Exception:  # Pillow raises OSError, SyntaxError, struct.error... for broken files
        raise ValueError("无法打开（文件已损坏，或不是图片）") from None
    if image.format == "JPEG" and len(raw) <= IMAGE_LIMIT:
        return raw, "jpg", None
    if image.format == "PNG" and len(raw) <= IMAGE_LIMIT:
        return raw, "png", None
    note = "（动图只保留了第一帧）" if getattr(image, "is_animated", False) else ""
    image = ImageOps.exif_transpose(image)  # the photo as the camera meant it, once the EXIF is gone
    if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA" if _has_alpha(image) else "RGB")
    # A drawing (transparent, or few colours) stays png; a photo becomes jpg.
    as_png = _has_alpha(image) or image.mode in ("P", "L", "LA")
    too_big = (f"有 {len(raw) / 1024 / 1024:.1f} MB，超过网站图片的上限 {IMAGE_LIMIT // 1024 // 1024} MB："
               if len(raw) > IMAGE_LIMIT else "")
    data = _encode(image, as_png)
    if len(data) <= IMAGE_LIMIT:
        ext = "png" if as_png else "jpg"
        if too_big:
            return data, ext, f"{too_big}已另存为 {ext}（{len(data) // 1024} KB）{note}"
        return data, ext, f"已转换格式{note}" if note else None
    for side, quality in ((MAX_SIDE, 85), (MAX_SIDE, 70), (1200, 70), (800, 60)):
        smaller = image.copy()
        smaller.thumbnail((side, side))
        data = _encode(smaller, False, quality)
        if len(data) <= IMAGE_LIMIT:
            return data, "jpg", (f"{too_big or '转换后超过网站图片的上限：'}"
                                 f"已缩小为 {smaller.width}×{smaller.height} 像素的 jpg（{len(data) // 1024} KB）{note}")
    raise ValueError("太大，缩小后仍超过网站图片的上限")


def prepare(images: list[DocxImage]) -> tuple[list[Picture | None], list[str]]:
    """One Picture (or None: left out) per picture of the document, and the report lines.
    The same picture used twice is one file."""
    pictures: list[Picture | None] = []
    report: list[str] = []
    seen: dict[str, Picture] = {}
    count = 0
    for number, image in enumerate(images, start=1):
        if image.data is None:
            report.append(f"第 {number} 张图片只是链接到电脑上的文件，没有放进 Word 文档，所以没有导入："
                          "请把图片文件直接放进案例文件夹，再在 case.md 里写 ![图片说明](文件名.jpg)" if image.linked else
                          f"第 {number} 张图片在 Word 文件里找不到（文件可能不完整），没有导入")
            pictures.append(None)
            continue
        digest = hashlib.sha256(image.data).hexdigest()
        alt = clean_alt(image.alt)
        if digest in seen:
            first = seen[digest]
            pictures.append(Picture(first.name, first.data, alt or first.alt))
            continue
        try:
            data, ext, note = convert(image.data)
        except ValueError as exc:
            report.append(f"第 {number} 张图片{exc}，没有导入")
            pictures.append(None)
            continue
        count += 1
        name = f"{FILE_STEM}-{count}.{ext}"
        if note:
            report.append(f"第 {number} 张图片（{name}）{note}")
        if not alt:
            report.append(f"第 {number} 张图片（{name}）在 Word 里没有替代文字：case.md 里暂写「{NO_ALT}」，"
                          f"请改成一句说明图片内容的话，例如 ![村民在茶园采茶]({name})")
        elif any(word in alt for word in AUTO_ALT):
            report.append(f"第 {number} 张图片（{name}）的替代文字是 Word 自动生成的「{alt[:30]}」：请改成一句说明图片内容的话")
        picture = Picture(name, data, alt or NO_ALT)
        seen[digest] = picture
        pictures.append(picture)
    return pictures, report
