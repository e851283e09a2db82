"""Tests for the content validator (kb-validate, what make validate runs), run as organisers run it.

Each test copies the real content into a temporary project, makes one
organiser mistake in one real file and runs the validator as a subprocess.
A mistake is written as an edit of today's real text (a regex and its
replacement), so the tests survive new and changed content; the expected
lines name the line of the edit as {L} (and {L1}, {L2}: the lines after it).
Only what the mistake adds is compared: lines the clean content already
prints (say, a warning about a draft's gaps) are left out.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

REPO = Path(__file__).resolve().parent.parent
VALIDATE = Path(sys.executable).parent / "kb-validate"  # the console script make validate runs
CONTENT = ("sources.yml", "programme.yml", "intros.yml", "glossary.yml", "cases", "courses", "handbooks", "docs")

# Messages, as the validator prints them, that several rows share.
NOT_UTF8 = "文件不是 UTF-8 编码（可能是在 Windows 上以 GBK/ANSI 保存的）。请在编辑器中用「另存为」选择 UTF-8 编码后再保存"
NOT_A_MAPPING = "文件顶层应为「字段名: 内容」的映射，而不是单个值或列表"
COPIED = "（常见于从网页、Word 或 PDF 复制的文字）：请删除它"
SOURCE = "source: dangyuanwang-2020"

CASE, CASE_MD, OTHER_CASE = "cases/tianjiawan/case.yml", "cases/watian/case.md", "cases/watian/case.yml"
COURSE, SOURCES = "courses/bayaosu.yml", "sources.yml"


def utf8(text: str) -> bytes:
    return text.encode("utf-8")


def gbk(text: str) -> bytes:
    """Saved by a Windows editor in the Chinese ANSI code page."""
    return text.encode("gbk")


def windows_notepad(text: str) -> bytes:
    """Saved by Notepad: UTF-8 with a BOM and CRLF line ends."""
    return codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8")


@dataclass(frozen=True)
class Fault:
    """One organiser mistake: an edit of a real file, and what must be printed."""

    id: str
    target: str                 # content file edited, relative to the root
    find: str | None = None     # regex (multi-line mode) in the real text; None: text unchanged
    repl: str = ""              # its replacement (re.sub syntax)
    expected: list[str] = field(default_factory=list)  # exact new stdout lines; [] = clean
    save: Callable[[str], bytes] = utf8
    count: int = 1              # how many matches to replace (0: all)
    lines: dict = field(default_factory=dict)  # more placeholders: name -> regex, its first line

    def apply(self, root: Path) -> list[str]:
        """Write the mistake into root; return the expected lines."""
        path = root / self.target
        assert path.is_file(), f"{self.target} is not a content file"
        text = path.read_text(encoding="utf-8")
        marks: dict[str, int] = {}
        if self.find is not None:
            match = re.search(self.find, text, re.M)
            assert match, f"{self.id}: {self.find!r} not in {self.target}: update the fault"
            line = text.count("\n", 0, match.start()) + 1
            marks.update(L=line, L1=line + 1, L2=line + 2, L3=line + 3)
            text = re.sub(self.find, self.repl, text, count=self.count, flags=re.M)
        for name, pattern in self.lines.items():
            marks[name] = text.count("\n", 0, re.search(pattern, text, re.M).start()) + 1
        data = self.save(text)
        try:
            data.removeprefix(codecs.BOM_UTF8).decode("utf-8")
        except UnicodeDecodeError as exc:  # where a GBK file stops being UTF-8 (a few GBK pairs are UTF-8 too)
            marks.update(NAL=data.count(b"\n", 0, exc.start) + 1, NAC=exc.start - data.rfind(b"\n", 0, exc.start))
        path.write_bytes(data)
        return [line.format(**marks) for line in self.expected]


def figure(text: str) -> str:
    """A block-style figure put first under figures: (lines L1...)."""
    return "figures:\n" + text


FAULTS = [
    # --- reading the file ---------------------------------------------------
    Fault("gbk-case-yml", OTHER_CASE, save=gbk, expected=[f"{OTHER_CASE}:{{NAL}}:{{NAC}}: 错误: {NOT_UTF8}"]),
    Fault("gbk-case-md", CASE_MD, save=gbk, expected=[f"{CASE_MD}:{{NAL}}:{{NAC}}: 错误: {NOT_UTF8}"]),
    Fault("gbk-docs-page", "docs/about.md", save=gbk, expected=[f"docs/about.md:{{NAL}}:{{NAC}}: 错误: {NOT_UTF8}"]),
    Fault("bom-crlf-yml", SOURCES, save=windows_notepad),
    Fault("bom-crlf-case-yml", CASE, save=windows_notepad),
    Fault("bom-crlf-md", CASE_MD, save=windows_notepad),
    # A full-width colon inside text is just text, even after Latin letters.
    Fault("fullwidth-colon-in-text", CASE, r"^title: ", "title: ABC：说明："),
    Fault("empty-file", COURSE, r"[\s\S]*", "", expected=[f"{COURSE}:1:1: 错误: 文件是空的"]),
    # --- invisible characters -----------------------------------------------
    Fault("bell-in-comment", CASE, r"^# ", "# \x07", expected=[
        f"{CASE}:{{L}}:3: 错误: 这里有看不见的响铃符 U+0007{COPIED}"]),
    Fault("escape-in-comment", CASE, r"^# ", "# \x1b", expected=[
        f"{CASE}:{{L}}:3: 错误: 这里有看不见的ESC 控制符 U+001B{COPIED}"]),
    Fault("delete-in-comment", CASE, r"^# ", "# \x7f", expected=[
        f"{CASE}:{{L}}:3: 错误: 这里有看不见的删除符 U+007F{COPIED}"]),
    Fault("noncharacter-in-comment", CASE, r"^# ", "# \ufffe", expected=[
        f"{CASE}:{{L}}:3: 错误: 这里有看不见的非字符 U+FFFE{COPIED}"]),
    Fault("vertical-tab-in-text", CASE, r"^title: ", "title: 标题\x0b", expected=[
        f"{CASE}:{{L}}:10: 错误: 这里有看不见的垂直制表符 U+000B{COPIED}"]),
    Fault("form-feed-in-markdown", CASE_MD, r"^## 背景\n", "## 背景\n\x0c\n", expected=[
        f"{CASE_MD}:{{L1}}:1: 错误: 这里有看不见的换页符 U+000C{COPIED}"]),
    Fault("rtl-override", CASE, r"^industries: \[", "industries: [\u202e", expected=[
        f"{CASE}:{{L}}:14: 错误: 这里有看不见的从右到左覆盖符 U+202E{COPIED}"]),
    Fault("zero-width-space-in-id", CASE, r"^id: (\w)", "id: \\1\u200b", expected=[
        f"{CASE}:{{L}}:5: 错误: 字段「id」不是合法的标识（id）：只能用小写英文字母、数字和连字符「-」，例如 tianjiawan 或 wubu-gongzuofa",
        f"{CASE}:{{L}}:6: 警告: 这里有看不见的零宽空格 U+200B：它会让搜索和链接出错，除非确有需要，请删除它"]),
    # --- YAML syntax ----------------------------------------------------------
    Fault("unclosed-quote", CASE, r"^title: ", 'title: "', expected=[f"{CASE}:{{L}}:8: 错误: 引号没有闭合"]),
    Fault("fullwidth-colon", COURSE, r"^kind: ", "kind：", expected=[
        f"{COURSE}:{{L}}:5: 错误: 字段「kind」后面用了全角冒号「：」。请改成半角冒号「:」并在后面加一个空格"]),
    Fault("tab-indent", CASE, r"^  county: ", "\tcounty: ", expected=[
        f"{CASE}:{{L}}:1: 错误: 缩进里有 Tab 字符。YAML 只能用空格缩进，请把 Tab 换成空格（建议每层 2 个空格）"]),
    # Indented 4 spaces instead of 2: PyYAML reads the line as more text of the one above.
    Fault("over-indent", CASE, r"^  county: ", "    county: ", lines={"P": r"^  city: "}, expected=[
        f"{CASE}:{{L}}:1: 错误: 这一行缩进了 4 个空格，比上一行（第 {{P}} 行）的字段多 2 个：同一层的字段必须左对齐，"
        "请改成 2 个空格。（缩进多了，YAML 会把这一行当成上一行文字的延续）"]),
    Fault("over-indent-top-level", COURSE, r"^kind: ", "  kind: ", lines={"P": r"^title: "}, expected=[
        f"{COURSE}:{{L}}:1: 错误: 这一行缩进了 2 个空格，比上一行（第 {{P}} 行）的字段多 2 个：同一层的字段必须左对齐，"
        "请改成 0 个空格。（缩进多了，YAML 会把这一行当成上一行文字的延续）"]),
    Fault("under-indent", CASE, r"^  county: ", " county: ", lines={"P": r"^  city: "}, expected=[
        f"{CASE}:{{L}}:2: 错误: 缩进不一致：这一行缩进了 1 个空格，上一行（第 {{P}} 行）是 2 个。"
        "同一层的字段和「- 」必须左对齐（建议每层 2 个空格）"]),
    Fault("fullwidth-space-indent", CASE, r"^  county: ", "\u3000\u3000county: ", expected=[
        f"{CASE}:{{L}}:1: 错误: 缩进里有全角空格「\u3000」（中文输入法的空格）。YAML 只能用半角空格缩进，"
        "请切换到英文输入法，把它换成半角空格（建议每层 2 个空格）"]),
    Fault("duplicate-key", COURSE, r"\Z", "status: draft\n", lines={"S": r"^status:"}, expected=[
        f"{COURSE}:{{L}}:1: 错误: 字段「status」重复出现（第一次在第 {{S}} 行）；请删除或合并其中一个"]),
    Fault("unsafe-tag", COURSE, r"^title: .*$", 'title: !!python/object/apply:os.system ["touch pwned-by-yaml"]',
          expected=[f"{COURSE}:{{L}}:8: 错误: 不允许的 YAML 标签「!!python/object/apply:os.system」："
                    "内容文件只能包含文字、数字、日期、列表和映射"]),
    Fault("alias-bomb", COURSE, r"\Z", "".join(
        ["bomb:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n"]
        + [f"  {c}: &{c} [{', '.join([f'*{p}'] * 10)}]\n" for p, c in zip("abcde", "bcdef")]),
        expected=[f"{COURSE}:{{L1}}:13: 错误: 内容展开后超过 50000 项：可能是别名（&锚点 / *引用）层层嵌套。请不要使用别名"]),
    Fault("deep-nesting", COURSE, r"\Z", "deep: " + "[" * 5000 + "]" * 5000 + "\n", expected=[
        f"{COURSE}:{{L}}:56: 错误: 嵌套层数过深，无法读取：这里的方括号「[」或花括号「{{{{」一层套一层，"
        "多半是多打或粘贴出了错。内容文件最多只需要两三层"]),
    Fault("float-tag", CASE, r"^figures:\n", figure(f"  - label: 面积\n    value: !!float x\n    {SOURCE}\n"),
          expected=[f"{CASE}:{{L2}}:12: 错误: 标签「!!float」和内容「x」对不上：内容文件里不需要 YAML 标签，请删掉「!!float」，直接写内容"]),
    Fault("int-tag", CASE, r"^figures:\n", figure(f"  - label: 面积\n    value: !!int 1.5\n    {SOURCE}\n"),
          expected=[f"{CASE}:{{L2}}:12: 错误: 标签「!!int」和内容「1.5」对不上：内容文件里不需要 YAML 标签，请删掉「!!int」，直接写内容"]),
    # --- dates -------------------------------------------------------------------
    Fault("impossible-day", CASE, r"^timeline:\n", f"timeline:\n  - {{date: 2020-02-30, event: 事件, {SOURCE}}}\n",
          expected=[f"{CASE}:{{L1}}:12: 错误: 日期「2020-02-30」不存在：2020 年 2 月只有 29 天"]),
    Fault("impossible-month", CASE, r"^timeline:\n", f"timeline:\n  - {{date: 2020-13-01, event: 事件, {SOURCE}}}\n",
          expected=[f"{CASE}:{{L1}}:12: 错误: 日期「2020-13-01」不存在：月份应为 01 到 12"]),
    Fault("year-zero", CASE, r"^timeline:\n", f"timeline:\n  - {{date: 0000-01-01, event: 事件, {SOURCE}}}\n",
          expected=[f"{CASE}:{{L1}}:12: 错误: 日期「0000-01-01」不存在：没有 0 年。请写成 2020、2020-10 或 2020-12-16 的形式"]),
    # Only the date is wrong: the other sources must still be known.
    Fault("impossible-date-sources", SOURCES, r"^    date: \d{4}-\d\d-\d\d$", "    date: 2023-13-45", expected=[
        f"{SOURCES}:{{L}}:11: 错误: 日期「2023-13-45」不存在：月份应为 01 到 12"]),
    # --- keyboard habits -----------------------------------------------------------
    # The page would list one industry 「生姜，养鸡，生猪」: an error, with the list to write.
    Fault("fullwidth-commas-in-list", CASE, r"^industries: \[.*\]$", "industries: [生姜，养鸡，生猪]", expected=[
        f"{CASE}:{{L}}:14: 错误: 「生姜，养鸡，生猪」里有全角逗号或顿号：方括号列表的各项要用半角逗号「,」分隔，"
        "否则整段会被当成一项。请写成 [生姜, 养鸡, 生猪]；如果它本来就是一项，请给它加上英文引号 \"…\""]),
    Fault("enumeration-commas-in-list", CASE, r"^themes: \[.*\]$", "themes: [产业发展、村集体经济]", expected=[
        f"{CASE}:{{L}}:10: 错误: 「产业发展、村集体经济」里有全角逗号或顿号：方括号列表的各项要用半角逗号「,」分隔，"
        "否则整段会被当成一项。请写成 [产业发展, 村集体经济]；如果它本来就是一项，请给它加上英文引号 \"…\""]),
    # A sentence with a comma in a [list] may be meant as one item: only a warning.
    Fault("sentence-with-comma-in-list", CASE, r"^themes: \[.*\]$", "themes: [如果你是书记，会怎么做？]", expected=[
        f"{CASE}:{{L}}:10: 警告: 「如果你是书记，会怎么做？」里有全角逗号或顿号：方括号列表的各项要用半角逗号「,」分隔，"
        "现在整段会被当成一项。如果是 2 项，请写成 [如果你是书记, 会怎么做？]"]),
    # The page would show the quotes: an error.
    Fault("curly-quotes", CASE, r"^title: .*$", "title: “印江县田家湾村”", expected=[
        f"{CASE}:{{L}}:8: 错误: 内容「“印江县田家湾村”」被弯引号 “…” 包住（常见于从 Word 或中文输入法）："
        "YAML 不认这种引号，它们会原样显示在网站上。请删掉这对引号（文字里有冒号或逗号时，改用英文引号 \"…\" 包住）；"
        "确实要显示这对弯引号时，再在外面加一对英文引号"]),
    Fault("curly-quotes-chosen", CASE, r"^title: .*$", "title: \"“印江县田家湾村”\""),
    # Two quoted parts are not one value in quotes.
    Fault("curly-quotes-two-parts", CASE, r"^title: .*$", "title: “三变”与“三社”"),
    Fault("curly-quotes-around-comma", CASE, r"^figures:\n",
          figure(f"  - {{label: “茶园, 撂荒”, value: 1, unit: 亩, {SOURCE}}}\n"), expected=[
              f"{CASE}:{{L1}}:18: 错误: 字段「figures[0].label」的文字里有逗号，被拆成了两半："
              "弯引号 “…” 不是 YAML 的引号。请把整段文字改用英文引号 \"…\" 包起来"]),
    # In {...} the commas cut the number into keys (1,000 gives the key 0, 1,030 the key 24): one message, the whole number.
    Fault("thousands-comma", CASE, r"^figures:\n", figure(f"  - {{label: 面积, value: 1,300, unit: 亩, {SOURCE}}}\n"),
          expected=[f"{CASE}:{{L1}}:24: 错误: 字段「figures[0].value」的数字里不要用逗号分隔千位：「1,300」请写成 1300"]),
    Fault("thousands-commas-million", CASE, r"^figures:\n",
          figure(f"  - {{label: 面积, value: 1,300,000, unit: 亩, {SOURCE}}}\n"),
          expected=[f"{CASE}:{{L1}}:24: 错误: 字段「figures[0].value」的数字里不要用逗号分隔千位：「1,300,000」请写成 1300000"]),
    Fault("thousands-comma-zeros", CASE, r"^figures:\n", figure(f"  - {{label: 面积, value: 约1,000, unit: 亩, {SOURCE}}}\n"),
          expected=[f"{CASE}:{{L1}}:24: 错误: 字段「figures[0].value」的数字里不要用逗号分隔千位：「约1,000」请写成 约1000"]),
    Fault("thousands-comma-in-alternative", CASE, r"^figures:\n", figure(
        f"  - label: 面积\n    value: 1\n    {SOURCE}\n    alternatives: [{{value: 1,030, {SOURCE}}}]\n"),
        lines={"A": r"^    alternatives: \[\{value: 1,030"},
        expected=[f"{CASE}:{{A}}:28: 错误: 字段「figures[0].alternatives[0].value」的数字里不要用逗号分隔千位：「1,030」请写成 1030"]),
    # On a line of its own the text is read as the number (kb.content.amounts): nothing to report.
    Fault("thousands-commas-block", CASE, r"^figures:\n", figure(f"  - label: 面积\n    value: 1,300,000\n    {SOURCE}\n")),
    Fault("dotted-date", CASE, r"^figures:\n", figure(f"  - {{label: 面积, value: 1, unit: 亩, date: 2017.07, {SOURCE}}}\n"),
          expected=[f"{CASE}:{{L1}}:42: 错误: 字段「figures[0].date」「2017.07」不是日期：日期写成 2020、2020-10 或 2020-12-16"
                    "（年-月-日，用半角连字符），例如 2017-07"]),
    Fault("dotted-date-march", CASE, r"^figures:\n", figure(f"  - {{label: 面积, value: 1, unit: 亩, date: 2017.3, {SOURCE}}}\n"),
          expected=[f"{CASE}:{{L1}}:42: 错误: 字段「figures[0].date」「2017.3」不是日期：日期写成 2020、2020-10 或 2020-12-16"
                    "（年-月-日，用半角连字符），例如 2017-03"]),
    Fault("dotted-date-october", CASE, r"^figures:\n", figure(f"  - {{label: 面积, value: 1, unit: 亩, date: 2017.10, {SOURCE}}}\n"),
          expected=[f"{CASE}:{{L1}}:42: 错误: 字段「figures[0].date」「2017.1」不是日期：日期写成 2020、2020-10 或 2020-12-16"
                    "（年-月-日，用半角连字符），例如 2017-01（10 月写成 2017-10）"]),
    Fault("dotted-full-date", CASE, r"^timeline:\n", f"timeline:\n  - {{date: 2017.3.15, event: 事件, {SOURCE}}}\n",
          expected=[f"{CASE}:{{L1}}:12: 错误: 字段「timeline[0].date」「2017.3.15」不是日期或时间段：日期写成 2020、2020-10 或 "
                    "2020-12-16（年-月-日，用半角连字符），例如 2017-03-15；时间段写成「2018 至 2020」「2018-03 至 2020-06」或「2018 至今」"]),
    # --- the Chinese keyboard ----------------------------------------------------
    Fault("fullwidth-digits", CASE, r"^figures:\n", figure(f"  - label: 面积\n    value: １.３\n    {SOURCE}\n"),
          expected=[f"{CASE}:{{L2}}:12: 错误: 字段「figures[0].value」「１.３」里有全角数字（中文输入法打出的，如「１」）："
                    "请切换到英文输入法，写成 1.3"]),
    Fault("fullwidth-brackets", CASE, r"^industries: \[.*\]$", "industries: ［茶叶，养殖, 旅游］", expected=[
        f"{CASE}:{{L}}:13: 错误: 字段「industries」的方括号是全角的「［］」（中文输入法打出的）：YAML 只认半角方括号，"
        "现在整段是一段文字。请切换到英文输入法，写成 [茶叶, 养殖, 旅游]"]),
    Fault("fullwidth-cite-in-yaml", CASE, r"^summary: >-\n  ", "summary: >-\n  【@dangyuanwang-2020】", expected=[
        f"{CASE}:{{L1}}:3: 错误: 「【@dangyuanwang-2020】」用了全角的括号或「＠」（中文输入法打出的）：网站不会把它当成引用，"
        "会原样显示。请切换到英文输入法，写成 [@dangyuanwang-2020]"]),
    Fault("fullwidth-cite-in-markdown", CASE_MD, r"^## 背景\n", "## 背景\n\n见［＠dangyuanwang-2020］。\n", expected=[
        f"{CASE_MD}:{{L2}}:2: 错误: 「［＠dangyuanwang-2020］」用了全角的括号或「＠」（中文输入法打出的）：网站不会把它当成引用，"
        "会原样显示。请切换到英文输入法，写成 [@dangyuanwang-2020]"]),
    Fault("county-of-8000-characters", CASE, r"^  county: .*$", "  county: " + "印" * 8000, expected=[
        f"{CASE}:{{L}}:11: 错误: 字段「place.county」太长（8000 个字符，最多 30 个）：名称应简短。"
        "开头是「印印印印印印印印印印印印…」；较长的说明请写进 summary、note 或 case.md"]),
    Fault("infinite-number", CASE, r"^figures:\n", figure(f"  - {{label: 面积, value: .inf, unit: 亩, {SOURCE}}}\n"),
          expected=[f"{CASE}:{{L1}}:24: 错误: 字段「figures[0].value」「inf」不是一个合理的数字：请写普通的数字（最多 16 位），例如 1300 或 2.5"]),
    # --- fields and types ------------------------------------------------------
    Fault("figure-value-in-words", CASE, r"^figures:\n", figure(f"  - label: 面积\n    value: 一千\n    {SOURCE}\n"),
          expected=[f"{CASE}:{{L2}}:12: 错误: 字段「figures[0].value」应为数字（不要带单位或汉字，单位写在 unit 字段里）"]),
    Fault("missing-nested-field", CASE, r"^figures:\n", figure("  - {label: 面积, value: 1, unit: 亩}\n"), expected=[
        f"{CASE}:{{L1}}:5: 错误: 缺少必填字段「figures[0].source」"]),
    # A misspelt required key: it is unknown, and the real one is missing.
    Fault("unknown-field-titel", COURSE, r"^title:", "titel:", lines={"F": r"^id:"}, expected=[
        f"{COURSE}:{{F}}:1: 错误: 缺少必填字段「title」",
        f"{COURSE}:{{L}}:1: 错误: 未知字段「titel」。你是不是想写「title」？"]),
    Fault("unknown-nested-field", OTHER_CASE, r"^  village:", "  vilage:", expected=[
        f"{OTHER_CASE}:{{L}}:3: 错误: 未知字段「place.vilage」。你是不是想写「village」？"]),
    # Without the "sources:" line the file is a bare list; only that is reported,
    # not every reference to a source in every other file.
    Fault("top-level-list-sources", SOURCES, r"^sources:\n", "", expected=[f"{SOURCES}:1:1: 错误: {NOT_A_MAPPING}"]),
    Fault("id-not-slug", COURSE, r"^id: .*$", "id: Ba_Yaosu", expected=[
        f"{COURSE}:{{L}}:5: 错误: 字段「id」不是合法的标识（id）：只能用小写英文字母、数字和连字符「-」，例如 tianjiawan 或 wubu-gongzuofa"]),
    Fault("id-not-folder-name", OTHER_CASE, r"^id: watian$", "id: watiancun", expected=[
        f"{OTHER_CASE}:{{L}}:5: 错误: id「watiancun」必须与文件（夹）名「watian」一致"]),
    # --- case.md ---------------------------------------------------------------
    Fault("invalid-section", CASE_MD, r"^## 启示$", "## 结论", expected=[
        f"{CASE_MD}:{{L}}:4: 错误: 章节标题「结论」无效：只能是 开篇 / 背景 / 做法 / 成效 / 启示"]),
    # A long run of spaces inside a heading used to make the heading regex backtrack for minutes.
    Fault("heading-with-a-run-of-spaces", CASE_MD, r"^## 启示$", "## 启示" + " " * 50_000 + "x", expected=[
        f"{CASE_MD}:{{L}}:4: 错误: 章节标题「启示{' ' * 18}…」无效：只能是 开篇 / 背景 / 做法 / 成效 / 启示"]),
    Fault("level-1-heading", CASE_MD, r"\A", "# 瓦田村\n\n", expected=[
        f"{CASE_MD}:1:1: 错误: 不要使用一级标题「# 」：案例标题写在 case.yml 的 title 字段里"]),
]
FAULT = {fault.id: fault for fault in FAULTS}


# --- helpers -----------------------------------------------------------------

@dataclass
class Run:
    returncode: int
    lines: list[str]   # stdout, one problem per line
    stderr: str
    seconds: float


# Each run is its own process, as make validate starts one, forked from a
# server that has imported kb.cli.validate once: the console script's main(),
# with its arguments, working folder and environment, minus the half second of
# interpreter start and imports that 180 runs would each pay again. The
# console script itself runs where console=True, and must print the same.
_FORKED = r"""
import json, os, signal, sys
from kb.cli.validate import main
for line in sys.stdin:
    request = json.loads(line)
    pid = os.fork()
    if pid == 0:
        os.chdir(request["cwd"])
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        for fd, name in ((1, "out"), (2, "err")):
            os.dup2(os.open(request[name], os.O_WRONLY | os.O_CREAT | os.O_TRUNC), fd)
        signal.alarm(120)  # as subprocess.run(timeout=120): a hang fails the test
        sys.argv = [request["argv0"], *request["args"]]
        sys.exit(main())
    _, status = os.waitpid(pid, 0)
    print(os.waitstatus_to_exitcode(status), flush=True)
