"""Open an uploaded .docx and let mammoth turn it into HTML.

A bad file (empty, an old .doc, a PDF renamed, a broken zip, a zip bomb) is
refused here with a Chinese message naming it; mammoth sees only a file
that is a real Word package within the size limits. Pictures are not put into
the HTML: each becomes a placeholder src (kb-image:N) and its bytes are kept
for kb.importer.pictures.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

import mammoth
from mammoth.docx.files import InvalidFileReferenceError

from kb.importer.failed import ImportFailed

MAX_FILE = 100 * 1024 * 1024      # a case with many phone photos stays well below
MAX_UNPACKED = 400 * 1024 * 1024  # what the zip may expand to: more is a zip bomb, not a case
# The text itself: a 200-page report is about 5 MB of XML. Far more keeps
# mammoth busy for minutes (a 60 MB document.xml took six), blocking the desk.
MAX_DOCUMENT = 20 * 1024 * 1024
IMAGE_SRC = "kb-image:"

# Styles Word and WPS use for the document title and headings that mammoth's
# own map lacks; the Chinese names are what WPS writes for its built-in styles.
# The table of contents is marked so it can be left out: the site makes its own.
STYLE_MAP = "\n".join([
    "p[style-name='Title'] => h1.kb-title:fresh",
    "p[style-name='标题'] => h1.kb-title:fresh",
    "p[style-name='Subtitle'] => p:fresh",
    "p[style-name='副标题'] => p:fresh",
    "p[style-name='Quote'] => blockquote > p:fresh",
    "p[style-name='Intense Quote'] => blockquote > p:fresh",
    *(f"p[style-name='标题 {n}'] => h{n}:fresh" for n in range(1, 7)),
    *(f"p[style-name='toc {n}'] => p.kb-toc:fresh" for n in range(1, 10)),
    "p[style-name='TOC Heading'] => p.kb-toc:fresh",
])


@dataclass
class DocxImage:
    data: bytes | None       # None: not in the file (see linked)
    content_type: str
    alt: str
    linked: bool = False     # only a link to a file on the author's computer, never put into the document


@dataclass
class DocxContent:
    html: str
    messages: list            # mammoth's messages (type, message)
    images: list[DocxImage] = field(default_factory=list)
    package: zipfile.ZipFile | None = None  # for kb.importer.features


def open_package(data: bytes, shown: str) -> zipfile.ZipFile:
    """The .docx as a zip, or ImportFailed saying what the file is instead."""
    if not data:
        raise ImportFailed(f"「{shown}」是空文件（0 字节）：请重新保存或重新上传 Word 文件")
    if len(data) > MAX_FILE:
        raise ImportFailed(f"「{shown}」太大（{len(data) / 1024 / 1024:.0f} MB，最多 {MAX_FILE // 1024 // 1024} MB）："
                           "请把图片压缩后（Word：图片格式 › 压缩图片）重新保存")
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # OLE: Word 97-2003, or a .docx with a password
        raise ImportFailed(f"「{shown}」是旧版 Word（.doc）格式，或设了打开密码：请在 Word 或 WPS 里打开它，"
                           "去掉密码，「另存为」Word 文档（.docx）后再导入")
    if data.startswith(b"%PDF"):
        raise ImportFailed(f"「{shown}」是 PDF 文件，不是 Word 文档：只能导入 .docx（可以用 Word 或 WPS 打开 PDF 后另存为 .docx）")
    if not data.startswith(b"PK"):
        raise ImportFailed(f"「{shown}」不是 Word 文档（.docx）：请在 Word 或 WPS 里「另存为」Word 文档（.docx）后再导入")
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        names = set(package.namelist())
        unpacked = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ImportFailed(f"「{shown}」已损坏，无法打开（可能没有下载或复制完整）：请在 Word 里打开它，"
                           "重新保存后再导入") from None
    if "word/document.xml" not in names:
        what = ("Excel 表格" if any(n.startswith("xl/") for n in names) else
                "PowerPoint 演示文稿" if any(n.startswith("ppt/") for n in names) else "压缩包")
        raise ImportFailed(f"「{shown}」是{what}，不是 Word 文档（.docx）：只能导入 Word 文档")
    if package.getinfo("word/document.xml").file_size > MAX_DOCUMENT:
        raise ImportFailed(f"「{shown}」的正文解压后超过 {MAX_DOCUMENT // 1024 // 1024} MB，远多于一个案例：文件可能已损坏，"
                           "或是整本书；请只把这一个案例的内容另存为一个 Word 文件再导入")
    if unpacked > MAX_UNPACKED:
        raise ImportFailed(f"「{shown}」解压后有 {unpacked / 1024 / 1024:.0f} MB，超过上限 "
                           f"{MAX_UNPACKED // 1024 // 1024} MB：文件可能已损坏，或图片太多太大，请压缩图片后重新保存")
    return package


def read_docx(data: bytes, shown: str) -> DocxContent:
    """HTML of the document body, mammoth's messages and the pictures, in order."""
    package = open_package(data, shown)
    images: list[DocxImage] = []

    def keep_image(image) -> dict:
        # Read here, not by mammoth: a picture part that is missing or broken
        # must cost only that picture, not the whole import.
        raw, linked = None, False
        try:
            with image.open() as f:
                raw = f.read(MAX_UNPACKED + 1)
        except InvalidFileReferenceError:  # mammoth never opens files outside the document
            linked = True
        except Exception:  # a missing part (KeyError), a broken zip member
            pass
        images.append(DocxImage(raw, image.content_type or "", (image.alt_text or "").strip(), linked))
        return {"src": f"{IMAGE_SRC}{len(images) - 1}"}

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data), style_map=STYLE_MAP, convert_image=mammoth.images.img_element(keep_image),
            # An uploaded file does not get to steer its own conversion.
            include_embedded_style_map=False)
    except ImportFailed:
        raise
    except Exception:  # broken XML, a missing part: mammoth has no error type of its own
        raise ImportFailed(f"「{shown}」的内容无法读取（文件可能已损坏，或不是 Word 保存的 .docx）："
                           "请在 Word 或 WPS 里打开它，重新「另存为」Word 文档（.docx）后再导入") from None
    return DocxContent(result.value, list(result.messages), images, package)
