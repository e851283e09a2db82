"""Safe YAML loading that remembers where every value came from.

Only plain data is built (mappings, lists, text, numbers, dates): a tag that
would construct anything else is reported, never run. Every key and value keeps
its line and column so a model error can point at the organiser's line.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field

import yaml

from kb.content.errors import ContentError, warning
from kb.content.textfile import TextFile

MAX_NODES = 50_000  # far above any real content file; stops alias bombs

SAFE_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("map", "seq", "str", "int", "float", "bool", "null", "timestamp")
}

STR_TAG = "tag:yaml.org,2002:str"

# A line that starts like "key：" uses a full-width colon where YAML needs ":".
FULLWIDTH_KEY = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*：")
# Indentation typed with the Chinese keyboard's full-width space U+3000: at
# the start of a line, or before a key or a list item (tested after the
# indentation is cut off in Python: a regex over the run would backtrack).
STARTS_LIKE_YAML = re.compile(r"-\s|[A-Za-z_][A-Za-z0-9_]*\s*[:：]|#")
DATE_PARTS = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")
# Word's and the Chinese keyboard's quotes: YAML does not know them.
CURLY_OPEN, CURLY_CLOSE = "“‘", "”’"
CURLY_PAIRS = {"“": "”", "‘": "’"}
LIST_COMMAS = re.compile("[，、]")
# A flow list item that reads as words run together ([茶叶，养殖，旅游]), not
# as one sentence with a comma in it: no sentence punctuation, short parts.
SENTENCE_MARKS = re.compile("[。？！；：?!;:]")
LIST_WORD_MAX = 20
# `{value: 1,300,000}`: in braces the commas cut the number into 1 and the
# keys 300 and 000. The first group may carry an approximating word (约1).
FIRST_GROUP = re.compile(r"^\D{0,2}\d{1,3}$")
NEXT_GROUP = re.compile(r"^\d{3}(?:\.\d+)?\D{0,2}$")
# A line that holds a key, and one whose key has its value on the same line
# (group 1: everything before the key, so its length is the key's column).
KEY_LINE = re.compile(r"^( *)[A-Za-z_][A-Za-z0-9_]*\s*:(?:\s|$)")
KEY_WITH_VALUE = re.compile(r"^( *(?:-\s+)?)[A-Za-z_][A-Za-z0-9_]*\s*:\s+[^\s#]")

YAML_PROBLEMS = [
    ("found character '\\t' that cannot start any token",
     "这里有 Tab 字符。YAML 只能用空格缩进，请把 Tab 换成空格"),
    ("mapping values are not allowed here",
     "此处不能出现「: 」。如果文字里本身带有冒号，请给整段文字加上英文引号"),
    ("could not find expected ':'",
     "缺少冒号「:」。每一项应写成「字段名: 内容」（半角冒号后加一个空格）"),
    ("found duplicate anchor", "锚点名称重复"),
    ("found undefined alias", "引用了未定义的别名（*名称）"),
    ("found unexpected end of stream", "文件意外结束：可能有引号或括号没有闭合"),
    ("found unknown escape character", "双引号里有无法识别的反斜杠转义；如需反斜杠请改用单引号"),
    ("did not find expected key", "缩进不一致：同一层的字段必须对齐"),
    ("did not find expected '-' indicator", "列表缩进不一致：同一列表的「- 」必须对齐"),
    ("expected <block end>, but found", "缩进不一致：请检查这一行与上一行的对齐"),
    ("but found another document", "一个文件里只能有一份内容（不要使用「---」分隔多份）"),
    ("found unexpected ':'", "此处不能出现冒号；如果文字里有冒号，请给整段文字加引号"),
    ("while scanning a quoted scalar", "引号没有闭合"),
    ("while parsing a flow sequence", "方括号「[」没有闭合"),
    ("while parsing a flow mapping", "花括号「{」没有闭合"),
]


@dataclass
class LoadedYaml:
    data: object
    value_marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    # False when an error left something out of data (an unsafe tag, a
    # duplicate key...): a model check of the rest would only echo it. Errors
    # about text that was kept as typed (curly quotes) leave it True.
    complete: bool = True

    def mark(self, path: tuple, key: bool = False) -> tuple[int, int]:
        """Best line/column for a field path: the nearest ancestor known."""
        marks = self.key_marks if key else self.value_marks
        for end in range(len(path), -1, -1):
            found = marks.get(path[:end]) or self.value_marks.get(path[:end])
            if found:
                return found
        return (1, 1)


class _Builder:
    """Turns composed nodes into plain data, checking tags, keys and size."""

    def __init__(self, loader: yaml.SafeLoader, shown_path: str):
        self.loader = loader
        self.shown_path = shown_path
        self.result = LoadedYaml(None)
        self.errors: list[ContentError] = []
        self.visited = 0

    def error(self, node: yaml.Node, message: str) -> None:
        """An error that leaves this node out of the data."""
        self.result.complete = False
        self.kept_error(node, message)

    def kept_error(self, node: yaml.Node, message: str) -> None:
        m = node.start_mark
        self.errors.append(ContentError(self.shown_path, m.line + 1, m.column + 1, message))

    def build(self, node: yaml.Node, path: tuple, in_flow_list: bool = False):
        self.visited += 1
        if self.visited > MAX_NODES:
            raise _TooLarge(node)
        self.result.value_marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if node.tag not in SAFE_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.error(node, f"不允许的 YAML 标签「{tag}」：内容文件只能包含文字、数字、日期、列表和映射")
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            flow = bool(node.flow_style)
            return [self.build(item, path + (i,), flow) for i, item in enumerate(node.value)]
        if node.tag == STR_TAG:
            for note in scalar_notes(node, self.shown_path, in_flow_list):
                self.errors.append(note)
            return node.value  # most values: skip the constructor machinery
        try:
            return self.loader.construct_object(node)
        except Exception:  # noqa: BLE001 - any failure of a scalar is the organiser's text
            self.error(node, scalar_problem(node, self.loader))
            return None

    def _mapping(self, node: yaml.MappingNode, path: tuple) -> dict:
        out: dict = {}
        pairs = _join_thousands(node) if node.flow_style else node.value
        for key_node, value_node in pairs:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in SAFE_TAGS:
                self.error(key_node, "字段名必须是简单文字")
                continue
            try:
                key = key_node.value if key_node.tag == STR_TAG else self.loader.construct_object(key_node)
            except Exception:  # noqa: BLE001 - e.g. a key 2020-02-30
                self.error(key_node, scalar_problem(key_node, self.loader))
                continue
            if not isinstance(key, str):
                key = str(key)
            if key in out:
                first = self.result.key_marks[path + (key,)]
                self.error(key_node, f"字段「{key}」重复出现（第一次在第 {first[0]} 行）；请删除或合并其中一个")
                continue
            self.result.key_marks[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if isinstance(value_node, _Joined):
                self.result.value_marks.setdefault(path + (key,), (value_node.start_mark.line + 1,
                                                                   value_node.start_mark.column + 1))
                self.kept_error(value_node, f"字段「{field_label(path + (key,))}」的数字里不要用逗号分隔千位："
                                            f"「{value_node.value}」请写成 {value_node.value.replace(',', '')}")
                out[key] = value_node.value  # read as the same number written in a block (kb.content.amounts)
                continue
            out[key] = self.build(value_node, path + (key,))
        return out


class _Joined(yaml.ScalarNode):
    """A number that commas inside {...} had cut into keys, joined again."""


def _plain_scalar(node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.style is None


def _join_thousands(node: yaml.MappingNode) -> list:
    """The pairs of a flow mapping, with `value: 1,300,000` joined again: YAML
    reads it as value 1 and the empty keys 300 and 000 (000 as 0, 030 as 24)."""
    pairs, i = [], 0
    while i < len(node.value):
        key_node, value_node = node.value[i]
        groups, i = [], i + 1
        if _plain_scalar(value_node) and FIRST_GROUP.match(value_node.value):
            while i < len(node.value):
                rest, empty = node.value[i]
                if not (_plain_scalar(rest) and NEXT_GROUP.match(rest.value) and _plain_scalar(empty)
                        and empty.value == ""):
                    break
                groups.append(rest.value)
                i += 1
        if groups:
            value_node = _Joined(STR_TAG, ",".join([value_node.value, *groups]),
                                 value_node.start_mark, node.value[i - 1][0].end_mark)
        pairs.append((key_node, value_node))
    return pairs


def field_label(path: tuple) -> str:
    """figures[0].value: a field path as organisers read it."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (("." if text else "") + str(part))
    return text


