"""Mojibake repair: one-byte shifts in a GBK byte stream, undone only where the bytes prove it.

How the damage was made (worked out byte by byte on the seed articles)
---------------------------------------------------------------------
The traditional-Chinese articles were GBK bytes, decoded by a decoder that shows a lead byte
followed by an impossible trail as one ``?`` *swallowing both bytes* (``?/p>`` lost its ``<``,
``?.94億`` its first digit, ``?yàn)`` the ``(``), shows full-width ASCII as ASCII (！ → ``!``) and
silently drops pairs that decode to GB18030 private-use code points. Two things broke alignment:

* **A pinyin annotation inside a two-byte character.** The annotator evidently works on the bytes:
  it wrote ``(reading)`` after any two consecutive bytes spelling a character it annotates, also
  when they were the trail of one character and the lead of the next. 因為這 = D2F2 9EE9 DF40: it
  read F2 9E = 驗 and put ``(yàn)`` between 9E and E9; 9E + ``(`` became ``?``, then E9 DF = 檫
  and ``@`` (0x40, 這's trail) realigned: ``因?yàn)檫@``. The reading pins the swallowed lead
  byte: with the byte before it, it must spell a character the annotator reads that way.
* **A lost lead byte before 。“ / 。”** (A1A3 A1B0/A1B1): ``?`` stands for the lost A1, the rest is
  read one byte out of step: ``?!盝ack`` (3F A3A1 B14A …) is ``。”Jack``.

A shifted run ends where the decoder falls back into step: an ASCII byte that really was a trail
(``仲Y金`` → 資金), a pair whose second byte is ASCII (``盝`` = B1 + ``J``), or a ``?`` that
swallowed the last trail byte and the ASCII byte after it.

What counts as proof
--------------------
A repair is kept only when re-encoding the proposed original through the same shift reproduces
the observed text exactly, the shift realigns at the fragment end, and every byte hidden behind
a ``?`` is pinned: by an annotation reading the annotator is *attested* to give (in the text, or
in ``evidence`` from other articles — never an external pinyin table, which would even disagree
with the site: it reads 績 jī), by the 。“/。” mechanism (the quote's direction, when its byte is
hidden, by the paragraph's unclosed “), or by syntax (``(`` before ``reading)``, ``<`` before
``/p>``). Dropped private-use pairs cannot be seen in the bytes (``多一些”。`` lost A9A1 and shows
``嘁恍薄``), so a character recovered from shifted bytes must also occur elsewhere in the text;
one that does not (他說 re-read as 薴) is masked. Nothing is ranked by a dictionary.

Unrecovered characters (and swallowed bytes nothing pins) become ``MASK`` (〓) in the text; the
``Fragment`` audit keeps position, original and the evidence. A lone ``?`` is a real question
mark unless structure shows a character GBK could not encode (``lost_char``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

from baimo.text import CJK, CJK_CHAR, MASK, TONE_MARKS, is_cjk

STATUSES = ("repaired", "partial", "masked", "lost_char")

_TONES = TONE_MARKS + "ü"
_PINYIN = rf"[a-z{_TONES}]{{1,7}}"
_ANN_TAIL = re.compile(rf"({_PINYIN})\)")  # an annotation whose "(" the decoder swallowed
_ANN = re.compile(rf"\(({_PINYIN})\)")
_ANNOTATED = re.compile(rf"([{CJK}])\(({_PINYIN})\)")
_MARKUP_TAIL = re.compile(r"/?[A-Za-z][A-Za-z0-9]*(?:\s[^<>\n]*)?>")  # "/p>" after a lost "<"
_GLOSS = re.compile(r"\(([A-Z][A-Za-z'\-]*(?: [A-Z][A-Za-z'\-]*)+)\)")  # (James Mitchell)
_PARAGRAPH_END = re.compile(r"\n|/?[A-Za-z][A-Za-z0-9]*>|\Z")  # after the swallowed byte
_CREDIT = re.compile(rf"[{CJK}]{{1,8}}?[丨|｜]")  # 編輯丨薛芳 (used with .match at a line start)

_MAX_RUN = 64  # shifted units before we give up on a realignment
_LEADS = range(0x81, 0xFF)
_OPEN_QUOTE, _CLOSE_QUOTE = 0xB0, 0xB1  # A1B0 “, A1B1 ”


@dataclass(frozen=True)
class Fragment:
    """One corrupted span of the input and what replaced it.

    ``start``/``end`` index the *input* text (``text[start:end] == original``); ``replacement`` is
    what the output holds there; ``status`` is one of ``STATUSES``; ``reason`` states the evidence.
    """

    start: int
    end: int
    original: str
    replacement: str
    status: str
    reason: str


@dataclass(frozen=True)
class Evidence:
    """Readings the site's annotator is attested to give: reading → characters, e.g. "yàn" → {驗}.

    Taken from ``X(reading)`` annotations. The annotator is one per site, so annotations of other
    articles are evidence too (``corpus.seed_evidence()`` reads them from the seed articles and
    passes them in); an article's own annotations always count.
    """

    readings: Mapping[str, frozenset[str]]

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Evidence:
        found: dict[str, set[str]] = {}
        for t in texts:
            for m in _ANNOTATED.finditer(t):
                found.setdefault(m.group(2), set()).add(m.group(1))
        return cls({r: frozenset(cs) for r, cs in found.items()})

    def __or__(self, other: Evidence) -> Evidence:
        keys = set(self.readings) | set(other.readings)
        empty: frozenset[str] = frozenset()
        return Evidence({r: self.readings.get(r, empty) | other.readings.get(r, empty) for r in keys})


def repair_mojibake(text: str, *, evidence: Evidence | None = None) -> tuple[str, list[Fragment]]:
    """Repair what is provable, mask the rest; return the new text and the fragments in order.

    Real question marks are left alone and not reported. Hidden bytes are pinned with the
    annotation readings ``text`` itself attests, plus ``evidence`` if given (e.g. the seed
    articles', ``corpus.seed_evidence()``). Characters recovered from shifted bytes must occur
    elsewhere in ``text``. Pure: reads nothing but its arguments.
    """
    if "?" not in text:
        return text, []
    readings = Evidence.from_texts([text])
    if evidence is not None:
        readings = readings | evidence
    # Characters in use: everything outside the fragments a first, unconfirmed pass finds.
    first = _scan(text, _Context(readings.readings, None))
    inventory: set[str] = set()
    pos = 0
    for a, b in [(f.start, f.end) for f in first] + [(len(text), len(text))]:
        inventory.update(c for c in text[pos:a] if ord(c) > 0x7F)
        pos = b
    fragments = _scan(text, _Context(readings.readings, frozenset(inventory)))
    out, pos = [], 0
    for f in fragments:
        out.append(text[pos : f.start])
        out.append(f.replacement)
        pos = f.end
    out.append(text[pos:])
    return "".join(out), fragments


@dataclass(frozen=True)
class _Context:
    readings: Mapping[str, frozenset[str]]
    inventory: frozenset[str] | None  # None: first pass, nothing confirmed yet


# ---------------------------------------------------------------------------------------------
# Bytes


@cache
def _pair(lead: int, trail: int) -> str | None:
    """The character GBK bytes (lead, trail) spell, or None (invalid, or private use)."""
    try:
        s = bytes((lead, trail)).decode("gbk")
    except UnicodeDecodeError:
        return None
    if len(s) != 1 or 0xE000 <= ord(s) <= 0xF8FF:
        return None
    return s


@cache
def _gbk2(c: str) -> bytes | None:
    try:
        b = c.encode("gbk")
    except UnicodeEncodeError:
        return None
    return b if len(b) == 2 else None


def _fullwidth(c: str) -> tuple[int, int] | None:
    """GBK bytes of the full-width form the page showed as ASCII ``c`` (！ → "!")."""
    o = ord(c)
    if 0x21 <= o <= 0x7E:
        return 0xA3, o + 0x80
    if c == " ":
        return 0xA1, 0xA1  # ideographic space
    return None


def _last_byte(c: str) -> int | None:
    """Last GBK byte of the character before a fragment: a two-byte character, or ASCII
    punctuation the page shows for its full-width form (a real ？ is A3 BF)."""
    b = _gbk2(c)
    if b is not None:
        return b[1]
    if c in _FULLWIDTH_PUNCT:
        return ord(c) + 0x80
    return None


_FULLWIDTH_PUNCT = "!\"#$%&'*+,-./:;<=>?@[\\]^_`{|}~"


def _display(ch: str) -> str:
    o = ord(ch)
    return chr(o - 0xFEE0) if 0xFF01 <= o <= 0xFF5E else ch


def _hex(*bs: int | None) -> str:
    return "".join("??" if b is None else f"{b:02X}" for b in bs)


# ---------------------------------------------------------------------------------------------
# The shifted run


@dataclass
class _Run:
    pairs: list[list]  # [lead, trail] of each original character (None = hidden), or ["ascii", ch]
    end: int  # index after the last observed unit of the run
    hidden_end: bool  # the run ends in a "?" = (hidden trail, swallowed byte)
    swallowed: str | None = None  # "(" or "<" when syntax pins the swallowed byte, else None
    end_reading: str | None = None  # reading of the annotation right after the realignment
    end_reading_stop: int = 0  # index after that annotation's ")"
    visible_units: int = 0
    skipped: tuple[str, ...] = ()  # annotations inside the run (on misaligned pairs), dropped


def _walk(text: str, j: int, lead: int | None) -> _Run | None:
    """Read the observed units from ``j`` as the out-of-step continuation of a character whose
    lead byte is ``lead`` (None = hidden); stop where the decoder falls back into step."""
    pairs: list[list] = []
    pending = lead
    n = len(text)
    visible = 0
    skipped: list[str] = []
    for _ in range(_MAX_RUN):
        if j >= n:
            return None
        c = text[j]
        if c == "?":  # (hidden trail, swallowed invalid byte): the decoder is back in step after it
            pairs.append([pending, None])
            run = _Run(pairs, j + 1, True, visible_units=visible, skipped=tuple(skipped))
            m = _ANN_TAIL.match(text, j + 1)
            if m:
                run.swallowed, run.end_reading, run.end_reading_stop = "(", m.group(1), m.end()
            elif _MARKUP_TAIL.match(text, j + 1):
                run.swallowed = "<"
            return run
        o = ord(c)
        if o < 0x80:
            if c == "(" and pairs and visible:
                m = _ANN.match(text, j)
                if m:  # annotation the annotator put after a misaligned pair: not text
                    skipped.append(m.group())
                    j = m.end()
                    continue
            if 0x40 <= o <= 0x7E:  # an ASCII byte that really was a trail: back in step
                pairs.append([pending, o])
                run = _Run(pairs, j + 1, False, visible_units=visible + 1, skipped=tuple(skipped))
                m = _ANN.match(text, j + 1)
                if m:
                    run.end_reading, run.end_reading_stop = m.group(1), m.end()
                return run
            fw = _fullwidth(c)  # a byte < 0x40 cannot be a trail: this was the full-width form
            if fw is None:
                return None
            pairs.append([pending, fw[0]])
            pending = fw[1]
            visible += 1
            j += 1
            continue
        b = _gbk2(c)
        if b is None:
            return None
        pairs.append([pending, b[0]])
        visible += 1
        if b[1] < 0x80:  # second byte ASCII: that byte is an ASCII character, back in step
            pairs.append(["ascii", chr(b[1])])
            return _Run(pairs, j + 1, False, visible_units=visible, skipped=tuple(skipped))
        pending = b[1]
        j += 1
    return None


# ---------------------------------------------------------------------------------------------
# Scanning


def _scan(text: str, ev: _Context) -> list[Fragment]:
    fragments: list[Fragment] = []
    para = ""  # the output's current paragraph up to ``last`` (for quote balance)
    last = i = 0
    while True:
        i = text.find("?", i)
        if i < 0:
            break
        prefix = (para + text[last:i]).rsplit("\n", 1)[-1]
        f = _fragment_at(text, i, ev, prefix) or _lost_char_at(text, i)
        if f is None:
            i += 1
            continue
        fragments.append(f)
        para = (para + text[last : f.start] + f.replacement).rsplit("\n", 1)[-1]
        last = i = f.end
    return fragments


def _fragment_at(text: str, i: int, ev: _Context, prefix: str) -> Fragment | None:
    m = _ANN_TAIL.match(text, i + 1)
    if m and (_has_tone(m.group(1)) or m.group(1) in ev.readings):
        f = _solve(text, i, "annotation", ev, prefix, run_from=m.end(), reading=m.group(1))
        if f is not None:
            return f
    if text.startswith("!", i + 1):
        f = _solve(text, i, "quote", ev, prefix, run_from=i + 1)
        if f is not None:
            return f
    return _solve(text, i, "plain", ev, prefix, run_from=i + 1)


def _has_tone(reading: str) -> bool:
    return any(c in _TONES and c != "ü" for c in reading)


def _byte_before(text: str, i: int) -> int | None:
    """Last GBK byte before the '?' at ``i``: the first byte of the pair the annotator read
    (None after ASCII, e.g. the ")" of an annotation — no pair to read there)."""
    return _last_byte(text[i - 1]) if i > 0 else None


@dataclass
class _Proposal:
    """The original ``_solve`` proposes for one fragment, worked out step by step: the byte pairs
    of the shifted run (hidden bytes filled in as evidence pins them), which pairs the mechanism or
    a reading pinned (not the bytes alone), the decoded pieces, and why."""

    run: _Run
    why: list[str] = field(default_factory=list)
    pinned: set[int] = field(default_factory=set)
    lead_options: list[int] | None = None  # lead bytes the opening "?" may hide, when known
    pieces: list[str] = field(default_factory=list)
    recovered: int = 0
    lost: int = 0
    suspect: int = 0  # characters masked because the text uses them nowhere else

    @property
    def pairs(self) -> list[list]:
        return self.run.pairs


def _solve(
    text: str, i: int, kind: str, ev: _Context, prefix: str, *, run_from: int, reading: str | None = None
) -> Fragment | None:
    """Try to read the '?' at ``i`` as the start of a shifted fragment of the given kind
    (``annotation``, ``quote`` or ``plain``): None unless the bytes and the evidence prove it."""
    run = _walk(text, run_from, None)
    if run is None:
        return None
    p = _Proposal(run)
    if kind == "annotation" and not _pin_lead_by_annotation(p, text, i, reading, ev):
        return None
    if kind == "quote" and not _pin_lead_before_quote(p, text, prefix):
        return None
    _pin_closing_trail_by_reading(p, ev)
    if kind == "plain" and not _plain_shift_is_proven(p, ev):
        return None
    if not _decode_pairs(p, ev):
        return None
    if kind == "quote" and p.suspect and ev.inventory is not None and _reads_better_unshifted(p, text, run_from, ev):
        return None
    end = _account_for_swallowed_byte(p, text)
    return _fragment(p, text, i, end)


def _pin_lead_by_annotation(p: _Proposal, text: str, i: int, reading: str | None, ev: _Context) -> bool:
    """Step 1, an annotation inside a character: the annotator read the byte before the '?' and
    the lead byte swallowed with '(' as a character it is attested reading ``reading``; when
    exactly one such lead byte fits, it is pinned. False when no byte pair precedes the '?'."""
    prev = _byte_before(text, i)
    if prev is None:
        return False  # the annotator reads byte pairs: something two-byte must precede
    pairs = p.pairs
    chars = ev.readings.get(reading or "", frozenset())
    options = [x for x in _LEADS if _pair(prev, x) in chars]
    if pairs[0][1] is not None:
        options = [x for x in options if _pair(x, pairs[0][1])]
    seen = ", ".join(f"{_pair(prev, x)}={_hex(prev, x)}" for x in options)
    if len(options) == 1:
        p.why.append(
            f"annotation ({reading}) inserted inside a character: the annotator read "
            f"{seen}, a character it is attested reading ({reading}); that pins the lead byte "
            f"{_hex(options[0])} swallowed with '('"
        )
        pairs[0][0] = options[0]
        p.pinned.add(0)
    elif options:
        p.why.append(
            f"annotation ({reading}) inside a character, but several attested "
            f"characters fit ({seen}): lead byte not pinned"
        )
    else:
        p.why.append(
            f"annotation ({reading}) inside a character, but no {_hex(prev)}xx "
            f"character is attested with ({reading}): lead byte not pinned"
        )
    p.lead_options = options
    return True


def _pin_lead_before_quote(p: _Proposal, text: str, prefix: str) -> bool:
    """Step 1, "?!" + …: ! is ！ = A3 A1, i.e. the trail of 。 (A1 A3) and the lead of a quote
    (A1 xx), so the lost lead byte is A1. False unless the run reads as 。“ or 。”; a quote whose
    trail byte is hidden in the closing '?' is ” only where it closes the paragraph's open “."""
    pairs, run = p.pairs, p.run
    if len(pairs) < 2 or pairs[0][1] != 0xA3 or pairs[1][0] != 0xA1:
        return False
    t1 = pairs[1][1]
    if t1 is None:  # the quote's trail is hidden in the closing "?"
        if prefix.count("“") <= prefix.count("”") or not _PARAGRAPH_END.match(text, run.end):
            return False
        pairs[1][1] = _CLOSE_QUOTE
        p.why.append(
            "lost lead byte A1 before 。”; the quote's trail byte, hidden in '?', is "
            "pinned by the paragraph's unclosed “"
        )
    elif t1 in (_OPEN_QUOTE, _CLOSE_QUOTE):
        p.why.append(f"lost lead byte A1 before 。{_pair(0xA1, t1)}")
    else:
        return False
    p.lead_options = [0xA1]
    pairs[0][0] = 0xA1
    p.pinned.update((0, 1))
    return True


def _pin_closing_trail_by_reading(p: _Proposal, ev: _Context) -> None:
    """Step 2: the trail byte hidden in a closing '?' that swallowed the '(' of a genuine
    annotation is pinned when exactly one attested character with that reading fits (with the
    lead byte, when the run is one character whose lead is not pinned yet)."""
    run, pairs = p.run, p.pairs
    if not (run.hidden_end and run.end_reading):
        return
    last = len(pairs) - 1
    chars = ev.readings.get(run.end_reading, frozenset())
    host = pairs[last][0]
    hosts = [host] if host is not None else (p.lead_options if last == 0 and p.lead_options else [])
    options = [(x, y) for x in hosts for y in _LEADS if _pair(x, y) in chars]
    if len(options) == 1:
        if last == 0 and host is None:
            p.why.append("the two readings pin the lead byte together")
        pairs[last][0], pairs[last][1] = options[0]
        p.pinned.add(last)
        p.why.append(
            f"the trail byte {_hex(options[0][1])} hidden in the closing '?' is pinned "
            f"by the annotation ({run.end_reading}) after it: "
            f"{_pair(*options[0])}={_hex(*options[0])} is attested with it"
        )
    else:
        p.why.append(
            f"the character annotated ({run.end_reading}) has its trail byte hidden "
            f"in '?' and {'several' if options else 'no'} attested characters fit"
        )


def _plain_shift_is_proven(p: _Proposal, ev: _Context) -> bool:
    """Step 3: a '?' with neither an annotation nor "!" after it needs other proof that it starts
    a shift: the realigned character carries its own attested annotation although the page shows
    it as an ASCII letter ("宿D(zhuǎn)" is 轉 = DE 44). A run ending in '?' is not proof (a '?'
    followed by a reading further on is better read as its own fragment)."""
    run = p.run
    if run.visible_units == 0 or run.hidden_end:
        return False
    last = len(p.pairs) - 1
    lead, trail = p.pairs[last]
    if lead == "ascii":
        return False
    host = _pair(lead, trail) if lead is not None else None
    if not run.end_reading or host not in ev.readings.get(run.end_reading, frozenset()):
        return False
    p.pinned.add(last)
    p.why.append(
        "lead byte lost behind '?', nothing pins it; the run realigns at "
        f"{host}={_hex(lead, trail)}, shown as {chr(trail)!r} but carrying {host}'s "
        f"attested annotation ({run.end_reading})"
    )
    return True


def _decode_pairs(p: _Proposal, ev: _Context) -> bool:
    """Step 4: decode the proposed original into ``p.pieces``. A pair with a hidden byte becomes a
    mask; a character only the bytes recovered (not pinned) that the text uses nowhere else is
    masked too (a silently dropped private-use pair cannot be ruled out). False when a pair is no
    character: then no original re-encodes to the observed text."""
    for k, (lead, trail) in enumerate(p.pairs):
        if lead == "ascii":
            p.pieces.append(trail)
            continue
        if lead is None or trail is None:
            if trail is None and lead is not None and not p.run.end_reading:
                p.why.append(
                    f"the character {_hex(lead)}xx has its trail byte hidden in the closing "
                    f"'?' and nothing pins it: masked"
                )
            p.pieces.append(MASK)
            p.lost += 1
            continue
        ch = _pair(lead, trail)
        if ch is None:
            return False
        if k not in p.pinned and ev.inventory is not None and _display(ch) not in ev.inventory:
            p.why.append(
                f"{_hex(lead, trail)} would be {ch}, which the text uses nowhere else; as "
                f"a silently dropped private-use pair cannot be ruled out, masked"
            )
            p.pieces.append(MASK)
            p.lost += 1
            p.suspect += 1
            continue
        p.pieces.append(_display(ch))
        p.recovered += 1
    return True


def _reads_better_unshifted(p: _Proposal, text: str, run_from: int, ev: _Context) -> bool:
    """A real "?!" before ordinary text re-reads as unattested characters while the observed ones
    are attested; a shift is the other way round."""
    observed = [c for c in text[run_from + 1 : p.run.end] if ord(c) > 0x7F]
    return p.suspect > sum(c not in ev.inventory for c in observed)


def _account_for_swallowed_byte(p: _Proposal, text: str) -> int:
    """Step 5: what the byte swallowed with a closing '?' was (an annotation's '(', the '<' of
    markup, the CR of a CRLF line break, or unknown: masked); returns where the fragment ends."""
    run = p.run
    end = run.end
    if run.hidden_end:
        if run.swallowed == "(":
            if p.pieces[-1] == MASK:  # the annotation lost its character: drop it with it
                end = run.end_reading_stop
                p.why.append(f"its annotation ({run.end_reading}) is dropped with it")
            else:
                p.pieces.append("(")
                p.why.append("the swallowed byte is that annotation's '('")
        elif run.swallowed == "<":
            p.pieces.append("<")
            p.why.append("the swallowed byte is the '<' of the markup after it")
        elif text[run.end : run.end + 1] in ("\n", ""):
            # At a line end the swallowed byte is the CR of the page's CRLF line break: the
            # saved text kept only the LF. Nothing of content is lost.
            p.why.append("the swallowed byte is the CR of the CRLF line break that follows")
        else:
            p.pieces.append(MASK)
            p.lost += 1
            p.why.append(
                "the byte swallowed with the closing '?' (ASCII below 0x40: CR, space, "
                "digit or punctuation) is unknown: masked"
            )
    if run.skipped:
        p.why.append("annotations the annotator put on misaligned pairs dropped: " + " ".join(run.skipped))
    return end


def _fragment(p: _Proposal, text: str, i: int, end: int) -> Fragment | None:
    """Step 6: the fragment ``text[i:end]`` and its status. An annotation right after it goes with
    a lost last character; after a recovered one it must sit on a CJK character (else None)."""
    replacement = "".join(p.pieces)
    after = _ANN.match(text, end)
    if after and replacement.endswith(MASK):
        end = after.end()  # the annotated character is lost: drop its annotation with it
        p.why.append(f"its annotation {after.group()} is dropped with it")
    elif after and not is_cjk(replacement[-1:]):
        return None  # the shift would leave the annotation after it on a non-CJK character
    if p.lost == 0:
        status = "repaired"
        p.why.append("re-encodes exactly and realigns at the fragment end")
    elif p.recovered == 0:
        status, replacement = "masked", MASK
        p.why.append("nothing provable: masked")
    else:
        status = "partial"
        p.why.append("the rest re-encodes exactly and realigns at the fragment end")
    return Fragment(i, end, text[i:end], replacement, status, "; ".join(p.why))


# ---------------------------------------------------------------------------------------------
# A lone "?" for a character GBK could not encode


def _lost_char_at(text: str, i: int) -> Fragment | None:
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    cjk = CJK_CHAR
    # 詹姆斯?米歇爾(James Mitchell): a separator between the parts of a glossed foreign name.
    if cjk.match(before) and cjk.match(after):
        j = i + 1
        parts = 2
        while j < len(text):
            ann = _ANN.match(text, j)
            if ann:
                j = ann.end()
                continue
            if not (cjk.match(text[j]) or text[j] == "?"):
                break
            parts += text[j] == "?"
            j += 1
        m = _GLOSS.match(text, j)
        if m and len(m.group(1).split(" ")) == parts:
            return Fragment(
                i,
                i + 1,
                "?",
                "·",
                "lost_char",
                f"lone '?' between the parts of a foreign name glossed '{m.group(1)}' "
                f"({parts} words ↔ {parts} parts): the name separator, a dot GBK "
                f"cannot encode (U+30FB/U+2022); written as ·",
            )
    # 特約作者丨潘心怡?  in a block of "label丨value" credit lines: not a question.
    line_start = text.rfind("\n", 0, i) + 1
    line_end = text.find("\n", i)
    line_end = len(text) if line_end < 0 else line_end
    if i == line_end - 1 and _CREDIT.match(text, line_start) and "?" not in text[line_start:i]:
        prev_line = text[text.rfind("\n", 0, max(line_start - 1, 0)) + 1 : max(line_start - 1, 0)]
        next_end = text.find("\n", line_end + 1)
        next_line = text[line_end + 1 : len(text) if next_end < 0 else next_end]
        if _CREDIT.match(prev_line) or _CREDIT.match(next_line):
            return Fragment(
                i,
                i + 1,
                "?",
                MASK,
                "lost_char",
                "lone '?' ending a 'label丨value' credit line (between other credit "
                "lines): not a question mark but a character GBK could not encode "
                "(e.g. a no-break space); which one is not provable: masked",
            )
    return None
