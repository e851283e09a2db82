"""Fuzzing the validator with mutants of the real content files.

Each mutant is a copy of one real content file (YAML or Markdown) with a few
random organiser-like accidents: lines deleted, duplicated or swapped,
indentation changed, full-width punctuation, curly quotes, control
characters, a BOM, direction marks, emoji, huge values, deep nesting,
truncation (also in the middle of a UTF-8 character). Every mutant must end
in clean messages (`path:line:col: 错误|警告: …`) or success: no exception,
within a time bound, and the process stays within a memory bound. Mutants
that validate are also rendered to pages, which the build would do next.

The run is reproducible (a fixed seed); set KB_FUZZ_MUTANTS (default 150) and
KB_FUZZ_SEED to run more by hand, e.g. KB_FUZZ_MUTANTS=2000.
"""

from __future__ import annotations

import os
import random
import re
import resource
import shutil
import signal
import time
from pathlib import Path

import pytest

from conftest import ROOT
from kb.content.errors import ContentError
from kb.render.pages import render_pages
from kb.check.validation import validate

MUTANTS = int(os.environ.get("KB_FUZZ_MUTANTS", "150"))
SEED = int(os.environ.get("KB_FUZZ_SEED", "20261130"))
SECONDS_PER_MUTANT = 10.0
PEAK_MB = 1500
CONTENT = ("sources.yml", "programme.yml", "intros.yml", "glossary.yml", "cases", "courses", "handbooks", "docs")
MESSAGE = re.compile(r"^[^\n]+:\d+:\d+: (错误|警告): [^\n]+$")

FULLWIDTH = "，。、：；！？（）【】《》「」　"
QUOTES = "“”‘’"
CONTROL = "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\u2028\u2029\ufffe\uffff"
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2060\ufeff\u00ad"
EMOJI = "🌾🍵🐖😀👨‍👩‍👧🇨🇳"


def _lines(text: str) -> list[str]:
    return text.split("\n")


def delete_line(text, rng):
    lines = _lines(text)
    del lines[rng.randrange(len(lines))]
    return "\n".join(lines)


def duplicate_line(text, rng):
    lines = _lines(text)
    i = rng.randrange(len(lines))
    lines.insert(i, lines[i])
    return "\n".join(lines)


def swap_lines(text, rng):
    lines = _lines(text)
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def reindent(text, rng):
    lines = _lines(text)
    i = rng.randrange(len(lines))
    lines[i] = rng.choice(["", " ", "  ", "   ", "\t", "\u3000", "    "]) + lines[i].lstrip(" ")
    return "\n".join(lines)


def _insert(text, rng, piece):
    at = rng.randrange(len(text) + 1)
    return text[:at] + piece + text[at:]


def fullwidth(text, rng):
    return _insert(text, rng, rng.choice(FULLWIDTH))


def replace_ascii_punctuation(text, rng):
    """The Chinese keyboard: , : [ ] typed full-width somewhere."""
    table = {",": "，", ":": "：", "[": "【", "]": "】", "-": "－", " ": "\u3000"}
    spots = [m.start() for m in re.finditer(r"[,:\[\]\- ]", text)]
    if not spots:
        return text
    at = rng.choice(spots)
    return text[:at] + table[text[at]] + text[at + 1:]


def curly_quotes(text, rng):
    lines = _lines(text)
    i = rng.randrange(len(lines))
    key, sep, value = lines[i].partition(": ")
    lines[i] = f"{key}{sep}“{value}”" if sep else f"“{lines[i]}”"
    return "\n".join(lines)


def control(text, rng):
    return _insert(text, rng, rng.choice(CONTROL))


def invisible(text, rng):
    return _insert(text, rng, rng.choice(INVISIBLE))


def emoji(text, rng):
    return _insert(text, rng, rng.choice(EMOJI) * rng.randint(1, 3))


def huge_value(text, rng):
    lines = _lines(text)
    i = rng.randrange(len(lines))
    piece = rng.choice(["印", "a", "9", "村 ", "<a ", "[", "&x", "，"]) * rng.choice([1000, 20_000, 200_000])
    lines[i] = lines[i] + piece
    return "\n".join(lines)


def inner_spaces(text, rng):
    """A long run of spaces inside a line (a regex that backtracks over it hangs)."""
    return _insert(text, rng, rng.choice([" ", "\t", "\u3000", " #"]) * rng.choice([100, 20_000]) + "x")


def deep_nesting(text, rng):
    depth = rng.choice([100, 1000, 20_000])
    piece = rng.choice(["[" * depth + "]" * depth, "{a: " * depth + "}" * depth,
                        "".join("  " * d + "a:\n" for d in range(min(depth, 300)))])
    return text + ("\n" if not text.endswith("\n") else "") + "deep: " + piece + "\n"