class _TooLarge(Exception):
    def __init__(self, node):
        self.node = node


def scalar_problem(node: yaml.ScalarNode, loader: yaml.SafeLoader) -> str:
    """Why a scalar could not be read: an impossible date, or a tag that does
    not fit its text (!!float x, !!int 1.5)."""
    value = node.value
    shown = value if len(value) <= 30 else value[:30] + "…"
    implicit = loader.resolve(yaml.ScalarNode, value, (True, False)) == node.tag
    if not implicit:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        return f"标签「{tag}」和内容「{shown}」对不上：内容文件里不需要 YAML 标签，请删掉「{tag}」，直接写内容"
    parts = DATE_PARTS.match(value)
    if node.tag.endswith(":timestamp") and parts:
        year, month, day = (int(p) for p in parts.groups())
        if year == 0:
            return f"日期「{shown}」不存在：没有 0 年。请写成 2020、2020-10 或 2020-12-16 的形式"
        if not 1 <= month <= 12:
            return f"日期「{shown}」不存在：月份应为 01 到 12"
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            return f"日期「{shown}」不存在：{year} 年 {month} 月只有 {days} 天"
        return f"日期「{shown}」无法识别：请写成 2020、2020-10 或 2020-12-16 的形式"
    if node.tag.endswith((":int", ":float")):
        return f"数字「{shown}」太长或无法识别：请检查是否多打了数字"
    return f"无法识别「{shown}」：如果这是文字，请给它加上英文引号"


