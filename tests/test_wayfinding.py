"""Core of the trainee features, on fixtures: pinyin order, 未分类, breadcrumbs
and neighbours, the case list's data, typesetting, glossary checks."""

import shutil
from pathlib import Path
from types import SimpleNamespace as NS

import yaml

from kb.render.case_list import case_list, one_line
from kb.content.errors import split
from kb.render.facets import UNSORTED, by_county, by_pinyin, by_values
from kb.render.glossary import tooltips
from kb.render.markdown import front_matter
from kb.finish.typeset import join_cjk_breaks, typeset, unfold
from kb.check.validation import validate
from kb.render.wayfinding import crumbs_markdown, neighbours, pager_markdown

FIXTURE = Path(__file__).parent / "render" / "project"


def _case(id, title, county=None, industries=(), themes=(), status="published", summary="概要。第二句。"):
    place = NS(province="贵州省", city="铜仁市", county=county, township=None, village=None)
    return NS(id=id, title=title, place=place, industries=list(industries), themes=list(themes), status=status,
              summary=summary)


def test_places_are_in_pinyin_order_not_code_point_order():
    assert by_pinyin(["万山区", "印江县", "江口县", "碧江区"]) == ["碧江区", "江口县", "万山区", "印江县"]
    cases = [_case("a", "瓦田村", "万山区"), _case("b", "田家湾村", "印江县"), _case("c", "田坝溪", "江口县"),
             _case("d", "无区县")]
    assert list(by_county(cases)["铜仁市"]) == ["江口县", "万山区", "印江县", "区县待补充"]


def test_a_case_with_no_industry_is_listed_under_unsorted_last():
    cases = [_case("a", "甲", industries=["茶叶"]), _case("b", "乙"), _case("c", "丙", industries=["刺梨"])]
    groups = by_values(cases, "industries")
    assert list(groups) == ["茶叶", "刺梨", UNSORTED]  # chá before cì
    assert [c.id for c in groups[UNSORTED]] == ["b"]


def test_neighbours_and_links_follow_the_list_order():
    items = [NS(id="a", title="甲"), NS(id="b", title="乙"), NS(id="c", title="丙")]
    meta = neighbours(items, "cases", lambda i: i.title)
    assert meta["a"] == {"kb_next": ["乙", "cases/b.md"]}
    assert meta["b"] == {"kb_prev": ["甲", "cases/a.md"], "kb_next": ["丙", "cases/c.md"]}
    page = {"kb_crumbs": [["首页", "index.md"], ["江口县", "cases/by-county.md#x"], ["田坝溪", None]], **meta["b"]}
    crumbs = "\n".join(crumbs_markdown(page, "cases/b.md"))
    assert "1. [首页](../index.md)\n2. [江口县](by-county.md#x)\n3. 田坝溪" in crumbs
    assert crumbs.startswith('<nav class="kb-crumbs" aria-label="当前位置" markdown="1">')
    pager = "\n".join(pager_markdown(page, "cases/b.md"))
    assert "[← 上一篇：甲](a.md) · [下一篇：丙 →](c.md)" in pager
    assert crumbs_markdown({"title": "x"}, "cases/b.md") == [] and pager_markdown({}, "cases/b.md") == []


def test_crumb_titles_are_text():
    page = {"kb_crumbs": [["[x](https://example.com)<b>", "index.md"], ["<img src=x>", None]]}
    from kb.check.markdown_check import render
    html = render("\n".join(crumbs_markdown(page, "cases/b.md")))
    assert 'href="https://example.com"' not in html and "<img" not in html and "<b>" not in html
    assert "&lt;img src=x&gt;" in html


def test_meta_in_front_matter_cannot_break_out():
    text = front_matter("标题", meta={"kb_crumbs": [["a\"\n---\nsearch: {exclude: true}", None]]})
    head = yaml.safe_load(text.split("\n---\n")[0][len("---\n"):])
    assert head["kb_crumbs"] == [["a\"\n---\nsearch: {exclude: true}", None]]
    assert "search" not in head


def test_case_list_carries_the_filter_data():
    cases = [_case("b", "印江县田家湾村", "印江县", ["茶叶"], ["民心党建"], "draft",
                   "田家湾村在村两委带领下盘活撂荒茶园。后来又怎样。"),
             _case("a", "江口县田坝溪", "江口县", [], ['乡风"文明}']),]
    text = "\n".join(case_list(cases))
    assert text.index("江口县田坝溪") < text.index("印江县田家湾村")  # pinyin: jiang < yin
    assert 'data-county="江口县" data-industry="未分类" data-theme="乡风文明"' in text
    assert 'data-kb-values-county="江口县|印江县"' in text
    assert "印江县 · 产业：茶叶 · 草稿" in text and "田家湾村在村两委带领下盘活撂荒茶园。" in text
    assert one_line("很长" * 50).endswith("…")


