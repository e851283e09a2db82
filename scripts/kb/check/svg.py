"""An SVG image beside a case: parsed as XML and held to an allow-list.

A browser shows an SVG in <img> without running it, but the same file opened
on its own (its link, 「在新标签页中打开图片」) is a page of the site: a script
in it would run there, and a link or style in it could load from outside. A
search for "<script" misses `<s:script xmlns:s=...>`, `&#106;avascript:` and
anything after the part that was scanned, so the whole file is parsed (expat:
linear, no DTD, no entities, no external files) and every element and
attribute must be one a drawing uses. Anything else is refused with its line.
"""

from __future__ import annotations

import re
import xml.parsers.expat

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
# What drawing programs write besides the drawing: inert in a browser.
EDITOR_NS = frozenset({
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://creativecommons.org/ns#",
    "http://web.resource.org/cc/",
    "http://purl.org/dc/elements/1.1/",
    "http://purl.org/dc/terms/",
    "http://ns.adobe.com/AdobeIllustrator/10.0/",
    "http://ns.adobe.com/AdobeSVGViewerExtensions/3.0/",
    "http://ns.adobe.com/Extensibility/1.0/",
    "http://ns.adobe.com/Graphs/1.0/",
    "http://ns.adobe.com/SaveForWeb/1.0/",
    "http://ns.adobe.com/Variables/1.0/",
    "http://ns.adobe.com/ImageReplacement/1.0/",
    "http://ns.adobe.com/GenericCustomNamespace/1.0/",
    "http://ns.adobe.com/XPath/1.0/",
    "http://www.bohemiancoding.com/sketch/ns",
    "http://www.serif.com/",
    "http://www.figma.com/figma/ns",
})

ELEMENTS = frozenset("""
svg g defs symbol use title desc metadata switch view
path rect circle ellipse line polyline polygon
text tspan textPath
linearGradient radialGradient stop pattern clipPath mask marker image a style
filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting
feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur
feImage feMerge feMergeNode feMorphology feOffset fePointLight feSpecularLighting feSpotLight feTile
feTurbulence
""".split())

ATTRIBUTES = frozenset("""
id class style lang tabindex role focusable version baseProfile zoomAndPan
x y width height viewBox preserveAspectRatio transform d points pathLength
cx cy r rx ry x1 y1 x2 y2 fx fy fr dx dy rotate textLength lengthAdjust startOffset method spacing side
gradientUnits gradientTransform spreadMethod offset patternUnits patternContentUnits patternTransform
clipPathUnits maskUnits maskContentUnits markerUnits markerWidth markerHeight refX refY orient
filterUnits primitiveUnits in in2 result stdDeviation mode operator k1 k2 k3 k4 type values tableValues
slope intercept amplitude exponent kernelMatrix order divisor bias targetX targetY edgeMode
kernelUnitLength preserveAlpha surfaceScale diffuseConstant specularConstant specularExponent azimuth
elevation pointsAtX pointsAtY pointsAtZ z limitingConeAngle scale xChannelSelector yChannelSelector
baseFrequency numOctaves seed stitchTiles radius
requiredFeatures requiredExtensions systemLanguage enable-background target href
alignment-baseline baseline-shift clip clip-path clip-rule color color-interpolation
color-interpolation-filters color-rendering cursor direction display dominant-baseline fill
fill-opacity fill-rule filter flood-color flood-opacity font font-family font-size font-size-adjust
font-stretch font-style font-variant font-weight glyph-orientation-horizontal glyph-orientation-vertical
image-rendering kerning letter-spacing lighting-color marker marker-start marker-mid marker-end mask
mask-type opacity overflow paint-order pointer-events shape-rendering stop-color stop-opacity stroke
stroke-dasharray stroke-dashoffset stroke-linecap stroke-linejoin stroke-miterlimit stroke-opacity
stroke-width text-anchor text-decoration text-rendering transform-origin unicode-bidi vector-effect
visibility word-spacing writing-mode mix-blend-mode isolation white-space line-height
font-feature-settings font-variant-ligatures font-variant-numeric font-variant-caps
font-variant-east-asian inline-size solid-color solid-opacity
""".split())
XML_ATTRIBUTES = frozenset({"space", "lang", "id"})
XLINK_ATTRIBUTES = frozenset({"href", "title", "type", "role", "arcrole", "show", "actuate"})

# CSS that loads or runs something; url(#id) points inside the drawing and is fine.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})\s?|(.))", re.S)
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.S)
_CSS_DANGER = re.compile(r"url\s*\(\s*(?![\"']?\s*#)|@import|image-set\s*\(|(?<![a-z-])image\s*\(|expression\s*\("
                         r"|javascript:|-moz-binding|behavior\s*:|src\s*\(", re.I)


def _unescape_css(text: str) -> str:
    def one(m):
        if m.group(1):
            code = int(m.group(1), 16)
            return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
        return "" if m.group(2) == "\n" else m.group(2)
    return _CSS_COMMENT.sub(" ", _CSS_ESCAPE.sub(one, text)) if "\\" in text or "/*" in text else text


