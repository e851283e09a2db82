"""mammoth's HTML as Markdown blocks: headings, paragraphs, lists, pipe tables, pictures.

mammoth writes a small, regular HTML (p, h1-h6, strong, em, a, img, ul/ol/li,
table/tr/td, br, sup/sub/s, blockquote), so a tree from the standard library's
parser and one renderer per element is enough. Headings stay Blocks of their
own: kb.importer.sections decides which become the case.md sections.
What Markdown cannot hold (merged cells, footnotes, links that are not web
addresses) is carried over as well as it can be and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import quote

from kb.importer.docx_read import IMAGE_SRC
from kb.importer.md_text import TextCleaner, block as safe_block, line_start, without_invisible
from kb.importer.pictures import Picture

VOID = {"img", "br", "hr", "col", "wbr"}
BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "dl", "dt", "dd", "div", "hr"}
OWN_BLOCK = BLOCKS | {"li"}  # a stray li (a footnote's) is a block of its own too
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
NOTE_LINK = re.compile(r"^#(?:footnote|endnote)-")
NOTE_ITEM = re.compile(r"^(?:footnote|endnote)-\d")
MAX_SPAN = 50  # a merged cell wider or longer than this is a damaged table, not a real one


@dataclass
class Node:
    tag: str
    attrs: dict
    children: list


@dataclass
class Block:
    kind: str           # heading, title (Word's Title style), para, list, other
    markdown: str       # for headings: the escaped heading text only
    plain: str = ""     # the text as read: for section names and the case title
    level: int = 0      # headings: 1-6
    bold: bool = False  # a paragraph bold from end to end: a title or heading typed by hand


class _Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("root", {}, [])
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, [])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}, []))

    def handle_endtag(self, tag):
        if any(n.tag == tag for n in self.stack[1:]):
            while self.stack.pop().tag != tag:
                pass

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    return tree.root


def _wrap(inner: str, mark: str, close: str | None = None) -> str:
    """**text** with the spaces outside the marks (Markdown does not close "** ")."""
    core = inner.strip()
    if not core:
        return inner
    lead, trail = inner[:len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()):]
    return f"{lead}{mark}{core}{close if close is not None else mark}{trail}"


def _span(value: str) -> int:
    try:
        return min(max(int(value), 1), MAX_SPAN)
    except ValueError:
        return 1


class Converter:
    def __init__(self, cleaner: TextCleaner, pictures: list[Picture | None]):
        self.cleaner = cleaner
        self.pictures = pictures
        self.report: list[str] = []
        self.notes: list[str] = []
        self.tables = 0
        self.toc_lines = 0
        self.bad_links: list[str] = []
        self.in_cell = 0  # inside a table cell: a table there is flattened to text

    # -- text ---------------------------------------------------------------
    def plain(self, node) -> str:
        """The words of a node as read (no formatting, no footnote marks), on one line."""
        if isinstance(node, str):
            return node
        if node.tag == "a" and NOTE_LINK.match(node.attrs.get("href", "")):
            return ""
        if node.tag == "br":
            return " "
        text = "".join(self.plain(c) for c in node.children)
        return re.sub(r"\s+", " ", without_invisible(text))

    def inline(self, children: list, cell: bool = False) -> str:
        return "".join(self._inline(c, cell) for c in children)

    def _inline(self, node, cell: bool) -> str:
        if isinstance(node, str):
            return re.sub(r" {2,}", " ", self.cleaner.inline(node))
        tag, attrs = node.tag, node.attrs
        if tag == "br":
            return "<br>" if cell else "<br>\n"
        if tag == "img":
            return self._picture(attrs.get("src", ""))
        if tag == "a":
            return self._link(node, cell)
        inner = self.inline(node.children, cell)
        if tag in ("strong", "b"):
            return _wrap(inner, "**")
        if tag in ("em", "i"):
            return _wrap(inner, "*")
        if tag in ("s", "del", "sub", "sup"):  # tags the site's allow-list keeps
            return _wrap(inner, f"<{tag}>", f"</{tag}>")
        return inner  # u, span, a paragraph inside a list item or a cell: the words only

    def _picture(self, src: str) -> str:
        number = src[len(IMAGE_SRC):] if src.startswith(IMAGE_SRC) else ""
        index = int(number) if number.isdigit() else len(self.pictures)
        picture = self.pictures[index] if index < len(self.pictures) else None
        return f"![{picture.alt}]({picture.name})" if picture else ""  # a left-out picture is reported already

    def _link(self, node: Node, cell: bool) -> str:
        href = node.attrs.get("href", "").strip()
        if NOTE_LINK.match(href):
            return ""  # a footnote mark: the note itself is reported
        text = self.inline(node.children, cell)
        if not href or href.startswith("#"):
            return text  # a bookmark or a link inside the document: the words stay
        if not re.match(r"^(?:https?://|mailto:)", href, re.I) or re.search(r"[\x00-\x1f\x7f]", href):
            self.bad_links.append(self.plain(node).strip() or href[:40])
            return text
        if not text.strip():
            return ""
        # Spaces, brackets and quotes are written encoded: the link stays one
        # token for Markdown and the validator's link finder.
        url = quote(href, safe="/:?#[]@!$&'*+,;=%~-._")
        url = url.replace("(", "%28").replace(")", "%29").replace("[", "%5B").replace("]", "%5D").replace("'", "%27")
        return f"[{text.strip()}]({url})"

    # -- blocks -------------------------------------------------------------
    def convert(self, html: str) -> list[Block]:
        blocks = self.blocks(parse(html).children)
        if self.notes:
            shown = "；".join(f"「{n[:30]}{'…' if len(n) > 30 else ''}」" for n in self.notes[:5])
            more = f"等 {len(self.notes)} 条" if len(self.notes) > 5 else ""
            self.report.append(f"脚注和尾注没有导入（网站的正文不用脚注）：{shown}{more}。"
                               "请把要保留的内容写进正文，出处写成来源引用 [@来源id]")
        if self.toc_lines:
            self.report.append(f"文档的目录（{self.toc_lines} 行）没有导入：网站会按章节标题自动生成目录")
        if self.bad_links:
            self.report.append(f"这些链接不是网址（http、https 或 mailto），只保留了文字：{'、'.join(self.bad_links[:5])}")
        return blocks

    def blocks(self, children: list) -> list[Block]:
        out: list[Block] = []
        run: list = []  # inline content met between blocks

        def flush():
            if run:
                out.extend(self._paragraph(Node("p", {}, list(run))))
                run.clear()

        for child in children:
            if isinstance(child, Node) and child.tag in OWN_BLOCK:
                flush()
                out.extend(self._block(child))
            elif isinstance(child, Node) or child.strip():
                run.append(child)
        flush()
        return out

    def _block(self, node: Node) -> list[Block]:
        tag = node.tag
        if tag in HEADINGS:
            text = self.plain(node).strip()
            pictures = [self._picture(n.attrs.get("src", "")) for n in _find(node, "img")]
            heading = [Block("title" if "kb-title" in node.attrs.get("class", "") else "heading",
                             self.cleaner.inline(text), text, HEADINGS[tag])] if text else []
            return heading + [Block("para", p) for p in pictures if p]
        if tag == "p":
            return self._paragraph(node)
        if tag in ("ul", "ol"):
            lines = self._list(node, 0)
            return [Block("list", "\n".join(lines))] if lines else []
        if tag == "table":
            if self.in_cell:
                return [Block("other", self._flat_table(node))]
            return [Block("other", self._table(node))]
        if tag == "blockquote":
            inner = self.blocks(node.children)
            text = "\n>\n".join("\n".join(f"> {line}" for line in b.markdown.split("\n")) for b in inner)
            return [Block("other", text)] if text else []
        if tag == "li" and NOTE_ITEM.match(node.attrs.get("id", "")):
            self.notes.append(self.plain(node).replace("↑", "").strip())
            return []
        if tag == "hr":
            return [Block("other", "---")]
        return self.blocks(node.children)  # div, dl, dt, dd, a stray li

    def _paragraph(self, node: Node) -> list[Block]:
        if "kb-toc" in node.attrs.get("class", ""):
            self.toc_lines += 1
            return []
        text = self.inline(node.children).strip()
        if not text or not text.replace("<br>", "").strip():
            return []
        # Whitespace and empty bookmarks (<a id=...></a>) do not make a paragraph less bold.
        parts = [c for c in node.children if not (isinstance(c, str) and not c.strip())
                 and not (isinstance(c, Node) and c.tag == "a" and not c.children)]
        bold = bool(parts) and all(isinstance(c, Node) and c.tag in ("strong", "b") for c in parts)
        return [Block("para", safe_block(text), self.plain(node).strip(), bold=bold)]

    def _item_text(self, li: Node) -> tuple[str, list[Node]]:
        pieces, lists, run = [], [], []
        for child in li.children + [None]:
            if child is None or (isinstance(child, Node) and child.tag in BLOCKS):
                if run:
                    pieces.append(self.inline(run).strip())
                    run = []
                if child is None:
                    break
                if child.tag in ("ul", "ol"):
                    lists.append(child)
                elif child.tag == "table":
                    pieces.append(self._flat_table(child))
                else:
                    pieces.append(self.inline(child.children).strip())
            else:
                run.append(child)
        return "<br>\n".join(p for p in pieces if p), lists

    def _list(self, node: Node, depth: int) -> list[str]:
        lines, number, indent = [], 0, "    " * depth
        for li in (c for c in node.children if isinstance(c, Node) and c.tag == "li"):
            if NOTE_ITEM.match(li.attrs.get("id", "")):
                self._block(li)
                continue
            text, sublists = self._item_text(li)
            if text:
                number += 1
                marker = f"{number}. " if node.tag == "ol" else "- "
                first, *rest = [line_start(line) for line in text.split("\n")]
                lines.append(f"{indent}{marker}{first}")
                lines += [f"{indent}    {line}" for line in rest]
            for sub in sublists:
                lines += self._list(sub, depth + 1 if text else depth)
        return lines

    def _cell_text(self, cell: Node) -> str:
        """A cell's content on one line: paragraphs and list items joined by <br>."""
        self.in_cell += 1
        try:
            pieces = [f"**{b.markdown}**" if b.kind in ("heading", "title") else
                      b.markdown.replace("<br>\n", "<br>").replace("\n", "<br>") for b in self.blocks(cell.children)]
        finally:
            self.in_cell -= 1
        return "<br>".join(pieces).strip()

    def _flat_table(self, node: Node) -> str:
        """A table inside a cell or a list item: one line per row, cells divided by「/」."""
        rows = []
        for tr in _find(node, "tr", into_tables=False):
            cells = [self._cell_text(c) for c in tr.children if isinstance(c, Node) and c.tag in ("td", "th")]
            rows.append(" / ".join(c for c in cells if c))
        return "<br>".join(r for r in rows if r)

    def _table(self, node: Node) -> str:
        self.tables += 1
        rows = list(_find(node, "tr", into_tables=False))
        grid: list[list[str]] = []
        pending: dict[int, int] = {}  # column -> rows a cell above still covers
        merged = nested = False
        for tr in rows:
            row: list[str] = []

            def covered():
                while pending.get(len(row), 0) > 0:
                    pending[len(row)] -= 1
                    row.append("")

            for cell in (c for c in tr.children if isinstance(c, Node) and c.tag in ("td", "th")):
                covered()
                nested = nested or any(True for _ in _find(cell, "table"))
                colspan, rowspan = _span(cell.attrs.get("colspan", "1")), _span(cell.attrs.get("rowspan", "1"))
                merged = merged or colspan > 1 or rowspan > 1
                start = len(row)
                row += [self._cell_text(cell)] + [""] * (colspan - 1)
                if rowspan > 1:
                    for col in range(start, start + colspan):
                        pending[col] = rowspan - 1
            covered()
            for col in sorted(c for c, left in pending.items() if left > 0 and c > len(row)):
                row += [""] * (col - len(row))
                covered()
            grid.append(row)
        width = max((len(r) for r in grid), default=1) or 1
        lines = ["| " + " | ".join(c or " " for c in r + [""] * (width - len(r))) + " |" for r in grid or [[]]]
        lines.insert(1, "| " + " | ".join(["---"] * width) + " |")
        if merged:
            self.report.append(f"第 {self.tables} 个表格有合并的单元格：Markdown 表格不能合并单元格，已拆开"
                               "（内容在合并区域的第一格，其余格留空），请核对")
        if nested:
            self.report.append(f"第 {self.tables} 个表格里还套着表格：里面的表格已拆成一行行文字放进单元格，请核对")
        return "\n".join(lines)


def _find(node: Node, tag: str, into_tables: bool = True):
    """Descendants with this tag, in order (not inside nested tables unless asked)."""
    for child in node.children:
        if isinstance(child, Node):
            if child.tag == tag:
                yield child
                if tag == "tr":
                    continue
            if into_tables or child.tag != "table":
                yield from _find(child, tag, into_tables)
