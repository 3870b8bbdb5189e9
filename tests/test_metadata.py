"""What an article states about itself (baimo.metadata, read through sources.article_metadata):
the real-page fixtures' title, outlet, author and date, every dateline, byline and source-line
form the research found, outlets that are no outlet's name, reposts, and the one date parser.

The fixtures (tests/fixtures/real_pages/) reproduce real layouts with the seeds' own text; each
``NAME.expected.json`` states the metadata a reader finds on the page. The reader must give that
value, or — where the text states it in no form a rule can take without guessing — nothing, so
that ``baimo add`` asks for it: ``NOT_READ`` lists those cases and why. It must never give a
value the page does not state (a junk outlet, an author that is an outlet)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from baimo import clean, metadata, sources

FIXTURES = Path(__file__).parent / "fixtures" / "real_pages"
EXPECTED = sorted(FIXTURES.glob("*.expected.json"))
OWN = ("title", "outlet", "author", "published")  # the other keys (editor, …) belong to the cleaning tests

#: (fixture, field) → why the reader leaves the field to the user although the page states it.
NOT_READ = {
    ("aastocks_inline_quotes_hk", "outlet"): "named only by the 'AASTOCKS新聞' signature after the article",
    ("kjrb_cms_source", "outlet"): "the dateline's 来源 holds a CMS code, and no other line names 科技日报",
    ("line_today_hk", "outlet"): "'Unwire.hk' stands alone on a line, and 'LINE TODAY' is nowhere in the text",
    ("mingpao_nav_hk", "outlet"): "'明報新聞網' after the store's date prefix is the masthead, not a dateline",
    ("mingpao_nav_hk", "author"): "the columnist's name stands alone on a line",
    ("netease_mirror_pinyin", "outlet"): "named only in the breadcrumb",
    ("xinhua_credits_disclaimer", "outlet"): "named only in the disclaimers at the end",
}
#: (fixture, field) → (what the reader gives, why it differs from the expected value).
READ_OTHERWISE = {
    ("jiemian_mirror_fragments", "outlet"): (
        "定焦",
        "the reposting site (界面新闻) is named only in an app prompt; the 文 | line names the original",
    ),
}


def simple(value: str) -> str:
    """Compared in simplified script without spaces: the fixtures write some titles simplified."""
    return clean._t2s().convert(value or "").replace(" ", "")


def fixture_cases():
    for path in EXPECTED:
        expected = json.loads(path.read_text(encoding="utf-8"))
        name = path.name.removesuffix(".expected.json").removesuffix(".big5")
        for file in [expected["fixture"], *expected["encoded_copies"]]:
            yield pytest.param(name, FIXTURES / file, expected, id=file)


@pytest.mark.parametrize("name,path,expected", list(fixture_cases()))
def test_fixture_metadata_is_read_or_left_to_the_user(name, path, expected):
    meta = sources.article_metadata(path)
    want = {k: v for k, v in expected["metadata"].items() if k in OWN}
    for field in OWN:
        got = meta.stated.get(field)
        if (name, field) in READ_OTHERWISE:
            assert got is not None and got.value == READ_OTHERWISE[name, field][0], field
        elif field not in want or (name, field) in NOT_READ or (field == "title" and path.suffix == ".txt"):
            # a text file's title is never taken from its lines: `add --title` or a header gives it
            assert got is None, f"{field}: {got} is read, but the page does not state it"
        else:
            assert got is not None, f"{field}: {want[field]!r} is not read"
            assert simple(got.value) == simple(want[field]), f"{field} from {got.origin}"
            assert got.origin  # says where it came from
    junk = expected.get("metadata_junk", {}).get("outlet_must_not_be")
    if junk:
        assert simple(junk) not in simple(meta.get("outlet"))
    if "date_without_year" in expected:  # stated, unreadable: refused, never guessed
        assert "published" not in meta.stated
        assert expected["date_without_year"] in meta.problems["published"]


def test_what_is_left_to_the_user_is_still_stated_by_the_fixture():
    """NOT_READ and READ_OTHERWISE name fixture fields that exist, so they cannot go stale silently."""
    stated = {
        (p.name.removesuffix(".expected.json").removesuffix(".big5"), k)
        for p in EXPECTED
        for k in json.loads(p.read_text(encoding="utf-8"))["metadata"]
    }
    assert set(NOT_READ) | set(READ_OTHERWISE) <= stated


# ---- outlets that are no outlet's name -------------------------------------------------------


@pytest.mark.parametrize(
    "value,why",
    [
        ("sp20240720", "looks like a code"),
        ("点击数:", "is a counter or field label"),
        ("科技日报点击数:", r"is text glued to a label \(点击数:\)"),
        ("點擊數:", "is a counter or field label"),
        ("阅读量", "is a counter or field label"),
        ("https://36kr.com/p/1", "is a web address"),
        ("2024-08-15", "is a date"),
        ("这是一句话，不是名字。", "is a sentence"),
        ("网络", "says where from, not who"),
        ("網友投稿", "says where from, not who"),
    ],
)
def test_an_outlet_must_look_like_an_outlet(value, why):
    assert re.match(why, metadata.outlet_problem(value))


@pytest.mark.parametrize("value", ["新浪财经", "A5專欄", "36kr", "Unwire.hk", "經濟日報", "24直播网", "正见TrueView"])
def test_outlet_names_pass(value):
    assert metadata.outlet_problem(value) is None


def test_a_junk_source_is_refused_naming_the_line_and_a_good_one_elsewhere_is_taken():
    text = "发布时间:2024-07-20 17:12:56 来源: sp20240720\n\n正文第一段，说了一些事情。"
    meta = metadata.read_metadata(text)
    assert "outlet" not in meta.stated and meta.get("published") == "2024-07-20"
    assert meta.problems["outlet"] == (
        "the file names its outlet as 'sp20240720' (the text: “发布时间:2024-07-20 17:12:56 来源: sp20240720”), "
        "which looks like a code (a CMS's, an article's), not an outlet's name"
    )
    assert meta.refusal({"title": "--title '…'", "outlet": "--outlet '…'", "published": "-"}) == (
        "the file does not state its title; give --title '…'; " + meta.problems["outlet"] + "; give the outlet with "
        "--outlet '…'"
    )
    # the same counter on a mirror, but the reporter line names the paper: that is the outlet
    meta = metadata.read_metadata("2024-12-31 01:01:00 來源: 點擊數:\n\n科技日報記者 張佳欣\n\n正文。")
    assert meta.get("outlet") == "科技日報" and meta.get("author") == "張佳欣" and not meta.problems


# ---- reposts ---------------------------------------------------------------------------------


def sina_page(source: str, author: str) -> str:
    page = (FIXTURES / "sina_page.html").read_text(encoding="utf-8")
    page = page.replace('<a class="source">新浪财经</a>', f'<a class="source">{source}</a>')
    return page.replace('<meta name="author" content="道总有理">', f'<meta name="author" content="{author}">')


def test_a_repost_keeps_both_outlets_and_the_original_is_no_author():
    meta = sources.article_metadata(sina_page("36氪", "36氪"))  # Sina puts the source outlet in author
    assert meta.get("outlet") == "新浪财经 (repost of 36氪)"
    assert "author" not in meta.stated
    assert meta.stated["outlet"].origin == "the page's site name and the text: “2024年05月22日 09:15 36氪”"
    meta = sources.article_metadata(sina_page("36氪", "道总有理"))
    assert (meta.get("outlet"), meta.get("author")) == ("新浪财经 (repost of 36氪)", "道总有理")


def test_the_options_and_the_header_come_first(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("title: 价格战\noutlet: 36氪\n\n2024-08-15 16:44 来源:定焦\n作者：黎明\n正文。", encoding="utf-8")
    meta = sources.article_metadata(f)
    assert {k: (s.value, s.origin) for k, s in meta.stated.items()} == {
        "title": ("价格战", "the header"),
        "outlet": ("36氪", "the header"),
        "author": ("黎明", "the text: “作者：黎明”"),
        "published": ("2024-08-15", "the text: “2024-08-15 16:44 来源:定焦”"),
    }
    assert meta.body == "2024-08-15 16:44 来源:定焦\n作者：黎明\n正文。"
    meta = sources.article_metadata(f, given={"outlet": "定焦", "published": "2024-08"})
    assert (meta.stated["outlet"], meta.get("published")) == (metadata.Stated("定焦", "--outlet"), "2024-08")


# ---- the lines the reader reads --------------------------------------------------------------


@pytest.mark.parametrize(
    "line,fields",
    [
        (" 2024-08-15 16:44  來(lái)源:A5專欄  我來(lái)投稿", {"date": "2024-08-15 16:44", "source": "A5專欄"}),
        ("- 發(fā)布于:2025-01-19 06:30:50", {"date": "2025-01-19 06:30:50"}),
        ("2024061911:26", {"date": "2024061911:26"}),
        ("2024年05月22日 09:15 新浪财经", {"date": "2024年05月22日 09:15", "source": "新浪财经"}),
        ("2024 年 12 月 18 日 下午 6:38", {"date": "2024 年 12 月 18 日 下午 6:38"}),
        ("发布时间|2023-11-23", {"date": "2023-11-23"}),
        ("时间|2024-09-16", {"date": "2024-09-16"}),
        ("發布時間:2024/8/15 15:23", {"date": "2024/8/15 15:23"}),
        ("2025-08-14 18:16:56 来源: 科技日报 点击数:", {"date": "2025-08-14 18:16:56", "source": "科技日报"}),
        ("發布日期:2025-09-04 信息來源:中國新聞網", {"date": "2025-09-04", "source": "中國新聞網"}),
        (
            "2024-09-16 10:00 經濟日報 編譯周九／綜合外電",
            {"date": "2024-09-16 10:00", "source": "經濟日報", "author": "周九"},
        ),
        ("特约作者丨潘心怡?", {"author": "潘心怡"}),
        ("文 | 某某财经,作者 | 李四", {"source": "某某财经", "author": "李四"}),
        ("文 | 定焦 黎明", {"source": "定焦", "author": "黎明"}),
        ("文丨王五", {"author": "王五"}),
        ("本文来源:深网 作者:潘某", {"source": "深网", "author": "潘某"}),
        ("(来源:某某基金)", {"source": "某某基金"}),
        ("作者|梁耀丹 主编|趙妍", {"author": "梁耀丹", "editor": "趙妍"}),
        ("◎本报记者 赵六 钱 七", {"author": "赵六 钱七"}),
        ("科技日报记者 孙八", {"source": "科技日报", "author": "孙八"}),
        ("記者陳一/台北報導", {"author": "陳一"}),
        ("鉅亨網編譯吳十 2024-12-18 15:30", {"source": "鉅亨網", "author": "吳十", "date": "2024-12-18 15:30"}),
        ("定焦·2024年07月05日 09:15", {"date": "2024年07月05日 09:15"}),  # 36氪: the account, then the time
        ("原创 潘某 深网腾讯新闻 2024-12-20 08:00", {"date": "2024-12-20 08:00"}),  # WeChat: which name is which?
    ],
)
def test_lines_that_state_metadata(line, fields):
    found = metadata.line_metadata(line)
    assert found is not None and found.fields == fields


@pytest.mark.parametrize(
    "line",
    [
        "2024年5月15日，字节跳动正式发布豆包大模型。",  # a paragraph that starts with a date
        "2024-08-15是个好日子，" + "正文" * 30,
        "时间回到2023年5月1日",  # 时间 without a separator is prose
        "他说 2023年5月1日",  # a name and a date without a time: no publication stamp
        "他告诉记者这件事",
        "图片来源：视觉中国",
        "发布于 3小时前",  # announces a date but states none: the reader refuses it (below)
        "Copyright © 1996-2024 SINA Corporation, All Rights Reserved",
    ],
)
def test_lines_that_do_not(line):
    assert metadata.line_metadata(line) is None


def test_the_chrome_rule_recognises_the_same_lines():
    # the normalised form the chrome rule matches against: annotations dropped, simplified, no spaces
    assert sources.byline("特约作者丨潘心怡?") == ("author", "潘心怡")
    assert sources.byline("编辑|薛芳") == ("editor", "薛芳")
    assert sources.byline("来源：" + "长" * 40) is None  # a byline is a short line
    assert sources.byline("科技日报记者孙八") == ("author", "孙八")
    seed_000 = " 2024-08-15 16:44  來(lái)源:A5專欄  我來(lái)投稿"
    assert sources.dateline(seed_000, "2024-08-1516:44来源:A5专栏我来投稿") == ("2024-08-15 16:44", "A5专栏")
    seed_001 = "- 發(fā)布于:2025-01-19 06:30:50"
    assert sources.dateline(seed_001, "-发布于:2025-01-1906:30:50") == ("2025-01-19 06:30:50", None)
    assert sources.dateline("2024061911:26", "2024061911:26") == ("2024061911:26", None)
    long_line = "2024-08-15是个好日子，" + "正文" * 30
    assert sources.dateline(long_line, long_line) is None
    line = "发表于 2024-9-16 14:03:18 | 显示全部楼层 |阅读模式"
    assert sources.forum_post_date(line, "发表于2024-9-1614:03:18|显示全部楼层|阅读模式") == "2024-9-16 14:03:18"
    assert sources.forum_post_date("发表于 2024-9-16", "发表于2024-9-16") is None
    assert sources.forum_post_date("发表于 3小时前 | 阅读模式", "发表于3小时前|阅读模式") == ""


@pytest.mark.parametrize(
    "line,kind",
    [
        ("特约作者丨潘心怡?", "byline"),
        ("- 來(lái)源:24直播網", "byline"),
        ("本文来源:深网 作者:潘某", "source_line"),
        ("(来源:某某基金)", "source_line"),
        ("◎本报记者 赵六 钱 七", "credit_line"),
        ("經濟日報 編譯周九/綜合外電", "credit_line"),
        (" 2024-08-15 16:44  來(lái)源:A5專欄  我來(lái)投稿", "dateline"),
        ("- 發(fā)布于:2025-01-19 06:30:50", "dateline"),
        ("2024-09-16 10:00 經濟日報 編譯周九／綜合外電", "dateline"),
        ("2024061911:26", "timestamp"),
        ("·2024年07月05日 09:15", "timestamp"),
        ("定焦·2024年07月05日 09:15", "timestamp"),
    ],
)
def test_the_chrome_rule_gives_each_line_that_states_metadata_its_kind(line, kind):
    """One reading for the chrome rule and the metadata reader; the kind is the line's in the audit:
    a byline names who made the article, a source line where its text comes from, a credit line is a
    reporter's, a dateline announces the date or gives its outlet or writer, a timestamp is a date alone."""
    norm = clean._normalised(line)
    found = metadata.chrome_line(line, norm)
    assert found is not None and found[0] == kind
    assert found[1] == {k: clean._t2s().convert(v) for k, v in metadata.line_metadata(line).fields.items()}


