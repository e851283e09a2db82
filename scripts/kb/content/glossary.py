"""glossary.yml's model: terms with the explanation a source gives."""

from __future__ import annotations

from typing import Optional

from pydantic import Field

from kb.content.models import Model, Slug, Text


class Term(Model):
    term: Text = Field(description="术语，按网站上出现的写法，例如 三变、2+1")
    aliases: list[Text] = Field([], description="同一术语的其他写法：搜索互相找得到；正文里用了会收到提醒（本站统一写 term，照录原文时加引号）")
    explanation: Optional[Text] = Field(None, description="来源给出的解释；来源没有解释就不写，网站显示「待补充」")
    note: Optional[Text] = Field(None, description="来源里关于这个术语的其他说明，例如出处")
    usage: Optional[Text] = Field(None, description="本站的写法规定（编者所写），例如「统一写作第一书记」；只有 usage 的术语不加提示框")
    sources: list[Slug] = Field([], description="解释和说明所依据的来源 id（见 sources.yml）")


class Glossary(Model):
    """glossary.yml：术语表。"""

    terms: list[Term] = Field(min_length=1)
