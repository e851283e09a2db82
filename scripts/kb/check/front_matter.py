"""What a hand-written page (docs/*.md) may say in its front matter.

The theme prints some front-matter keys as they are (revision_date, the
git_* dates, status, icon ...), and others steer the build (search rank,
template). Only the keys the site needs reach the engine: everything else
is refused here, at its line, before anything is built.
"""

from __future__ import annotations

import re

import yaml

from kb.content.errors import ContentError

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.S)
ALLOWED = {"title": "页面标题", "description": "页面简介（搜索结果和分享时显示）", "search": "搜索设置"}
SEARCH_KEYS = {"exclude"}  # a page may leave the search, never change its rank


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter text or None, body, line number where the body starts)."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None, text, 1
    return match.group(1) or "", text[match.end():], match.group(0).count("\n") + 1


def _keys(front: str) -> dict[str, tuple[int, int]]:
    """Top-level key -> (line, column) in the front matter (1-based, file lines)."""
    try:
        node = yaml.compose(front, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): (k.start_mark.line + 2, k.start_mark.column + 1) for k, _ in node.value}


def check_front_matter(shown_path: str, text: str) -> list[ContentError]:
    front, _, _ = split_front_matter(text)
    if front is None:
        return []
    try:
        data = yaml.safe_load(front) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 2
        return [ContentError(shown_path, line, 1, "页面开头 --- 之间的设置不是合法的 YAML：请检查冒号和缩进")]
    if not isinstance(data, dict):
        return [ContentError(shown_path, 2, 1, "页面开头 --- 之间应写成「名称: 值」的形式，例如 title: 使用说明")]
    where = _keys(front)
    errors = []
    allowed = "、".join(f"{k}（{v}）" for k, v in ALLOWED.items())
    for key, value in data.items():
        line, column = where.get(str(key), (2, 1))
        if key not in ALLOWED:
            errors.append(ContentError(shown_path, line, column,
                                       f"页面设置「{key}」不能使用：页面开头只能写 {allowed}。请删去这一行"))
        elif key in ("title", "description") and not isinstance(value, (str, int, float)):
            errors.append(ContentError(shown_path, line, column, f"「{key}」应是一段文字"))
        elif key == "search":
            errors += _search_problems(shown_path, value, line, column)
    return errors


def _search_problems(shown_path: str, value, line: int, column: int) -> list[ContentError]:
    if isinstance(value, dict) and "boost" in value:
        return [ContentError(shown_path, line, column,
                             "「search.boost」不再使用：搜索结果的先后由页面是什么决定（案例、课程在前，使用说明在后），"
                             "页面设置不能改变。请删去 boost 这一行")]
    if not isinstance(value, dict) or set(value) - SEARCH_KEYS:
        return [ContentError(shown_path, line, column, "「search」下只能写 exclude: true（这一页不进搜索）")]
    if not isinstance(value.get("exclude", False), bool):
        return [ContentError(shown_path, line, column, "「search.exclude」只能是 true 或 false")]
    return []


# docs/ holds pages; docs/assets/ the site's own stylesheet and scripts.
# Anything else there would be published unchecked (an .html or .svg can run
# scripts), so it is refused; pictures belong beside a case.
ASSET_SUFFIXES = {".css", ".js"}
PICTURE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp"}


def check_docs(root) -> list[ContentError]:
    """Every file under docs/: a page with allowed front matter, or one of
    the site's own assets; no links, no special files."""
    from kb.content.textfile import TextFile

    errors = []
    docs = root / "docs"
    if not docs.is_dir():
        return errors
    for path in sorted(docs.rglob("*")):
        shown = path.relative_to(root).as_posix()
        if path.is_symlink() or (path.exists() and not path.is_dir() and not path.is_file()):
            errors.append(ContentError(shown, 1, 1, "这是符号链接或特殊文件，不能发布：请换成文件本身"))
            continue
        if path.is_dir():
            continue
        if path.stat().st_nlink > 1:
            errors.append(ContentError(shown, 1, 1, "这是硬链接（同一文件在别处还有名字），不能发布：请复制一份文件本身放在这里"))
            continue
        in_assets = path.relative_to(docs).parts[0] == "assets"
        if path.suffix.lower() == ".md" and not in_assets:
            file, _ = TextFile.read(path, root, limit=256 * 1024)  # its own problems are reported by loading
            if file:
                errors += check_front_matter(file.shown_path, file.text)
        elif in_assets and path.suffix.lower() in PICTURE_SUFFIXES:
            # The guide's own pictures (screenshots of the desk): the same
            # checks as a case's pictures, type by content and size.
            from kb.check.attachments import file_problem
            problem = file_problem(path, shown, image=True)
            if problem:
                errors.append(ContentError(shown, 1, 1, problem))
        elif not (in_assets and path.suffix.lower() in ASSET_SUFFIXES):
            errors.append(ContentError(shown, 1, 1, "docs/ 里只能放 .md 页面（网站自己的样式、脚本和使用说明里的截图在 docs/assets/）："
                                       "这个文件不会被发布。图片和附件请放进对应案例的文件夹，在 case.md 里引用"))
    return errors
