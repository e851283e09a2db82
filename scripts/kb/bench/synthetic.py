"""Synthetic but valid content for the benchmark: N cases of about the length
of a real case, spread over many counties, industries and themes, and
referenced from generated courses and handbooks.

Everything is made up and marked as such (ids start with bench-); it is only
ever written into a temporary copy of the project.
"""

from __future__ import annotations

import random
from pathlib import Path

CITIES = ["甲城市", "乙山市", "丙水市", "丁岭市", "戊江市", "己原市", "庚川市", "辛平市", "壬州市"]
NAME_CHARS = ("青松石林河源溪坪坝桥湾塘岩坡岭冲田沟寨营屯坳岗滩洲湖泉峰庄堡坊铺岔口池台头垭关"
              "龙凤云霞金银玉宝兴隆安顺福寿康宁和平长乐永丰新华光明红星东西南北上下中高低大小"
              "梨桃李杏竹茶桑柏枫樟桂兰梅荷菊芦苇稻麦禾粟豆")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何罗高林郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
INDUSTRIES = ["茶叶", "金刺梨", "葡萄", "食用菌", "生猪", "蔬菜", "中药材", "油茶", "竹笋", "花椒", "辣椒", "蜂蜜",
              "土鸡", "牛羊", "猕猴桃", "蓝莓", "李子", "红薯", "魔芋", "核桃", "板栗", "水产", "乡村旅游", "民宿",
              "农村电商", "手工艺", "大米", "菜籽油", "百香果", "青钱柳"]
THEMES = ["产业发展", "村集体经济", "基层治理", "民心党建", "乡风文明", "人才培养", "三产融合", "利益联结",
          "产销对接", "合作社", "土地流转", "生态保护", "易地搬迁", "电商助农", "技术服务", "资金筹措",
          "村规民约", "后备干部", "组织方式", "品牌建设"]
MODELS = ["党建+公司+合作社+农户", "合作社+农户", "村集体+企业+农户", "党支部+合作社", "龙头企业+基地+农户"]
ROLES = ["村党支部书记", "第一书记", "村委会主任", "合作社理事长", "驻村干部", "村级后备干部", "致富带头人"]
UNITS = [("亩", 100, 5000), ("万元", 10, 800), ("户", 20, 600), ("人", 30, 2000), ("元", 800, 20000)]
FIGURE_LABELS = ["种植面积", "村集体经济收入", "带动农户", "吸纳就业", "户均增收", "流转土地", "新建基地", "年销售额"]

# Sentences in the style of a case write-up; {v} village, {i} industry, {p} person, {t} theme, {n} number.
SENTENCES = [
    "{v}地处山区，过去交通不便，青壮年大多外出务工，土地撂荒现象比较突出。",
    "村党支部多次召开群众会，反复讨论适合本村的产业，最后选定发展{i}。",
    "{p}带领村“两委”外出考察学习，把先进村的经验结合本村实际加以运用。",
    "村里成立专业合作社，农户以土地、资金和劳力入股，按股分红。",
    "通过“{m}”的方式，把分散的农户组织起来，统一种苗、统一技术、统一销售。",
    "合作社与县里的企业签订收购协议，解决了{i}卖难的问题。",
    "村集体经济从无到有，当年收入达到{n}万元。",
    "贫困户在基地务工，既能照顾家庭，又有稳定收入。",
    "在{t}方面，村里探索出一套可以复制的做法。",
    "技术人员定期下村指导，手把手教农户管护和病虫害防治。",
    "村里利用闲置校舍建起加工车间，延长了{i}产业链。",
    "通过电商平台和直播带货，产品销往省内外。",
    "村规民约把勤俭节约、邻里互助写进条款，乡风明显好转。",
    "后备干部在产业一线锻炼，逐步成长为能挑大梁的骨干。",
    "村里把收益的一部分用于公益事业，修路、建文化广场。",
    "遇到资金困难时，村里积极争取政策资金，并引导群众筹资。",
    "产业发展初期也走过弯路，第一年因为管理跟不上，产量不理想。",
    "经过几年坚持，{i}产业逐步成为全村的主导产业。",
    "{p}说，干产业要有“钉钉子”的精神，一件事接着一件事办。",
    "村里建立利益联结机制，让农户在产业链上分享更多收益。",
]
QUESTIONS = [
    "{v}选择{i}产业的依据是什么？你们村选择产业时考虑了哪些因素？",
    "“{m}”模式中各方的利益是怎样联结的？",
    "对照“八要素”，{v}的做法体现了哪几个要素？",
    "你们村有哪些闲置资源可以借鉴{v}的做法盘活？",
    "{p}的经历对你做好村里的工作有什么启发？",
]