def test_a_reprint_notice_names_the_original_outlet():
    notice = "本文来自微信公众号“定焦”（ID：dingjiaoone），作者：黎明，36氪经授权发布。"
    meta = metadata.read_metadata(f"文｜黎明\n正文第一段，说了一些事情。\n{notice}", page={"outlet": "36氪"})
    assert (meta.get("outlet"), meta.get("author")) == ("36氪 (repost of 定焦)", "黎明")
    assert meta.stated["outlet"].origin.startswith("the page's site name and the text: “本文来自微信公众号“定焦”")
    assert metadata.read_metadata("正文第一段，说了一些事情。\n本文转载自某某财经。").get("outlet") == "某某财经"
    assert metadata.read_metadata("正文第一段。\n本文来自于网络，如有侵权请联系删除。").get("outlet") == ""
    assert metadata.read_metadata("来源：网络\n正文第一段。").get("outlet") == ""  # the web is no outlet


def test_a_relative_forum_date_is_refused_not_a_crash():
    text = "机械荟萃山庄\n发表于 3小时前 | 阅读模式\n正文第一段，说了一些事情。"
    body, _, stated = clean.remove_chrome(text)  # raised AttributeError before
    assert body == "正文第一段，说了一些事情。" and "stated_date" not in stated
    meta = metadata.read_metadata(text)
    assert meta.problems["published"] == "the text states a date this tool cannot read: '发表于 3小时前 | 阅读模式'"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("标题\n 2024-08-15 16:44  来源:A5专栏\n正文。", "2024-08-15"),
        ("發佈時間：2024年7月5日 09:30\n正文。", "2024-07-05"),
        ("日期：2024年8月\n正文。", "2024-08"),
        (" date 2024-12-16 在科技領域的浪潮中,12月中旬成為了各大AI大模型廠商競相釋出新成果的高光時刻。", "2024-12-16"),
        ("正文，没有日期。", None),
    ],
)
def test_the_date_a_text_states(text, expected):
    meta = metadata.read_metadata(text)
    assert meta.get("published") == (expected or "")
    if expected and "\n" in text:  # where it was read: the line, as written
        line = re.sub(r"\s+", " ", next(x for x in text.split("\n") if re.search(r"\d{4}", x)).strip())
        assert meta.stated["published"].origin == f"the text: “{line}”"


