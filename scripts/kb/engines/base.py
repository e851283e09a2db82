"""What every engine adapter provides."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml


class EngineError(Exception):
    """The engine could not render the stage: the message says why, in Chinese."""


# The theme's palette restorer (light / dark, mkdocs.yml theme.palette): the
# same text in Material 9.8.1 and Zensical 0.0.73. It runs in the header,
# before the page is painted, so a reader's chosen scheme never flashes.
PALETTE = re.escape(
    'var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media)'
    '{var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?'
    '"[data-md-color-media=\'(prefers-color-scheme: light)\']":"[data-md-color-media=\'(prefers-color-scheme: dark)\']");'
    'palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute('
    '"data-md-color-scheme"),palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent='
    'input.getAttribute("data-md-color-accent")}for(var[key,value]of Object.entries(palette.color))'
    'document.body.setAttribute("data-md-color-"+key,value)}')


@dataclass
class Engine:
    name: str = ""
    # Whether the theme escapes front-matter text itself. Neither engine's
    # does (measured), so the stage writes title and description as entities.
    theme_escapes: bool = False
    # Inline <script>/<style> bodies the theme writes, as full-match patterns:
    # the finish pass hashes these into the CSP and refuses any other.
    inline_scripts: tuple[re.Pattern, ...] = ()
    inline_styles: tuple[re.Pattern, ...] = ()
    # Output files the engine writes that the site does not use.
    unused: tuple[str, ...] = ()
    env: dict = field(default_factory=dict)
    # What the engine prints on every build (not worth showing an organiser).
    routine: re.Pattern = re.compile(r"^(?!)")

    def write_config(self, stage: Path, settings: dict) -> None:
        raise NotImplementedError

    def command(self, stage: Path, out: Path) -> list[str]:
        raise NotImplementedError

    def theme_dir(self) -> Path:
        """The pinned theme's static files, laid out as they appear in the output."""
        raise NotImplementedError

    def build(self, stage: Path, out: Path) -> None:
        result = subprocess.run(self.command(stage, out), cwd=stage, capture_output=True, text=True,
                                env={**os.environ, **self.env})
        if result.returncode != 0:
            raise EngineError(f"{self.name} 没能生成网站（退出码 {result.returncode}）：\n"
                              + (result.stderr or result.stdout).strip()[-4000:])
        said = [line for line in (result.stderr + result.stdout).splitlines()
                if line.strip() and not self.routine.search(line)]
        for line in said[-20:]:
            print(f"{self.name}: {line}", file=sys.stderr)

    def theme_digest(self, rel: str) -> str | None:
        """sha256 of the pinned theme's file at this output path (its static
        files sit in the output as they sit in the package), None if none."""
        root = self.theme_dir()
        path = root / rel
        if ".." in Path(rel).parts or not path.is_file() or path.is_symlink():
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()


def mkdocs_yml(config: dict, extensions: list[tuple[str, dict]]) -> str:
    """An mkdocs.yml (both engines read one): the settings, then the extensions."""
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False) + extensions_yaml(extensions)


def extensions_yaml(extensions: list[tuple[str, dict]]) -> str:
    """The markdown_extensions block; toc's slugify is a callable, the one YAML tag."""
    lines = ["markdown_extensions:"]
    for name, options in extensions:
        if name == "toc":
            options = {**options, "slugify": "SLUGIFY"}
        lines.append(f"  - {name}" if not options else f"  - {name}: " + yaml.safe_dump(
            options, default_flow_style=True, allow_unicode=True).strip())
    return "\n".join(lines).replace("SLUGIFY", SLUGIFY) + "\n"


SLUGIFY = "!!python/name:kb.render.anchors.slugify ''"  # pinyin ids, the same on both engines


def binary(name: str) -> str:
    """A console script of this Python's environment (the venv), else PATH."""
    here = Path(sys.executable).parent / name
    return str(here) if here.exists() else name