class Namer:
    """Unique made-up Chinese names from a seeded random source."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def make(self, suffix: str, length: int = 2) -> str:
        while True:
            name = "".join(self.rng.choice(NAME_CHARS) for _ in range(length)) + suffix
            if name not in self.used:
                self.used.add(name)
                return name

    def person(self) -> str:
        while True:
            name = self.rng.choice(SURNAMES) + "".join(self.rng.choice(NAME_CHARS) for _ in range(self.rng.choice((1, 2))))
            if name not in self.used:
                self.used.add(name)
                return name


def _yaml_list(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def _paragraph(rng: random.Random, count: int, names: dict) -> str:
    return "".join(rng.choice(SENTENCES).format(**names, n=rng.randint(5, 300)) for _ in range(count))


def write_cases(root: Path, count: int, seed: int = 2020) -> list[str]:
    """Write count cases into root/cases; return their ids."""
    rng = random.Random(seed)
    namer = Namer(rng)
    counties = [(rng.choice(CITIES), namer.make(rng.choice("县区"))) for _ in range(max(3, count // 20))]
    ids = []
    for n in range(1, count + 1):
        case_id = f"bench-{n:05d}"
        city, county = rng.choice(counties)
        village, township, person = namer.make("村"), namer.make("镇"), namer.person()
        industries = rng.sample(INDUSTRIES, rng.randint(1, 2))
        themes = rng.sample(THEMES, rng.randint(2, 4))
        model = rng.choice(MODELS)
        names = {"v": village, "i": industries[0], "p": person, "t": themes[0], "m": model}
        figures = []
        for label in rng.sample(FIGURE_LABELS, rng.randint(2, 4)):
            unit, low, high = rng.choice(UNITS)
            figures.append(f"  - {{label: {label}, value: {rng.randint(low, high)}, unit: {unit}, "
                           f"date: {rng.randint(2015, 2020)}-{rng.randint(1, 12):02d}, source: bench-source}}")
        folder = root / "cases" / case_id
        folder.mkdir(parents=True)
        (folder / "case.yml").write_text("\n".join([
            f"id: {case_id}",
            f"title: {county}{village}：发展{industries[0]}的{themes[0]}实践（合成数据）",
            "status: published",
            f"place: {{province: 合成省, city: {city}, county: {county}, township: {township}, village: {village}}}",
            f"industries: {_yaml_list(industries)}",
            f"themes: {_yaml_list(themes)}",
            f'models: ["{model}"]',
            "people:",
            f"  - {{name: {person}, role: {rng.choice(ROLES)}, source: bench-source}}",
            "figures:", *figures,
            "timeline:",
            f"  - {{date: {rng.randint(2010, 2016)}, event: {village}开始发展{industries[0]}, source: bench-source}}",
            f"  - {{date: {rng.randint(2017, 2020)}-{rng.randint(1, 12):02d}, event: 成立专业合作社, source: bench-source}}",
            f"summary: >-\n  {_paragraph(rng, 4, names)}",
            "discussion_questions:",
            *(f"  - {q.format(**names)}" for q in rng.sample(QUESTIONS, 3)),
            "learning_points:",
            *(f"  - {_paragraph(rng, 1, names)}" for _ in range(2)),
            "sources: [bench-source]", ""]), encoding="utf-8")
        (folder / "case.md").write_text("".join(
            f"## {title}\n\n{_paragraph(rng, sentences, names)}\n\n"
            for title, sentences in (("开篇", 2), ("背景", 3), ("做法", 5), ("成效", 3), ("启示", 2))), encoding="utf-8")
        ids.append(case_id)
    return ids


def write_references(root: Path, case_ids: list[str], seed: int = 2020) -> None:
    """Courses and handbooks that cite the synthetic cases, and their source."""
    rng = random.Random(seed + 1)
    with (root / "sources.yml").open("a", encoding="utf-8") as f:
        f.write("\n  - id: bench-source\n    title: 基准测试用合成来源（不是真实文献）\n")
    for n in range(1, len(case_ids) // 50 + 2):
        picks = rng.sample(case_ids, min(6, len(case_ids)))
        (root / "courses" / f"bench-course-{n:03d}.yml").write_text("\n".join([
            f"id: bench-course-{n:03d}", f"title: 合成课程第{n}讲", "kind: 案例", "status: published",
            "summary: 基准测试用的合成课程。", "parts: [{title: 案例研读}, {title: 分组讨论}]",
            f"readings: {{before_class: {_yaml_list(picks[:3])}, after_class: {_yaml_list(picks[3:])}}}",
            "sources: [bench-source]", ""]), encoding="utf-8")
    for n in range(1, len(case_ids) // 100 + 2):
        chapters = [rng.sample(case_ids, min(10, len(case_ids))) for _ in range(3)]
        folder = root / "handbooks" / f"bench-handbook-{n:03d}"  # handbooks/<id>/handbook.yml + its texts
        folder.mkdir(parents=True)
        (folder / "preface.md").write_text("基准测试用的合成手册前言。\n", encoding="utf-8")
        (folder / "handbook.yml").write_text("\n".join([
            f"id: bench-handbook-{n:03d}", f"title: 合成案例汇编第{n}册", "status: published",
            "publisher: 合成编印单位", "edition: 第一版", "date: 2020-12", "preface: preface.md", "chapters:",
            *(f"  - {{title: 合成专题{c + 1}, cases: {_yaml_list(ids)}}}" for c, ids in enumerate(chapters)),
            "sources: [bench-source]", ""]), encoding="utf-8")
