"""A handbook as an EPUB 3 book for phone reading apps: the same parts,
cases, courses and citations as its PDF (kb.pdf.documents), one XHTML file
per part, a navigable table of contents, Chinese metadata, and no embedded
font (every reading app has a Chinese one).

The content HTML is the print edition's (to_html: the site's Markdown engine,
allow-list and typesetting, links made text); tinyhtml5 (WeasyPrint's HTML
parser) parses it and ElementTree writes it back as well-formed XHTML.
Images come only from the checked attachments. The zip is reproducible:
fixed order, the commit's time, mimetype first and stored.
"""

from __future__ import annotations

import html
import mimetypes
import re
import uuid
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import tinyhtml5

from kb.pdf.documents import KIND_WORD, editors_section, handbook_parts
from kb.render.handbook import UNTITLED, handbook_title
from kb.render.markdown import show_date

XHTML = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
STYLE = """body { font-family: serif; line-height: 1.7; margin: 0 4%; }
h1, h2, h3 { font-family: sans-serif; line-height: 1.4; }
h1 { font-size: 1.5em; } h2 { font-size: 1.25em; } h3 { font-size: 1.1em; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border: 1px solid #888; padding: 0.2em 0.4em; vertical-align: top; }
blockquote { margin: 0.5em 0 0.5em 1em; padding-left: 0.6em; border-left: 3px solid #999; }
.kb-date, .kb-nobr { white-space: nowrap; }
.kb-todo { border: 1px dashed #000; padding: 0 0.2em; }
.kb-part-of { color: #444; font-size: 0.9em; }
img { max-width: 100%; }
"""
TODO = "待补充"


@dataclass
class Chapter:
    name: str      # file inside OEBPS/
    title: str     # plain text, for the contents
    body: str      # XHTML of the body's children
    entries: list = field(default_factory=list)  # (anchor, title) of the cases and courses inside


def handbook_epub(item, col, version: str, modified: str, target: Path) -> Path:
    """Write target (atomically); modified: the content's time, ISO 8601 UTC."""
    h = item.model
    title = handbook_title(h) if h.title else f"《{UNTITLED}》"
    images: dict[str, Path] = {}
    chapters = [Chapter("cover.xhtml", "封面", _cover(h, title, version))]
    for part, text, pages in handbook_parts(item, col):
        body = [f"<h1>{html.escape(part.label)}</h1>{text}"]
        entries = []
        for j, (kind, inner, page) in enumerate(pages, start=1):
            anchor = f"item-{j}"
            block = page.replace("<h2>", f'<h2 id="{anchor}">', 1)
            body.append(f"<section>{block}</section>")
            entries.append((anchor, f"{KIND_WORD[kind]}：{inner.model.title}"))
        chapters.append(Chapter(f"part-{part.slug}.xhtml", part.label, _xhtml("".join(body), images, col), entries))
    if h.about or h.related_cases or h.sources:
        chapters.append(Chapter("editors.xhtml", "本站编者说明", _xhtml(editors_section(h, col), images, col)))
    return _write(target, h, title, version, modified, chapters, images)


def _cover(h, title: str, version: str) -> str:
    rows = [("编印单位", h.publisher), ("版次", h.edition), ("日期", show_date(h.date) if h.date else None),
            ("读者对象", h.audience), ("内容版本", version)]
    facts = "".join(f"<dt>{k}</dt><dd>{html.escape(str(v)) if v else TODO}</dd>" for k, v in rows)
    draft = "<p>草稿：部分内容待补充</p>" if h.status == "draft" else ""
    return f"<h1>{html.escape(title)}</h1><dl>{facts}</dl>{draft}"


_IMG = re.compile(r"^(?:image/)(png|jpeg|gif|webp|svg\+xml)$")


