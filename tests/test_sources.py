"""Reading articles (baimo.sources): the manifest, file headers, every encoding and the refusals,
dates in every form the tool reads, and the metadata lines (bylines, datelines) of the seeds."""

from __future__ import annotations

import importlib.util
import random

import charset_normalizer
import pytest

from baimo import clean, paths, sources
from conftest import SEED_IDS, broken_copy

# ---- manifest ------------------------------------------------------------------------------


def test_manifest_reads_and_dates_match_the_issue():
    m = sources.read_manifest().set_index("doc_id")
    assert list(m.index) == SEED_IDS
    assert m.loc["000_556574f2cf34673c", ["published", "date_basis"]].tolist() == ["2024-08-15", "stated"]
    assert m.loc["001_22442d4731984c15", ["published", "date_basis"]].tolist() == ["2024-12", "inferred"]
    assert "2025-01-19" in m.loc["001_22442d4731984c15", "notes"]
    assert m.loc["002_a6c80c997dc4fe08", "published"] == "2024-09-16"
    assert m.loc["003_6cb7593ecb247ef0", ["published", "date_basis"]].tolist() == ["2024-12", "inferred"]
    assert m.loc["004_2ce58a2ea71ab375", ["published", "date_basis"]].tolist() == ["2024-07", "inferred"]


@pytest.mark.parametrize(
    "edit,message",
    [
        (
            lambda L: L.__setitem__(3, L[3].replace(",2024-09-16,", ",,")),
            r"manifest.csv:4: required field\(s\) empty: published",
        ),
        (
            lambda L: L.__setitem__(2, L[2].replace("001_22442d4731984c15.txt", "001_missing.txt")),
            r"manifest.csv:3: doc_id 001_22442d4731984c15 is not the stem",
        ),
        (
            lambda L: L.__setitem__(
                5, L[5].replace("004_2ce58a2ea71ab375,004_2ce58a2ea71ab375.txt", "004_x,004_x.txt")
            ),
            r"manifest.csv:6: file 004_x.txt does not exist",
        ),
        (
            lambda L: L.__setitem__(1, L[1].replace("2024-08-15", "2024-13-01")),
            r"manifest.csv:2: .*month must be in 1..12",
        ),
        (
            lambda L: L.__setitem__(1, L[1].replace("2024-08-15", "15/08/2024")),
            r"manifest.csv:2: published '15/08/2024' is not YYYY-MM-DD",
        ),
        (lambda L: L.__setitem__(4, L[4].replace(",inferred,", ",guessed,")), r"manifest.csv:5: date_basis 'guessed'"),
        (lambda L: L.__setitem__(5, L[5].replace(",simplified,", ",cyrillic,")), r"manifest.csv:6: script 'cyrillic'"),
        (lambda L: L.append(L[1]), r"manifest.csv:7: doc_id 000_556574f2cf34673c repeats line 2"),
        (lambda L: L.__setitem__(0, L[0].replace(",notes", "")), r"manifest.csv:1: header lacks column\(s\) notes"),
    ],
)
def test_bad_manifest_rows_name_the_line(tmp_path, edit, message):
    manifest = broken_copy(tmp_path, edit)
    with pytest.raises(sources.CorpusError, match=message):
        sources.read_manifest(manifest)


# ---- metadata in the file header ------------------------------------------------------------


def test_split_header_reads_metadata_and_body(tmp_path):
    text = "title: 价格战\noutlet: 36氪\npublished: 2024-5-6\nurl: https://example.org/a\n\n正文第一段。\n第二段。"
    row, body = sources.split_header(text, tmp_path / "2024" / "abc.txt", file="2024/abc.txt")
    assert row["doc_id"] == "abc" and row["file"] == "2024/abc.txt"
    assert (row["title"], row["outlet"], row["published"], row["date_basis"]) == (
        "价格战",
        "36氪",
        "2024-05-06",
        "stated",
    )
    assert row["script"] == "" and row["author"] == "" and row["url"] == "https://example.org/a"
    assert list(row) == sources.MANIFEST_COLUMNS
    assert body == "正文第一段。\n第二段。"