def test_cjk_line_breaks_and_dates():
    html = "<p>「金果子」。\n铜仁市<strong>茶园</strong>\n经营，2020年12月，English\nwords</p><pre>代码\n代码</pre>"
    out = typeset(html)
    assert "「金果子」。铜仁市<strong>茶园</strong>经营" in out
    assert '<span class="kb-date">2020年12月</span>' in out
    assert "English\nwords" in out and "<pre>代码\n代码</pre>" in out
    assert typeset("<p>「金果子」。 铜仁市 张伟</p>") == "<p>「金果子」。铜仁市 张伟</p>"
    assert join_cjk_breaks("<code>a</code>") == "<code>a</code>"
    # A folded YAML line joins up; a title keeps its own space.
    assert unfold("吴强发表的《严格作风治理 确保脱贫攻坚成效》\n  讲了\n  五步") == "吴强发表的《严格作风治理 确保脱贫攻坚成效》讲了五步"


def test_tooltips_mark_every_use_but_not_links_headings_or_code():
    glossary = NS(model=NS(terms=[NS(term="三变", aliases=[], explanation="资源变资产<b>", note=None),
                                  NS(term="2+1", aliases=[], explanation=None, note="见来源")]))
    add = tooltips(glossary)
    html = "<h2>三变</h2><p>促三变，12+1 与 2+1</p><a href='#'>三变</a><code>三变</code>"
    out = typeset(html, add)
    assert out.count("<abbr") == 2
    assert '<abbr title="三变：资源变资产&lt;b&gt;">三变</abbr>' in out
    assert '12+1' in out and '<abbr title="2+1：含义待补充：本站所据来源没有解释。（见来源）">2+1</abbr>' in out
    # A Chinese term followed by + (民心党建+公司) is still the term.
    assert typeset("<p>民心党建+三变+2+10</p>", add).count("<abbr") == 1
    assert '<abbr title="三变：资源变资产&lt;b&gt;">三变</abbr>+2+10' in typeset("<p>三变+2+10</p>", add)


def _glossary_errors(tmp_path, text: str) -> str:
    project = tmp_path / "p"
    shutil.copytree(FIXTURE, project)
    (project / "glossary.yml").write_text(text, encoding="utf-8")
    _, problems = validate(project)
    errors, _ = split(problems)
    return "\n".join(str(e) for e in errors)


def test_glossary_mistakes_get_chinese_messages_at_their_line(tmp_path):
    text = _glossary_errors(tmp_path, "terms:\n"
                            "  - term: 三变\n    explanation: 资源变资产\n"
                            "  - term: 三变\n    sources: [src-a]\n    explanation: 重复\n"
                            "  - term: 头雁\n    sources: [nowhere]\n    explanation: 带头人\n")
    assert "glossary.yml:2:11: 错误: 术语「三变」有解释或说明，但没有注明来源" in text
    assert "glossary.yml:4:11: 错误: 术语「三变」重复" in text
    assert "glossary.yml:8:15: 错误: 字段「terms[2].sources[0]」引用的来源「nowhere」不存在" in text


def test_a_misspelt_glossary_field_is_named(tmp_path):
    text = _glossary_errors(tmp_path, "terms:\n  - term: 甲\n    meaning: 拼错的字段\n")
    assert text.startswith("glossary.yml:3:5: 错误: 未知字段「terms[0].meaning」")


def test_a_hand_written_page_links_a_case_only_while_it_exists():
    from kb.render.placeholders import fill
    here = NS(cases={"daba": NS(model=NS(title="安顺市西秀区大坝村的产业选择"))}, courses={}, handbooks={})
    assert fill("去{{案例:daba:安顺市大坝村}}观摩", here, "index.md") == "去[安顺市大坝村](cases/daba.md)观摩"
    assert fill("去{{案例:daba:安顺市大坝村}}观摩", here, "guide/a.md") == "去[安顺市大坝村](../cases/daba.md)观摩"
    gone = NS(cases={}, courses={}, handbooks={})
    assert fill("去{{案例:daba:安顺市大坝村}}观摩", gone, "index.md") == "去安顺市大坝村观摩"
