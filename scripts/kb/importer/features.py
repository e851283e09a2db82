"""What a Word file holds that mammoth leaves out without a message.

mammoth reads the body text, tables, lists, links and pictures. Comments,
charts, SmartArt and tracked deletions it skips silently, and the text of a
text box it puts where the box is anchored. Counting their XML elements is
enough to tell the organiser what to look for in the Word file: the names are
the ones Word and WPS write (any prefix is accepted).
"""

from __future__ import annotations

import re
import zipfile


def _count(xml: bytes, local_name: str) -> int:
    return len(re.findall(rb"<(?:[A-Za-z][\w.-]*:)?" + local_name.encode() + rb"[\s/>]", xml))


def _part(package: zipfile.ZipFile, name: str) -> bytes:
    try:
        return package.read(name)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError):
        return b""


def dropped_features(package: zipfile.ZipFile) -> list[str]:
    """Chinese report lines, one for each kind of content that was not carried over."""
    body = _part(package, "word/document.xml")
    lines = []
    boxes = _count(body, "txbxContent")
    if boxes:
        # A box's text usually appears twice in the XML (the drawing and its
        # VML fallback): say "text boxes", not a count that may be doubled.
        lines.append("文档里有文本框：框里的文字已按它在文档中的位置放进正文，请核对位置是否合适（网站上没有文本框）")
    charts = _count(body, "chart")
    if charts:
        lines.append(f"文档里有 {charts} 个图表（Word 图表）没有导入：请在 Word 里把图表另存为图片（png），"
                     "放进案例文件夹，再在 case.md 里写 ![图表说明](文件名.png)")
    if _count(body, "relIds"):  # SmartArt: dgm:relIds
        lines.append("文档里有 SmartArt 图形没有导入：请把它另存为图片（png）放进案例文件夹，或把其中的文字写进正文")
    comments = _count(_part(package, "word/comments.xml"), "comment")
    if comments:
        lines.append(f"文档里有 {comments} 条批注没有导入：请对照 Word 文件处理批注里的意见")
    if _count(body, "del") or _count(body, "moveFrom"):
        lines.append("文档里有没接受的修订：导入的是接受全部修订后的文字（删去的字没有导入），请核对")
    return lines
