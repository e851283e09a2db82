"""Zensical 0.0.73, Material's successor: it reads an mkdocs.yml, runs no
hooks or plugins of ours (it ignores them silently), and renders the staged
folder with Material's classic look."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from kb.engines.base import PALETTE, Engine, EngineError, binary, mkdocs_yml

OUTPUT = "_site"  # Zensical writes only inside the project it builds

# Its inline scripts (0.0.73): the storage helpers with the page's depth,
# the palette restorer (kb.engines.base) and the tab restorer.
_SCOPE = (r'__md_scope=new URL\("(?:\.|/|\.\.(?:/\.\.)*)",location\),'
          + re.escape('__md_scope.pathname.endsWith("/")||(__md_scope=new URL(__md_scope.pathname+"/",location)),'
                      '__md_hash=e=>[...e].reduce(((e,t)=>(e<<5)-e+t.charCodeAt(0)),0),'
                      '__md_get=(e,t=localStorage,_=__md_scope)=>JSON.parse(t.getItem(_.pathname+"."+e)),'
                      '__md_set=(e,t,_=localStorage,a=__md_scope)=>{try{_.setItem(a.pathname+"."+e,JSON.stringify(t))}'
                      'catch(e){}},document.documentElement.setAttribute("data-platform",navigator.platform)'))
_TABS = re.escape('var target=document.getElementById(location.hash.slice(1));'
                  'target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))')


class Zensical(Engine):
    def __init__(self):
        super().__init__(name="zensical", theme_escapes=False,
                         inline_scripts=(re.compile(_SCOPE), re.compile(PALETTE), re.compile(_TABS)),
                         unused=("sitemap.xml", "search.json", "assets/javascripts/workers/",
                                 "assets/stylesheets/modern/", "assets/javascripts/LICENSE"),
                         routine=re.compile(r"Build started|Build finished in|No issues found"))

    def write_config(self, stage: Path, settings: dict) -> None:
        config = {key: value for key, value in settings.items() if key != "markdown_extensions"}
        # Material's look (classic), our templates; Zensical's own search off.
        config["theme"] = {**config.get("theme", {}), "custom_dir": "overrides", "variant": "classic"}
        config["plugins"] = {"search": {"enabled": False}}
        config["site_dir"] = OUTPUT
        text = mkdocs_yml(config, settings["markdown_extensions"])
        (stage / "mkdocs.yml").write_text(text, encoding="utf-8")

    def command(self, stage: Path, out: Path) -> list[str]:
        return [binary("zensical"), "build", "--strict", "--clean", "--config-file", str(stage / "mkdocs.yml")]

    def build(self, stage: Path, out: Path) -> None:
        shutil.rmtree(stage / OUTPUT, ignore_errors=True)
        super().build(stage, out)
        if not (stage / OUTPUT).is_dir():
            raise EngineError("zensical 没有生成网站（没有输出文件夹）")
        shutil.rmtree(out, ignore_errors=True)
        os.replace(stage / OUTPUT, out)

    def theme_dir(self) -> Path:
        import zensical
        return Path(zensical.__file__).parent / "templates"
