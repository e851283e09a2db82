"""Fonts for paper: Noto CJK cut down to the characters one build prints.

WeasyPrint subsets every embedded font but keeps each glyph id below the
highest one a document uses. In a CJK font of 65,000 glyphs that leaves about
150 KB of empty glyph entries per font in every PDF, even a one-page handout.
Cut once to the characters of the whole build, the fonts have a few thousand
glyphs, so each PDF carries little more than the outlines it uses.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

# (CSS family, weight) -> fontconfig pattern of the Debian fonts-noto-cjk face.
FACES = {
    ("Noto Serif CJK SC Subset", 400): "Noto Serif CJK SC:style=Regular",
    ("Noto Sans CJK SC Subset", 400): "Noto Sans CJK SC:style=Regular",
    ("Noto Sans CJK SC Subset", 700): "Noto Sans CJK SC:style=Bold",
}
# Printed but not in the text: list bullets, counters, leaders, punctuation.
ALWAYS = "".join(chr(c) for c in range(0x20, 0x7F)) + "•◦▪–—…·，。、；：？！「」『』（）《》〈〉“”‘’　"


def _locate(pattern: str) -> tuple[str, int] | None:
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}\n%{index}", pattern],
                               capture_output=True, text=True, check=True).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError):
        return None
    if len(found) < 2 or "NotoS" not in found[0]:
        return None  # fontconfig fell back to another family: leave it to the stylesheet's fallbacks
    return found[0], int(found[1] or 0)


def cut_fonts(texts: list[str], folder: Path) -> str:
    """Write the cut fonts into folder; return the @font-face rules naming them.
    Without fontconfig or the Noto fonts, no rules: the stylesheet falls back."""
    characters = {ord(c) for text in texts for c in text} | {ord(c) for c in ALWAYS}
    folder.mkdir(parents=True, exist_ok=True)
    rules = []
    for (family, weight), pattern in FACES.items():
        located = _locate(pattern)
        if not located:
            continue
        path, index = located
        options = subset.Options()
        options.desubroutinize = True  # as WeasyPrint does: outlines stand alone
        options.notdef_outline = True
        options.layout_features = ["vert", "vrt2", "locl"]
        # No save-time timestamp in the head table: one commit, the same bytes.
        font = TTFont(path, fontNumber=index, lazy=True, recalcTimestamp=False)
        cutter = subset.Subsetter(options)
        cutter.populate(unicodes=characters)
        cutter.subset(font)
        target = folder / f"{family.replace(' ', '-')}-{weight}.otf"
        font.save(target)
        rules.append(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                     f'src: url("{target.resolve().as_uri()}"); }}')
    return "\n".join(rules)
