"""Search queries and the page each must put first (shared by the online and
offline search tests and by the benchmark)."""

# The examples the core issue names.
EXAMPLES = {
    "金刺梨": "cases/daba/",
    "刺梨": "cases/daba/",            # a word inside a compound
    "田家湾": "cases/tianjiawan/",    # a prefix of a dictionary name
    "白兰地": "cases/watian/",
    "五步工作法": "courses/wubu-gongzuofa/",
    "八要素": "courses/bayaosu/",
}

# A wider set: names, places, products, models and inner words.
MORE = {
    "经济": "cases/tianjiawan/",      # inside 集体经济
    "集体经济": "cases/tianjiawan/",
    "陈大兴": "cases/daba/",
    "大坝村": "cases/daba/",
    "张程": "cases/watian/",
    "瓦田村": "cases/watian/",
    "万山区": "cases/watian/",
    "葡萄": "cases/watian/",
    "123产融合": "cases/watian/",
    "茶园": "cases/tianjiawan/",
    "撂荒": "cases/tianjiawan/",
    "龙青娥": "courses/daba-xianchang/",  # her words are about the visit to 大坝村
    "村规民约": "cases/tianbaxi/",
    "头雁": "glossary/",              # the glossary explains it
    "结对帮带": "programme/",
    "讨论课": "courses/chanye-taolun/",
    "六龙山村": "cases/daba/",        # a place named only inside a role
    "村支书": "cases/daba/",          # after a tag in the index text
    "村居换届": "programme/",
    "龙学良": "programme/",
}

# Issue 10: a part of a course finds the course; 手册 finds a handbook; a
# term run on into the next word, and a question, still find their page.
COURSE_PARTS = {
    **{part: "courses/bayaosu/" for part in ("产业选择", "培训农民", "技术服务", "资金筹措", "组织方式", "产销对接",
                                             "利益联结", "基层党建")},
    **{step: "courses/wubu-gongzuofa/" for step in ("政策设计", "工作部署", "干部培训", "督促检查", "追责问责")},
}
TRAINEE = {
    "大坝村刺梨产业": "cases/daba/",
    "茶园怎么盘活": "cases/tianjiawan/",
    "什么是八要素": "courses/bayaosu/",
    "基层治理": "cases/tianbaxi/",
    "三变": "glossary/",
}
HANDBOOK_QUERIES = ("培训手册", "手册")

ALL = {**EXAMPLES, **MORE, **COURSE_PARTS, **TRAINEE}


def page_of(link: str, base: str) -> str:
    """'http://host/cases/daba/?h=x#y' -> 'cases/daba/' (also for file:// and
    for offline links ending in index.html)."""
    path = link[len(base):] if link.startswith(base) else link
    path = path.split("#")[0].split("?")[0]
    if path.endswith("index.html"):
        return path[: -len("index.html")]
    return path[: -len(".html")] + "/" if path.endswith(".html") else path
