"""mammoth's messages (English, one per occurrence) as a few plain Chinese lines.

An organiser needs to know what to look for in the Word file, not which XML
element was skipped: messages of one kind become one line, with a count.
"""

from __future__ import annotations

import re
from collections import Counter

# The local name of an element mammoth skipped -> what it is to a Word user.
ELEMENTS = {
    "oMath": "公式", "oMathPara": "公式",
    "OLEObject": "嵌入对象（如嵌入的 Excel 表格、Visio 图）：只导入了它的预览图片（如果有）",
    "control": "控件（复选框以外的表单控件）", "altChunk": "嵌入的其他格式内容（网页、RTF）",
    "fldSimple": "域（自动编号、交叉引用、日期等）：其中的文字没有导入", "ruby": "拼音指南（注音）：带注音的字没有导入",
}
STYLE = re.compile(r"^Unrecognised (paragraph|run) style: (.*) \(Style ID: (.*)\)$")
UNDEFINED = re.compile(r"^(\w+) style with ID (.*) was referenced but not defined in the document$")
ELEMENT = re.compile(r"^An unrecognised element was ignored: (?:\{[^}]*\})?(?:[\w.-]+:)?([\w.-]+)$")
SYMBOL = re.compile(r"^A w:sym element with an unsupported character was ignored")
OUTSIDE_IMAGE = re.compile(r"^could not open external image")


def translate(messages) -> list[str]:
    """Chinese report lines for mammoth's messages (objects with .message)."""
    styles: dict[str, list[str]] = {"paragraph": [], "run": []}
    elements: Counter = Counter()
    other: Counter = Counter()
    for m in messages:
        text = str(getattr(m, "message", m))
        found = STYLE.match(text) or UNDEFINED.match(text)
        if found:
            if found.re is STYLE:
                kind, name = found.group(1), found.group(2) if found.group(2) not in ("", "None") else found.group(3)
            else:
                kind, name = ("paragraph" if found.group(1).lower() == "paragraph" else "run"), found.group(2)
            # The styles of comments: the comments themselves are reported (kb.importer.features).
            if name not in styles[kind] and not re.search(r"comment|annotation", name, re.I):
                styles[kind].append(name)
        elif found := ELEMENT.match(text):
            name, drawing = found.group(1), text.split(": ", 1)[-1].startswith("v:")  # v: VML shapes
            elements[ELEMENTS.get(name, "图形" if drawing else f"特殊内容（Word 里的 {name}）")] += 1
        elif SYMBOL.match(text):
            other["有特殊符号（Symbol、Wingdings 等符号字体里的字符）无法转换，已略去：请对照 Word 文件补上"] += 1
        elif OUTSIDE_IMAGE.match(text):
            other["有图片只是链接到电脑上的文件，没有放进文档，所以没有导入：请在 Word 里插入图片本身，"
                  "或把图片文件直接放进案例文件夹"] += 1
        elif text.startswith("Could not find image file") or text.startswith("A v:imagedata element"):
            other["有图片在 Word 文件里找不到（文件可能不完整），没有导入"] += 1
        elif "cell merging may be incorrect" in text:
            other["有表格的结构不规范：合并的单元格可能没有正确拆开，请对照 Word 文件核对表格"] += 1
        elif text.startswith("Image of type"):
            continue  # kb.importer.pictures converts or reports every picture
        elif text.startswith("Ignoring complex field") or text.startswith("Unsupported break type"):
            other["有不完整的域代码或不支持的分隔符，已略去（一般不影响正文）"] += 1
        else:
            other[f"转换时有一处无法处理的内容（Word 转换程序的原话：{text[:120]}）"] += 1
    lines = []
    if styles["paragraph"]:
        lines.append(f"这些段落样式网站没有对应的格式，按普通段落导入：{'、'.join(styles['paragraph'][:10])}"
                     + ("等" if len(styles["paragraph"]) > 10 else ""))
    if styles["run"]:
        lines.append(f"这些文字样式没有导入（文字保留，格式去掉）：{'、'.join(styles['run'][:10])}"
                     + ("等" if len(styles["run"]) > 10 else ""))
    for what, count in elements.items():
        lines.append(f"文档里有 {count} 处{what}没有导入" if "：" not in what else
                     f"文档里有 {count} 处{what.split('：')[0]}没有导入：{what.split('：', 1)[1]}")
    lines += [line if count == 1 else f"{line}（{count} 处）" for line, count in other.items()]
    return lines
