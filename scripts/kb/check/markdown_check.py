"""What the sanitiser will remove from Markdown an organiser wrote, and why.

The page is rendered with the same Markdown engine and extensions as the
build (read from mkdocs.yml), the HTML is walked against the sanitiser's own
allow-list (kb.sanitize), and each thing that would be removed is reported at
its source line. Removing active or outside content (scripts, event handlers,
javascript: links, outside images, embeds, forms) is an 错误: the page would
not show what the author meant. Removing formatting is a 警告.
Plain links to outside pages are allowed: they load nothing until clicked.
"""

from __future__ import annotations

import bisect
import re
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import markdown

from kb.finish import sanitize as policy
from kb.render import extensions
from kb.content.errors import ContentError, warning
from kb.content.textfile import TextFile

MAX_REPORTED = 50  # per file; the rest are counted, not listed

# Python-Markdown's inline patterns look for the end of each `[` or unclosed
# `<tag` again and again: time grows with their number squared in a paragraph
# (4,000 `<a `: 3.5 s; 16,000: 55 s; 2,000 `![`: 5.6 s). Well-formed tags
# cost nothing extra (a pasted 2,000-row table: 0.25 s). Hundreds of them in
# one paragraph are a pasting accident: refuse before anything renders it
# (the build included, as it validates first).
MAX_OPENERS_PER_BLOCK = 500
MAX_OPENERS_SQUARED = 1_000_000
_UNCLOSED_TAG = re.compile(r"<[A-Za-z/!?][^<>\n]*(?=<|$)")

DANGEROUS_TAGS = {
    "script": "不允许使用 <script>：页面里不能运行作者写的脚本（网站会连同内容一起删去）",
    "style": "不允许使用 <style>：页面样式由网站统一提供，样式里也可能从站外加载文件（网站会连同内容一起删去）",
    **{t: "不允许嵌入 iframe/object/embed 等外部内容" for t in
       ("iframe", "frame", "frameset", "object", "embed", "applet", "portal", "param")},
    **{t: f"不允许使用 <{t}>：它会改变整页的地址、跳转或从站外加载文件" for t in ("base", "meta", "link")},
    **{t: "不允许使用表单（<form>、<input>、<button> 等）：网站不收集任何输入" for t in
       ("form", "input", "button", "select", "textarea", "option", "label", "fieldset", "isindex", "keygen")},
    **{t: f"不支持 <{t}>：其中可以藏脚本和站外链接。请把图画成图片文件（png/jpg），放进案例文件夹" for t in ("svg", "math")},
    **{t: f"不支持 <{t}>：网站只显示普通图片，不播放音视频" for t in ("audio", "video", "source", "track", "picture")},
    **{t: f"不允许使用 <{t}>：其中的内容在不同情况下解析不同，常被用来藏脚本" for t in ("noscript", "template", "xmp", "plaintext")},
}
EVENT = "不允许使用 on...= 事件属性（如 onclick、onerror）：页面里不能运行作者写的脚本"
MERMAID = "不支持 mermaid 图表：它会从站外下载脚本。请改用图片（放进仓库）"
OUTSIDE_IMAGE = "图片不能从站外加载：请把图片下载下来，放进 {folder}/ 文件夹（与 {name} 在一起），再写成 ![图片说明](文件名.jpg)"
OUTSIDE_LINK = "链接地址不能以 // 开头：请写完整的 https:// 地址，或站内页面的相对路径"
OUTSIDE_RESOURCE = "不能从站外加载资源（图片、音视频、样式等）：请把文件放进仓库，再用相对路径引用"
STYLE_LOADS = "样式里不能加载文件（url()、@import、image-set() 等）：style 属性会被删去"
STYLE = "style 属性会被删去：页面样式由网站统一设置"
FORGED = "这个 class 是网站自己生成的部分（面包屑、上一篇 / 下一篇、草稿提示）专用的，正文里不能使用"
CLASS = "class「{names}」会被删去：正文只能用本站自己的样式名（如提示框 !!! note），不能借用主题或网站框架的样式"
OUTSIDE_FOLDER = ("图片路径指向本文件夹之外（../、%2e%2e/ 或以 / 开头）：图片要放进 {folder}/ 文件夹"
                  "（与 {name} 在一起），再直接写文件名，例如 ![图片说明](照片.jpg)")
