"""Write the skeleton of a new item: python scripts/new_item.py KIND ID TITLE [--source ID]

make new-case ID=xiaopo TITLE=小坡村 and make new-course ID=... TITLE=... call
this. The skeleton is a `draft` that validates as written; every field gets
the Chinese description from the model (kb/models.py) as a comment, so the
comments, the editor's hover help and the site's 字段说明 page say the same.
Nothing is ever overwritten.

Generic on purpose: another kind (e.g. handbooks) registers a Kind in KINDS
with its files and any fixed values; the field comments come from its model.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from pypinyin import lazy_pinyin

from kb.content.model_errors import model_in
from kb.content.models import SLUG_PATTERN, Case, Course, Handbook
from kb.cli import ROOT
from kb.render.pages import RESERVED_IDS

# 开篇: the decision the case opens on (when, where, who must decide, what is
# at stake). A case from one thin source drops it and says kind: 案例素材.
NARRATIVE = "## 开篇\n\n## 背景\n\n## 做法\n\n## 成效\n\n## 启示\n"
# The teaching note: only the teacher edition reads it (make serve EDITION=teacher).
TEACHING = """---
# 教学说明（案例使用说明）：只给教师看，学员版网站、PDF 和 U 盘版里都没有。
# 每项设置的说明见网站「使用说明 › 字段说明」；来源太少写不成的，删去下面各节，只写一节「## 说明」讲明原因。
class_minutes:    # 一次课多少分钟，例如 90；教学计划各环节的分钟数合计要等于它
audience: []      # 适用对象，例如 [村级后备干部]
courses: []       # 适用课程的 id，例如 [chanye-taolun]
elements: []      # 案例体现的「八要素」「五步工作法」要素，例如 [产业选择, 利益联结]
plan: []          # 教学计划，例如 [{step: 分组讨论, minutes: 30}]
---
## 教学目的与用途

待补充。

## 关键问题

待补充：每个问题写成「### 问题一：……」，下面写启发思考题和分析；引用来源的写法和 case.md 相同。

## 板书设计

待补充。

## 后续进展

