"""synonyms.yml's model: the editors' words that mean the same thing to a
reader who searches (茶叶 / 茶园 / 种茶). The search (kb.search) reads them,
with each glossary term's aliases, as groups of words that find each other.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

from kb.content.models import Model

# One word: Chinese characters, letters or digits, no space or punctuation.
Word = Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff]{1,12}$")]




def _distinct(group: list[str]) -> list[str]:
    twice = sorted({w for w in group if group.count(w) > 1})
    if twice:
        raise ValueError(f"同一组里「{'、'.join(twice)}」写了不止一次")
    return group


Group = Annotated[list[Word], Field(min_length=2, max_length=12), AfterValidator(_distinct)]


class Synonyms(Model):
    """synonyms.yml：搜索同义词。"""

    groups: list[Group] = Field(
        description="同义词组：每组写成 [茶叶, 茶园, 种茶]，组里的词搜索时互相找得到；"
                    "每个词只用汉字、字母或数字（不超过 12 个字），一组 2 到 12 个词")