@pytest.mark.parametrize(
    "text,message",
    [
        ("正文,没有元数据。\n\n第二段", r"a\.txt: no metadata"),
        ("title: x\nwriter: y\n\nbody", r"a\.txt:2: header line 'writer: y' is not `key: value`"),
        ("title: x\noutlet: y\n\nbody", r"a\.txt: header lacks published"),
        ("title: x\noutlet: y\npublished: 2024-13\n\nbody", r"a\.txt: .*month must be in 1..12"),
        ("title: x\noutlet: y\npublished: 2024-01\nscript: latin\n\nbody", r"a\.txt: script 'latin'"),
        ("title: x\ntitle: y\n\nbody", r"a\.txt:2: header key title repeats"),
        ("title: x\noutlet: y\npublished: 2024-01", r"a\.txt: header is not followed by a blank line"),
    ],
)
def test_bad_headers_name_the_file_and_line(tmp_path, text, message):
    with pytest.raises(sources.CorpusError, match=message):
        sources.split_header(text, tmp_path / "a.txt")


# ---- reading encodings ---------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030", "big5"])
def test_read_article_decodes_the_seed_in_other_encodings(tmp_path, raw, encoding):
    text = raw["002"]
    if encoding == "big5":  # Big5 holds traditional text: 003 without its annotations and masks
        text = clean.PINYIN_ANNOTATION.sub("", raw["003"]).replace("\u3013", "")
        text = text.encode("big5", errors="ignore").decode("big5")
    f = tmp_path / "a.txt"
    f.write_bytes(text.encode(encoding))
    assert sources.read_article(f) == text


def _generated_articles(indices: set[int]) -> dict[int, str]:
    """Articles of bench/make_corpus.py's seed-0 corpus: recombined real seed paragraphs."""
    spec = importlib.util.spec_from_file_location("make_corpus", paths.ROOT / "bench" / "make_corpus.py")
    make_corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_corpus)
    gen = make_corpus.Generator(0, 0.1)
    out = {}
    for i in range(max(indices) + 1):
        _, text = gen.article(i, int(gen.rng.lognormvariate(0, 0.6) * 850) + 200)
        if i in indices:
            out[i] = text
    return out


def test_gb18030_articles_the_detector_gives_up_on_are_read(tmp_path):
    # charset_normalizer finds no encoding for these three real-text articles (of 6,000 tried):
    # read_article falls back to strict decoding and keeps the reading that looks like Chinese
    for i, text in _generated_articles({2799, 3288, 4461}).items():
        f = tmp_path / f"{i}.txt"
        f.write_bytes(text.encode("gb18030"))
        assert (
            charset_normalizer.from_bytes(f.read_bytes(), cp_isolation=["gb18030", "big5", "big5hkscs"]).best() is None
        )
        assert sources.read_article(f) == text


def test_byte_soup_that_decodes_as_gb18030_is_refused(tmp_path, raw):
    # valid GB2312 byte pairs drawn at random decode without error (and the detector calls them
    # GB18030), but not one reader would call the result Chinese
    rng = random.Random(7)
    soup = bytes(b for _ in range(800) for b in (rng.randint(0xB0, 0xF7), rng.randint(0xA1, 0xFE)))
    f = tmp_path / "soup.txt"
    f.write_bytes(soup)
    with pytest.raises(
        sources.CorpusError,
        match=r"soup\.txt: the bytes decode as .*GB18030.* but do not read as Chinese "
        r"\(only 5\d% of the characters are common ones\); re-save the file as UTF-8",
    ):
        sources.read_article(f)
    assert sources.common_character_share(raw["002"]) > 0.99
    assert sources.common_character_share("GPT-4o mini") is None


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "file is empty"),
        (b"  \n\n", "file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"\xff\xfa\x81\x30\xfe\xfe\xfe" * 3, "are not UTF-8, UTF-16, GB18030 or Big5"),
    ],
)
def test_read_article_refuses_bad_files(tmp_path, data, message):
    f = tmp_path / "bad.txt"
    f.write_bytes(data)
    with pytest.raises(sources.CorpusError, match=f"bad.txt: .*{message}"):
        sources.read_article(f)


