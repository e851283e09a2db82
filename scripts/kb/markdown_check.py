"""Safety checks for Markdown an organiser writes.

The site must run no script an author typed and load nothing from outside the
site (trainees are in mainland China, often offline). Plain links to outside
pages are allowed: they load nothing until a reader clicks them.
"""

from __future__ import annotations

import re

from .errors import ContentError
from .textfile import TextFile

OUTSIDE = r"(?:[a-z][a-z0-9+.-]*:)?//"  # http://, https://, //host (protocol-relative)

RULES = [
    (re.compile(r"<\s*script\b", re.I),
     "不允许使用 <script>：页面里不能运行作者写的脚本"),
    (re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I),
     "不允许使用 on...= 事件属性（如 onclick、onerror）：页面里不能运行作者写的脚本"),
    (re.compile(r"javascript\s*:", re.I),
     "不允许使用 javascript: 链接"),
    (re.compile(r"<\s*(?:iframe|object|embed|frame|applet|base|meta)\b", re.I),
     "不允许嵌入 iframe/object/embed 等外部内容"),
    (re.compile(r"!\[[^\]]*\]\(\s*<?" + OUTSIDE, re.I),
     "图片不能从站外加载：请把图片下载下来，放进 {folder}/ 文件夹（与 {name} 在一起），再写成 ![图片说明](文件名.jpg)"),
    (re.compile(r"^\s*\[[^\]]+\]:\s*<?" + OUTSIDE + r"\S*\.(?:png|jpe?g|gif|svg|webp|bmp)\b", re.I),
     "图片不能从站外加载：请把图片下载下来，放进 {folder}/ 文件夹（与 {name} 在一起），再写成 ![图片说明](文件名.jpg)"),
    (re.compile(r"\b(?:src|srcset|poster|data|background)\s*=\s*[\"']?\s*" + OUTSIDE, re.I),
     "不能从站外加载资源（图片、音视频、脚本等）：请把文件放进仓库，再用相对路径引用"),
    (re.compile(r"<\s*link\b[^>]*href\s*=\s*[\"']?\s*" + OUTSIDE, re.I),
     "不能从站外加载样式表或字体"),
    (re.compile(r"(?:url\(\s*[\"']?|@import\s+[\"']?)\s*" + OUTSIDE, re.I),
     "样式里不能从站外加载资源"),
    # Material fetches its diagram library from a CDN for any .mermaid element.
    (re.compile(r"class\s*=\s*[\"']?[^\"'>]*\bmermaid\b", re.I),
     "不支持 mermaid 图表：它会从站外下载脚本。请改用图片（放进仓库）"),
]


# Every rule needs one of these on the line; most prose lines have none.
MAY_MATCH = re.compile(r"[<=]|javascript|\]\s*[(:]|url\(|@import", re.I)


def check_markdown(file: TextFile) -> list[ContentError]:
    errors = []
    in_fence = False
    for number, line in enumerate(file.text.split("\n"), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence  # code blocks are shown as text, never run
            continue
        if in_fence or not MAY_MATCH.search(line):
            continue
        for pattern, message in RULES:
            for match in pattern.finditer(line):
                folder, _, name = file.shown_path.rpartition("/")  # where the image must go (kb/attachments.py)
                errors.append(ContentError(file.shown_path, number, match.start() + 1,
                                           message.format(folder=folder or ".", name=name)))
    return errors