待补充：只写来源里有的后续情况，注明来源。
"""


@dataclass
class Kind:
    word: str                       # 案例 / 课程 (for messages)
    model: type
    main: Callable[[str], str]      # id -> the YAML file, relative to the root
    taken: Callable[[str], list]    # id -> paths that would mean "already exists"
    header: str                     # comment lines at the top of the YAML file
    extra_files: Callable[[str], dict] = lambda item_id: {}  # id -> {path: text}
    fixed: dict = field(default_factory=dict)  # field -> YAML value text written as is


CASE_HEADER = """\
# 案例：{title}
# 由 make new-case 生成的草稿骨架（status: draft）。保存为 UTF-8，改完运行 make validate。
# 规矩：只写来源里有的事实，用自己的话概括；来源没有说明的留空（网站显示「待补充」），不要猜。
# 开篇 / 背景 / 做法 / 成效 / 启示写在同一文件夹的 case.md 里。开篇写决策时刻：何时、何地、谁要作决定、
# 关系到什么（只写来源里有的事实，不透露结果）；来源太少写不成的，删去开篇，并写 kind: 案例素材。
# 标题只说地点和事，不说结论；引号用“”（里面再引用用‘’）。图片和附件也放在这个文件夹，
# 在 case.md 里写 ![图片说明](照片.jpg)。每个字段的说明见行尾注释或网站「使用说明 › 字段说明」。
# 本案例和课程的关系不写在这里：在课程文件的 readings 里写上本案例的 id，两边页面都会显示。
"""

COURSE_HEADER = """\
# 课程：{title}
# 由 make new-course 生成的草稿骨架（status: draft）。保存为 UTF-8，改完运行 make validate。
# 规矩：只写来源里有的事实；来源没有说明的留空（网站显示「待补充」），不要猜。
# 不必把新课程写进 programme.yml：网站会自动列出全部课程（programme.yml 的 courses 只决定顺序）。
# 每个字段的说明见行尾注释或网站「使用说明 › 字段说明」。
"""

HANDBOOK_HEADER = """\
# 手册：《{title}》
# 由 make new-handbook 生成的草稿骨架（status: draft）。保存为 UTF-8，改完运行 make validate，
# 再用 make pdf 生成 PDF（dist/pdf/）。前言、各章正文、编后记写成本文件夹里的 Markdown 文件，
# 在 preface / chapters 的 text / afterword 里写文件名。章标题不要写「第一章」：章号自动加上。
# 一章的写法（cases / courses 按阅读顺序写案例和课程的 id）：
#   chapters:
#     - {{title: 学习方法, text: xuexi-fangfa.md}}
#     - {{title: 产业选择, text: chapter-2.md, cases: [tianjiawan, daba], courses: [bayaosu]}}
"""
HANDBOOK_PREFACE = "（前言待补充：在这里写这本手册的前言，保存为 UTF-8。）\n"

KINDS: dict[str, Kind] = {
    "case": Kind("案例", Case, lambda i: f"cases/{i}/case.yml", lambda i: [f"cases/{i}"], CASE_HEADER,
                 extra_files=lambda i: {f"cases/{i}/case.md": NARRATIVE, f"cases/{i}/teaching.md": TEACHING}),
    "course": Kind("课程", Course, lambda i: f"courses/{i}.yml", lambda i: [f"courses/{i}.yml", f"courses/{i}"],
                   COURSE_HEADER),
    "handbook": Kind("手册", Handbook, lambda i: f"handbooks/{i}/handbook.yml", lambda i: [f"handbooks/{i}"],
                     HANDBOOK_HEADER, extra_files=lambda i: {f"handbooks/{i}/preface.md": HANDBOOK_PREFACE},
                     fixed={"preface": "preface.md"}),
}

# Examples shown in the comment of an empty list of entries: one line to copy.
EXAMPLES = {
    "people": "- {name: 姓名, role: 村党支部书记, source: 来源id}",
    "figures": "- {label: 指标, value: 1000, approx: 约, unit: 亩, date: 2020-10, source: 来源id}",
    "timeline": "- {date: 2018 至 2020, event: 做了什么, source: 来源id}",
    "quotes": "- {text: 原话（一字不改）, speaker: 说话人, role: 身份, source: 来源id}",
    "parts": "- {title: 名称, summary: 一句话说明}",
    "chapters": "- {title: 章标题, text: chapter-1.md, cases: [案例id], courses: [课程id]}",
}


def _yaml_text(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML string


def _comment(info) -> str:
    return f"  # {info.description}" if info.description else ""


def skeleton(kind: Kind, item_id: str, title: str, source: str | None) -> str:
    """The YAML text: every field of the model, empty or with a safe value."""
    values = {"id": item_id, "title": _yaml_text(title), "status": "draft", "summary": _yaml_text("待补充"),
              "sources": f"[{source}]" if source else "[]", **kind.fixed}
    lines = [kind.header.format(title=title.replace("\n", " "))]
    for name, info in kind.model.model_fields.items():
        inner = model_in(info.annotation)
        if name in values:
            lines.append(f"{name}: {values[name]}{_comment(info)}")
        elif inner is not None and not _is_list(info):
            lines.append(f"{name}:{_comment(info)}")  # a mapping: one line per sub-field
            for sub, sub_info in inner.model_fields.items():
                empty = "[]" if _is_list(sub_info) else ""
                lines.append(f"  {sub}: {empty}{_comment(sub_info)}".replace(":   #", ":  #"))
        elif _is_list(info):
            example = f"；每项一行，例如 {EXAMPLES[name]}" if name in EXAMPLES else ""
            lines.append(f"{name}: []{_comment(info)}{example}")
        elif isinstance(info.default, (str, int, float)) and not isinstance(info.default, bool):
            lines.append(f"{name}: {_yaml_text(str(info.default))}{_comment(info)}")  # e.g. parts_name: 组成部分
        elif info.is_required():
            raise SystemExit(f"new_item.py: no skeleton value for required field {name}")  # a developer's error
        else:
            lines.append(f"{name}:{_comment(info)}")
    return "\n".join(lines) + "\n"


def _is_list(info) -> bool:
    return getattr(info.annotation, "__origin__", None) is list or str(info.annotation).startswith("list[")


def suggest_id(text: str) -> str:
    """A legal id from a Chinese name: 小坡村 -> xiaopocun."""
    words = [re.sub(r"[^a-z0-9]+", "-", w.lower()) for w in lazy_pinyin(text)]
    return re.sub(r"-+", "-", "".join(words)).strip("-")[:64]


def check_id(item_id: str, title: str) -> str | None:
    if not item_id:
        return "请给出 ID，例如：make new-case ID=xiaopo TITLE=小坡村"
    if not re.match(SLUG_PATTERN, item_id) or len(item_id) > 64:
        guess = suggest_id(item_id) or suggest_id(title)
        hint = f"，例如 {guess}（拼音）" if guess else "，例如 xiaopo"
        return (f"ID「{item_id}」不能用：只能用小写英文字母、数字和连字符「-」（不能有汉字、大写字母、空格），"
                f"最长 64 个字符{hint}。它同时是文件夹名和网址的一部分")
    if item_id in RESERVED_IDS:
        return f"ID「{item_id}」是网站保留的名字（{'、'.join(sorted(RESERVED_IDS))}），请换一个"
    return None


def create(kind_name: str, item_id: str, title: str, source: str | None = None, root: Path = ROOT) -> tuple[int, str]:
    """(exit code, message). Writes nothing unless every file is new."""
    kind = KINDS[kind_name]
    title = (title or "").strip()
    problem = check_id(item_id, title)
    if problem:
        return 2, f"错误: {problem}"
    if not title:
        return 2, f"错误: 请给出标题，例如：make new-{kind_name} ID={item_id} TITLE=标题"
    if source is not None and not re.match(SLUG_PATTERN, source):
        return 2, f"错误: 来源 id「{source}」不合法：请写 sources.yml 里某个来源的 id"
    existing = [p for p in kind.taken(item_id) if (root / p).exists() or (root / p).is_symlink()]
    if existing:
        return 1, (f"错误: 已经有「{existing[0]}」了，没有改动任何文件（不会覆盖已有内容）。"
                   f"请换一个 ID，或直接编辑已有的文件")
    files = {kind.main(item_id): skeleton(kind, item_id, title, source), **kind.extra_files(item_id)}
    written = []
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as f:  # "x": fails rather than overwrite
            f.write(text)
        written.append(rel)
    return 0, (f"已新建{kind.word}草稿：{'、'.join(written)}\n"
               f"下一步：按行尾注释填写内容，保存后运行 make validate 检查；写好并核对来源后把 status 改为 published。")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="新建一个内容草稿（不会覆盖已有文件）")
    parser.add_argument("kind", choices=sorted(KINDS))
    parser.add_argument("id", nargs="?", default="")
    parser.add_argument("title", nargs="?", default="")
    parser.add_argument("--source", default=None, help="sources.yml 中的来源 id（可选）")
    parser.add_argument("--root", default=str(ROOT))
    args = parser.parse_args(argv)
    code, message = create(args.kind, args.id.strip(), args.title, args.source or None, Path(args.root))
    print(message, file=sys.stderr if code else sys.stdout)
    return code


if __name__ == "__main__":
    sys.exit(main())