PING = "不允许使用 ping 属性：点击链接时它会向站外发送请求"
# Links that run code or open local files when clicked; other schemes (tel:,
# weixin:) are only dropped.
RUNNING_SCHEMES = {"javascript", "vbscript", "data", "file", "blob", "filesystem", "livescript", "mocha"}
_LOOKS_OUTSIDE = re.compile(r"^\s*(?:[a-z][a-z0-9+.\-]*:|[/\\]{2})", re.I)


_engines = threading.local()


def _engine() -> markdown.Markdown:
    """The build's Markdown engine (kb.render.extensions: one list for the site,
    the checker and the PDF), one per thread: an engine keeps state while it
    converts, and the editing desk validates in several threads at once."""
    engine = getattr(_engines, "engine", None)
    if engine is None:
        engine = _engines.engine = markdown.Markdown(extensions=extensions.names(),
                                                     extension_configs=extensions.configs())
    return engine


def render(text: str, config: Path | None = None) -> str:
    """HTML as the build makes it (one engine per mkdocs.yml, reset between files)."""
    engine = _engine()
    engine.reset()
    return engine.convert(text)


def check_markdown(file: TextFile) -> list[ContentError]:
    text = file.text
    too_deep = _too_deep(file)
    if too_deep:
        return too_deep
    if not re.search(r"[<\[{]", text):
        return []  # no HTML, no link, no attribute list: nothing the sanitiser could remove
    too_slow = _pathological(file)
    if too_slow:
        return too_slow
    body, offset = _without_front_matter(text)
    finder = _Finder(file, text, offset)
    try:
        html = render(body, None)
    except RecursionError:  # a nesting the scan below did not foresee: a message, not a traceback
        return [ContentError(file.shown_path, 1, 1, NESTING.format(what="列表、引用、提示框或 HTML 标签",
                                                                    limit=MAX_NESTING))]
    _Walker(finder).run(html)
    return finder.problems()


# Python-Markdown parses nested blocks by recursion: about 250 indented list
# levels, 330 nested <div markdown="1">, 500 list markers on one line
# (`- - - … x`) or 2,000 `*` around a word exceed Python's recursion limit,
# and deep nesting costs time with its square before that. Real pages nest a
# few levels: refuse beyond MAX_NESTING, found by one linear pass.
MAX_NESTING = 100
MAX_EMPHASIS_RUN = 500
NESTING = ("这里的{what}嵌套得太深（超过 {limit} 层）：这多半是粘贴或自动生成出了错，网站也无法生成这样的页面。"
           "请删去多余的符号或缩进，把内容改成几层以内的普通段落和列表")
_MARKERS = re.compile(r"(?:[ \t]*(?:[-*+]|\d{1,9}[.)]|>)(?=[ \t]|$))+")
_RULE = re.compile(r"^[ \t]*(?:(?:[-*_][ \t]*){3,})$")  # --- or * * *: a line across, not lists
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)\b[^<>]*?(/?)>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"})
_EMPHASIS_RUN = re.compile(r"\*{%d,}|_{%d,}" % (MAX_EMPHASIS_RUN + 1, MAX_EMPHASIS_RUN + 1))
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")