def _wholly_curly(value: str) -> bool:
    """“…” around the whole value, not “a”与“b” (two quoted parts)."""
    close = CURLY_PAIRS.get(value[0])
    inner = value[1:-1]
    return close is not None and len(value) > 1 and value[-1] == close and value[0] not in inner and close not in inner


def scalar_notes(node: yaml.ScalarNode, shown_path: str, in_flow_list: bool) -> list[ContentError]:
    """Keyboard slips in text YAML reads without complaint: errors where the
    page would be wrong, warnings where the text may be meant."""
    value = node.value
    if node.style or not value:
        return []  # quoted on purpose: the organiser chose this text
    notes = []
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    if _wholly_curly(value):
        notes.append(ContentError(shown_path, line, col,
                                  f"内容「{value[:20]}」被弯引号 {value[0]}…{value[-1]} 包住（常见于从 Word 或中文输入法）："
                                  "YAML 不认这种引号，它们会原样显示在网站上。请删掉这对引号"
                                  "（文字里有冒号或逗号时，改用英文引号 \"…\" 包住）；"
                                  "确实要显示这对弯引号时，再在外面加一对英文引号"))
    if in_flow_list and LIST_COMMAS.search(value):
        parts = [p.strip() for p in LIST_COMMAS.split(value) if p.strip()]
        words = not SENTENCE_MARKS.search(value) and all(len(p) <= LIST_WORD_MAX for p in parts)
        if words:  # a list of words run together: the page would show one item
            notes.append(ContentError(shown_path, line, col,
                                      f"「{value[:30]}」里有全角逗号或顿号：方括号列表的各项要用半角逗号「,」分隔，"
                                      f"否则整段会被当成一项。请写成 [{', '.join(parts)}]；"
                                      f"如果它本来就是一项，请给它加上英文引号 \"…\""))
        else:
            notes.append(warning(shown_path, line, col,
                                 f"「{value[:30]}」里有全角逗号或顿号：方括号列表的各项要用半角逗号「,」分隔，"
                                 f"现在整段会被当成一项。如果是 {len(parts)} 项，请写成 [{', '.join(parts)}]"))
    return notes


