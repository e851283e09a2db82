"""The search's vocabulary and the tables the browser needs to read a query:

- words: titles, headings and the content's names cut with jieba (with the
  names added to its dictionary, so 陈大兴 and 金刺梨 stay whole). The body
  text is indexed as character pairs instead (kb.search.index): jieba costs
  about 6 µs a character, 40 s for 1,000 cases, pairs almost nothing, and a
  query's pairs find the same words;
- pinyin of the names (pypinyin), so dabacun finds 大坝村;
- traditional characters (OpenCC's t2s) that stand for a character the site
  uses, so 產銷對接 finds 产销对接.
"""

from __future__ import annotations

import functools
import logging
import re

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RUN = re.compile(f"[{HAN}]+")
MAX_WORD = 8  # the browser's longest match looks this far


class Vocabulary:
    def __init__(self, names: list[str]):
        self.names = [n for n in names if HAN_RUN.fullmatch(n)]
        self.words: set[str] = set()
        self._cutter = _tokenizer(tuple(self.names))
        self._seen: set[str] = set()
        for name in self.names:
            self.add_text(name)

    def add_text(self, text: str) -> None:
        """Words of a title or heading (each distinct text is cut once)."""
        if text in self._seen:
            return
        self._seen.add(text)
        for run in HAN_RUN.findall(text):
            if len(run) < 2:
                continue
            # search mode: 金刺梨 and its 刺梨, so a part of a name is a word too
            for word in self._cutter.cut_for_search(run, HMM=False):
                if 2 <= len(word) <= MAX_WORD:
                    self.words.add(word)

    def pinyin(self) -> dict[str, list[str]]:
        """Toneless pinyin, joined -> the names (and title words) it spells."""
        from pypinyin import lazy_pinyin
        out: dict[str, list[str]] = {}
        for word in sorted(self.words):
            key = "".join(lazy_pinyin(word))
            if key.isascii() and key.isalpha():
                out.setdefault(key, []).append(word)
        return out


@functools.lru_cache(maxsize=4)
def _tokenizer(names: tuple[str, ...]):
    import jieba
    jieba.setLogLevel(logging.WARNING)  # its start-up chatter is not for organisers
    cutter = jieba.Tokenizer()
    for name in names:
        cutter.add_word(name, freq=2000)
    return cutter


@functools.lru_cache(maxsize=1)
def traditional_table() -> dict[str, str]:
    """Every CJK character that OpenCC writes differently in simplified form."""
    import opencc
    chars = [chr(c) for c in range(0x4E00, 0xA000)] + [chr(c) for c in range(0x3400, 0x4DC0)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    return {t: s for t, s in zip(chars, converted) if len(s) == 1 and s != t}


def to_simplified(text: str) -> str:
    return text.translate(_translation())


@functools.lru_cache(maxsize=1)
def _translation():
    return str.maketrans(traditional_table())


def traditional_for(used: set[str]) -> str:
    """'婁娄發发…': each traditional character followed by the simplified one it
    stands for, for the simplified characters the site uses."""
    return "".join(t + s for t, s in sorted(traditional_table().items()) if s in used)