def truncate(text, rng):
    return text[: rng.randrange(len(text) + 1)]


TEXT_MUTATIONS = [delete_line, duplicate_line, swap_lines, reindent, fullwidth, replace_ascii_punctuation,
                  curly_quotes, control, invisible, emoji, huge_value, inner_spaces, deep_nesting, truncate]


def mutate_bytes(data: bytes, rng) -> bytes:
    """Accidents below the text: a BOM in the middle, a cut inside a character,
    a file saved as GBK."""
    kind = rng.choice(["bom", "cut", "gbk"])
    if kind == "bom":
        at = rng.randrange(len(data) + 1)
        return data[:at] + b"\xef\xbb\xbf" + data[at:]
    if kind == "cut":
        return data[: rng.randrange(len(data) + 1)]
    return data.decode("utf-8").encode("gbk", errors="replace")


def content_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix in (".yml", ".md") and p.is_file())


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("pristine")
    for name in CONTENT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        elif source.is_file():
            shutil.copy2(source, root / name)
    return root


def _check(root: Path) -> list[ContentError]:
    """What make validate and the build's first steps do, in this process."""
    col, problems = validate(root)
    for problem in problems:
        assert isinstance(problem, ContentError)
        assert MESSAGE.match(str(problem)), repr(str(problem))
    if not [p for p in problems if not p.is_warning]:
        render_pages(col)
    return problems


class _Hang(Exception):
    pass


class _watchdog:
    """Interrupt the check after some seconds (SIGALRM; Python's regex engine
    checks for signals, so a backtracking regex is interrupted too)."""

    def __init__(self, seconds: float):
        self.seconds = seconds

    def __enter__(self):
        if hasattr(signal, "SIGALRM"):
            def hang(signum, frame):
                raise _Hang(f"no answer after {self.seconds:.0f} s")
            self.previous = signal.signal(signal.SIGALRM, hang)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *exc):
        if hasattr(signal, "SIGALRM"):
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)


def test_mutants_end_in_clean_messages(pristine, tmp_path):
    rng = random.Random(SEED)
    files = content_files(pristine)
    assert len(files) >= 10
    work = tmp_path / "work"
    shutil.copytree(pristine, work)
    outcomes = {"clean": 0, "warnings": 0, "errors": 0}
    slowest = (0.0, "")
    for number in range(MUTANTS):
        target = rng.choice(files)
        rel = target.relative_to(pristine)
        original = target.read_bytes()
        steps = []
        if rng.random() < 0.15:
            mutated = mutate_bytes(original, rng)
            steps.append("bytes")
        else:
            text = original.decode("utf-8")
            for _ in range(rng.randint(1, 3)):
                mutation = rng.choice(TEXT_MUTATIONS)
                text = mutation(text, rng) if text else text
                steps.append(mutation.__name__)
            mutated = text.encode("utf-8", errors="surrogatepass")
        label = f"mutant {number} (seed {SEED}): {rel} after {', '.join(steps)}"
        (work / rel).write_bytes(mutated)
        started = time.monotonic()
        try:
            with _watchdog(SECONDS_PER_MUTANT * 3):  # a hang fails the mutant instead of the whole run
                problems = _check(work)
        except Exception as exc:  # noqa: BLE001 - the test's whole point
            keep = tmp_path / f"mutant-{number}-{rel.name}"
            keep.write_bytes(mutated)
            raise AssertionError(f"{label} raised {type(exc).__name__}: {exc} (file kept: {keep})") from exc
        finally:
            (work / rel).write_bytes(original)
        seconds = time.monotonic() - started
        assert seconds < SECONDS_PER_MUTANT, f"{label} took {seconds:.1f} s"
        slowest = max(slowest, (seconds, label))
        errors = [p for p in problems if not p.is_warning]
        outcomes["errors" if errors else "warnings" if problems else "clean"] += 1
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert peak_mb < PEAK_MB, f"peak memory {peak_mb:.0f} MB"
    print(f"\n{MUTANTS} mutants: {outcomes}; slowest {slowest[0]:.2f} s ({slowest[1]}); peak {peak_mb:.0f} MB")


@pytest.mark.parametrize("mutation", TEXT_MUTATIONS, ids=[m.__name__ for m in TEXT_MUTATIONS])
def test_every_mutation_changes_the_text(mutation):
    """The fuzzer's own check: each mutation really does something."""
    text = "id: x\ntitle: 标题, 说明\nlist: [a, b]\n"
    rng = random.Random(1)
    assert any(mutation(text, rng) != text for _ in range(20))
