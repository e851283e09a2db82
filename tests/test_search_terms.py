"""Unit tests of the search-index refinements (scripts/kb/search_terms.py)."""

import pytest

from kb.search.terms import glue_terms, refine_index, subwords

Z = "\u200b"


@pytest.mark.parametrize("text,expected", [
    (f"金{Z}刺梨", "金刺梨"),                                  # jieba's lone 金 rejoins its word
    (f"大坝村{Z}的{Z}金刺梨", f"大坝村的{Z}金刺梨"),            # joins one side only: 金刺梨 stays a term
    (f"「{Z}以{Z}短{Z}养长", f"「以短{Z}养长"),
    (f"123{Z}产融合{Z}发展", f"123产融合{Z}发展"),              # letters and digits stay with Chinese
    (f"在{Z}2007{Z}年{Z}找到", f"在2007年{Z}找到"),
    (f"田家湾村{Z}茶园", f"田家湾村{Z}茶园"),                  # two real words are left alone
    (f"<li>村{Z}党支部", "<li>村党支部"),                     # a tag starts a phrase too
    (f"书记{Z}的</p>", "书记的</p>"),
])
def test_glue_terms(text, expected):
    assert glue_terms(text) == expected


def test_a_word_glued_away_stays_findable():
    assert subwords({"村", "党支部"}, {"村党支部"}) == "党支部 支部"


def test_subwords_are_suffixes_of_long_words_not_already_indexed():
    assert subwords({"金刺梨", "集体经济", "经济"}, {"金刺梨", "集体经济", "经济"}) == "体经济 刺梨"
    assert subwords({"ab", "茶园"}, {"ab", "茶园"}) == ""  # short words have no inner words


def test_refine_index_adds_the_field_and_keeps_the_visible_text():
    index = {"config": {"fields": {"title": {"boost": 1000}}, "separator": "x"},
             "docs": [{"location": "a/", "title": f"金{Z}刺梨", "text": f"大坝村{Z}的{Z}金刺梨"}]}
    doc = refine_index(index)["docs"][0]
    assert doc["text"].replace(Z, "") == "大坝村的金刺梨"
    assert doc["subwords"] == "刺梨 坝村 大坝村"  # 大坝村 was glued into 大坝村的
    assert index["config"]["fields"]["subwords"] == {"boost": 1}
