"""MkDocs 1.6 + Material 9.8: the default engine, run with no hook or plugin of ours."""

from __future__ import annotations

import re
from pathlib import Path

from kb.engines.base import PALETTE, Engine, binary, mkdocs_yml

# Material's inline scripts (9.8.1): the storage helpers with the page's
# depth ("." / "../.."), the palette restorer (kb.engines.base) and the tab restorer.
_SCOPE = (r'__md_scope=new URL\("(?:\.|/|\.\.(?:/\.\.)*)",location\),'
          + re.escape('__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
                      '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
                      '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}'))
_TABS = re.escape('var target=document.getElementById(location.hash.slice(1));'
                  'target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))')


class MkDocs(Engine):
    def __init__(self):
        super().__init__(name="mkdocs", theme_escapes=False,
                         inline_scripts=(re.compile(_SCOPE), re.compile(PALETTE), re.compile(_TABS)),
                         unused=("sitemap.xml", "sitemap.xml.gz", "assets/javascripts/lunr/",
                                 "assets/javascripts/workers/"),
                         env={"NO_MKDOCS_2_WARNING": "1"})

    def write_config(self, stage: Path, settings: dict) -> None:
        config = {key: value for key, value in settings.items() if key != "markdown_extensions"}
        config["theme"] = {**config.get("theme", {}), "custom_dir": "overrides"}
        config["plugins"] = []  # no search, no offline: the finish pass owns both
        text = mkdocs_yml(config, settings["markdown_extensions"])
        (stage / "mkdocs.yml").write_text(text, encoding="utf-8")

    def command(self, stage: Path, out: Path) -> list[str]:
        return [binary("mkdocs"), "build", "--strict", "--quiet", "--config-file", str(stage / "mkdocs.yml"),
                "--site-dir", str(out)]

    def theme_dir(self) -> Path:
        import material
        return Path(material.__file__).parent / "templates"
