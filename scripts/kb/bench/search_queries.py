"""Search-quality queries: what a trainee types, and the page that should
come first (a tuple: any of these pages is right, e.g. the three handbooks).

Only facts the content holds: each expected page really says what the query
asks for. Kinds: single terms, names, places, several words run together
without spaces (大坝村刺梨产业), and questions (茶园怎么盘活).
"""

DABA, WATIAN, TIANJIAWAN, TIANBAXI = "cases/daba/", "cases/watian/", "cases/tianjiawan/", "cases/tianbaxi/"
BAYAOSU, WUBU = "courses/bayaosu/", "courses/wubu-gongzuofa/"
FAZHAN, TAOLUN, XIANCHANG = "courses/chanye-fazhan/", "courses/chanye-taolun/", "courses/daba-xianchang/"
PROGRAMME, GLOSSARY = "programme/", "glossary/"
HANDBOOKS = ("handbooks/minxin-dangjian-anli/", "handbooks/peixun-shouce-2/", "handbooks/peixun-shouce-3/")

TERMS = {
    "金刺梨": DABA, "刺梨": DABA, "金果子": DABA, "延年果": DABA, "苗木": DABA, "肉牛养殖": DABA,
    "蚂蚱养殖": DABA, "农家乐": DABA, "土地入股": DABA, "新村建设": DABA,
    "刺葡萄": WATIAN, "葡萄": WATIAN, "白兰地": WATIAN, "123产融合": WATIAN, "酒厂": WATIAN, "三产融合": WATIAN,
    "农产品加工": WATIAN, "梵净山珍": WATIAN, "侗族": WATIAN,
    "茶园": TIANJIAWAN, "撂荒": TIANJIAWAN, "茶叶": TIANJIAWAN, "以短养长": TIANJIAWAN, "长短共赢": TIANJIAWAN,
    "茶青": TIANJIAWAN,
    "村规民约": TIANBAXI, "乡风文明": TIANBAXI, "村村响": TIANBAXI, "基层治理": TIANBAXI, "村务公开栏": TIANBAXI,
    "结对帮带": PROGRAMME, "村居换届": PROGRAMME, "三年行动计划": PROGRAMME, "三级联动": PROGRAMME,
    "乡镇推选": PROGRAMME,
    "三变": GLOSSARY, "春晖行动": GLOSSARY, "术语": GLOSSARY,
    "培训手册": HANDBOOKS, "手册": HANDBOOKS, "培训配套手册": HANDBOOKS,
}

NAMES = {
    "陈大兴": DABA, "陈万德": DABA, "丁凯": DABA, "卢正学": DABA,
    "张程": WATIAN, "吴长银": WATIAN, "吴先刚": WATIAN, "时有华": WATIAN, "蒲光早": WATIAN, "袁敏捷": WATIAN,
    "龙学良": PROGRAMME,
}

PLACES = {
    "大坝村": DABA, "双堡镇": DABA, "西秀区": DABA, "安顺市": DABA,
    "瓦田村": WATIAN, "万山区": WATIAN, "下溪乡": WATIAN,
    "田家湾村": TIANJIAWAN, "田家湾": TIANJIAWAN, "紫薇镇": TIANJIAWAN, "印江县": TIANJIAWAN,
    "田坝溪": TIANBAXI, "怒溪镇": TIANBAXI, "江口县": TIANBAXI,
}

# Each element of 八要素 and each step of 五步工作法 names its course.
COURSES = {
    "八要素": BAYAOSU, "产业选择": BAYAOSU, "培训农民": BAYAOSU, "技术服务": BAYAOSU, "资金筹措": BAYAOSU,
    "组织方式": BAYAOSU, "产销对接": BAYAOSU, "利益联结": BAYAOSU, "基层党建": BAYAOSU,
    "五步工作法": WUBU, "政策设计": WUBU, "工作部署": WUBU, "干部培训": WUBU, "督促检查": WUBU, "追责问责": WUBU,
    "产业发展课程": FAZHAN, "讨论课": TAOLUN, "大坝村现场教学": XIANCHANG,
}

RUN_TOGETHER = {
    "大坝村刺梨产业": DABA, "陈大兴金刺梨": DABA, "安顺大坝村": DABA,
    "瓦田村葡萄": WATIAN, "张程白兰地": WATIAN, "万山区刺葡萄": WATIAN,
    "印江县茶园": TIANJIAWAN, "紫薇镇茶叶": TIANJIAWAN, "田家湾村茶园": TIANJIAWAN,
    "田坝溪村规民约": TIANBAXI, "江口县村规民约": TIANBAXI,
    "八要素产销对接": BAYAOSU, "五步工作法督促检查": WUBU,
}

QUESTIONS = {
    "茶园怎么盘活": TIANJIAWAN, "撂荒茶园怎么办": TIANJIAWAN,
    "村规民约怎么宣传": TIANBAXI,
    "金刺梨是怎么找到的": DABA, "陈大兴是谁": DABA,
    "白兰地怎么做的": WATIAN, "葡萄怎么卖": WATIAN,
    "什么是八要素": BAYAOSU, "五步工作法是什么": WUBU,
    "后备干部怎么结对帮带": PROGRAMME,
    "三变是什么意思": GLOSSARY,
}

KINDS = {"term": TERMS, "name": NAMES, "place": PLACES, "course part": COURSES,
         "run together": RUN_TOGETHER, "question": QUESTIONS}
QUERIES = {q: page for group in KINDS.values() for q, page in group.items()}