def _xhtml(fragment: str, images: dict[str, Path], col) -> str:
    """HTML -> the children of an XHTML <body>; images (checked attachments
    only) renamed into images/, any other image replaced by its alt text."""
    body = tinyhtml5.parse(f"<body>{fragment}</body>", namespace_html_elements=False).find("body")
    for parent in list(body.iter()):
        for img in [c for c in parent if c.tag == "img"]:
            src = img.get("src", "")
            source, kind = col.assets.get(src), mimetypes.guess_type(src)[0] or ""
            if source and _IMG.match(kind):
                images.setdefault(src, source)
                img.set("src", f"images/{_image_name(src, images)}")
                img.set("alt", img.get("alt") or "")
                continue
            text = ET.Element("span")
            text.text, text.tail = img.get("alt") or "", img.tail
            parent.insert(list(parent).index(img), text)
            parent.remove(img)
    return html.escape(body.text or "", quote=False) + "".join(
        ET.tostring(child, encoding="unicode", method="xml") for child in body)


def _image_name(src: str, images: dict) -> str:
    return f"{list(images).index(src) + 1}{Path(src).suffix.lower()}"


def _page(title: str, body: str) -> str:
    return ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
            f'<html xmlns="{XHTML}" xmlns:epub="{EPUB_NS}" xml:lang="zh-CN" lang="zh-CN"><head>'
            f'<meta charset="utf-8"/><title>{html.escape(title)}</title>'
            '<link rel="stylesheet" type="text/css" href="style.css"/></head>'
            f"<body>{body}</body></html>")


def _nav(chapters: list[Chapter]) -> str:
    items = []
    for c in chapters:
        inner = "".join(f'<li><a href="{c.name}#{a}">{html.escape(t)}</a></li>' for a, t in c.entries)
        items.append(f'<li><a href="{c.name}">{html.escape(c.title)}</a>{f"<ol>{inner}</ol>" if inner else ""}</li>')
    return _page("目录", f'<nav epub:type="toc" id="toc"><h1>目录</h1><ol>{"".join(items)}</ol></nav>')


def _opf(h, title: str, version: str, modified: str, chapters: list[Chapter], images: dict) -> str:
    identifier = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'tongren-kb/handbooks/{h.id}/{version}')}"
    meta = [f'<dc:identifier id="uid">{identifier}</dc:identifier>', f"<dc:title>{html.escape(title)}</dc:title>",
            "<dc:language>zh-CN</dc:language>", f'<meta property="dcterms:modified">{modified}</meta>']
    if h.publisher:
        meta += [f"<dc:publisher>{html.escape(h.publisher)}</dc:publisher>", f"<dc:creator>{html.escape(h.publisher)}</dc:creator>"]
    if h.date:
        meta.append(f"<dc:date>{html.escape(str(h.date))}</dc:date>")
    manifest = ['<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
                '<item id="css" href="style.css" media-type="text/css"/>']
    manifest += [f'<item id="c{i}" href="{c.name}" media-type="application/xhtml+xml"/>' for i, c in enumerate(chapters)]
    manifest += [f'<item id="img{i}" href="images/{_image_name(src, images)}" media-type="{mimetypes.guess_type(src)[0]}"/>'
                 for i, src in enumerate(images)]
    spine = "".join(f'<itemref idref="c{i}"/>' for i in range(len(chapters)))
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="zh-CN">'
            f'<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">{"".join(meta)}</metadata>'
            f'<manifest>{"".join(manifest)}</manifest><spine>{spine}</spine></package>')


CONTAINER = ('<?xml version="1.0" encoding="utf-8"?>\n'
             '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
             '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
             "</rootfiles></container>")


def _write(target: Path, h, title, version, modified, chapters: list[Chapter], images: dict) -> Path:
    moment = tuple(int(x) for x in re.findall(r"\d+", modified)[:6])
    files = [("META-INF/container.xml", CONTAINER.encode()),
             ("OEBPS/content.opf", _opf(h, title, version, modified, chapters, images).encode()),
             ("OEBPS/nav.xhtml", _nav(chapters).encode()), ("OEBPS/style.css", STYLE.encode())]
    files += [(f"OEBPS/{c.name}", _page(c.title, c.body).encode()) for c in chapters]
    files += [(f"OEBPS/images/{_image_name(src, images)}", path.read_bytes()) for src, path in images.items()]
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    with zipfile.ZipFile(tmp, "w") as zf:
        info = zipfile.ZipInfo("mimetype", date_time=moment)  # first and stored, as EPUB requires
        zf.writestr(info, b"application/epub+zip", compress_type=zipfile.ZIP_STORED)
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=moment)
            info.external_attr = 0o644 << 16
            zf.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    tmp.replace(target)
    return target