def _too_deep(file: TextFile) -> list[ContentError]:
    """An error at the first line nested deeper than MAX_NESTING (lists,
    quotes, indentation, HTML blocks together), or with an absurd run of * or _."""
    html_depth, fence = 0, ""
    for number, line in enumerate(file.text.split("\n"), start=1):
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            continue
        if opened:
            fence = opened.group(1)
            continue
        run = _EMPHASIS_RUN.search(line)
        if run:
            return [ContentError(file.shown_path, number, run.start() + 1,
                                 f"这里连续写了 {len(run.group())} 个「{run.group()[0]}」（最多 {MAX_EMPHASIS_RUN} 个）："
                                 "网站无法生成这样的页面。请删去多余的符号（填空横线请用几个「_」或全角空格）")]
        width = len(line) - len(line.lstrip(" \t"))
        indent = len(line[:width].expandtabs(4)) // 4
        markers = 0
        if not _RULE.match(line):
            found = _MARKERS.match(line)
            markers = len(re.findall(r"[-*+>]|\d[.)]", found.group())) if found else 0
        if "<" in line:
            for m in _TAG.finditer(line):
                if m.group(3) or m.group(2).lower() in _VOID:
                    continue
                html_depth = max(0, html_depth - 1) if m.group(1) else html_depth + 1
                if html_depth + indent + markers > MAX_NESTING:
                    return [ContentError(file.shown_path, number, m.start() + 1,
                                         NESTING.format(what=" HTML 标签（如 <div>）", limit=MAX_NESTING))]
        if html_depth + indent + markers > MAX_NESTING:
            what = "列表或引用（「- 」「1. 」「> 」）" if markers > indent else "缩进（列表、提示框）"
            return [ContentError(file.shown_path, number, 1, NESTING.format(what=what, limit=MAX_NESTING))]
    return []


def _pathological(file: TextFile) -> list[ContentError]:
    total, start, count = 0, 1, 0
    for number, line in enumerate(file.text.split("\n") + [""], start=1):
        if line.strip():
            count += line.count("[") + sum(1 for _ in _UNCLOSED_TAG.finditer(line))  # no list: constant memory
            continue
        if count > MAX_OPENERS_PER_BLOCK or total + count * count > MAX_OPENERS_SQUARED:
            return [ContentError(file.shown_path, start, 1,
                                 f"从这一行开始的段落里有 {count} 个「[」或「<」：这多半是粘贴出了错，"
                                 f"也会让网站生成变得极慢。请删去多余的符号，或把这一段拆开（每段最多 "
                                 f"{MAX_OPENERS_PER_BLOCK} 个，整个文件也不宜太多）")]
        total += count * count
        start, count = number + 1, 0
    return []


def _without_front_matter(text: str) -> tuple[str, int]:
    match = re.match(r"---\n.*?\n---\n", text, re.S)
    return (text[match.end():], match.end()) if match else (text, 0)


class _Finder:
    """Maps a removed tag or attribute back to the source: the first place
    at or after the previous find where its text appears."""

    def __init__(self, file: TextFile, text: str, offset: int):
        self.file, self.lower, self.cursor = file, text.lower(), offset
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.found: dict[tuple, None] = {}
        self.dropped = 0

    def report(self, needles: list[str], message: str, level: str) -> None:
        if len(self.found) >= MAX_REPORTED:
            self.dropped += 1
            return
        where = self._locate([n.lower() for n in needles if n])
        line = bisect.bisect_right(self.starts, where)
        column = where - self.starts[line - 1] + 1
        self.found.setdefault((line, column, message, level), None)

    def _locate(self, needles: list[str]) -> int:
        for needle in needles:
            at = self.lower.find(needle, self.cursor)
            if at < 0:
                at = self.lower.find(needle)
            if at >= 0:
                self.cursor = at + 1  # the next problem of the same kind is further on
                return at
        return max(self.cursor - 1, 0)

    def problems(self) -> list[ContentError]:
        folder, _, name = self.file.shown_path.rpartition("/")
        out = []
        for line, column, message, level in self.found:
            message = message.format(folder=folder or ".", name=name)
            make = warning if level == "警告" else ContentError
            out.append(make(self.file.shown_path, line, column, message))
        if self.dropped:
            last = out[-1]
            out.append(ContentError(self.file.shown_path, last.line, last.column,
                                    f"还有 {self.dropped} 处会被删去的内容没有列出：请先改正上面这些"))
        return out