def _fullwidth_indent(line: str) -> bool:
    rest = line.lstrip(" \t\u3000")
    indent = line[: len(line) - len(rest)]
    return "\u3000" in indent and (line[0] == "\u3000" or bool(STARTS_LIKE_YAML.match(rest)))


def prescan(text: str, shown_path: str) -> list[ContentError]:
    """Mistakes YAML reports badly or not at all: tabs, full-width spaces
    and full-width colons."""
    errors = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            errors.append(ContentError(shown_path, number, indent.index("\t") + 1,
                                       "缩进里有 Tab 字符。YAML 只能用空格缩进，请把 Tab 换成空格（建议每层 2 个空格）"))
        if "\u3000" in line and _fullwidth_indent(line):
            errors.append(ContentError(shown_path, number, line.index("\u3000") + 1,
                                       "缩进里有全角空格「　」（中文输入法的空格）。YAML 只能用半角空格缩进，"
                                       "请切换到英文输入法，把它换成半角空格（建议每层 2 个空格）"))
            continue
        match = FULLWIDTH_KEY.match(line)
        if match:
            errors.append(ContentError(shown_path, number, match.end(),
                                       f"字段「{match.group(1)}」后面用了全角冒号「：」。请改成半角冒号「:」并在后面加一个空格"))
    return errors


def translate_problem(problem: str) -> str | None:
    """The Chinese explanation of a PyYAML message, if we have one."""
    return next((chinese for english, chinese in YAML_PROBLEMS if english in problem), None)


# PyYAML's messages for a line that lines up with no level above it.
MISALIGNED = ("did not find expected key", "expected <block end>, but found", "did not find expected '-' indicator")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _line_above(lines: list[str], number: int) -> int | None:
    """The number of the nearest line above that holds YAML (not blank, not a comment)."""
    for above in range(number - 1, 0, -1):
        text = lines[above - 1].strip()
        if text and not text.startswith("#"):
            return above
    return None


def indent_problem(text: str, number: int, problem: str) -> str | None:
    """What an indentation error is, with the numbers of spaces: PyYAML
    reads a key indented too far (`    county:` under `  city: 铜仁市`) as
    more text of the line above and stops at its colon."""
    lines = text.split("\n")
    above = _line_above(lines, number) if 1 <= number <= len(lines) else None
    if above is None:
        return None
    line, before = lines[number - 1], lines[above - 1]
    own = _indent(line)
    if "mapping values are not allowed here" in problem:
        sibling = KEY_WITH_VALUE.match(before)
        if KEY_LINE.match(line) and sibling and own > len(sibling.group(1)):
            want = len(sibling.group(1))
            return (f"这一行缩进了 {own} 个空格，比上一行（第 {above} 行）的字段多 {own - want} 个："
                    f"同一层的字段必须左对齐，请改成 {want} 个空格。"
                    "（缩进多了，YAML 会把这一行当成上一行文字的延续）")
        return None
    if any(english in problem for english in MISALIGNED):
        theirs = _indent(before)
        if own != theirs:
            return (f"缩进不一致：这一行缩进了 {own} 个空格，上一行（第 {above} 行）是 {theirs} 个。"
                    "同一层的字段和「- 」必须左对齐（建议每层 2 个空格）")
    return None


def too_deep(file: TextFile) -> ContentError:
    """Nesting too deep to read: point at the bracket where it got deep."""
    depth, line, col = 0, 1, 1
    for index, char in enumerate(file.text):
        if char in "[{":
            depth += 1
            if depth == 50:
                line = file.text.count("\n", 0, index) + 1
                col = index - file.text.rfind("\n", 0, index)
                break
        elif char in "]}":
            depth = max(depth - 1, 0)
        elif char == "\n":
            depth = 0 if depth < 50 else depth  # flow collections rarely span lines
    return ContentError(file.shown_path, line, col, "嵌套层数过深，无法读取：这里的方括号「[」或花括号「{」一层套一层，"
                                                    "多半是多打或粘贴出了错。内容文件最多只需要两三层")