def css_problem(text: str) -> str | None:
    """Why this CSS (a style attribute, a <style>, a paint value) is refused, or None."""
    found = _CSS_DANGER.search(_unescape_css(text))
    if not found:
        return None
    word = found.group(0).lower()
    if word.startswith("url"):
        return "样式里用 url() 引用了图片以外的文件或站外资源（只能写 url(#本图里的id)）"
    if word.startswith("@import"):
        return "样式里有 @import"
    return f"样式里有「{found.group(0).strip()}」"


class _Refused(Exception):
    def __init__(self, line: int, why: str):
        super().__init__(why)
        self.line, self.why = line, why


def _split(name: str) -> tuple[str, str]:
    """(namespace, local name) of an expat name written "uri local"."""
    uri, _, local = name.rpartition(" ")
    return uri, local


def _attribute_problem(element_ns: str, name: str, value: str) -> str | None:
    uri, local = _split(name)
    shown = local if not uri else f"{'xlink:' if uri == XLINK_NS else 'xml:' if uri == XML_NS else ''}{local}"
    if local.lower().startswith("on"):
        return f"含有事件属性「{shown}」（on...=，会运行脚本）"
    if local == "href" and uri in ("", XLINK_NS):
        if not value.strip().startswith("#"):
            return f"的链接「{shown}=\"{_CONTROL.sub('?', value[:60])}\"」指向本图以外（只能是 #本图里的id）"
        return None
    if uri in EDITOR_NS:
        return None  # inkscape:label, sodipodi:nodetypes: the editor's notes
    if uri == XML_NS:
        allowed = local in XML_ATTRIBUTES
    elif uri == XLINK_NS:
        allowed = local in XLINK_ATTRIBUTES
    elif uri:
        allowed = False
    elif element_ns in EDITOR_NS:
        allowed = True  # rdf:about="" and the like on the editor's own elements
    else:
        allowed = local in ATTRIBUTES or local.startswith(("aria-", "data-"))
    if not allowed:
        return f"含有不允许的属性「{shown}」"
    problem = css_problem(value) if ("(" in value or "@" in value or "\\" in value or ":" in value) else None
    return f"的属性「{shown}」{problem}" if problem else None


def svg_problem(data: bytes) -> tuple[int, str] | None:
    """(line, why) when the SVG file is refused, else None. Linear in its size."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    state = {"root": None, "style": 0, "css": [], "css_line": 0}

    def line() -> int:
        return parser.CurrentLineNumber

    def doctype(*_):
        raise _Refused(line(), "含有 <!DOCTYPE> 声明（其中可以定义实体、引用外部文件；Illustrator 导出时会加上，"
                              "用文本编辑器删去这一段即可）")

    def entity(*_):
        raise _Refused(line(), "含有 <!ENTITY> 声明")

    def instruction(target, _data):
        raise _Refused(line(), f"含有处理指令 <?{target} …?>（例如 xml-stylesheet 会加载样式表）")

    def start(name, attrs):
        uri, local = _split(name)
        if state["root"] is None:
            state["root"] = local
            if local != "svg" or uri not in ("", SVG_NS):
                raise _Refused(line(), f"最外层不是 <svg>，而是 <{local}>")
        if uri in EDITOR_NS:
            pass
        elif uri not in ("", SVG_NS):
            raise _Refused(line(), f"含有其他命名空间的元素 <{local}>（{uri}）")
        elif local not in ELEMENTS:
            raise _Refused(line(), f"含有不允许的元素 <{local}>"
                           + ("（会运行脚本）" if local.lower() in ("script", "handler", "listener")
                              else "（可以嵌入网页和脚本）" if local == "foreignObject"
                              else "（动画可以把链接改成脚本）" if local in ("set", "animate", "animateMotion",
                                                                            "animateTransform", "animateColor")
                              else ""))
        for key, value in attrs.items():
            problem = _attribute_problem(uri, key, value)
            if problem:
                raise _Refused(line(), problem)
        if local == "style" and uri in ("", SVG_NS):
            state["style"] += 1
            state["css_line"] = line()

    def end(name):
        uri, local = _split(name)
        if local == "style" and uri in ("", SVG_NS):
            state["style"] -= 1
            if state["style"] == 0:
                problem = css_problem("".join(state["css"]))
                state["css"].clear()
                if problem:
                    raise _Refused(state["css_line"], f"的 <style> {problem}")

    def text(data):
        if state["style"]:
            state["css"].append(data)

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.ExternalEntityRefHandler = lambda *_: 0
    parser.ProcessingInstructionHandler = instruction
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except _Refused as refused:
        return refused.line, refused.why
    except xml.parsers.expat.ExpatError as exc:
        return exc.lineno, f"不是格式正确的 XML（{xml.parsers.expat.ErrorString(exc.code)}）"
    except (ValueError, UnicodeError, RecursionError) as exc:
        return line(), f"无法解析（{type(exc).__name__}）"
    if state["root"] is None:
        return 1, "里面没有 <svg> 元素"
    return None
