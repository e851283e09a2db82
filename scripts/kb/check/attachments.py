"""Images and attachments kept beside the item that uses them.

An organiser puts photo.jpg into cases/<id>/ (next to case.md) and writes
![说明](photo.jpg). The validator checks every such file: it exists (with the
same upper/lower case: the server is not Windows), it is what its name says
(png, jpg, webp, svg; pdf and office files as attachments), it is not too big,
an svg runs no script and loads nothing from outside, and every image has
alt text. The build copies the files it found (the adapter adds them to
MkDocs) and the page's links are moved to where the page is published.

Handbooks (and any other item with a folder and Markdown) can use the same
functions: scan() a Markdown file, relink() its text.
"""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from kb.content.kinds import each_item
from kb.content.errors import ContentError, display_path, warning
from kb.check.svg import svg_problem
from kb.content.textfile import TextFile, outside_problem

IMAGE_TYPES = {"png", "jpg", "jpeg", "webp", "svg"}
ATTACHMENT_TYPES = {"pdf", "docx", "xlsx", "pptx", "doc", "xls", "ppt"}
IMAGE_LIMIT = 2 * 1024 * 1024        # a phone photo resized for the screen is far below
ATTACHMENT_LIMIT = 20 * 1024 * 1024  # the USB edition carries every file
IGNORED = {"case.yml", "case.md", "thumbs.db", "desktop.ini", ".ds_store"}

MAGIC = {  # what the first bytes of each type look like
    "png": (b"\x89PNG\r\n\x1a\n",), "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",),
    "pdf": (b"%PDF",), "docx": (b"PK\x03\x04",), "xlsx": (b"PK\x03\x04",), "pptx": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0",), "xls": (b"\xd0\xcf\x11\xe0",), "ppt": (b"\xd0\xcf\x11\xe0",),
}