def load_yaml(file: TextFile) -> tuple[LoadedYaml | None, list[ContentError]]:
    """Parse one YAML file; return the data with marks, or the errors."""
    errors = prescan(file.text, file.shown_path)
    if errors:
        return None, errors  # the parser would only add a confusing echo
    try:
        node = _compose(file.text)
    except yaml.MarkedYAMLError as exc:
        # An unclosed quote or bracket is found only at the end of the file:
        # point at where it opened, which PyYAML keeps as the context.
        opened = exc.context and exc.context_mark and translate_problem(exc.context)
        mark = exc.context_mark if opened else (exc.problem_mark or exc.context_mark)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = str(exc.problem or exc)
        indent = None if opened else indent_problem(file.text, line, problem)
        if indent and "mapping values" in problem:
            col = 1  # the extra spaces are at the start of the line
        message = opened or indent or translate_problem(problem) or f"YAML 格式错误（{problem}）"
        return None, [ContentError(file.shown_path, line, col, message)]
    except RecursionError:
        return None, [too_deep(file)]
    if node is None:
        return None, [ContentError(file.shown_path, 1, 1, "文件是空的")]
    builder = _Builder(yaml.SafeLoader(""), file.shown_path)
    try:
        data = builder.build(node, ())
    except _TooLarge as exc:
        builder.error(exc.node, f"内容展开后超过 {MAX_NODES} 项：可能是别名（&锚点 / *引用）层层嵌套。请不要使用别名")
        return None, builder.errors
    except RecursionError:
        return None, [too_deep(file)]
    builder.result.data = data
    return builder.result, builder.errors


def _compose(text: str) -> yaml.Node | None:
    """Pure-Python composition: this path runs only for files the quick path
    could not take, and the translations above are written for its messages."""
    loader = yaml.SafeLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


class _NotPlain(Exception):
    """The quick path met something the full path must explain."""


class _QuickLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's parser with a shortcut for text that cannot be a number,
    date, boolean or null (it starts with none of their first characters):
    most content values are Chinese text."""

    _typed_starts = frozenset(k for k in yaml.resolver.Resolver.yaml_implicit_resolvers if k)

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and implicit[0] and value and value[0] not in self._typed_starts:
            return STR_TAG
        return super().resolve(kind, value, implicit)


def quick_load(text: str, shown_path: str = "") -> tuple[object, list[ContentError]]:
    """Plain data from a file that is entirely fine, or None; and warnings.

    The common case (valid content) needs no line marks and no friendly
    messages, so it skips both; anything unusual (syntax error, duplicate key,
    unsafe tag, aliases expanding too far, a value that cannot be built such
    as 2020-02-30) returns None and load_yaml, which explains it, runs instead.
    Warnings (curly quotes, full-width commas in a [list]) are rare and cheap
    to find: only values starting with a quote or in a flow list are looked at."""
    loader = _QuickLoader(text)
    notes: list[ContentError] = []
    try:
        node = loader.get_single_node()
        if node is None:
            return None, []
        budget = [MAX_NODES]

        def plain(node, flow=False):
            budget[0] -= 1
            if budget[0] < 0 or node.tag not in SAFE_TAGS:
                raise _NotPlain
            if isinstance(node, yaml.MappingNode):
                out = {}
                for key_node, value_node in node.value:
                    if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != STR_TAG or key_node.value in out:
                        raise _NotPlain
                    out[key_node.value] = plain(value_node)
                return out
            if isinstance(node, yaml.SequenceNode):
                flow = bool(node.flow_style)
                return [plain(item, flow) for item in node.value]
            if node.tag == STR_TAG:
                value = node.value
                if value and (value[0] in CURLY_OPEN or (flow and LIST_COMMAS.search(value))):
                    notes.extend(scalar_notes(node, shown_path, flow))
                return value
            try:
                return loader.construct_object(node)
            except Exception:  # noqa: BLE001 - explained by the full path
                raise _NotPlain from None

        return plain(node), notes
    except (yaml.YAMLError, _NotPlain, RecursionError):
        return None, []
    finally:
        loader.dispose()