# ---- an article's metadata, from the file ---------------------------------------------------
# (what each line states, the fixtures, outlets and reposts: tests/test_metadata.py)


def test_a_partial_header_is_read_and_left_out_of_the_article(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("title: 价格战\nurl: https://example.org/a\n\n2024-08-15 16:44 来源:定焦\n正文。", encoding="utf-8")
    assert sources.read_header(f.read_text(encoding="utf-8"), f) == (
        {"title": "价格战", "url": "https://example.org/a"},
        "2024-08-15 16:44 来源:定焦\n正文。",
    )
    assert sources.read_article(f) == "2024-08-15 16:44 来源:定焦\n正文。"  # the header is metadata, not text
    assert sources.read_article(f, raw=True).startswith("title: 价格战")
    meta = sources.article_metadata(f)
    assert (meta.get("title"), meta.get("outlet"), meta.get("published"), meta.get("url")) == (
        "价格战",
        "定焦",
        "2024-08-15",
        "https://example.org/a",
    )
    assert sources.read_header("正文第一行\n\n第二段", f) == ({}, "正文第一行\n\n第二段")


# ---- saved web pages → main text --------------------------------------------------------------

PAGES = paths.ROOT / "tests" / "fixtures" / "real_pages"


def page_text(name: str) -> list[str]:
    return sources.read_article(PAGES / name).split("\n")


def test_a_sidebar_of_plain_divs_and_the_blog_furniture_are_left_out():
    lines = page_text("tw_blog_page.html")
    text = "\n".join(lines)
    for chrome in [
        "關於我",
        "本站長年整理",
        "最新文章",
        "伺服器機房參觀記",
        "本日人氣",
        "全站熱搜",
        "Copyright",
        "上一篇",
    ]:
        assert chrome not in text, chrome
    assert lines[0] == "賺錢的大模型生意，到底在哪裡？"  # the title heads the text, then its dateline
    assert lines[1].startswith("2024-06-19 11:26") and len(lines) == 2 + 3 + 1  # + the tag line inside the post


def test_a_forum_page_gives_the_first_post_with_its_date_line_not_the_replies():
    text = "\n".join(page_text("discuz_forum_page.html"))
    assert "发表于 2024-9-16 14:03:18" in text  # for the forum-header rule and the stated date
    for chrome in ["说得好", "15:00:00", "Powered by", "Archiver", "设为首页", "热搜", "用户名"]:
        assert chrome not in text, chrome
    assert text.rstrip().endswith("新的范式又出现。")


def test_a_div_only_layout_loses_its_menus_follow_button_and_footer():
    lines = page_text("kr36_page.html")
    assert lines[:2] == ["2024过半，AI卷到哪儿了？", "定焦·2024年07月05日 09:15"]
    assert "大模型公司开始卷价格，打起了价格战。" not in lines  # the summary above the text is not body
    for chrome in ["快讯", "36氪关注", "让一部分人先看到未来", "下一篇", "寻求报道", "京ICP备"]:
        assert not any(chrome in line for line in lines), chrome


def test_a_wechat_article_keeps_its_sections_and_drops_its_toolbar_and_qr_box():
    text = "\n".join(page_text("wechat_page.html"))
    for chrome in ["阅读原文", "在看", "微信扫一扫", "关注该公众号"]:
        assert chrome not in text, chrome
    lines = text.split("\n")
    assert lines[:2] == ["赚钱的大模型生意，到底在哪里？", "原创 潘某 深网腾讯新闻 2024-12-20 08:00"]
    assert len(lines) == 5 and lines[2].startswith("李笛一语成谶")


def test_full_width_punctuation_and_a_page_readability_cannot_read_still_give_the_text(monkeypatch):
    body = ["今年5月份，国内一众大模型玩家开始官宣降价，阿里的通义千问主力大模型的API价格直降97%。"] * 3
    page = (
        '<html><body><div class="menu-row"><a href="/">首页</a> <a href="/t">科技</a></div>'
        '<div class="main-col">' + "".join(f"<p>{p}</p>" for p in body) + "</div>"
        '<div class="right-col"><p>热门</p><p>另一篇文章的标题在这里</p></div></body></html>'
    )
    assert sources.html_to_text(page).split("\n") == body
    monkeypatch.setattr(sources, "_main_content", lambda html: "")  # nothing found: the whole page's text
    assert sources.html_to_text(page).split("\n") == [*body, "热门", "另一篇文章的标题在这里"]
    assert sources.html_to_text("<html><body><p>短文。</p></body></html>") == "短文。"


def blog_page(head: str, masthead: str) -> str:
    return (
        f"<html><head>{head}</head><body><div id='header'>{masthead}</div>"
        "<div class='post'><h2>赚钱的大模型生意，到底在哪里？</h2><p>正文第一段，说了一些事情。</p></div></body></html>"
    )


def test_a_page_title_is_the_articles_heading_not_the_sites_name_in_its_masthead():
    masthead = "<h1 class='blog-title'><a href='/'>某某科技书房</a></h1>"
    page = blog_page("<title>赚钱的大模型生意，到底在哪里？ @ 某某科技书房 :: 痞客邦 ::</title>", masthead)
    assert sources.html_metadata(page) == {"title": "赚钱的大模型生意，到底在哪里？", "outlet": "某某科技书房"}
    og = '<meta property="og:title" content="赚钱的大模型生意"><title>某某科技书房</title>'  # a site-wide <title>
    assert sources.html_metadata(blog_page(og, masthead)) == {"title": "赚钱的大模型生意"}
    # the site's name only where the home link and the <title> agree: no og:title, no matching heading → nothing
    assert sources.html_metadata(blog_page("<title>某某科技书房</title>", masthead)) == {}
    logo = "<h2><a href='https://bbs.example.com/' title='机械荟萃山庄'><img alt='机械荟萃山庄'></a></h2>"
    forum = blog_page("<title>大厂也养不起大模型了 - 人工智能 - 机械荟萃山庄 - Powered by Discuz!</title>", logo)
    assert sources.html_metadata(forum)["outlet"] == "机械荟萃山庄"
    other = blog_page("<title>大厂也养不起大模型了 - 人工智能</title>", logo)
    assert "outlet" not in sources.html_metadata(other)  # a logo alone names no outlet


def test_a_wechat_article_names_its_account_as_the_outlet_not_the_platform():
    page = (PAGES / "wechat_page.html").read_text(encoding="utf-8")
    assert sources.html_metadata(page) == {
        "title": "赚钱的大模型生意，到底在哪里？",
        "outlet": "深网腾讯新闻",
        "author": "潘某",
        "published": "2024-12-20 08:00",
    }
    unnamed = page.replace('id="js_name">深网腾讯新闻', ">")
    assert "outlet" not in sources.html_metadata(unnamed)  # 微信公众平台 publishes nothing itself


def test_article_metadata_of_a_saved_page_and_of_text(tmp_path):
    page = (paths.ROOT / "tests" / "fixtures" / "real_pages" / "sina_page.html").read_text(encoding="utf-8")
    for meta in (sources.article_metadata(page), sources.article_metadata(page, html=True)):
        assert (meta.get("title"), meta.get("outlet"), meta.get("published")) == (
            "互联网留给大模型吃老本的“家底”不多了",
            "新浪财经",
            "2024-05-22",
        )
        assert "<p>" not in meta.body and "有一个问题需要注意" in meta.body  # the page as text
    with pytest.raises(sources.CorpusError, match=r"a\.txt:2: header line 'writer: y'"):
        sources.article_metadata("title: x\nwriter: y\n\n正文", name="a.txt")
