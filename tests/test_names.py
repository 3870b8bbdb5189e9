"""baimo.names: the one names table as lookups, and the check of it."""

from __future__ import annotations

import pandas as pd

from baimo import names, segment


def test_lookups_come_from_the_names_table():
    assert names.company("deepseek-chat") == "深度求索"  # an alias, then its company
    assert names.company("GLM-4") == "智谱" and names.company("百度") == "百度"
    assert names.label("智谱") == "智谱 Zhipu AI"
    assert names.members("大厂") == ["百度", "阿里", "字节跳动", "腾讯"]
    assert names.canonical("qwen-long") == "Qwen-Long" and names.canonical("无此名") == "无此名"


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
