"""baimo.names: the one names table as lookups, and the check of it."""

from __future__ import annotations

import pandas as pd

from baimo import names, segment


def test_lookups_come_from_the_names_table():
    assert names.company("deepseek-chat") == "深度求索"  # an alias, then its company
    assert names.company("GLM-4") == "智谱" and names.company("百度") == "百度"
    assert names.label("智谱") == "智谱 Zhipu AI"
    assert names.label("Azure") == "Microsoft Azure" and names.label("OpenAI") == "OpenAI"
    assert names.members("大厂") == ["百度", "阿里", "字节跳动", "腾讯"]
    assert names.canonical("qwen-long") == "Qwen-Long" and names.canonical("无此名") == "无此名"


def test_short_forms_and_spellings_point_to_the_full_name():
    # so a figure can merge them (names.company): companies, outlets, orgs alike
    pairs = [("Open AI", "OpenAI"), ("字节", "字节跳动"), ("Nvidia", "英伟达"), ("辉达", "英伟达"),
             ("阿里巴巴", "阿里"), ("百川", "百川智能"), ("南都", "南方都市报"), ("路透社", "路透")]  # fmt: skip
    for short, full in pairs:
        assert names.company(short) == full, short
    assert names.canonical("ByteDance") == "字节跳动" and names.company("ByteDance") == "字节跳动"


def test_names_kept_whole_by_a_rule_are_looked_up_through_their_row():
    assert names.company("Qwen2.5-Max") == "阿里" and names.category("Qwen2.5-Max") == "model"
    assert names.company("GPT-4-Turbo") == "OpenAI" and names.company("hunyuan-turbo") == "腾讯"
    assert names.company("腾讯云") == "腾讯" and names.category("腾讯云") == "cloud"
    assert names.category("拉里·埃里森") == "person"  # a row (Larry Ellison, Oracle)
    assert names.company("pro-32k") == "pro-32k"  # a tier alone: no family, no company
    assert names.category("无此名") == "" and names.company("无此名") == "无此名"
    # rows first: the table's category wins over the rule's
    assert names.category("阿里云") == "cloud" and names.category("Qwen-Long") == "model"


def test_the_real_table_has_no_problems():
    assert names.problems() == []


def test_problems_name_the_row(monkeypatch):
    rows = segment.glossary()
    bad = pd.concat(
        [
            rows,
            pd.DataFrame(
                [
                    {
                        "term": "新模型",
                        "category": "model",
                        "company": "无此公司",
                        "aliases": "qwen-long",
                        "group": "",
                        "gloss_en": "x",
                    },
                    {
                        "term": "某产品",
                        "category": "product",
                        "company": "",
                        "aliases": "",
                        "group": "大厂",
                        "gloss_en": "y",
                    },
                ]
            ),
        ],
        ignore_index=True,
    )
    monkeypatch.setattr(names, "table", lambda: bad.set_index("term", drop=False))
    found = names.problems()
    assert "userdict.tsv (新模型): alias 'qwen-long' is also an alias of Qwen-Long" in found
    assert "userdict.tsv (新模型): company '无此公司' is not a company row of the table" in found
    assert "userdict.tsv (某产品): group '大厂' on a product row; groups are of companies" in found
    # a short form may point to a full name of its own kind, not to another kind's row
    assert not [p for p in found if "(南都)" in p]
    rows = segment.glossary()
    odd = pd.concat([rows, pd.DataFrame([{"term": "某人", "category": "person", "company": "南方都市报", "aliases": "",
                                           "group": "", "gloss_en": "z"}])], ignore_index=True)  # fmt: skip
    monkeypatch.setattr(names, "table", lambda: odd.set_index("term", drop=False))
    assert names.problems() == ["userdict.tsv (某人): company '南方都市报' is not a company row of the table"]