def test_dates_are_read_above_the_second_paragraph_only():
    paragraph = "大模型价格战愈演愈烈，各家厂商纷纷宣布降价，行业人士认为这将加速应用落地，也会挤压创业公司的空间。"
    related = "\n相关阅读\n2023-01-05 另一篇文章的标题\n"
    assert metadata.read_metadata(paragraph + "\n" + paragraph + related).get("published") == ""
    assert metadata.read_metadata("2024-08-15\n" + paragraph + "\n" + paragraph).get("published") == "2024-08-15"
    # a date glued to the start of a line counts only on the first line
    assert metadata.read_metadata("标题\n 2024-12-16 " + paragraph).get("published") == ""


# ---- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,strict,loose",
    [
        ("2024-08-15", "2024-08-15", "2024-08-15"),
        (" 2024-8 ", "2024-08", "2024-08"),
        ("2024-8-5", "2024-08-05", "2024-08-05"),
        ("2024/08/15 16:44", None, "2024-08-15"),
        ("2024.8.15", None, "2024-08-15"),
        ("2024年8月", None, "2024-08"),
        ("2024年8月5日", None, "2024-08-05"),
        ("2024-08-15T16:44:00+08:00", None, "2024-08-15"),
        ("2024-08-15 and more", None, None),
        ("15/08/2024", None, None),
        ("3小时前", None, None),
        ("2024", None, None),
        ("2024-13", None, None),
        ("2024-02-30", None, None),
    ],
)
def test_one_date_parser_strict_for_manifests_loose_for_datelines(value, strict, loose):
    assert metadata.parse_date(value, loose=True) == loose
    if strict is not None:
        assert metadata.parse_date(value) == strict
    else:
        with pytest.raises(ValueError, match=r"is not YYYY-MM-DD or YYYY-MM|must be in|out of range"):
            metadata.parse_date(value)


@pytest.mark.parametrize(
    "written,value",
    [("2024061911:26", "2024-06-19"), ("2024 年 12 月 18 日 下午 6:38", "2024-12-18"), ("2024/2/30", None)],
)
def test_dateline_dates_as_written(written, value):
    assert metadata.stated_date_value(written) == value