class _Walker(HTMLParser):
    def __init__(self, finder: _Finder):
        super().__init__(convert_charrefs=True)
        self.finder = finder

    def run(self, html: str) -> None:
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        report = self.finder.report
        if not policy.tag_allowed(tag):
            if tag in DANGEROUS_TAGS:
                report([f"<{tag}"], DANGEROUS_TAGS[tag], "错误")
                return
            report([f"<{tag}"], f"标签 <{tag}> 不在网站允许的范围内，会被去掉（其中的文字保留）", "警告")
            for name, value in attrs:  # gone with the tag, but say what it tried
                if name.startswith("on"):
                    report([f"{name}=", name], EVENT, "错误")
                elif _LOOKS_OUTSIDE.match(value or "") and name != "href":
                    report([value, f"{name}="], OUTSIDE_RESOURCE, "错误")
            return
        for name, value in attrs:
            value = value or ""
            # The value as written; its tail if entities hide its start; the
            # attribute; the tag; the Markdown that made it.
            needles = [value, value[-10:] if len(value) > 10 else "", f"{name}=", f"<{tag}",
                       "![" if tag == "img" else "](" if tag == "a" else ""]
            if name == "class":
                dropped = policy.class_value(value)[1]
                if any(t.lower() == "mermaid" for t in dropped):
                    report(["mermaid", f"<{tag}"], MERMAID, "错误")
                elif any(t in policy.GENERATED_ONLY for t in value.split()):
                    report([f"<{tag}"], FORGED, "错误")
                elif dropped:
                    report([dropped[0], f"<{tag}"], CLASS.format(names="、".join(dropped[:5])), "警告")
                continue
            if tag == "img" and name == "src" and not self.finder.file.shown_path.startswith("docs/") \
                    and _leaves_folder(value):  # a docs/ page may show any file of docs/
                report(needles, OUTSIDE_FOLDER, "错误")
                continue
            problem = policy.attribute_problem(tag, name, value)
            if problem:
                message, level = _explain(problem, tag, name, value)
                report(needles if problem != policy.EVENT else [f"{name}=", name, f"<{tag}"], message, level)

    handle_startendtag = handle_starttag


def _leaves_folder(src: str) -> bool:
    """A local image path that climbs out of the page's folder, however it is
    written (../, %2e%2e/, an encoded / or \\): the browser and the PDF
    decode it, so a file beside the page is the only thing it may name."""
    if _LOOKS_OUTSIDE.match(src):
        return False  # outside addresses are the sanitiser's part
    path = unquote(src.split("#")[0].split("?")[0]).replace("\\", "/")
    return path.startswith("/") or ".." in path.split("/")


def _explain(problem: str, tag: str, name: str, value: str) -> tuple[str, str]:
    """(message, level) for one attribute the sanitiser removes."""
    if problem == policy.EVENT:
        return EVENT, "错误"
    if problem == policy.STYLE:
        return (STYLE_LOADS, "错误") if re.search(r"[(@\\&]", value) else (STYLE, "警告")
    if problem == policy.LINK_SCHEME:
        scheme = re.sub(r"[\x00-\x20\x7f]+", "", value).split(":", 1)[0].lower()
        if scheme in RUNNING_SCHEMES:
            return f"不允许使用 {scheme}: 链接（链接只能指向 http、https、mailto 或站内页面）", "错误"
        return f"{scheme}: 链接会被去掉（文字保留）：网站只保留 http、https、mailto 和站内链接", "警告"
    if problem == policy.OUTSIDE_RESOURCE:
        return (OUTSIDE_IMAGE if tag == "img" else OUTSIDE_LINK if name == "href" else OUTSIDE_RESOURCE), "错误"
    if problem == policy.RESERVED:
        return f"属性「{name}」的这个值是网站自己使用的，会被去掉", "警告"
    if problem == policy.DATA_VALUE:
        return f"属性「{name}」的值里不能有尖括号或链接，会被去掉", "警告"
    if name == "ping":
        return PING, "错误"
    if name == "srcset" and any(_LOOKS_OUTSIDE.match(c) for c in value.split(",")):
        return OUTSIDE_RESOURCE, "错误"
    if _LOOKS_OUTSIDE.match(value) and name in ("srcset", "background", "poster", "data", "action", "formaction",
                                                "xlink:href", "lowsrc", "dynsrc", "cite"):
        return OUTSIDE_RESOURCE, "错误"
    return f"属性「{name}」会被去掉：网站只保留常用属性（如链接的 href、图片的 src 和 alt）", "警告"