"""
_server: list[subprocess.Popen] = []


@pytest.fixture(scope="module", autouse=True)
def _validator_server():
    yield
    for server in _server:
        server.stdin.close()
        server.wait(timeout=30)


def _forked(root: Path, args: list[str]) -> tuple[int, str, str]:
    if not _server:
        _server.append(subprocess.Popen([sys.executable, "-c", _FORKED], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True))
    server = _server[0]
    with tempfile.TemporaryDirectory() as folder:
        out, err = Path(folder) / "out", Path(folder) / "err"
        server.stdin.write(json.dumps({"cwd": str(root), "args": args, "out": str(out), "err": str(err),
                                       "argv0": str(VALIDATE)}) + "\n")
        server.stdin.flush()
        answer = server.stdout.readline()
        assert answer, "the validator's server stopped"
        return int(answer), out.read_text(encoding="utf-8"), err.read_text(encoding="utf-8")


def validate(root: Path, *paths: str, console: bool = False) -> Run:
    """Run the validator from the project folder, as the guide tells organisers."""
    started = time.monotonic()
    args = ["--root", str(root), *paths]
    if console:
        done = subprocess.run([str(VALIDATE), *args],
                              cwd=root, capture_output=True, text=True, encoding="utf-8", timeout=120)
        code, stdout, stderr = done.returncode, done.stdout, done.stderr
    else:
        code, stdout, stderr = _forked(root, args)
    run = Run(code, stdout.splitlines(), stderr, time.monotonic() - started)
    assert "Traceback" not in run.stderr, run.stderr
    return run


def copy_content(dest: Path) -> Path:
    for name in CONTENT:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        elif source.is_file():
            shutil.copy2(source, dest / name)
    return dest


def _key(line: str) -> str:
    """A line without its position: a clean warning may move with an edit."""
    return re.sub(r"^([^:]*):\d+:\d+: ", r"\1: ", line)


@pytest.fixture(scope="session")
def clean_lines(tmp_path_factory) -> set[str]:
    """What the real content prints by itself (warnings only, or nothing)."""
    run = validate(copy_content(tmp_path_factory.mktemp("clean")))
    return {_key(line) for line in run.lines}


def new_lines(run: Run, clean: set[str], target: str | None = None) -> list[str]:
    """Lines the mistake adds. With a target, warnings about other files are
    left out too: they follow from the mistake (a broken case.md leaves its
    case's sections empty) and belong to other tests."""
    return [line for line in run.lines if _key(line) not in clean
            and not (target and ": 警告: " in line and not line.startswith(target + ":"))]


def files_in(root: Path) -> set[Path]:
    return {p.relative_to(root) for p in root.rglob("*")}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the real content to break."""
    return copy_content(tmp_path)


# --- tests -------------------------------------------------------------------

def test_real_content_validates(project: Path):
    run = validate(project, console=True)
    assert run.returncode == 0, "\n".join(run.lines)
    assert not [line for line in run.lines if ": 错误: " in line]
    assert "内容校验通过" in run.stderr


@pytest.mark.parametrize("fault", FAULTS, ids=[f.id for f in FAULTS])
def test_mistake_is_reported_exactly(project: Path, fault: Fault, clean_lines):
    expected = fault.apply(project)
    before = files_in(project)
    run = validate(project)
    assert new_lines(run, clean_lines, fault.target) == expected
    errors = sum(": 错误: " in line for line in expected)
    assert run.returncode == (1 if errors else 0)
    assert (f"共 {errors} 个错误" if errors else "内容校验通过") in run.stderr
    assert files_in(project) == before, "the validator must only read"
    assert run.seconds < 20


@pytest.mark.parametrize("written, number", [("1,300,000", 1300000), ("1,300", 1300)])
def test_thousands_commas_on_their_own_line_are_read_as_the_number(project: Path, written: str, number: int):
    path = project / CASE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("figures:\n", f"figures:\n  - label: 面积\n    value: {written}\n    {SOURCE}\n", 1),
                    encoding="utf-8")
    from kb.check.validation import validate as check  # in process: the model's value, not only the messages

    col, problems = check(project)
    assert not [p for p in problems if not p.is_warning]
    assert col.cases["tianjiawan"].model.figures[0].value == number


def test_unsafe_tag_runs_nothing(project: Path, tmp_path_factory, clean_lines):
    fault = FAULT["unsafe-tag"]
    marker = "pwned-by-yaml"  # the edit's command: touch pwned-by-yaml
    expected = fault.apply(project)
    run = validate(project)
    assert new_lines(run, clean_lines) == expected
    assert not (project / marker).exists()
    # Control: an unsafe loader really would run it, so the check above means something.
    elsewhere = tmp_path_factory.mktemp("unsafe-load")
    subprocess.run([sys.executable, "-c", "import sys, yaml; yaml.unsafe_load(open(sys.argv[1], encoding='utf-8'))",
                    str(project / fault.target)], cwd=elsewhere, check=True, capture_output=True)
    assert (elsewhere / marker).exists()


def test_oversized_yaml_is_refused(project: Path, clean_lines):
    target = project / CASE
    text = target.read_bytes()
    padding = 600 * 1024 - len(text)  # a long comment: valid YAML, too big
    target.write_bytes(text + b"#" * (padding - 1) + b"\n")
    run = validate(project)
    assert run.returncode == 1
    assert new_lines(run, clean_lines) == [f"{CASE}:1:1: 错误: 文件过大（600 KB，上限 512 KB）：请拆分内容或删去无关部分"]


# Applied in an order that is not the report's order.
SEVERAL = ["fullwidth-colon", "bell-in-comment", "impossible-date-sources", "unknown-nested-field",
           "gbk-docs-page", "invalid-section"]


def test_all_errors_in_one_run_sorted_by_path_then_line(project: Path, clean_lines):
    expected = {name: FAULT[name].apply(project) for name in SEVERAL}
    run = validate(project, console=True)
    forked = validate(project)  # what the other tests run prints the same, to the byte
    assert (forked.returncode, forked.lines, forked.stderr) == (run.returncode, run.lines, run.stderr)
    assert run.returncode == 1
    assert [line for line in new_lines(run, clean_lines) if ": 错误: " in line] == [
        *expected["bell-in-comment"],          # cases/tianjiawan/case.yml
        *expected["invalid-section"],          # cases/watian/case.md
        *expected["unknown-nested-field"],     # cases/watian/case.yml
        *expected["fullwidth-colon"],          # courses/bayaosu.yml
        *expected["gbk-docs-page"],            # docs/about.md
        *expected["impossible-date-sources"],  # sources.yml
    ]
    assert "共 6 个错误" in run.stderr


@pytest.mark.parametrize("path, shown", [
    ("cases/watian", ["level-1-heading"]),
    ("cases/watian/case.md", ["level-1-heading"]),
    ("courses", ["fullwidth-colon"]),
    (COURSE, ["fullwidth-colon"]),
    (SOURCES, ["impossible-date-sources"]),
    ("cases/daba", []),
])
def test_path_limits_the_report(project: Path, path: str, shown: list[str], clean_lines):
    expected = {name: FAULT[name].apply(project)
                for name in ("level-1-heading", "fullwidth-colon", "impossible-date-sources")}
    run = validate(project, path)
    assert [line for line in new_lines(run, clean_lines) if ": 错误: " in line] == [
        line for name in shown for line in expected[name]]
    assert run.returncode == (1 if shown else 0)


def test_path_checks_references_against_all_content(project: Path, clean_lines):
    # Only the course is asked for, yet its case ids are checked against cases/:
    # the real ones pass, the misspelt one is reported.
    course = project / COURSE
    text = course.read_text(encoding="utf-8")
    match = re.search(r"^  (before_class|after_class): \[", text, re.M)
    assert match, "the course lists no readings: pick another course"
    line = text.count("\n", 0, match.start()) + 1
    course.write_text(text[:match.end()] + "dabacun, " + text[match.end():], encoding="utf-8")
    expected = [f"{COURSE}:{line}:{match.end() - match.start() + 1}: 错误: 字段「readings.{match.group(1)}[0]」"
                "引用的案例「dabacun」不存在（请检查 cases/ 中的 id 拼写）"]
    assert new_lines(validate(project, "courses/bayaosu.yml"), clean_lines) == expected
    assert new_lines(validate(project, str(course)), clean_lines) == expected


def test_nonexistent_path_is_an_error(project: Path):
    run = validate(project, "cases/tianjiawan", "cases/no-such-case", console=True)
    assert run.returncode == 1
    assert "cases/no-such-case" in run.stderr
    assert "错误: 文件或文件夹不存在" in run.stderr


def test_case_may_not_take_an_index_page_name(project: Path, clean_lines):
    (project / "cases/daba").rename(project / "cases/by-county")
    for path in [project / "cases/by-county/case.yml", *project.glob("courses/*.yml"), *project.glob("handbooks/**/*.yml"),
                 project / "programme.yml"]:
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"\bdaba\b(?!-)", "by-county", text), encoding="utf-8")
    run = validate(project)
    assert new_lines(run, clean_lines) == ["cases/by-county/case.yml:{}:5: 错误: id「by-county」是网站保留的名字"
                                           "（by-county、by-industry、by-theme、index），请换一个".format(
                                               _line_of(project / "cases/by-county/case.yml", r"^id:"))]


def _line_of(path: Path, pattern: str) -> int:
    text = path.read_text(encoding="utf-8")
    return text.count("\n", 0, re.search(pattern, text, re.M).start()) + 1


# --- folder names, symlinks, special files ----------------------------------------

def test_case_folder_named_in_chinese_gets_a_name_to_use(project: Path, clean_lines):
    (project / "cases/watian").rename(project / "cases/瓦田村")
    run = validate(project)
    assert new_lines(run, clean_lines) == [
        "cases/瓦田村:1:1: 错误: 文件夹名「瓦田村」不能用作网址：文件夹名只能用小写英文字母、数字和连字符「-」"
        "（不能用汉字、大写字母或空格）。请改名为「watian」，并把里面的 id 改成「watian」"]


def test_course_file_named_in_chinese_gets_pinyin(project: Path, clean_lines):
    course = project / "courses/小坡村课程.yml"
    (project / COURSE).rename(course)
    course.write_text(course.read_text(encoding="utf-8").replace("id: bayaosu", "id: 小坡村课程"), encoding="utf-8")
    run = validate(project)
    lines = new_lines(run, clean_lines)
    assert "courses/小坡村课程.yml:1:1: 错误: 文件名「小坡村课程.yml」不能用作网址：文件名只能用小写英文字母、数字和连字符「-」" \
           "（不能用汉字、大写字母或空格）。请改名为「xiaopocunkecheng.yml」，并把里面的 id 改成「xiaopocunkecheng」" in lines


LINK = "是符号链接（快捷方式，指向 {}）：内容只能是项目里的真实文件或文件夹，不能链接到别处。请把它删掉，换成文件本身"


@pytest.mark.parametrize("where, target", [
    ("docs/passwd.txt", "/etc/passwd"),
    ("docs/assets/etc", "/etc"),
    ("cases/watian/case.md", "/dev/zero"),
    ("cases/watian/case.yml", "/etc/hostname"),
    ("courses/mirror.yml", "/etc/hostname"),
])
def test_symlinks_are_refused(project: Path, where: str, target: str, clean_lines):
    path = project / where
    if path.exists():
        path.unlink()
    path.symlink_to(target)
    run = validate(project)
    assert run.returncode == 1
    assert f"{where}:1:1: 错误: 「{where}」{LINK.format(target)}" in new_lines(run, clean_lines)
    assert run.seconds < 20


def test_symlinked_case_folder_is_refused(project: Path, tmp_path_factory, clean_lines):
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "watian"
    (project / "cases/watian").rename(elsewhere)
    (project / "cases/watian").symlink_to(elsewhere, target_is_directory=True)
    run = validate(project)
    assert f"cases/watian:1:1: 错误: 「cases/watian」{LINK.format(elsewhere)}" in new_lines(run, clean_lines)


def test_fifo_is_refused_without_hanging(project: Path, clean_lines):
    md = project / CASE_MD
    md.unlink()
    os.mkfifo(md)  # opening it for reading would wait forever
    run = validate(project)
    assert new_lines(run, clean_lines, CASE_MD) == [(f"{CASE_MD}:1:1: 错误: 「{CASE_MD}」不是普通文本文件（它是命名管道（FIFO））："
                                              "请换成普通文本文件")]
    assert run.seconds < 20


def test_huge_case_md_is_refused_before_reading(project: Path, clean_lines):
    md = project / CASE_MD
    with md.open("r+b") as f:
        f.truncate(2 * 1024**3)  # 2 GB, sparse: stat says so without using the disk
    run = validate(project)
    assert new_lines(run, clean_lines, CASE_MD) == [f"{CASE_MD}:1:1: 错误: 文件过大（2097152 KB，上限 256 KB）：请拆分内容或删去无关部分"]
    assert run.seconds < 20


def test_one_misspelt_source_id_is_one_message(project: Path, clean_lines):
    path = project / CASE
    text = path.read_text(encoding="utf-8")
    uses = list(re.finditer(r"source: dangyuanwang-2020\b", text))
    assert len(uses) >= 2, "the case cites its source fewer than twice: pick another case"
    lines = [text.count("\n", 0, m.start()) + 1 for m in uses]
    column = uses[0].start() - text.rfind("\n", 0, uses[0].start()) + len("source: ")
    path.write_text(text.replace("source: dangyuanwang-2020", "source: dangyuangwang-2020"), encoding="utf-8")
    (line,) = new_lines(validate(project), clean_lines)
    others = "、".join(str(n) for n in sorted(set(lines[1:]) - {lines[0]}))
    assert line.startswith(f"{CASE}:{lines[0]}:{column}: 错误: 字段「")
    assert line.endswith(f"引用的来源「dangyuangwang-2020」不存在（请检查 sources.yml 中的 id 拼写）；同一文件第 {others} 行也用了它")


def test_duplicate_source_id(project: Path, clean_lines):
    path = project / SOURCES
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n"
    first = re.search(r"^  - id: (\S+)$", text, re.M).group(1)
    path.write_text(text + f"  - id: {first}\n    title: 同一来源又写了一次\n", encoding="utf-8")
    line = text.count("\n") + 1
    assert new_lines(validate(project), clean_lines, SOURCES) == [
        f"{SOURCES}:{line}:9: 错误: id「{first}」重复：每个来源的 id 必须唯一"]
