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
import io
import logging
import re
from pathlib import Path

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RUN = re.compile(f"[{HAN}]+")
MAX_WORD = 8  # the browser's longest match looks this far


class Vocabulary:
    """Texts are collected as pages are indexed and cut once at the end:
    jieba then needs only the part of its dictionary those texts can use."""

    def __init__(self, names: list[str]):
        self.names = [n for n in names if HAN_RUN.fullmatch(n)]
        self._texts: dict[str, None] = dict.fromkeys(self.names)  # in order: the same words every build
        self._words: set[str] | None = None

    def add_text(self, text: str) -> None:
        """A title or heading whose words join the vocabulary."""
        self._texts[text] = None
        self._words = None

    @property
    def words(self) -> set[str]:
        if self._words is None:
            runs = [run for text in self._texts for run in HAN_RUN.findall(text) if len(run) >= 2]
            cutter = _tokenizer(self.names, {c for run in runs for c in run})
            # search mode: 金刺梨 and its 刺梨, so a part of a name is a word too
            self._words = {w for run in runs for w in cutter.cut_for_search(run, HMM=False) if 2 <= len(w) <= MAX_WORD}
        return self._words

    def pinyin(self) -> dict[str, list[str]]:
        """Toneless pinyin, joined -> the names (and title words) it spells."""
        from pypinyin import lazy_pinyin
        out: dict[str, list[str]] = {}
        for word in sorted(self.words):
            key = "".join(lazy_pinyin(word))
            if key.isascii() and key.isalpha():
                out.setdefault(key, []).append(word)
        return out


def _tokenizer(names: list[str], chars: set[str]):
    """jieba with the words of its dictionary made only of these characters
    (loading all of it takes 1.5 s; this part, a tenth of that) and the names."""
    import jieba
    jieba.setLogLevel(logging.WARNING)  # its start-up chatter is not for organisers
    entries = re.findall(rf"^([{re.escape(''.join(sorted(chars)))}]{{2,{MAX_WORD}}} \d+)", _jieba_words(), re.M)
    cutter = jieba.Tokenizer()
    cutter.FREQ, cutter.total = cutter.gen_pfdict(io.BytesIO("\n".join(entries).encode("utf-8")))
    cutter.initialized = True
    for name in names:
        cutter.add_word(name, freq=2000)
    return cutter


@functools.lru_cache(maxsize=1)
def _jieba_words() -> str:
    import jieba
    return Path(jieba.__file__).with_name("dict.txt").read_text(encoding="utf-8")


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