# ![alt](target "title") and [text](target); <img src="..." alt="...">.
# Link text holds no "[" or line break: with [^\]]* every "[" would scan to the
# next "]", quadratic in a pasted line of brackets (found by tests/test_fuzz.py).
MD_LINK = re.compile(r"(!?)\[([^\[\]\n]*)\]\(\s*(<[^>\n]*>|[^)\s]+)((?:\s+\"[^\"\n]*\")?\s*)\)")
HTML_TAG = re.compile(r"<(?:img|a)\b[^<>]*>", re.I)  # [^<>]: linear in a line of "<a <a <a" (tests/test_fuzz.py)
HTML_ATTR = re.compile(r"""\b(src|alt|href)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.I)
# [photo]: photo.jpg (a reference definition) and ![][photo] (its use, without alt text)
REF_DEF = re.compile(r"^( {0,3}\[[^\]]+\]:\s*)(<[^>]*>|\S+)(.*)$")
REF_IMAGE_NO_ALT = re.compile(r"!\[\s*\]\[[^\]]*\]")
NOT_A_FILE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.I)  # http:, mailto:, //host, #anchor



@dataclass(frozen=True)
class Asset:
    path: Path  # the file on disk
    rel: str    # its path inside the item folder, as written (posix)


def _suffix(name: str) -> str:
    return PurePosixPath(name).suffix.lower().lstrip(".")


def _real_name_problem(folder: Path, rel: str) -> str | None:
    """A name that differs only in case works on Windows, not on the server."""
    current = folder
    for part in PurePosixPath(rel).parts:
        try:
            names = os.listdir(current)
        except OSError:
            return None
        if part not in names:
            same = [n for n in names if n.lower() == part.lower()]
            if same:
                return f"文件名大小写不一致：文件夹里的文件叫「{same[0]}」，这里写的是「{part}」（网站服务器区分大小写）"
            return None
        current = current / part
    return None


def _type_problem(rel: str, image: bool) -> str | None:
    allowed = IMAGE_TYPES if image else IMAGE_TYPES | ATTACHMENT_TYPES
    if _suffix(rel) in allowed:
        return None
    if image:
        return f"图片「{rel}」的格式不支持：只能用 png、jpg、webp 或 svg（可以用画图等软件另存为 jpg）"
    return (f"附件「{rel}」的格式不支持：只能用图片（png、jpg、webp、svg）、pdf 或 Office 文件"
            f"（{'、'.join(sorted(ATTACHMENT_TYPES - {'pdf'}))}）")


def file_problem(path: Path, rel: str, image: bool) -> str | None:
    kind = _suffix(rel)
    size = path.stat().st_size
    limit = IMAGE_LIMIT if kind in IMAGE_TYPES else ATTACHMENT_LIMIT
    if size > limit:
        return (f"文件「{rel}」太大（{size / 1024 / 1024:.1f} MB，最多 {limit // 1024 // 1024} MB）："
                + ("请把图片缩小（例如宽 1600 像素、另存为 jpg）" if kind in IMAGE_TYPES else "请压缩或拆分文件"))
    # O_NOFOLLOW, O_NONBLOCK: a file swapped for a link or a FIFO since it was
    # checked fails here instead of being followed or waited for.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(path, flags), "rb") as f:
        # An svg is read whole (within the size limit): a script after the
        # part that was read would still run.
        head = f.read(limit + 1 if kind == "svg" else 16)
    if kind == "svg":
        if len(head) > limit:
            return f"文件「{rel}」太大（最多 {limit // 1024 // 1024} MB）：请把图片缩小"
        found = svg_problem(head)
        if found:
            line, why = found
            return (f"svg 图片「{rel}」第 {line} 行{why}：网站上的图片不能运行脚本、链接到别处或加载站外内容，"
                    "请删去这一处，或把图片另存为 png")
        return None
    if kind == "webp":
        ok = head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    else:
        ok = any(head.startswith(m) for m in MAGIC[kind])
    if not ok:
        return f"文件「{rel}」的内容不是 {kind} 格式（可能只改了扩展名）：请用图片软件另存为正确的格式"
    return None


def _path_problem(path: Path, folder: Path, rel: str, root: Path, image: bool, file: TextFile,
                  shown_folder: str) -> str | None:
    present = path.exists() or path.is_symlink()
    if not present:
        return _real_name_problem(folder, rel) or (
            f"找不到文件「{rel}」：请把它放进 {shown_folder}/ 文件夹（与 {PurePosixPath(file.shown_path).name} 在一起），"
            "并检查文件名的拼写")
    return outside_problem(path, root) or _real_name_problem(folder, rel) or file_problem(path, rel, image)


def _os_problem(exc: OSError, rel: str) -> str:
    shown = rel if len(rel) <= 80 else f"{rel[:40]}…{rel[-20:]}"
    if exc.errno == errno.ENAMETOOLONG:
        return (f"文件名「{shown}」太长（{len(rel.encode('utf-8'))} 字节）：电脑和网站都存不下这样的文件名，"
                "请把文件改成短一些的名字（例如 照片1.jpg），这里也照改")
    return f"无法读取文件「{shown}」：{exc.strerror or exc}"


def _targets(line: str):
    """(column, is_image, alt text or None, target) for each local reference on a line."""
    for m in MD_LINK.finditer(line):
        target = m.group(3).strip("<>").strip()
        yield m.start(3) + 1, bool(m.group(1)), m.group(2).strip(), target, False
    for m in HTML_TAG.finditer(line):
        attrs = {k.lower(): v.strip("\"'") for k, v in HTML_ATTR.findall(m.group(0))}
        if m.group(0)[1:2].lower() == "i" and "src" in attrs:
            yield m.start() + 1, True, attrs.get("alt", "").strip(), attrs["src"], True
        elif m.group(0)[1:2].lower() == "a" and "href" in attrs:
            yield m.start() + 1, False, "", attrs["href"], True
    m = REF_DEF.match(line)
    if m:
        yield len(m.group(1)) + 1, False, "", m.group(2).strip("<>").strip(), False
    for m in REF_IMAGE_NO_ALT.finditer(line):
        yield m.start() + 1, True, "", "", False


def scan(file: TextFile, folder: Path, root: Path) -> tuple[list[ContentError], list[Asset]]:
    """Check every file a Markdown file refers to; return the ones to publish."""
    errors: list[ContentError] = []
    assets: dict[str, Asset] = {}
    shown_folder = display_path(folder, root)
    in_fence = False
    for number, line in enumerate(file.text.split("\n"), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence or not ("](" in line or "]:" in line or "][" in line or "<" in line):
            continue
        for column, image, alt, target, html in _targets(line):
            def err(message):
                errors.append(ContentError(file.shown_path, number, column, message))
            if not target:  # ![][ref]: the definition is checked on its own line
                err("图片缺少说明文字：请在 ![ ] 的方括号里写一句说明图片内容的话")
                continue
            if re.match(r"^[A-Za-z]:[\\/]", target):  # C:\照片\a.jpg: a path on the organiser's computer
                name = re.split(r"[\\/]", target)[-1]
                err(f"「{target}」是电脑上的路径：请把文件复制到 {shown_folder}/ 文件夹，再只写文件名，例如 ({name})")
                continue
            if NOT_A_FILE.match(target) or (not image and _suffix(target.split("#")[0]) in ("md", "")):
                continue  # outside links and page links: not files of this item
            if html:  # the build moves Markdown links to where the page is published, not HTML ones
                name = PurePosixPath(target).name
                err(f"请用 Markdown 的写法引用文件：图片写 ![说明图片内容的一句话]({name})，附件写 [附件名称]({name})，"
                    "不要用 <img> 或 <a> 标签")
                continue
            if image and not alt:
                err(f"图片「{target}」缺少说明文字：请写成 ![一句话说明图片内容]({target})。"
                    "读屏软件和图片打不开时会显示这句话")
            if "\\" in target:
                err(f"路径「{target}」用了反斜杠「\\」：请改成正斜杠「/」，例如 图片/照片.jpg")
                continue
            rel = target.split("#")[0].split("?")[0]
            if "%" in rel:  # the browser and the PDF ask for the decoded name: %2e%2e/ is ../
                decoded = unquote(rel)
                if decoded.count("/") != rel.count("/") or re.search(r"[\\\x00-\x1f]", decoded) or \
                        ".." in PurePosixPath(decoded).parts:
                    err(f"「{target}」用网址编码（%2e、%2f 等）写了「..」「/」或控制字符，指向 {shown_folder}/ 之外："
                        f"图片和附件要放进本文件夹 {shown_folder}/ 里，再直接写文件名")
                    continue
                rel = decoded
            if rel.startswith("/") or re.match(r"^[A-Za-z]:", rel):
                err(f"「{target}」是电脑上的绝对路径：请把文件放进 {shown_folder}/，再只写文件名，例如 ({PurePosixPath(rel).name})")
                continue
            parts = PurePosixPath(rel).parts
            if ".." in parts:
                err(f"「{target}」指向 {shown_folder}/ 之外：图片和附件要放进本文件夹 {shown_folder}/ 里，再只写文件名")
                continue
            path = folder.joinpath(*parts)
            if _type_problem(rel, image):
                err(_type_problem(rel, image))
                continue
            try:
                problem = _path_problem(path, folder, rel, root, image, file, shown_folder)
            except OSError as exc:  # a name too long for the disk, a file gone meanwhile: a message, no traceback
                problem = _os_problem(exc, rel)
            if problem:
                err(problem)
            else:
                assets[rel] = Asset(path, rel)
    return errors, list(assets.values())


def unused(folder: Path, used: list[Asset], root: Path, content: tuple = ()) -> list[ContentError]:
    """A warning for each file in the folder that no page uses: it is not published.
    content: the item's own text files (case.md, handbook chapters)."""
    wanted = {a.path.resolve() for a in used}
    problems = []
    # os.walk does not follow links into other folders (a link loop cannot hang it).
    files = [Path(d) / n for d, _, names in os.walk(folder) for n in names]
    for path in sorted(p for p in files if p.is_file() and not p.is_symlink()):
        # <file>.draft: a save the editing desk refused (kb/desk/saving.py), never published
        if path.name.lower() in IGNORED or path.name.endswith(".draft") or path.name in content or path.resolve() in wanted:
            continue
        if path.suffix.lower() in (".md", ".yml", ".yaml"):
            continue  # a text file not (yet) named: the loader speaks about those
        shown = display_path(path, root)
        problems.append(warning(shown, 1, 1, "这个文件没有被引用，不会放进网站：如果要用，请在 Markdown 里写 "
                                f"![说明]({path.relative_to(folder).as_posix()})；不用就删掉"))
    return problems


def relink(text: str, prefix: str) -> str:
    """Move local file links to where the page is published.

    case.md's photo.jpg sits in cases/<id>/, but the page is cases/<id>.md:
    written inside the page it becomes <id>/photo.jpg."""
    def local(target: str) -> bool:
        return not (NOT_A_FILE.match(target) or "\\" in target or target.startswith("/")
                    or _suffix(target.split("#")[0]) in ("md", ""))

    def md(m):
        target = m.group(3).strip("<>").strip()
        if not local(target):
            return m.group(0)
        return f"{m.group(1)}[{m.group(2)}](<{prefix}/{target}>{m.group(4)})"

    def ref(m):
        target = m.group(2).strip("<>").strip()
        return f"{m.group(1)}<{prefix}/{target}>{m.group(3)}" if local(target) else m.group(0)

    text = MD_LINK.sub(md, text)
    return "\n".join(REF_DEF.sub(ref, line) for line in text.split("\n"))


def _markdown_files(kind: str, item, root: Path) -> list[TextFile]:
    """The item's Markdown as the loader read it (no second read from disk)."""
    if kind == "case":
        return [item.markdown] if getattr(item, "markdown", None) else []
    from kb.content.handbook_files import text_fields  # handbooks name their own files
    folder = root / "handbooks" / item.model.id
    texts = getattr(item, "texts", {})
    return [TextFile(folder / name, f"{display_path(folder, root)}/{name}", texts[name])
            for _, name in text_fields(item.model) if name in texts]


def check_item_files(col) -> list[ContentError]:
    """Scan the Markdown of every case and handbook (private ones too) and
    record the public ones' files in col.assets (site path -> file) for the
    build to copy. A handbook's pages sit in handbooks/<id>/ like its files,
    so their links need no change; a case page needs relink()."""
    problems: list[ContentError] = []
    for kind, item in each_item(col, ("case", "handbook"), private=True):
        item_id = item.model.id
        folder = col.root / f"{kind}s" / item_id
        files = _markdown_files(kind, item, col.root)
        found: list[Asset] = []
        for file in files:
            if not any(mark in file.text for mark in ("](", "]:", "][", "<")):
                continue  # most texts refer to no file at all
            errors, assets = scan(file, folder, col.root)
            problems += errors
            found += assets
        if folder.is_dir():
            problems += unused(folder, found, col.root, tuple(f.path.name for f in files))
        if item.model.status != "private":
            for asset in found:
                col.assets[f"{kind}s/{item_id}/{asset.rel}"] = asset.path
    return problems
