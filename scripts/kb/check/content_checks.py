"""Checks that keep the content true, beyond what the schema can say.

- a `published` item must not have gaps in its required facts (警告 naming them);
- a source needs a URL, or a note saying why it has none;
- a public item pointing at a `private` one shows nothing there;
- an approximating word typed into a unit (「元以上」) belongs in `approx`.
"""

from __future__ import annotations

from pydantic import BaseModel

from kb.content.amounts import unit_with_approx_word
from kb.content.errors import ContentError, warning
from kb.content.kinds import each_item, word as kind_word
from kb.content.loading import Collection, Item
from kb.content.narrative import SECTIONS

GAP = "待补充"
# Words that say a "title" is our description of a page, not its title.
NOT_A_TITLE = ("原标题待补充", "标题待补充", "介绍页面", "相关报道", "相关文章")


def _empty(value) -> bool:
    return value in (None, "", [], ())


# What a page would show as 待补充: a published page shows none of it.
def _case_gaps(item) -> list[str]:
    case = item.model
    gaps = [f"地点（{word}）" for level, word in (("province", "省"), ("city", "市"), ("county", "区县"),
                                                 ("township", "乡镇"), ("village", "村"))
            if _empty(getattr(case.place, level))]
    if _empty(case.industries) and not getattr(case, "no_industry", None):
        gaps.append("产业（或用 no_industry 说明为什么没有）")
    for field, word in (("themes", "主题"), ("models", "模式"), ("people", "人物"), ("figures", "关键数据"),
                        ("timeline", "时间线")):
        if _empty(getattr(case, field)):
            gaps.append(word)
    # A teaching case opens on its decision (开篇); 案例素材, from thin sources, have none.
    wanted = [s for s in SECTIONS if s != "开篇" or getattr(case, "kind", "") != "案例素材"]
    return gaps + [f"case.md 的「{s}」" + ("（决策时刻；来源太少写不成的，在 case.yml 写 kind: 案例素材）" if s == "开篇" else "")
                   for s in wanted if not item.narrative.get(s)]


def _course_gaps(item) -> list[str]:
    c = item.model
    gaps = [word for field, word in (("kind", "形式"), ("parts", c.parts_name), ("objectives", "教学目标"))
            if _empty(getattr(c, field))]
    if _empty(c.readings.before_class) and _empty(c.readings.after_class):
        gaps.append("阅读材料")
    return gaps


def _handbook_gaps(item) -> list[str]:
    h = item.model
    names = {"title": "书名", "publisher": "编印单位", "date": "日期", "chapters": "目录"}
    return [word for field, word in names.items() if hasattr(h, field) and _empty(getattr(h, field))]


def _programme_gaps(item) -> list[str]:
    p = item.model
    gaps = [word for field, word in (("focus", "聚焦"), ("goal", "目标"), ("figures", "培训数据")) if _empty(getattr(p, field))]
    return gaps + [f"「{m.name}」的说明" for m in (*p.selection, *p.mentoring, *p.evaluation) if not m.summary]


GAP_FINDERS = {"case": _case_gaps, "course": _course_gaps, "handbook": _handbook_gaps, "programme": _programme_gaps}


def _texts(value, path=()):
    """(field path, text) for every string inside a model."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), path + (name,))
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            yield from _texts(v, path + (i,))
    elif isinstance(value, str):
        yield path, value


def check_no_sources(col: Collection) -> list[ContentError]:
    """A published item needs sources (错误); a draft gets a reminder (警告)."""
    problems = []
    for kind, item in each_item(col, private=True):
        if getattr(item.model, "sources", None) != [] or kind == "handbook":
            continue  # a handbook the organisers write is its own source; its cases cite theirs
        line, column = item.line_of.get(("sources",), (1, 1))
        text = f"这个{kind_word(kind)}还没有来源：请在 sources 里写上 sources.yml 中来源的 id，例如 sources: [dangyuanwang-2020]"
        if item.model.status == "published":
            problems.append(ContentError(item.path, line, column, text + "。published（正式发布）的内容必须有来源"))
        else:
            problems.append(warning(item.path, line, column, text))
    return problems


def check_published_gaps(col: Collection) -> list[ContentError]:
    problems = []
    for kind, item in each_item(col, private=True):
        if getattr(item.model, "status", None) != "published":
            continue
        gaps = GAP_FINDERS[kind](item)
        # The walk is slow in Python; most items hold no 待补充 at all.
        marked = [p for p, text in _texts(item.model) if GAP in text] if GAP in item.model.model_dump_json() else []
        marked += [f"case.md 的「{s}」" for s, text in getattr(item, "narrative", {}).items() if GAP in text]
        if marked:
            gaps.append(f"写着「{GAP}」的地方 {len(marked)} 处")
        if gaps:
            line, column = item.line_of.get(("status",), (1, 1))
            problems.append(warning(item.path, line, column,
                                    f"这个{kind_word(kind)}是 published（正式发布），但这些必填的事实还有空缺：{'、'.join(gaps)}。"
                                    "请按来源补上；来源没有说明的，把 status 改为 draft"))
    return problems


def check_sources(col: Collection) -> list[ContentError]:
    problems = []
    for i, source in enumerate(col.sources.values()):
        if source.title and any(word in source.title for word in NOT_A_TITLE):
            line, column = col.source_marks.get(("sources", i, "title"), (1, 1))
            problems.append(warning("sources.yml", line, column,
                                    f"「{source.title}」不是原标题：网站会给 title 加书名号《》。"
                                    "不知道原标题时，请把 title 改成 description（一句说明，不加书名号）"))
        if source.url or source.note:
            continue
        line, column = col.source_marks.get(("sources", i, "id"), (1, 1))
        problems.append(warning("sources.yml", line, column,
                                f"来源「{source.id}」没有网址（url），也没有说明原因：请补上 url，"
                                "或写一行 note 说明为什么没有网址（例如「纸质材料」「原文已删除」）"))
    return problems


def check_private_links(col: Collection, refs) -> list[ContentError]:
    """refs: (item, field path, id, kind) of public items. A link to a private
    item is legal (it may be published later) but shows nothing yet."""
    private = {(kind, item_id) for kind, item_id in col.private}
    problems = []
    for item, path, ref, kind in refs:
        if getattr(item.model, "status", None) != "private" and (kind, ref) in private:
            line, column = item.line_of.get(path, (1, 1))
            problems.append(warning(item.path, line, column,
                                    f"引用的{kind_word(kind)}「{ref}」是 private（不公开）：网站上这里不会显示它，"
                                    "等它改为 draft 或 published 后才会出现"))
    return problems


def check_units(col: Collection) -> list[ContentError]:
    problems = []
    for _, item in each_item(col, private=True):
        for i, figure in enumerate(getattr(item.model, "figures", [])):
            word = unit_with_approx_word(figure.unit)
            if word and not figure.approx:
                line, column = item.line_of.get(("figures", i, "unit"), (1, 1))
                rest = figure.unit.replace(word, "", 1)
                problems.append(warning(item.path, line, column,
                                        f"单位「{figure.unit}」里含有约数的说法「{word}」：请写成 unit: {rest} 和 approx: {word}，"
                                        "网站会按中文习惯显示"))
    return problems


def item_problems(col: Collection, refs: list[tuple[Item, tuple, str, str]]) -> list[ContentError]:
    return check_no_sources(col) + check_published_gaps(col) + check_sources(col) + check_private_links(col, refs) + check_units(col)
