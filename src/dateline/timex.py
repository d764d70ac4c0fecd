"""Time expressions and the document date.

``extract_times`` finds dates in English news text with its own grammar (regular
expressions compiled once) and normalizes them to ISO 8601 against an anchor, the
document date: ``2021-09-03`` (day), ``2025-05`` (month), ``2025`` (year), ``199``
(decade), ``19`` (century), ``2025-W18`` (ISO week), ``2025-SU`` (season),
``2009-Q1`` (quarter) and intervals ``2025-05-07/2025-05-10`` or ``1939/1945``.

Conventions:

- "last week" / "this week" / "next week" are ISO weeks (``2025-W18``), as in TimeML.
- "N weeks ago" is the day N*7 days before the anchor; "N months ago" the month, "N years ago" the year.
- Modifiers ("early", "late", "mid-", "the end of", "the morning of") keep the value of the
  period they modify: "late August 1945" -> ``1945-08``; "the eve of May 9" is May 8.
- Expressions that need an anchor (weekdays, "yesterday", "in June", "May 4") are left out
  when there is none: no value is ever made up.
- "today" meaning "nowadays" ("Today, the alliance continues to grow", "today's leaders", "the
  world we live in today") is left out; the deictic "today" ("said today", "today's vote") is
  the anchor. "ended the day", "later in the day" are the day reported; "the same day" the last
  day named; "over the weekend" the latest or coming weekend by tense; "the end of the year"
  the anchor's year.
- Tense decides the direction of weekdays and year-less dates: "on Friday" is the latest
  Friday on or before the anchor, "will meet on Friday" the next one. With a spaCy ``Doc``
  the governing verb and its auxiliaries decide; without one, the nearest tense marker in
  the sentence.

``document_date`` keeps a date given by the header or metadata, resolves a dateline's
"September 3" with the year the text gives, and otherwise infers the publication day from
the latest dated evidence (explicit dates, "this year marks the 80th anniversary of ...",
"N years ago, in YEAR"), with a confidence that says how strong the evidence is. Given the
knowledge base, an article with no such evidence is dated by the people it names in office
("US President Joe Biden", "the Prime Minister of Israel Benjamin Netanyahu"): their terms,
intersected, make a window in which the article's year-less day ("on March 3") is placed.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from datetime import date, timedelta
from types import MappingProxyType
from typing import Sequence

from .layout import Layout, find_quoted_spans
from .records import NO_DATE, Document, Published, TimeExpr
from .resources import Anniversary, Resources, strip_the

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SEASONS = MappingProxyType({"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"})
_ABBREVIATIONS = MappingProxyType({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
                  "oct": 10, "nov": 11, "dec": 12})  # fmt: skip
_UNITS = MappingProxyType({"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9})
_NUMBER_WORDS = MappingProxyType({
    "a": 1, "an": 1, **_UNITS, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "one hundred": 100,
})  # fmt: skip
_ORDINAL_WORDS = MappingProxyType({"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "last": 4})
_CENTURY_WORDS = MappingProxyType({"eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21})
# Nouns that make a preceding four-digit number a quantity ("2000 troops"), not a year.
_COUNT_NOUNS = frozenset(
    "people persons troops soldiers officers men women children civilians residents workers "
    "employees members votes voters cases deaths units tons tonnes barrels kilometres kilometers "
    "km miles metres meters feet dollars euros rubles roubles yuan pounds yen points shares jobs "
    "vehicles cars planes aircraft jets tanks ships missiles drones rockets shells copies pages "
    "documents sites hectares acres students delegates participants refugees migrants prisoners "
    "hostages patients doctors police policemen protesters demonstrators fighters militants".split()
)
_QUANTITY_CUES = re.compile(
    r"\b(?:about|around|some|over|nearly|almost|roughly|approximately|than|least|to|only|just|total of)\s*$",
    re.IGNORECASE,
)
_LABEL_CUES = re.compile(r"(?:\bNo\.?|\bNos\.?|\bnumber|#|\$|€|£|¥)\s*$", re.IGNORECASE)
_FUNCTION_WORDS = frozenset("and or but when the to in on at as after before with for until since while".split())
# Words after which a four-digit number is a label: "Resolution 1973", "Flight 1549".
_NUMBERED_THINGS = frozenset(
    "resolution resolutions decree law article flight route section chapter room highway order regulation "
    "directive bill convention protocol paragraph item case file code model unit platform gate bus train".split()
)
_TRIGGERS = frozenset(
    "in on since until till by during of early late mid last next this before after through from "
    "between throughout every each around".split()
)
# "Black Monday", "Good Friday", "Super Tuesday" name days, not the latest Monday or Friday.
# TimeML's parts of the day, and the clock words.
_PART_OF_DAY = MappingProxyType({"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"})
_NOON = MappingProxyType({"noon": "12:00", "midday": "12:00", "midnight": "00:00"})
_UNIT_LETTER = MappingProxyType({"year": "Y", "month": "M", "week": "W", "day": "D", "night": "D"})
_SET_ADVERBS = MappingProxyType({"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y",
                                 "annually": "P1Y", "hourly": "PT1H", "biannually": "P6M", "quarterly": "P3M"})  # fmt: skip
_NAMED_DAYS = frozenset("black good cyber super bloody holy easter ash palm maundy giving".split())
_PAST_STOP = frozenset(
    "need speed feed seed hundred red bed indeed proceed exceed succeed shed embed united limited "
    "based related naked wicked sacred armed".split()
)


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    kind: str
    match: re.Match


@dataclass(frozen=True)
class _Point:
    year: int | None
    month: int | None
    day: int | None


# --------------------------------------------------------------------------- grammar


def _month_alternation(full_only: bool = False) -> str:
    names = [m for m in MONTHS] + [m.upper() for m in MONTHS]
    if not full_only:
        abbreviations = sorted(_ABBREVIATIONS, key=len, reverse=True)
        names += [a.capitalize() + r"\.?" for a in abbreviations] + [a.upper() + r"\.?" for a in abbreviations]
    return "(?:" + "|".join(names) + r")(?![a-z])"


_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)(?!\s*%)(?!:\d)"
_YEAR = r"(?:1\d|20)\d\d(?!\d)"
_NUM = r"(?:\d{1,3}|(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|" \
       r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|" \
       r"eighty|ninety|(?:a |one )?hundred)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)"  # fmt: skip
_AMPM = r"(?:[AaPp]\.\s?[Mm]\.|[AaPp][Mm]\b)"
_ZONES = r"(?:GMT|UTC|BST|CET|CEST|EET|EEST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|PT|MSK|IST|JST|HKT|SGT|AEST|AEDT|(?i:local\s+time))\b"
_DURATION_UNITS = r"(?i:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|years?|decades?|centuries|century)"
_UNIT_WORDS = "one|two|three|four|five|six|seven|eight|nine"
# How many units a duration has: "17", "1,000", "seventeen", "twenty-five", "a", "a hundred".
_COUNT = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})?(?:\.\d+)?(?![\d,])"
    rf"|(?i:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:{_UNIT_WORDS}))?|"
    rf"{_UNIT_WORDS}|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|(?:a\s+|one\s+)?hundred|an?(?=[\s-]+\w*[^s\W]\b))(?![\w-]*\s+(?:{_UNIT_WORDS})\b))"
)
_MOD = (
    r"(?P<mod>(?:[Ee]arly|[Ll]ate|[Mm]id)(?:\s+|-)|"
    r"(?:[Tt]he\s+)?(?:very\s+)?(?:end|beginning|start|middle|first half|second half|turn|morning|afternoon|"
    r"evening|night|eve)\s+of\s+)"
)


def _point(slot: str) -> str:
    """A calendar point (date, month+year, month, year) with group names suffixed by ``slot``."""
    month, full = _month_alternation(), _month_alternation(full_only=True)
    return (
        rf"(?:(?P<iso{slot}>(?:1\d|20)\d\d-[01]\d-[0-3]\d)(?!\d)"
        rf"|(?P<m{slot}a>{month})\s*(?P<d{slot}a>{_DAY})(?:\s*,?\s*(?P<y{slot}a>{_YEAR}))?"
        rf"|(?:the\s+)?(?P<d{slot}b>{_DAY})(?:\s+of)?\s+(?P<m{slot}b>{month})(?:\s*,?\s*(?P<y{slot}b>{_YEAR}))?"
        rf"|(?P<m{slot}c>{month})\s*,?\s+(?:of\s+)?(?P<y{slot}c>{_YEAR})"
        rf"|(?P<m{slot}e>{full})"
        rf"|(?P<y{slot}d>{_YEAR}))"
    )


def _build_grammar() -> tuple[tuple[str, re.Pattern], ...]:
    """The compiled patterns (built once, at import: ``GRAMMAR``)."""
    weekday = "|".join(WEEKDAYS + tuple(w.upper() for w in WEEKDAYS))
    sep = r"\s*(?P<sep>[-–—]|\bto\b|\bthrough\b|\bthru\b|\buntil\b|\btill\b|\band\b)\s*"
    patterns = {
        "range": (
            rf"(?P<lead>\b(?:[Ff]rom|[Bb]etween|FROM|BETWEEN)\s+)?{_MOD}?\b{_point('1')}{sep}"
            rf"(?:(?P<d2z>{_DAY})(?!\s+(?:{_month_alternation()}))(?:\s*,?\s*(?P<y2z>{_YEAR}))?|{_point('2')})"
        ),
        # "1957-58", "the 2012/13 season": a span of two years, the second written with two digits.
        "yearspan": rf"\b(?P<ys1>{_YEAR})[-–/](?P<ys2>\d\d)\b(?![-–/.,]\d)",
        "dayrange": (
            rf"(?P<lead>\b(?:[Ff]rom|[Bb]etween)\s+)?\b(?P<d1>{_DAY})\s*(?:[-–—]|to|and|until|till)\s*"
            rf"(?P<d2>{_DAY})(?:\s+of)?\s+(?P<m>{_month_alternation()})(?:\s*,?\s*(?P<y>{_YEAR}))?"
        ),
        "point": (rf"{_MOD}?(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Cc]oming|[Pp]ast)\s+)?\b{_point('1')}"),
        # "on March 20 last year", "20 May next year": a year-less day placed by the year phrase.
        "dayrel": (
            rf"{_MOD}?\b(?:(?P<drma>{_month_alternation()})\s*(?P<drda>{_DAY})|(?:the\s+)?(?P<drdb>{_DAY})(?:\s+of)?\s+"
            rf"(?P<drmb>{_month_alternation()}))\s+(?:of\s+)?(?P<dryrel>(?i:this|last|next))\s+(?i:year)\b"
        ),
        "monthrel": (rf"{_MOD}?\b(?P<mr>{_month_alternation(full_only=True)})\s+(?:of\s+)?(?P<yrel>(?i:this|last|next))\s+(?i:year)\b"),
        "numeric": r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>(?:1\d|20)\d\d)\b(?![/.]\d)",
        "decade": (rf"{_MOD}?(?:\b[Tt]he\s+)?(?:\b(?P<dec>(?:1\d|20)\d0)'?s\b|(?:(?<=[Tt]he\s)|['‘’])(?P<dec2>[3-9]0)'?s\b)"),
        "century": (
            rf"{_MOD}?\b(?i:the\s+(?:(?P<cent>\d{{1,2}})(?:st|nd|rd|th)|(?P<centw>eighteenth|nineteenth|twentieth|"
            rf"twenty-first))\s+century)\b"
        ),
        "weekday": (
            rf"{_MOD}?(?:\b(?P<wrel>[Ll]ast|[Nn]ext|[Tt]his|[Cc]oming|[Pp]ast)\s+)?\b(?P<wd>{weekday})\b(?!s\b)"
            r"(?:\s+(?P<part>morning|afternoon|evening|night))?"
        ),
        "weekend": (
            r"\b(?P<werel>(?i:this|last|next|the\s+coming|the\s+past))\s+(?i:weekend)\b"
            r"|(?:(?<=\b[Oo]ver\s)|(?<=\b[Dd]uring\s)|(?<=\b[Oo]n\s)|(?<=\b[Aa]t\s))(?P<wethe>(?i:the\s+weekend))\b(?!\s+(?:of|before|after)\b)"
        ),
        # The day of the report, as market and sports news write it: "ended the day down 2%",
        # "later in the day", "the start of the day"; "the same day" as the last day named.
        "theday": (
            r"\b(?i:(?:end(?:s|ed|ing)?|finish(?:es|ed|ing)?|clos(?:e|es|ed|ing))\s+(?P<dayA>the\s+day)"
            r"|(?P<dayB>(?:later|late|earlier|early)\s+in\s+the\s+day)"
            r"|(?P<dayC>the\s+(?:start|beginning)\s+of\s+the\s+(?:trading\s+)?day)"
            r"|(?P<same>(?:the|that)\s+same\s+day))\b(?!\s+(?:before|after|earlier|later|of|when|that)\b)"
        ),
        "yearpart": (
            r"\b(?i:(?:the\s+)?(?:very\s+)?(?:beginning|start|end|middle|first\s+half|second\s+half)\s+of\s+"
            r"(?:the\s+)?year|(?:earlier|later)\s+in\s+the\s+year|year[\s-]end)\b(?!\s+(?:before|after|of|when|that)\b|\s+\d)"
        ),
        "deictic": (
            r"\b(?i:(?P<deic>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|"
            r"(?:yesterday|tomorrow|today)\s+(?:morning|afternoon|evening|night)|yesterday|today|tomorrow|"
            r"tonight|last\s+night|this\s+(?:morning|afternoon|evening)|(?:earlier|later)\s+today|"
            r"at\s+(?:noon|midday|midnight)))\b"
        ),
        "unit": (
            rf"{_MOD}?\b(?P<urel>(?i:last|next|this|the\s+coming|the\s+previous|the\s+following|the\s+past|the\s+last|"
            r"(?:earlier|later)\s+this|so\s+far\s+this))\s+(?P<unit>(?i:week|month|year))\b"
        ),
        "ago": rf"\b(?i:(?P<num>{_NUM})\s+(?P<aunit>days?|weeks?|months?|years?|decades?)\s+ago)\b",
        "offset": (
            rf"\b(?i:(?:the\s+)?(?P<odir1>previous|next|following)\s+day|(?P<onum>{_NUM})\s+days?\s+"
            r"(?P<odir2>earlier|later))\b(?!\s+than\b)"
        ),
        "season": (
            rf"\b(?:(?P<srel>(?i:this|last|next|the\s+coming|the\s+past))\s+)?(?P<season>(?i:spring|summer|autumn|fall|"
            rf"winter))(?:\s+(?:of\s+)?(?P<sy>{_YEAR}))?\b"
        ),
        # Clock times, with the day they fall on when it follows: "15:00 GMT Saturday", "8 p.m.", "noon Thursday".
        "clock": (
            rf"\b(?:(?P<ch>[01]?\d|2[0-3]):(?P<cm>[0-5]\d)(?::[0-5]\d)?(?!\d)(?:\s*(?P<cap1>{_AMPM}))?"
            rf"|(?P<ch2>1[0-2]|0?[1-9])(?::(?P<cm2>[0-5]\d))?\s*(?P<cap2>{_AMPM})"
            r"|(?P<cnoon>(?i:noon|midday|midnight))(?=\s*,?\s*(?:on\s+)?(?:" + weekday + r"|yesterday|today|tomorrow)\b))"
            rf"(?:\s*(?P<ctz>{_ZONES}))?"
            rf"(?:\s*,?\s*(?:(?i:on)\s+)?(?P<cday>{weekday}|(?i:yesterday|today|tomorrow))\b)?"
        ),
        "set": (
            r"\b(?:"
            rf"\b(?i:(?P<severy>every|each)\s+(?:(?P<snum>{_NUM}|other)\s+)?)(?P<sunit>{_DURATION_UNITS}|{weekday}|"
            r"(?i:spring|summer|autumn|fall|winter|morning|afternoon|evening|night|season))\b"
            r"|\b(?P<sadv>(?i:daily|weekly|monthly|yearly|annually|hourly|nightly|biannually))\b"
            r"|(?:(?<=[\d%]\s)|(?<=\bmillion\s)|(?<=\bbillion\s)|(?<=\btrillion\s))(?P<sper2>(?i:a|per)\s+(?:day|week|month|year))\b"
            r")"
        ),
        "duration": (
            r"\b(?:"
            rf"(?:\b(?P<ddet>(?i:the|these|those))\s+)?(?:(?P<drel>(?i:past|last|next|coming|previous|first|final|"
            rf"following|recent|remaining))\s+)?\b(?P<dnum>{_COUNT}|(?i:several|a\s+few|few|many|a\s+couple\s+of|"
            rf"couple\s+of|some))(?:\s+(?i:more|full|whole|straight|consecutive))?[\s-]+(?P<dunit>{_DURATION_UNITS})\b(?:-long\b)?"
            r"(?P<dpos>['’](?!s\b))?(?![-\s]+(?i:old\b|ago\b|earlier\b|later\b|when\b|where\b|of\s+age\b|(?:and|or)\s+(?:older|younger|over|under)\b))"
            rf"|(?:\b(?P<ddet2>(?i:the))\s+)?\b(?P<drel2>(?i:past|next|last|previous|following|first|final))\s+"
            r"(?P<dunit2>(?i:seconds|minutes|hours|days|nights|weeks|months|years|decades?|centuries|century))\b(?!['’]s)"
            # "for years", "in decades", "over weeks": a length left vague; "a day-long visit", "decades-long"
            r"|(?:(?<=\b[Ff]or\s)|(?<=\b[Ii]n\s)|(?<=\b[Oo]ver\s)|(?<=\b[Ww]ithin\s))(?P<dunit3>(?i:hours|days|weeks|months|years|"
            r"decades|centuries))\b(?![-'’]|\s+(?i:of|ago|later|earlier|old|before|after|to\s+come)\b)"
            r"|(?P<dunit4>(?i:hours?|days?|weeks?|months?|years?|decades?))-long\b"
            r")"
        ),
        "ref": (
            r"\b(?:"
            r"\b(?P<rnow>(?i:right\s+now|now|currently|nowadays|these\s+days|at\s+present|at\s+the\s+moment))\b(?![-’'])"
            r"|\b(?:(?<=\b[Ii]n\s)|(?<=\b[Ff]or\s))(?P<rpast>the\s+(?:recent\s+|distant\s+)?past)\b(?!\s+(?:\d|few|several|two|three|four|five|six|"
            r"seven|eight|nine|ten|week|month|year|decade|century|day)\w*)"
            r"|\b(?P<rrecent>(?i:recently|lately|recent\s+(?:days|weeks|months|years|decades)))\b"
            r"|\b(?P<rsoon2>(?i:(?:the\s+)?coming\s+(?:days|weeks|months|years|decades)))\b"
            r"|\b(?:(?<=\b[Ii]n\s)|(?<=\b[Ff]or\s))(?P<rfuture>the\s+(?:near\s+|foreseeable\s+|distant\s+)?future)\b"
            r"|\b(?P<rsoon>(?i:soon))\b(?!\s+(?:after|before|as)\b)"
            r"|(?<=\b[Aa]t\s)(?P<rtime>the\s+time)\b(?!\s+(?:of|when|that|being)\b)"
            r")"
        ),
        "fiscal": (
            rf"\b(?P<frel>(?i:this|last|next|the\s+current|the\s+previous|the\s+coming|the\s+past))\s+(?i:fiscal|financial)\s+"
            rf"(?i:year)\b|\b(?i:fiscal|financial)\s+(?:(?i:year)\s+)?(?P<fy>{_YEAR})|\bFY\s?(?P<fy2>{_YEAR}|\d\d(?!\d))"
        ),
        "quarter": (
            r"\b(?i:(?:the\s+)?(?P<q>first|second|third|fourth|final|last|1st|2nd|3rd|4th)[\s-]+quarter"
            rf"(?:\s+of\s+(?:(?P<qrel>this|last|next)\s+year|(?P<qy>{_YEAR})))?)\b"
            rf"|\b(?P<qn>Q[1-4])\s*(?P<qny>{_YEAR})"
        ),
    }
    # A leading word boundary lets the engine give up at once inside words: every pattern but the
    # decade's ("the '70s") starts on a word character.
    return tuple((kind, re.compile(pattern if kind == "decade" else rf"\b(?:{pattern})")) for kind, pattern in patterns.items())


# --------------------------------------------------------------------------- scanning


GRAMMAR = _build_grammar()


# For these patterns, words every match holds one of in each group (any case): a text lacking
# all the words of a group is not scanned with the pattern.
_NEEDED_WORDS = MappingProxyType({
    "yearpart": (("year",),), "weekday": (tuple(day.lower() for day in WEEKDAYS),),
    "dayrel": (("year",), ("this", "last", "next")), "monthrel": (("year",), ("this", "last", "next")),
    "unit": (("week", "month", "year"), ("last", "next", "this", "coming", "previous", "following", "past")),
    "theday": (("day",), ("end", "finish", "clos", "late", "earl", "start", "beginning", "same")),
    "offset": (("day",), ("previous", "next", "following", "earlier", "later")),
    "ref": (("now", "current", "these", "present", "moment", "past", "recent", "lately", "coming", "future", "soon", "time"),),
    "season": (("spring", "summer", "autumn", "fall", "winter"),), "fiscal": (("fiscal", "financial"),),
    "deictic": (("yesterday", "today", "tomorrow", "tonight", "night", "morning", "afternoon", "evening", "noon",
                 "midday", "midnight"),),
})  # fmt: skip


def _may_contain(text: str, lowered: str, *groups: tuple[str, ...]) -> bool:
    """False when ``text`` (``lowered``: its lower case) lacks every word of one of ``groups``, so
    that no pattern ignoring case can match words of each in it."""
    if all(any(word in lowered for word in group) for group in groups):
        return True
    # A pattern that ignores case also matches letters lower() does not give ("ſ" for "s",
    # the Kelvin sign for "k", dotted and dotless i): a text holding one is scanned in full.
    return not text.isascii() and any(ch in text for ch in "ſKİı")


def _may_hold(kind: str, text: str, lowered: str) -> bool:
    """False when a pattern cannot match ``text``: every match of these holds the word tested
    (in any case where the pattern ignores case), so most texts skip them unscanned."""
    if kind == "decade":
        return "0s" in text or "0's" in text
    if kind in ("ago", "century", "weekend"):
        return kind in lowered
    if kind == "quarter":
        return "quarter" in lowered or "Q" in text
    needed = _NEEDED_WORDS.get(kind)
    return needed is None or kind == "fiscal" and "FY" in text or _may_contain(text, lowered, *needed)


# Words every match of a pattern holds, and how many words of the match at most stand before the
# first letter of that word: a pattern is tried only at the starts of those few words before each
# place one of its words stands, not at every word of the text. The anchors are looser than the
# patterns (a month's first three letters, a word inside a longer one), never stricter, and each
# bound counts the words of the longest prefix the pattern allows: "the very first half of" (a
# modifier, five words), "the 3rd of" before a month, "a couple of more" before a unit of time.
_MONTH_ANCHOR = "|".join(m[:3] for m in MONTHS) + "|" + "|".join(m[:3].upper() for m in MONTHS)
_ANCHORS = MappingProxyType({
    "duration": (r"(?i:second|minute|hour|day|night|week|fortnight|month|year|decade|centur)", 6),
    "range": (rf"{_MONTH_ANCHOR}|(?:1\d|20)\d\d", 9),
    "point": (rf"{_MONTH_ANCHOR}|(?:1\d|20)\d\d", 9),
    "dayrange": (_MONTH_ANCHOR, 5),
    "dayrel": (_MONTH_ANCHOR, 8),
    "monthrel": (_MONTH_ANCHOR, 5),
    "unit": (r"(?i:week|month|year)", 8),
    "weekday": ("|".join(WEEKDAYS + tuple(w.upper() for w in WEEKDAYS)), 6),
    "offset": (r"(?i:day)", 3),
    "ref": (r"(?i:now|current|these|present|moment|past|recent|lately|coming|future|soon|time)", 2),
    "set": (r"(?i:every|each|daily|weekly|monthly|yearly|annually|hourly|nightly|per|day|week|month|year)", 1),
    "yearpart": (r"(?i:year)", 6),
    "theday": (r"(?i:day)", 5),
    "deictic": (r"(?i:yesterday|today|tomorrow|tonight|night|morning|afternoon|evening|noon|midday|midnight)", 3),
})  # fmt: skip


@dataclass(frozen=True)
class _Anchor:
    """Where a pattern may match: its anchor words, and how many words may stand before them."""

    pattern: re.Pattern
    lowered: re.Pattern | None  # the same words in lower case, found faster in the lower-cased text
    before: int


def _anchor(anchor: str, before: int) -> _Anchor:
    ignoring_case = anchor.startswith("(?i:") and anchor.endswith(")")
    return _Anchor(re.compile(anchor), re.compile(anchor[4:-1]) if ignoring_case else None, before)


_ANCHOR_PATTERNS = MappingProxyType({kind: _anchor(anchor, words) for kind, (anchor, words) in _ANCHORS.items()})
_WORD_START = re.compile(r"\b\w")


def _matches(kind: str, pattern: re.Pattern, text: str, word_starts: list[int] | None,
             lowered: str | None = None) -> list[re.Match]:
    """``pattern.finditer(text)``'s matches, found by trying the pattern only where one could start.

    Every match of these patterns starts a word (a word boundary, then a word character), so the
    scan from left to right that ``finditer`` makes can skip every other place; and it can skip a
    word start unless one of the pattern's anchor words stands at most so many words after it.
    ``match`` at a position reads the text before it as ``finditer`` does (word boundaries,
    look-behinds), so the matches are the same. ``lowered``: ``text`` in lower case, given only
    where it has the same length and no letter that matches another only when case is ignored.
    """
    anchored = _ANCHOR_PATTERNS.get(kind)
    if anchored is None or word_starts is None:
        return list(pattern.finditer(text))
    if anchored.lowered is not None and lowered is not None:
        anchors = anchored.lowered.finditer(lowered)
    else:
        anchors = anchored.pattern.finditer(text)
    matches: list[re.Match] = []
    resume = 0  # where finditer would look next: the end of the last match
    tried = 0  # the word starts before this index have been tried or skipped
    for found in anchors:
        last = bisect_right(word_starts, found.start())
        first = max(tried, last - 1 - anchored.before)
        for index in range(first, last):
            position = word_starts[index]
            if position < resume:
                continue
            match = pattern.match(text, position)
            if match is not None and match.end() > position:
                matches.append(match)
                resume = match.end()
        tried = max(tried, last)
    return matches


def _scan(text: str) -> list[_Candidate]:
    """All non-overlapping candidate expressions, longest first, returned in text order."""
    found: list[_Candidate] = []
    lowered = text.lower()
    word_starts: list[int] | None = None
    # Anchor words that ignore case are looked for in the lower-cased text, unless lowering changed
    # its length or it holds one of the three letters that match a plain one only when case is
    # ignored and do not lower to it: the dotted capital and dotless small i, the long s.
    same_letters = len(lowered) == len(text) and (text.isascii() or not any(ch in text for ch in "\u0130\u0131\u017f"))
    for kind, pattern in GRAMMAR:
        if not _may_hold(kind, text, lowered):
            continue
        if word_starts is None and kind in _ANCHOR_PATTERNS:
            word_starts = [match.start() for match in _WORD_START.finditer(text)]
        for match in _matches(kind, pattern, text, word_starts, lowered if same_letters else None):
            if match.end() > match.start():
                found.append(_Candidate(match.start(), match.end(), kind, match))
    found.sort(key=lambda c: (-(c.end - c.start), c.start))
    chosen: list[_Candidate] = []
    # The spans taken so far never overlap, so sorted by start they are sorted by end too: the
    # only one a candidate can overlap first is the last to start before the candidate ends.
    starts: list[int] = []
    ends: list[int] = []
    for cand in found:
        if not _plausible(text, cand):
            continue
        k = bisect_left(starts, cand.end)
        if k and ends[k - 1] > cand.start:
            continue
        chosen.append(cand)
        starts.insert(k, cand.start)
        ends.insert(k, cand.end)
    return sorted(chosen, key=lambda c: c.start)


@dataclass(frozen=True)
class TimeScan:
    """The grammar's candidate expressions in one text (``scan_times``), made once for the stage's two calls."""

    text: str
    candidates: tuple[_Candidate, ...]


def scan_times(text: str) -> TimeScan:
    """Run the grammar over ``text`` once: ``document_date`` and ``extract_times`` of the same text read it."""
    return TimeScan(text, tuple(_scan(text)))


def _scanned(text: str, scan: TimeScan | None) -> Sequence[_Candidate]:
    """``scan``'s candidates when it was made from ``text``, else a new scan of it."""
    return scan.candidates if scan is not None and scan.text == text else _scan(text)


def _group(match: re.Match, prefix: str) -> str | None:
    for name, value in match.groupdict().items():
        if value is not None and name.startswith(prefix) and name[len(prefix) :] in ("", "a", "b", "c", "d", "e", "z"):
            return value
    return None


def _month_number(name: str) -> int:
    key = name.rstrip(".").lower()
    for number, month in enumerate(MONTHS, 1):
        if month.lower() == key:
            return number
    return _ABBREVIATIONS[key]


def _point_of(match: re.Match, slot: str) -> _Point | None:
    iso = match.groupdict().get(f"iso{slot}")
    if iso:
        year, month, day = (int(part) for part in iso.split("-"))
        return _Point(year, month, day)
    month_name = _group(match, f"m{slot}")
    day = _group(match, f"d{slot}")
    year = _group(match, f"y{slot}")
    if month_name is None and year is None:
        return None
    return _Point(
        int(year) if year else None,
        _month_number(month_name) if month_name else None,
        int(re.sub(r"\D", "", day)) if day else None,
    )


def _word_before(text: str, start: int) -> str:
    found = re.search(r"([A-Za-z]+)[\s-]*$", text[max(0, start - 30) : start])
    return found.group(1).lower() if found else ""


def _plausible(text: str, cand: _Candidate) -> bool:
    """Filters that need context: bare months and bare years are often not dates."""
    match = cand.match
    if cand.kind == "point":
        point = _point_of(match, "1")
        if point is None:
            return False
        bare_month = point.day is None and point.year is None
        bare_year = point.month is None
        if bare_month and not match.group("mod") and not match.group("rel"):
            return _word_before(text, cand.start) in _TRIGGERS
        if bare_year and not match.group("mod"):
            return _year_plausible(text, cand.start, cand.end, int(point.year))
    if cand.kind == "range":
        return _range_plausible(text, match)
    if cand.kind == "weekday" and _word_before(text, cand.start) in _NAMED_DAYS and not cand.match.group("wrel"):
        return False
    if cand.kind == "season":
        return bool(match.group("srel") or match.group("sy"))
    if cand.kind == "numeric":
        return _numeric_point(match) is not None
    if cand.kind == "duration":  # an age ("children aged 6 months"), not a length of time; "a second day"
        if (match.group("dnum") or "").lower() in ("a", "an") and (match.group("dunit") or "").lower() == "second":
            return False
        return _word_before(text, cand.start) not in ("age", "ages", "aged")
    return True


def _year_plausible(text: str, start: int, end: int, year: int) -> bool:
    before = text[max(0, start - 12) : start]
    after = text[end : end + 20]
    if re.search(r"[\d.,:/#$€£¥-]$", before) or re.match(
        r"[\d,.:/%-]\d|\s*%|\s*(?:per\s*cent|percent)\b|-[A-Za-z]|\s*(?:UTC|GMT|Z\b|hours\b|hrs\b|h\b)", after
    ):
        return False
    word_before = _word_before(text, start)
    if word_before in _NUMBERED_THINGS or _LABEL_CUES.search(before):
        return False
    next_word = re.match(r"\s+([a-z]+)", after)
    if next_word and next_word.group(1) in _COUNT_NOUNS:
        return False
    # "more than 1950 new homes" counts; "around 2010, the firm" and "than 2019 and" are years.
    if _QUANTITY_CUES.search(before) and word_before != "to" and next_word and next_word.group(1) not in _FUNCTION_WORDS:
        return False
    if year < 1800 or year > 2099:
        return word_before in _TRIGGERS
    return True


def _range_plausible(text: str, match: re.Match) -> bool:
    first, second = _point_of(match, "1"), _point_of(match, "2")
    lead, sep = match.group("lead"), match.group("sep").lower()
    if first is None:
        return False
    if sep == "and" and not (lead and lead.strip().lower() == "between"):
        return False
    if second is None:  # "May 7-10": a day number after a full date
        if first.day is None or first.month is None:
            return False
        return 0 < first.day < int(re.sub(r"\D", "", match.group("d2z")))
    bare = lambda p: p.day is None and (p.month is None or p.year is None)  # noqa: E731
    if bare(first) and bare(second) and not lead:
        # "1939-1945" is a range, "1939 to 1945" needs its "from"; bare months always need it.
        if not (sep in "-–—" and first.month is None and second.month is None):
            return False
    if first.month is None and second.month is None:
        return first.year < second.year <= first.year + 200 and _year_plausible(text, match.start(), match.end(), second.year)
    return True


def _numeric_point(match: re.Match) -> _Point | None:
    a, b, year = int(match.group("a")), int(match.group("b")), int(match.group("y"))
    if a > 12 and 1 <= b <= 12:
        return _Point(year, b, a)
    if b > 12 and 1 <= a <= 12:
        return _Point(year, a, b)
    if a == b and 1 <= a <= 12:
        return _Point(year, a, a)
    return None  # 03/09/2021 is March 9 or 3 September: don't guess


# --------------------------------------------------------------------------- tense


_SENTENCE_END = re.compile(r"[.!?]+[\"”’']?\s+(?=[\"“‘'A-Z])|\n+")
_FUTURE = re.compile(
    r"\b(?:will|shall|won't|'ll|is to|are to|to be|is due|are due|due to|plans? to|planning to|planned for|"
    r"scheduled|is set to|are set to|upcoming|forthcoming|going to|intends? to|would|should|could|may|might|"
    r"expected to|next)\b",
    re.IGNORECASE,
)
# Past verb forms; an "-ed" word after a form of "be" is a passive participle ("will be
# finalized"), which says nothing about the past.
_PAST = re.compile(
    r"\b(?:was|were|had|did|said|told|took|met|held|made|came|went|gave|saw|became|began|won|led|spoke|"
    r"wrote|sent|paid|left|brought|fought|ago|last|(?<!be )(?<!been )(?<!being )[a-z]{2,}ed)\b"
)
# Words before a date that fix its direction whatever the verb: "since November" lies in the
# past; "until Friday", "by June" in the future unless the clause is plainly past.
_SINCE = re.compile(r"\b(?:since|ago|last)\s+$", re.IGNORECASE)
_UNTIL = re.compile(r"\b(?:until|till|through|thru|by)\s+(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?$", re.IGNORECASE)
_PLAIN_PAST = re.compile(r"\b(?:was|were|had|did)\b", re.IGNORECASE)


def _sentence_bounds(text: str, start: int) -> tuple[int, int]:
    # The scan for the last boundary starts at the last line start before ``start`` whose first
    # character is no space, not at the text's start (that made long texts quadratic): a boundary
    # always ends there (the line break is one, or ends one), so the boundaries after it are the
    # ones a scan from the text's start finds.
    begin = 0
    newline = text.rfind("\n", 0, start)
    while newline >= 0:
        if newline + 1 < len(text) and not text[newline + 1].isspace():
            begin = newline + 1
            break
        newline = text.rfind("\n", 0, newline)
    # The boundary's lookahead reads the first character of the sentence that holds ``start``.
    for boundary in _SENTENCE_END.finditer(text, begin, min(len(text), start + 1)):
        begin = boundary.end()
    after = _SENTENCE_END.search(text, start)
    return begin, after.start() if after else len(text)


def _tense(text: str, start: int, end: int, doc=None) -> str:
    """'future', 'past' or 'present' for the clause holding text[start:end]."""
    before = text[max(0, start - 30) : start]
    if _SINCE.search(before):
        return "past"
    begin, finish = _sentence_bounds(text, start)
    if _UNTIL.search(before) and not _PLAIN_PAST.search(text, begin, finish):
        return "future"
    if doc is not None:
        tense = _tense_from_doc(doc, start)
        if tense:
            return tense
    markers = []
    for pattern, tense in ((_FUTURE, "future"), (_PAST, "past")):
        for found in pattern.finditer(text, begin, finish):
            if start <= found.start() < end or (tense == "past" and found.group().lower() in _PAST_STOP):
                continue
            distance = start - found.end() if found.end() <= start else found.start() - end
            markers.append((distance, tense == "past", tense))
    return min(markers)[2] if markers else "present"


# Verbs whose infinitive looks ahead ("agreed to meet on Friday"), and verbs that set a date for
# what they plan ("planned a rally on Saturday", "has scheduled a news conference Thursday").
_LOOKING_AHEAD = frozenset("plan expect schedule intend set due go aim hope agree prepare".split())
_PLANNING = frozenset("plan schedule slate intend arrange expect".split())


def _token_from(doc, start: int):
    """The first token at or after character ``start`` (a binary search: a Doc is sorted by offset)."""
    index = bisect_left(doc, start, key=lambda token: token.idx)
    return doc[index] if index < len(doc) else None


def _tense_from_doc(doc, start: int) -> str | None:
    """Tense of the verb that governs the token at ``start``; None when the parse can't tell."""
    token = _token_from(doc, start)
    if token is None:
        return None
    first = token
    for _ in range(12):
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "auxpass"):
            auxes = [child for child in token.children if child.dep_ in ("aux", "auxpass")]
            infinitive = any(aux.text.lower() == "to" for aux in auxes)
            head = (token.head.lemma_ or token.head.text).lower()
            if not infinitive or head in _LOOKING_AHEAD or token.head.i == token.i:
                break
            # "would be ready to leave as soon as Tuesday": an infinitive takes its time from the clause above
        if token.head.i == token.i:
            return None
        token = token.head
    else:
        return None
    low, high = sorted((first.i, token.i))
    if token.pos_ not in ("VERB", "AUX") or any("\n" in t.text_with_ws for t in doc[low:high]):
        return None  # a headline run into the first paragraph is no clause
    auxes = [child for child in token.children if child.dep_ in ("aux", "auxpass")]
    if any(aux.text.lower() in ("will", "shall", "'ll", "wo", "would") for aux in auxes):
        return "future"
    if (token.lemma_ or "").lower() in _PLANNING:
        return "future"  # "plans a rally on Saturday", "has scheduled a news conference Thursday"
    if any(aux.text.lower() == "to" for aux in auxes):
        head = (token.head.lemma_ or token.head.text).lower()
        if head in _LOOKING_AHEAD:
            return "future"
        return None
    if token.tag_ == "VBD" or any(aux.tag_ == "VBD" for aux in auxes):
        return "past"
    if token.tag_ == "VBN" and any(aux.text.lower() in ("have", "has", "had", "'ve") for aux in auxes):
        return "past"
    if token.tag_ in ("VBZ", "VBP") or any(aux.tag_ in ("VBZ", "VBP") for aux in auxes):
        return "present"
    return None


# --------------------------------------------------------------------------- resolution


def _parse_anchor(anchor: str | None) -> date | None:
    if not anchor:
        return None
    try:
        return date.fromisoformat(anchor[:10])
    except ValueError:
        return None


def _iso(day: date) -> str:
    return day.isoformat()


def _month_iso(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _number(word: str) -> int | None:
    word = word.lower().replace("-", " ").strip()
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", word):
        word = word.replace(",", "")
    if word.isdigit():
        return int(word)
    if word in _NUMBER_WORDS:
        return _NUMBER_WORDS[word]
    parts = word.split()
    if len(parts) == 2 and parts[0] in _NUMBER_WORDS and parts[1] in _UNITS:
        return _NUMBER_WORDS[parts[0]] + _UNITS[parts[1]]
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _complete(point: _Point, anchor: date | None, tense: str) -> _Point | None:
    """Give a year-less point the anchor's year, moved by tense; None when there is no anchor."""
    if point.year is not None:
        return point
    if anchor is None or point.month is None:
        return None
    year = anchor.year
    if point.day is not None:
        # The nearest of last year's, this year's and next year's day, where a day on the wrong
        # side of the anchor for the tense counts four times as far: "arrived on December 28"
        # read on January 5 is last December, "will be signed on September 12" read on
        # September 8 is this year, and a past-tense day just after the anchor is a slip of a
        # day or a loose tense, not a year away.
        best = None
        for candidate_year in (year - 1, year, year + 1):
            candidate = _safe_date(candidate_year, point.month, point.day)
            if candidate is None:
                continue
            distance = abs((candidate - anchor).days)
            wrong_side = (tense == "past" and candidate > anchor) or (tense == "future" and candidate < anchor)
            key = distance * (4 if wrong_side else 1)
            if best is None or key < best[0]:
                best = (key, candidate_year)
        if best is None:
            return None
        year = best[1]
    else:
        if tense == "past" and point.month > anchor.month:
            year -= 1
        elif tense == "future" and point.month < anchor.month:
            year += 1
    return _Point(year, point.month, point.day)


def _point_value(point: _Point) -> tuple[str, str] | None:
    if point.year is None:
        return None
    if point.month is None:
        return f"{point.year:04d}", "year"
    if point.day is None:
        return _month_iso(point.year, point.month), "month"
    day = _safe_date(point.year, point.month, point.day)
    return (_iso(day), "day") if day else None


def _apply_mod(value: tuple[str, str] | None, mod: str | None) -> tuple[str, str] | None:
    if value is None or not mod or value[1] != "day":
        return value
    words = mod.lower().split()
    if "eve" in words:
        return _iso(date.fromisoformat(value[0]) - timedelta(days=1)), "day"
    part = next((_PART_OF_DAY[w] for w in words if w in _PART_OF_DAY), None)
    return (f"{value[0]}T{part}", "time") if part else value  # "the morning of May 8": 2025-05-08TMO


def _resolve(text: str, cand: _Candidate, anchor: date | None, doc, last_day: date | None) -> tuple[str, str] | None:
    """The ISO value and granularity of one candidate, or None when it cannot be normalized."""
    match, kind = cand.match, cand.kind
    if kind in ("set", "ref", "fiscal", "yearspan", "decade", "century", "numeric"):
        tense = "present"  # their value does not depend on it
    elif kind == "duration":
        ahead = anchor and re.search(r"\b[Ii]n\s+$", text[max(0, cand.start - 4) : cand.start])
        tense = _tense(text, cand.start, cand.end, doc) if ahead else "present"
    else:
        tense = _tense(text, cand.start, cand.end, doc) if anchor else "present"
    if kind == "point":
        point = _point_of(match, "1")
        rel = (match.group("rel") or "").lower()
        if rel and point.year is None and point.day is None and anchor:
            year = anchor.year
            if rel in ("last", "past"):
                year -= 1 if point.month >= anchor.month else 0
            elif rel in ("next", "coming"):
                year += 1 if point.month <= anchor.month else 0
            point = _Point(year, point.month, None)
        completed = _complete(point, anchor, tense)
        return _apply_mod(_point_value(completed), match.group("mod")) if completed else None
    if kind == "numeric":
        return _point_value(_numeric_point(match))
    if kind == "range":
        return _resolve_range(match, anchor, tense)
    if kind == "dayrange":
        month, year = _month_number(match.group("m")), match.group("y")
        first = _Point(int(year) if year else None, month, int(re.sub(r"\D", "", match.group("d1"))))
        first = _complete(first, anchor, tense)
        if first is None:
            return None
        last = _Point(first.year, month, int(re.sub(r"\D", "", match.group("d2"))))
        return _interval(_point_value(first), _point_value(last))
    if kind == "yearspan":
        first = int(match.group("ys1"))
        second = first // 100 * 100 + int(match.group("ys2"))
        return (f"{first:04d}/{second:04d}", "interval") if first < second <= first + 10 else None
    if kind == "decade":
        if match.group("dec"):
            return match.group("dec")[:3], "decade"
        return "19" + match.group("dec2")[0], "decade"  # "the '70s"
    if kind == "dayrel" and anchor:
        shift = {"last": -1, "next": 1}.get(match.group("dryrel").lower(), 0)
        month = _month_number(match.group("drma") or match.group("drmb"))
        day = _safe_date(anchor.year + shift, month, int(re.sub(r"\D", "", match.group("drda") or match.group("drdb"))))
        return _apply_mod((_iso(day), "day"), match.group("mod")) if day else None
    if kind == "monthrel" and anchor:
        shift = {"last": -1, "next": 1}.get(match.group("yrel").lower(), 0)
        return _month_iso(anchor.year + shift, _month_number(match.group("mr"))), "month"
    if kind == "century":
        number = int(match.group("cent")) if match.group("cent") else _CENTURY_WORDS[match.group("centw").lower()]
        return f"{number - 1:02d}", "century"
    if kind == "quarter":
        return _resolve_quarter(match, anchor, tense)
    if kind == "duration":
        if anchor and re.search(r"\b[Ii]n\s+$", text[max(0, cand.start - 4) : cand.start]) and tense == "future":
            ahead = _resolve_ahead(match, anchor)  # "the summit opens in two days": a date
            if ahead:
                return ahead
        return _resolve_duration(match, anchor)
    if kind == "set":
        return _resolve_set(match)
    if kind == "ref":
        return _resolve_ref(match), "reference"
    if kind == "fiscal":
        return _resolve_fiscal(match, anchor)
    if kind == "season":
        return _resolve_season(match, anchor)
    if anchor is None:
        return None
    if kind == "weekday":
        return _resolve_weekday(match, anchor, tense)
    if kind == "weekend" and match.group("wethe"):
        # "over the weekend": the latest one in a past clause, the coming one in a future clause.
        saturday = anchor + timedelta(days=5 - anchor.weekday())
        if tense == "past" and anchor.weekday() < 5:
            saturday -= timedelta(weeks=1)
        elif tense == "future" and anchor.weekday() == 6:
            saturday += timedelta(weeks=1)
        year, week, _ = saturday.isocalendar()
        return f"{year:04d}-W{week:02d}-WE", "week"
    if kind == "theday":
        if match.group("same"):
            return (_iso(last_day), "day") if last_day else None
        return _iso(last_day or anchor), "day"
    if kind == "yearpart":
        return f"{anchor.year:04d}", "year"
    if kind == "weekend":
        rel = re.sub(r"\s+", " ", match.group("werel").lower())
        shift = {"last": -1, "the past": -1, "next": 1, "the coming": 1}.get(rel, 0)
        year, week, _ = (anchor + timedelta(weeks=shift)).isocalendar()
        return f"{year:04d}-W{week:02d}-WE", "week"
    if kind == "deictic":
        phrase = re.sub(r"\s+", " ", match.group("deic").lower())
        first = phrase.split()[0]
        shift = {"yesterday": -1, "last": -1, "tomorrow": 1}.get(first, 0)
        shift = {"the day before yesterday": -2, "the day after tomorrow": 2}.get(phrase, shift)
        day = _iso(anchor + timedelta(days=shift))
        part = "NI" if phrase in ("tonight", "last night") else _PART_OF_DAY.get(phrase.split()[-1])
        if phrase.startswith("at "):
            return f"{day}T{_NOON[phrase.split()[-1]]}", "time"
        return (f"{day}T{part}", "time") if part else (day, "day")
    if kind == "clock":
        return _resolve_clock(match, anchor, tense, last_day)
    if kind == "unit":
        return _resolve_unit(match, anchor)
    if kind == "ago":
        return _resolve_ago(match, anchor)
    if kind == "offset":
        reference = last_day or anchor
        if match.group("odir1"):
            shift = -1 if match.group("odir1").lower() == "previous" else 1
        else:
            count = _number(match.group("onum"))
            if count is None:
                return None
            shift = -count if match.group("odir2").lower() == "earlier" else count
        return _iso(reference + timedelta(days=shift)), "day"
    return None


def _interval(first: tuple[str, str] | None, last: tuple[str, str] | None) -> tuple[str, str] | None:
    if first is None or last is None or last[0] < first[0]:
        return None
    return f"{first[0]}/{last[0]}", "interval"


def _resolve_range(match: re.Match, anchor: date | None, tense: str) -> tuple[str, str] | None:
    first, second = _point_of(match, "1"), _point_of(match, "2")
    if second is None:
        day = int(re.sub(r"\D", "", match.group("d2z")))
        year = int(match.group("y2z")) if match.group("y2z") else first.year
        second = _Point(year, first.month, day)
    # Missing parts of one end come from the other: "May 7 to 10", "7 May to 10 June 2025".
    if second.month is None and first.month is not None and first.day is not None and second.year is None:
        return None
    year = first.year or second.year
    first = _Point(year, first.month, first.day)
    first = _complete(first, anchor, tense)
    if first is None:
        return None
    second = _Point(second.year or first.year, second.month or (first.month if second.day else None), second.day)
    if second.year is not None and first.year is not None and second.year < first.year:
        return None
    if first.month is not None and second.month is not None and second.year == first.year:
        if (second.month, second.day or 0) < (first.month, first.day or 0):
            second = _Point(second.year + 1, second.month, second.day)  # "December 28 to January 3"
    return _interval(_point_value(first), _point_value(second))


def _resolve_weekday(match: re.Match, anchor: date, tense: str) -> tuple[str, str]:
    weekday = WEEKDAYS.index(match.group("wd").capitalize())
    rel = (match.group("wrel") or "").lower()
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if rel in ("last", "past"):
        day = anchor - timedelta(days=back or 7)
        if rel == "last" and back == 1:
            # Yesterday would be "yesterday" or "on Thursday": "last Thursday", written on a Friday,
            # is the Thursday of the week before.
            day -= timedelta(weeks=1)
    elif rel in ("next", "coming"):
        day = anchor + timedelta(days=ahead or 7)
    elif tense == "future":
        day = anchor + timedelta(days=ahead)
    else:
        day = anchor - timedelta(days=back)
    value = _apply_mod((_iso(day), "day"), match.group("mod"))
    part = _PART_OF_DAY.get((match.group("part") or "").lower())
    return (f"{value[0]}T{part}", "time") if part and value[1] == "day" else value


def _weekday_date(name: str, anchor: date, tense: str) -> date:
    """The weekday ``name`` nearest the anchor on the side the tense points to."""
    weekday = WEEKDAYS.index(name.capitalize())
    if tense == "future":
        return anchor + timedelta(days=(weekday - anchor.weekday()) % 7)
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


def _resolve_clock(match: re.Match, anchor: date | None, tense: str, last_day: date | None) -> tuple[str, str] | None:
    """A clock time on the day it names ("15:00 GMT Saturday"), else on the last day named, else the anchor's."""
    if match.group("cnoon"):
        clock = _NOON[match.group("cnoon").lower()]
    else:
        hour = int(match.group("ch") or match.group("ch2"))
        minute = int(match.group("cm") or match.group("cm2") or 0)
        meridiem = (match.group("cap1") or match.group("cap2") or "").lower()
        if meridiem.startswith("p") and hour < 12:
            hour += 12
        elif meridiem.startswith("a") and hour == 12:
            hour = 0
        clock = f"{hour:02d}:{minute:02d}"
    named = (match.group("cday") or "").lower()
    if anchor is None:
        return None
    if named in ("yesterday", "today", "tomorrow"):
        day = anchor + timedelta(days={"yesterday": -1, "tomorrow": 1}.get(named, 0))
    elif named:
        day = _weekday_date(named, anchor, tense)
    else:
        day = last_day or anchor
    return f"{_iso(day)}T{clock}", "time"


def _duration_length(count: int | None, unit: str) -> str:
    """ISO 8601 length: (17, 'years') -> P17Y, (None, 'months') -> PXM, (24, 'hours') -> PT24H."""
    unit = unit.lower().rstrip("s").replace("centurie", "century")
    number = "X" if count is None else str(count)
    if unit == "decade":
        return f"P{count * 10}Y" if count is not None else "PXDE"
    if unit == "century":
        return f"P{count * 100}Y" if count is not None else "PXCE"
    if unit == "fortnight":
        return f"P{count * 2}W" if count is not None else "PXW"
    if unit in ("hour", "minute", "second"):
        return f"PT{number}{unit[0].upper()}"
    return f"P{number}{_UNIT_LETTER[unit]}"


def _resolve_duration(match: re.Match, anchor: date | None) -> tuple[str, str, str] | tuple[str, str]:
    """A length of time (``P17Y``); "the last 27 years" / "the next five years" also carry the interval they cover."""
    if match.group("dunit3") or match.group("dunit4"):
        unit = match.group("dunit3") or match.group("dunit4")
        return _duration_length(None if unit.lower().endswith("s") else 1, unit), "duration"
    if match.group("dunit2"):
        unit, rel = match.group("dunit2"), match.group("drel2").lower()
        count = None if unit.lower().endswith("s") else 1  # "the past weeks" (PXW); "the past decade" (P10Y)
    else:
        unit, rel = match.group("dunit"), (match.group("drel") or "").lower()
        count = _number(match.group("dnum")) if match.group("dnum") else None
    length = _duration_length(count, unit)
    if anchor is None or count is None or rel not in ("past", "last", "next", "coming"):
        return length, "duration"
    sign = 1 if rel in ("next", "coming") else -1
    unit = unit.lower().rstrip("s")
    if unit in ("year", "decade", "century", "centurie"):
        years = count * {"year": 1, "decade": 10}.get(unit, 100)
        ends = (anchor.year, anchor.year + sign * years)
        interval = f"{min(ends):04d}/{max(ends):04d}"
    elif unit == "month":
        other = _month_iso(*_shift_month(anchor.year, anchor.month, sign * count))
        ends = (_month_iso(anchor.year, anchor.month), other)
        interval = f"{min(ends)}/{max(ends)}"
    elif unit in ("day", "week", "night", "fortnight"):
        days = count * {"week": 7, "fortnight": 14}.get(unit, 1)
        ends = (_iso(anchor), _iso(anchor + timedelta(days=sign * days)))
        interval = f"{min(ends)}/{max(ends)}"
    else:
        return length, "duration"
    return interval, "duration", length


def _resolve_ahead(match: re.Match, anchor: date) -> tuple[str, str] | None:
    """ "in two days", "in three months" said of what is to come: the date that far after the anchor."""
    if not match.group("dunit") or match.group("ddet") or match.group("drel") or not match.group("dnum"):
        return None
    count = _number(match.group("dnum"))
    unit = match.group("dunit").lower().rstrip("s")
    if count is None:
        return None
    if unit == "day":
        return _iso(anchor + timedelta(days=count)), "day"
    if unit == "week":
        return _iso(anchor + timedelta(weeks=count)), "day"
    if unit == "month":
        return _month_iso(*_shift_month(anchor.year, anchor.month, count)), "month"
    if unit == "year":
        return f"{anchor.year + count:04d}", "year"
    return None


def _resolve_set(match: re.Match) -> tuple[str, str]:
    """A recurring time: "every Monday" -> XXXX-WXX-1, "annually" -> P1Y, "$5 billion a year" -> P1Y."""
    adverb = (match.group("sadv") or "").lower()
    if adverb:
        return _SET_ADVERBS[adverb], "set"
    per = match.group("sper2")
    if per:
        return _duration_length(1, per.split()[-1]), "set"
    unit = match.group("sunit").lower()
    word = (match.group("snum") or "").lower()
    count = 2 if word == "other" else _number(word) if word else 1
    if unit.capitalize() in WEEKDAYS:
        return f"XXXX-WXX-{WEEKDAYS.index(unit.capitalize()) + 1}", "set"
    if unit in SEASONS:
        return f"XXXX-{SEASONS[unit]}", "set"
    if unit in _PART_OF_DAY:
        return f"XXXX-XX-XXT{_PART_OF_DAY[unit]}", "set"
    if unit == "season":
        return "P1Y", "set"
    return _duration_length(count, unit), "set"


def _resolve_ref(match: re.Match) -> str:
    if match.group("rnow"):
        return "PRESENT_REF"
    if match.group("rfuture") or match.group("rsoon") or match.group("rsoon2"):
        return "FUTURE_REF"
    return "PAST_REF"


def _resolve_fiscal(match: re.Match, anchor: date | None) -> tuple[str, str] | None:
    """A fiscal year by its number: "fiscal 2013", "FY13", "this fiscal year" (the anchor's year, moved by its word)."""
    year = match.group("fy") or match.group("fy2")
    if year:
        return (f"20{year}" if len(year) == 2 else year), "year"
    if anchor is None:
        return None
    rel = re.sub(r"\s+", " ", match.group("frel").lower())
    shift = {"last": -1, "the previous": -1, "the past": -1, "next": 1, "the coming": 1}.get(rel, 0)
    return f"{anchor.year + shift:04d}", "year"


def _resolve_unit(match: re.Match, anchor: date) -> tuple[str, str]:
    rel = re.sub(r"\s+", " ", match.group("urel").lower())
    unit = match.group("unit").lower()
    shift = -1 if rel in ("last", "the previous", "the past", "the last") else 1 if rel in ("next", "the coming", "the following") else 0
    if unit == "year":
        return f"{anchor.year + shift:04d}", "year"
    if unit == "month":
        return _month_iso(*_shift_month(anchor.year, anchor.month, shift)), "month"
    year, week, _ = (anchor + timedelta(weeks=shift)).isocalendar()
    return f"{year:04d}-W{week:02d}", "week"


def _resolve_ago(match: re.Match, anchor: date) -> tuple[str, str] | None:
    count = _number(match.group("num"))
    unit = match.group("aunit").lower().rstrip("s")
    if count is None:
        return None
    if unit == "day":
        return _iso(anchor - timedelta(days=count)), "day"
    if unit == "week":
        return _iso(anchor - timedelta(weeks=count)), "day"
    if unit == "month":
        return _month_iso(*_shift_month(anchor.year, anchor.month, -count)), "month"
    if unit == "decade":
        return f"{(anchor.year - 10 * count) // 10:03d}", "decade"
    return f"{anchor.year - count:04d}", "year"


def _resolve_quarter(match: re.Match, anchor: date | None, tense: str) -> tuple[str, str] | None:
    if match.group("qn"):
        return f"{match.group('qny')}-{match.group('qn')}", "quarter"
    word = match.group("q").lower()
    if match.group("qy"):
        return f"{match.group('qy')}-Q{_ORDINAL_WORDS.get(word) or int(word[0])}", "quarter"
    if anchor is None:
        return None
    current = (anchor.month - 1) // 3 + 1
    if word == "last" and not match.group("qrel"):  # "the last quarter": the one before the anchor's
        year, number = (anchor.year, current - 1) if current > 1 else (anchor.year - 1, 4)
        return f"{year:04d}-Q{number}", "quarter"
    number = _ORDINAL_WORDS.get(word) or int(word[0])
    if match.group("qrel"):
        year = anchor.year + {"last": -1, "next": 1}.get(match.group("qrel").lower(), 0)
    else:
        year = anchor.year
        if tense == "past" and number > current:
            year -= 1
        elif tense == "future" and number < current:
            year += 1
    return f"{year:04d}-Q{number}", "quarter"


def _resolve_season(match: re.Match, anchor: date | None) -> tuple[str, str] | None:
    code = SEASONS[match.group("season").lower()]
    if match.group("sy"):
        return f"{match.group('sy')}-{code}", "season"
    if anchor is None:
        return None
    rel = re.sub(r"\s+", " ", (match.group("srel") or "this").lower())
    year = anchor.year + {"last": -1, "the past": -1, "next": 1, "the coming": 1}.get(rel, 0)
    return f"{year:04d}-{code}", "season"


# --------------------------------------------------------------------------- generic "today"
#
# "Today" often means "nowadays": "Today, the alliance continues to grow", "the world we live
# in today", "today's leaders". Only the deictic "today" ("said today", "will meet today",
# "today's vote") is the article's day.

# Nouns naming what happens on a day: "today" beside them is that day ("talks today", "today's vote").
_EVENT_NOUNS = frozenset(
    "meeting talk negotiation summit session vote voting ballot election poll referendum ceremony parade "
    "match game race speech address announcement statement decision ruling verdict hearing trial sentencing "
    "attack strike airstrike protest rally march demonstration visit trip launch briefing conference event "
    "deadline deal agreement signing trading close opening result news edition paper newspaper broadcast "
    "interview debate discussion consultation exercise drill flight departure arrival funeral celebration "
    "commemoration holiday incident explosion blast crash shooting bombing raid operation offensive assault "
    "agenda schedule programme program show headline release report data figure auction sale fall drop "
    "rise gain loss decline selloff sell-off cut hike move shutdown closure strike walkout inauguration "
    "swearing-in signing handover exchange call phone meeting episode performance concert festival "
    "appearance testimony vote count".split()
)
# Nouns of the present age: "today's world", "today's youth".
_AGE_NOUNS = frozenset(
    "world society youth generation economy reality era age times standard environment context climate "
    "condition challenge threat relationship relation order situation politics technology culture life "
    "market".split()
)
# Verbs of states: in the present tense with "today" they describe the present age ("as we live today").
_STATE_VERBS = frozenset(
    "live exist remain continue stand face consist be have need depend know see seem look lie belong understand mean represent".split()
)
_TIME_WORDS = frozenset("utc gmt cet est edt pst bst am pm a.m. p.m. noon midday midnight o'clock hours".split())


def _singular(word: str) -> str:
    word = word.lower()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _generic_noun(word: str, proper: bool, plural: bool) -> bool:
    """True when a noun beside 'today' names something of the present age, not a day's event."""
    singular = _singular(word)
    if singular in _EVENT_NOUNS or word.lower() in _EVENT_NOUNS:
        return False
    return proper or plural or singular in _AGE_NOUNS


def _generic_today(text: str, start: int, end: int, doc=None) -> bool:
    """True when 'today' at text[start:end] means 'nowadays' rather than the article's day."""
    after = text[end : end + 40]
    begin = _sentence_bounds(text, start)[0]
    opening = not text[begin:start].strip(" \t\"“‘'(") or re.search(r"[:;,]?\s*[\"“‘]\s*$", text[begin:start])
    initial = bool(opening) and re.match(r"\s*,", after) is not None
    possessive = re.match(r"['’]s\b", after)
    if doc is not None:
        token = _token_from(doc, start)
        token = token if token is not None and token.idx == start else None
        if token is not None:
            return _generic_today_parsed(text, token, initial, bool(possessive))
    if possessive:
        following = re.match(r"['’]s\s+([A-Za-z][\w-]*)", after)
        if not following:
            return False
        word = following.group(1)
        return _generic_noun(word, word[0].isupper(), _singular(word) != word.lower())
    if initial:  # the clause "Today," opens, up to the end of the sentence
        clause = text[start : _sentence_bounds(text, start)[1]]
        return _tense(clause, 0, end - start) == "present"
    before = re.search(r"([a-z]+)\s+$", text[max(0, start - 20) : start])
    return bool(before) and before.group(1) in ("live", "lives", "exist", "exists", "stands", "remains")


def _generic_today_parsed(text: str, token, initial: bool, possessive: bool) -> bool:
    doc = token.doc
    if possessive or token.dep_ == "poss":
        head = token.head
        if head.i == token.i or head.pos_ not in ("NOUN", "PROPN"):
            return False
        return _generic_noun(head.text, head.pos_ == "PROPN", head.tag_ in ("NNS", "NNPS"))
    previous = doc[token.i - 1] if token.i > 0 else None
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if previous is not None and (previous.like_num or previous.lower_ in _TIME_WORDS):
        return False  # "at 16:00 UTC today"
    if previous is not None and previous.lower_ == "of" and previous.i > 0:
        previous = doc[previous.i - 1]  # "the world of today", "the events of today"
    tense = None
    verb = token.head if token.head.pos_ in ("VERB", "AUX") else None
    if verb is not None:
        tense = _tense_from_doc(doc, verb.idx)
    if tense is None:
        tense = _tense(text, token.idx, token.idx + len(token))
    if previous is not None and previous.pos_ in ("NOUN", "PROPN") and previous.dep_ != "compound":
        if _singular(previous.text) in _EVENT_NOUNS or previous.lower_ in _EVENT_NOUNS:
            return False  # "talks today"
        # "the relationship today between ...": the noun's present state, whatever the verb;
        # before a verb ("Apple today launched") the subject's action, dated by its tense.
        if following is None or following.pos_ not in ("VERB", "AUX") or tense == "present":
            return previous.pos_ == "NOUN" or tense == "present"
    if tense != "present":
        return False
    if initial:
        return True
    return verb is not None and verb.lemma_.lower() in _STATE_VERBS


_TYPE_OF_GRANULARITY = MappingProxyType({"time": "TIME", "duration": "DURATION", "set": "SET"})
_PREPOSITION = re.compile(r"\b(?:[Oo]n|[Ii]n|[Aa]t|ON|IN|AT)\s+$")


def extract_times(text: str, anchor: str | None, doc=None, *, scan: TimeScan | None = None) -> list[TimeExpr]:
    """Time expressions in ``text`` normalized against ``anchor`` (ISO date or None), in text order.

    ``doc`` is an optional spaCy Doc of the same text, used for the tense that sends weekdays
    and year-less dates to the past or the future. Without an anchor, expressions that need one
    are left out. ``scan``: ``scan_times(text)`` when already made.
    """
    anchor_day = _parse_anchor(anchor)
    times: list[TimeExpr] = []
    narrative: list[tuple[date, bool]] = []  # days named so far, with whether each only modifies a noun
    previous_end = 0
    undated: set[int] = set()  # clock times whose day was not written beside them
    quoted: list[tuple[int, _Candidate]] = []  # "tomorrow", "on Friday" said inside a quote
    for cand in _scanned(text, scan):
        last_day = _antecedent_day(text, cand, narrative, anchor_day, doc)
        resolved = _resolve(text, cand, anchor_day, doc, last_day)
        if resolved is None:
            continue
        value, granularity, *length = resolved
        if cand.kind == "deictic" and cand.match.group("deic").lower() == "today":
            if _generic_today(text, cand.start, cand.end, doc):
                value, granularity = "PRESENT_REF", "reference"  # "today" meaning nowadays
        start = cand.start
        if cand.kind == "duration" and cand.match.group("ddet") and not cand.match.group("drel"):
            if "-" in text[cand.match.end("dnum") : cand.match.start("dunit")]:
                start = cand.match.start("dnum")  # "the [two-day] visit": the length, not the noun phrase
        if cand.kind == "theday" and cand.match.group("dayA"):
            start = cand.match.start("dayA")  # "ended [the day] down 2%"
        preposition = _PREPOSITION.search(text, max(previous_end, start - 4), start)
        if preposition and cand.kind not in ("deictic",) and not (cand.match.groupdict().get("lead")):
            start = preposition.start()
        if cand.kind == "clock" and not cand.match.group("cday"):
            undated.add(len(times))
        if cand.kind in ("deictic", "weekday") and granularity in ("day", "time") and ("“" in text or '"' in text):
            quoted.append((len(times), cand))
        kind = _TYPE_OF_GRANULARITY.get(granularity, "DATE")
        duration = (length[0] if length else value) if kind == "DURATION" else None
        times.append(TimeExpr(text[start : cand.end], start, cand.end, value, granularity, kind, duration))
        previous_end = cand.end
        if granularity == "day" and "/" not in value:
            narrative.append((date.fromisoformat(value), _attributive(text, cand.start, cand.end)))
    times = _speech_days(text, times, quoted, anchor_day, doc)
    return _join_weekday_dates(text, _clock_days(text, times, undated))


_SAID = re.compile(r"\b(?:said|says|told|added|stated|declared|announced|wrote|noted|stressed|insisted|warned)\b")


def _speech_days(text: str, times: list[TimeExpr], quoted: list[tuple[int, _Candidate]], anchor: date | None, doc) -> list[TimeExpr]:
    """Inside a quote, "tomorrow" and "on Friday" count from the day the speaker spoke, when the text dates it.

    'Smith said on Tuesday: "We meet tomorrow."' read on a Friday: tomorrow is Wednesday. The
    speaking day is a day named outside the quote, in its paragraph, beside a speech verb.
    """
    if not quoted or anchor is None:
        return times
    spans = [(start, end) for _, start, end, _ in find_quoted_spans(text)]
    out = list(times)
    for index, cand in quoted:
        quote = next(((start, end) for start, end in spans if start <= cand.start and cand.end <= end), None)
        if quote is None:
            continue
        spoken = _spoken_on(text, times, quote, spans)
        if spoken is None or spoken == anchor:
            continue
        resolved = _resolve(text, cand, spoken, doc, None)
        if resolved is not None:
            out[index] = replace(times[index], value=resolved[0])
    return out


def _spoken_on(text: str, times: list[TimeExpr], quote: tuple[int, int], spans: list[tuple[int, int]]) -> date | None:
    """The day the quote at ``quote`` was spoken: a day outside quotes, in its paragraph, joined to it by a speech verb."""
    begin = text.rfind("\n", 0, quote[0]) + 1
    finish = text.find("\n", quote[1])
    finish = len(text) if finish < 0 else finish
    best = None
    for time in times:
        if time.granularity != "day" or "/" in time.value or not begin <= time.start < finish:
            continue
        if any(start <= time.start < end for start, end in spans):
            continue
        between = text[quote[1] : time.start] if time.start >= quote[1] else text[time.end : quote[0]]
        if len(between) > 120 or not _SAID.search(between + " " + text[time.start : time.end]):
            continue
        distance = len(between)
        if best is None or distance < best[0]:
            best = (distance, date.fromisoformat(time.value))
    return best[1] if best else None


def _clock_days(text: str, times: list[TimeExpr], undated: set[int]) -> list[TimeExpr]:
    """A clock time takes the day a date just after it names: "around 8:30 p.m. BST (1930 UTC) on August 27"."""
    out = list(times)
    for i in sorted(undated):
        following = times[i + 1] if i + 1 < len(times) else None
        if following is None or following.granularity != "day" or following.start - times[i].end > 30:
            continue
        if re.search(r"[.;!?\n]", text[times[i].end : following.start]):
            continue
        time = times[i]
        out[i] = replace(time, value=following.value + time.value[10:])
    return out


_DETERMINER_BEFORE = re.compile(r"(?:\b(?i:the|a|an|its|his|her|their|our|this|that)|['’]s)\s+$")
_NOUN_AFTER = re.compile(
    r"\s+(?!(?:and|or|to|through|until|till|at|in|on|of|for|when|as|that|which|with|by|is|was|"
    r"were|will|would|has|had|have|local|time|last|this|next)\b)[a-z][a-z-]+\b"
)


def _attributive(text: str, start: int, end: int) -> bool:
    """A date that only modifies a noun: 'the November 27 agreement', 'its January 3 security alert'.

    Such a date names a thing; it is not the time the narrative has moved to, so "the same day"
    and "the following day" do not count from it.
    """
    return bool(_DETERMINER_BEFORE.search(text, max(0, start - 8), start) and _NOUN_AFTER.match(text, end))


def _antecedent_day(text: str, cand: _Candidate, narrative: list[tuple[date, bool]], anchor: date | None, doc) -> date | None:
    """The day "the same day" / "the following day" counts from: the last narrative day named.

    Days that only modify a noun are passed over while a narrative day precedes them, and in a
    past-tense clause ("the rules were released later the same day") so is a day after the
    report's date, which a past event cannot share.
    """
    if not narrative:
        return None
    candidates = [day for day, attributive in narrative if not attributive] or [day for day, _ in narrative]
    if cand.kind in ("theday", "offset") and anchor is not None:
        past = [day for day in candidates if day <= anchor]
        if past and past[-1] != candidates[-1] and _tense(text, cand.start, cand.end, doc) == "past":
            return past[-1]
    return candidates[-1]


_WEEKDAY_ONLY = re.compile(rf"^(?:(?i:on)\s+)?(?:{'|'.join(WEEKDAYS)})$")


def _join_weekday_dates(text: str, times: list[TimeExpr]) -> list[TimeExpr]:
    """'Wednesday, January 23, 2019' is one expression: the weekday joins the full date after it."""
    joined: list[TimeExpr] = []
    for time in times:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and time.granularity == "day"
            and _WEEKDAY_ONLY.match(previous.text)
            and re.fullmatch(r"\s*,\s*", text[previous.end : time.start])
        ):
            joined[-1] = TimeExpr(text[previous.start : time.end], previous.start, time.end, time.value, "day")
            continue
        joined.append(time)
    return joined


# --------------------------------------------------------------------------- document date


def _reference_event(phrase: str, anniversaries: Sequence[Anniversary]) -> Anniversary | None:
    """The table event that ``phrase`` (the words after 'anniversary of') opens with."""
    phrase = strip_the(re.sub(r"\s+", " ", phrase))
    best: tuple[int, int, Anniversary] | None = None
    for event in anniversaries:
        for alias in event.aliases:
            if alias not in phrase:
                continue  # the pattern below matches the alias as written: no need to build it
            found = re.search(rf"(?<![\w-]){re.escape(alias)}(?![\w-])", phrase)
            if found and found.start() <= 30:
                key = (found.start(), -len(alias))
                if best is None or key < best[:2]:
                    best = (key[0], key[1], event)
    return best[2] if best else None


_ORDINAL_UNITS = MappingProxyType({"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                  "eighth": 8, "ninth": 9})  # fmt: skip
_ORDINAL_NUMBERS = MappingProxyType({"tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
                    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
                    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
                    "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100, **_ORDINAL_UNITS})  # fmt: skip
_TENS = MappingProxyType({"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90})


def _ordinal(word: str) -> int | None:
    """'75th' -> 75, 'seventy-fifth' -> 75, 'eightieth' -> 80."""
    word = word.lower()
    digits = re.fullmatch(r"(\d{1,3})(?:st|nd|rd|th)", word)
    if digits:
        return int(digits.group(1))
    if word in _ORDINAL_NUMBERS:
        return _ORDINAL_NUMBERS[word]
    tens, _, unit = word.replace(" ", "-").partition("-")
    if tens in _TENS and unit in _ORDINAL_UNITS:
        return _TENS[tens] + _ORDINAL_UNITS[unit]
    return None


_ORDINAL_WORD_RE = (
    r"\d{1,3}(?:st|nd|rd|th)|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ])?"
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|tenth|eleventh|twelfth|\w+teenth|\w+ieth|hundredth"
)
_ANNIVERSARY = re.compile(rf"\b(?P<n>{_ORDINAL_WORD_RE})\s+anniversary\s+of\s+(?P<what>[^.;:!?\n]{{1,120}})", re.IGNORECASE)
_YEARS_SINCE = re.compile(rf"\b(?P<n>{_NUM})\s+years\s+(?:since|after)\s+(?P<what>[^.;:!?\n]{{1,120}})", re.IGNORECASE)
_YEARS_AGO_IN = re.compile(
    rf"\b(?P<n>{_NUM})\s+years\s+ago,?\s+in\s+(?P<y>{_YEAR})|\bin\s+(?P<y2>{_YEAR}),?\s+(?P<n2>{_NUM})\s+years\s+ago",
    re.IGNORECASE,
)
_THIS_YEAR = re.compile(r"\bthis\s+year\b|\bmarks?\b|\bmarking\b|\bcelebrat|\bcommemorat", re.IGNORECASE)


def _quote_spans(layout: Layout) -> list[tuple[int, int]]:
    """The document's quoted spans, marks included: nothing quoted dates the article."""
    return [(open_at, after) for open_at, _, _, after in layout.quoted]


@dataclass(frozen=True)
class _Evidence:
    day: date  # the earliest day the evidence allows
    granularity: str  # day, month, year
    strength: float
    text: str
    future: bool = False
    quoted: bool = False  # inside a quotation: speakers recall history, so it never sets the year alone


def _year_evidence(text: str, anniversaries: Sequence[Anniversary]) -> list[_Evidence]:
    """Years the text dates itself in: anniversaries of table events, 'N years ago, in YEAR'."""
    found = []
    lowered = text.lower()
    # Each pattern needs its words: most texts hold neither "anniversary" nor "years".
    for pattern, word in ((_ANNIVERSARY, "anniversary"), (_YEARS_SINCE, "years")):
        if not _may_contain(text, lowered, (word,)):
            continue
        for match in pattern.finditer(text):
            count = _ordinal(match.group("n")) if pattern is _ANNIVERSARY else _number(match.group("n"))
            event = _reference_event(match.group("what"), anniversaries)
            if count is None or event is None or not 0 < count < 1000:
                continue
            year = event.date.year + count
            cue = _THIS_YEAR.search(text, max(0, match.start() - 60), match.start() + 5)
            day = _safe_date(year, event.date.month, event.date.day) or date(year, event.date.month, 28)
            strength = 0.7 if cue and "this" in cue.group().lower() else 0.5
            found.append(_Evidence(day, "year", strength, match.group(0)[:80].strip()))
    for match in _YEARS_AGO_IN.finditer(text) if _may_contain(text, lowered, ("years",), ("ago",)) else ():
        count = _number(match.group("n") or match.group("n2"))
        if count is not None:
            year = int(match.group("y") or match.group("y2")) + count
            found.append(_Evidence(date(year, 1, 1), "year", 0.7, match.group(0)))
    return found


def _dated_evidence(
    text: str, year: int | None, doc, quotes: Sequence[tuple[int, int]], scanned: Sequence[_Candidate]
) -> list[_Evidence]:
    """Explicit dates (with their years, or year-less ones placed in ``year``) as evidence.

    ``scanned``: ``_scan(text)``, which the caller makes once for both of its calls.
    """
    found = []
    for cand in scanned:
        if cand.kind not in ("point", "range", "numeric", "dayrange"):
            continue
        match = cand.match
        if cand.kind == "numeric":
            point = _numeric_point(match)
        elif cand.kind == "dayrange":
            point = _Point(int(match.group("y")) if match.group("y") else None, _month_number(match.group("m")),
                           int(re.sub(r"\D", "", match.group("d1"))))  # fmt: skip
        else:
            point = _point_of(match, "1")
            if cand.kind == "range" and point is not None and point.year is None:
                second = _point_of(match, "2")
                year_of_range = second.year if second else (int(match.group("y2z")) if match.group("y2z") else None)
                point = _Point(year_of_range, point.month, point.day)
        if point is None or point.month is None:
            continue
        explicit = point.year is not None
        if not explicit:
            if year is None:
                continue
            point = _Point(year, point.month, point.day)
        day = _safe_date(point.year, point.month, point.day or 1)
        if day is None:
            continue
        future = _tense(text, cand.start, cand.end, doc) == "future"
        granularity = "day" if point.day else "month"
        strength = (0.6 if explicit else 0.5) if point.day else 0.4
        quoted = any(start <= cand.start < end for start, end in quotes)
        found.append(_Evidence(day, granularity, strength, text[cand.start : cand.end], future, quoted))
    return found


def _dateline_day(date_text: str) -> tuple[int, int] | None:
    for cand in _scan(date_text):
        point = _point_of(cand.match, "1") if cand.kind == "point" else None
        if point and point.month and point.day:
            return point.month, point.day
    return None


_YEAR_DIGITS = re.compile(_YEAR)
_DATE_LINE_REST = re.compile(
    r"^[\s,.|/–—-]*(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?)?[\s,.|/–—-]*"
    r"(?:(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*(?:UTC|GMT|[A-Z]{2,4}))?)?[\s,.|/–—-]*$",
    re.IGNORECASE,
)


def _date_line(text: str) -> _Evidence | None:
    """A full date standing alone on one of the first lines ("Tuesday, October 8, 2019"), as web pages print it."""
    offset = 0
    for line in text[:1500].splitlines()[:12]:
        if not any(ch.isdigit() for ch in line):
            continue  # a full date holds its day and year in digits
        if not _YEAR_DIGITS.search(line):
            continue  # nor without a year's four digits
        for cand in _scan(line):
            if cand.kind not in ("point", "numeric"):
                continue
            point = _numeric_point(cand.match) if cand.kind == "numeric" else _point_of(cand.match, "1")
            if not point or not (point.year and point.month and point.day):
                continue
            rest = line[: cand.start] + " " + line[cand.end :]
            day = _safe_date(point.year, point.month, point.day)
            if day and _DATE_LINE_REST.match(rest):
                return _Evidence(day, "day", 0.7, line.strip())
        offset += len(line) + 1
    return None


def document_date(document: Document, layout: Layout, resources: Resources, doc=None, *, scan: TimeScan | None = None) -> Published:
    """The publication date: from header/metadata, else the dateline's day with the text's year, else inferred.

    An article with no dated evidence at all but with office holders ("Chinese President Xi
    Jinping") and a year-less day ("on May 8") is dated by placing that day in the window when
    all of them held their offices (confidence 0.3). ``layout`` gives the quoted spans (nothing
    quoted dates the article), ``resources`` the anniversaries, office words and people.
    ``scan``: ``scan_times(document.text)`` when already made.
    """
    if document.published.date:
        return document.published
    text = document.text
    if not (document.dateline and document.dateline.date_text):
        printed = _date_line(text)
        if printed is not None:
            return Published(_iso(printed.day), "inferred", printed.strength, printed.text)
    quotes = _quote_spans(layout)
    years = _year_evidence(text, resources.anniversaries)
    strong = [e for e in years if e.strength >= 0.7]
    scanned = _scanned(text, scan)
    explicit = [e for e in _dated_evidence(text, None, doc, quotes, scanned) if not e.future and not e.quoted]
    dateline_day = _dateline_day(document.dateline.date_text) if document.dateline and document.dateline.date_text else None

    year: int | None = None
    source: _Evidence | None = None
    if strong:
        source = max(strong, key=lambda e: e.day)
    elif explicit:
        source = max(explicit, key=lambda e: e.day)
    elif years:
        source = max(years, key=lambda e: e.day)
    if source is not None:
        year = source.day.year

    if year is None:
        return _date_by_offices(document, doc, resources, quotes, scanned) or NO_DATE
    if dateline_day is not None:
        if year is None:
            return NO_DATE
        month, day = dateline_day
        published = _safe_date(year, month, day)
        if published is None:
            return NO_DATE
        # "January 3" beside "December 28, 2020" (already past) is January 3, 2021.
        latest = max((e.day for e in explicit if e.granularity == "day"), default=None)
        if latest and latest.year == year and latest > published + timedelta(days=7):
            published = _safe_date(year + 1, month, day) or published
        confidence = 0.9 if source.strength >= 0.6 else 0.7
        return Published(_iso(published), "dateline", confidence, f"{document.dateline.date_text}; {source.text}")

    if year is None:
        return NO_DATE
    evidence = [e for e in _dated_evidence(text, year, doc, quotes, scanned) if not e.future and e.day.year <= year]
    by_day = [e for e in evidence if e.granularity == "day"]
    by_month = [e for e in evidence if e.granularity == "month"]
    agreeing = sum(e.day.year == year for e in years + explicit) > 1  # two independent signs of the year
    if by_day:
        best = max(by_day, key=lambda e: e.day)
        confidence = min(0.7, best.strength + (0.1 if agreeing else 0.0))
        return Published(_iso(best.day), "inferred", confidence, f"{best.text}; year from {source.text}")
    if by_month:
        best = max(by_month, key=lambda e: e.day)
        return Published(_iso(best.day), "inferred", 0.4, f"{best.text}; year from {source.text}")
    return Published(_iso(source.day), "inferred", 0.3, source.text)


# --------------------------------------------------------------------------- dating by office holders
#
# "US President Donald Trump" says the article was written while Trump was president. Each
# title+person pair gives the union of that person's terms in that office; the pairs of an
# article are intersected, and a year-less day of the text ("on May 8") is placed in the window.


@dataclass(frozen=True)
class _OfficeWindow:
    person: str  # knowledge-base id
    spans: tuple[tuple[date, date], ...]  # sorted, disjoint, inclusive
    strength: float
    former: bool
    text: str
    mentions: int = 1


_EARLIEST, _LATEST = date(1, 1, 1), date(9999, 12, 31)
_FORMER = re.compile(r"\b(?:former|ex|erstwhile)[\s-]*$", re.IGNORECASE)
# The title names another time than the article's: "then-President", "the late King", "President-elect".
_NOT_NOW = re.compile(r"\b(?:then|late|future|incoming|would-be|next|previous|past|first|last)[\s-]*$", re.IGNORECASE)
_NAME = (
    r"(?:[A-Z]\.|[A-Z][\w'’-]*)(?:[ \t]+(?:(?:da|de|dos|do|van|von|der|bin|al|el|le|la|di|del|ibn)[ \t]+)?"
    r"(?:[A-Z]\.|[A-Z][\w'’-]*)){0,4}"
)
_NAME_RUN = re.compile(_NAME)
# "Xi Jinping, the Chinese president": the name in apposition before the title.
_NAME_BEFORE = re.compile(rf"(?<![\w'’-])({_NAME}),[ \t]+(?:the[ \t]+)?(?:(?:former|ex-)[ \t]*)?$")
_COUNTRY_WORDS = re.compile(r"((?:[A-Z][\w.'’-]*\s+){1,3})$")


def _country_of(words: str, res) -> str | None:
    """The country or organization id named by an adjective or name: 'Chinese', "Brazil's", 'US'."""
    words = re.sub(r"['’]s$", "", words.strip())
    actor = res.kb.by_adjective(words)
    if actor is None:
        actor = next((a for a in res.kb.by_name(words) if a.kind in ("country", "organization")), None)
    return actor.id if actor is not None else None


def _country_before(text: str, start: int, res) -> tuple[str | None, int]:
    """The country written just before a title ("Chinese President", "Brazil's president") and where it starts."""
    found = _COUNTRY_WORDS.search(text, max(0, start - 60), start)
    if not found:
        return None, start
    words = list(re.finditer(r"[^\s-]+", found.group(1)))  # "then-US President": the country is "US"
    for size in range(len(words), 0, -1):
        country = _country_of(" ".join(w.group() for w in words[-size:]), res)
        if country is not None:
            return country, found.start(1) + words[-size].start()
    return None, start


def _country_after(text: str, start: int, res) -> tuple[str | None, int]:
    """The country in "President of Brazil Lula" and where the name after it starts."""
    words = list(re.finditer(r"[A-Z][\w.'’-]*(?=[ \t,]+[A-Z])", text[start : start + 80]))
    chain = []
    for word in words:
        if chain and text[start + chain[-1].end() : start + word.start()].strip(" \t"):
            break
        chain.append(word)
    for size in range(min(3, len(chain)), 0, -1):
        country = _country_of(text[start + chain[0].start() : start + chain[size - 1].end()], res)
        if country is not None:
            rest = re.match(r"[ \t,]+", text[start + chain[size - 1].end() :])
            return country, start + chain[size - 1].end() + rest.end()
    return None, start


def _roles_matching(actor, title: str, country: str | None, res) -> list:
    """The person's roles that the written title (and country) can name."""
    title_key = re.sub(r"\s+", " ", title.lower())
    spec = res.office_words.get(title_key, {})
    office = spec.get("office")
    if office == "leader":
        leader_of = res.kb.get(country) if country else None
        office = leader_of.leader if leader_of is not None else None
        if office is None:
            return []
    matching = []
    for role in actor.roles:
        if country is not None and role.of != country:
            continue
        by_title = role.title.lower() == title_key
        by_office = office is not None and role.office == office and ("title" not in spec or role.title.lower() == spec["title"].lower())
        if by_title or by_office:
            matching.append(role)
    return matching


def _people_named(run: str, start: int, ents_at: dict, res, title: str, country: str | None) -> tuple[list, float]:
    """Knowledge-base people a name after a title refers to, with how sure the reading is.

    ``ents_at``: the parse's entities by their first character (entities never overlap).
    """
    ent = ents_at.get(start)
    if ent is not None and ent.ent_id_:
        actor = res.kb.get(ent.ent_id_)
        if actor is not None and actor.kind == "person":
            return [actor], 1.0
    words = re.sub(r"['’]s$", "", run).split()
    for size in range(len(words), 0, -1):  # the longest prefix, then the longest suffix, a name
        for piece in (words[:size], words[-size:]):
            people = [a for a in res.kb.by_name(" ".join(piece)) if a.kind == "person"]
            if people:
                return people, 1.0
    if country is None:
        return [], 0.0
    # Transliterated or machine-translated names: among those who held this office of this
    # country, the one whose name is closest ("Robert Fitzo" -> Robert Fico).
    from rapidfuzz.distance import JaroWinkler

    written = " ".join(words).lower()
    scored = []
    for actor in res.kb.role_holders(country):  # only they can hold a role of the country
        if actor.kind != "person" or not _roles_matching(actor, title, country, res):
            continue
        best = max(JaroWinkler.similarity(written, normalize) for normalize in (n.lower() for n in actor.names))
        scored.append((best, actor.id, actor))
    scored.sort(reverse=True, key=lambda s: s[:2])
    if scored and scored[0][0] >= 0.9 and (len(scored) == 1 or scored[1][0] < scored[0][0] - 0.05):
        return [scored[0][2]], 0.7
    return [], 0.0


def _role_spans(roles) -> tuple[tuple[date, date], ...]:
    spans = sorted((date.fromisoformat(r.start) if r.start else _EARLIEST, date.fromisoformat(r.end) if r.end else _LATEST) for r in roles)
    merged: list[tuple[date, date]] = []
    for start, end in spans:
        if merged and (merged[-1][1] == _LATEST or start <= merged[-1][1] + timedelta(days=1)):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def _after_terms(spans: tuple[tuple[date, date], ...]) -> tuple[tuple[date, date], ...]:
    """When a 'former' holder can be written about: out of office, after a first term ended."""
    gaps = []
    for (_, end), following in zip(spans, spans[1:] + ((None, None),)):
        if end == _LATEST:
            continue
        gap_end = following[0] - timedelta(days=1) if following[0] else _LATEST
        if gap_end >= end:
            gaps.append((end, gap_end))
    return tuple(gaps)


def _intersect(a: tuple[tuple[date, date], ...], b: tuple[tuple[date, date], ...]) -> tuple[tuple[date, date], ...]:
    found = []
    for start_a, end_a in a:
        for start_b, end_b in b:
            start, end = max(start_a, start_b), min(end_a, end_b)
            if start <= end:
                found.append((start, end))
    return tuple(sorted(found))


def office_windows(text: str, res: Resources, quotes: Sequence[tuple[int, int]], doc=None) -> list[_OfficeWindow]:
    """Title+person pairs in ``text`` ("Chinese President Xi Jinping") as date windows, one per pair.

    Quoted text is skipped (speakers name past office holders), as are titles that name
    another time ("then-President", "the late King"); "former" turns the window into the
    time after the person's terms.
    """
    found: dict[tuple[str, bool, tuple], _OfficeWindow] = {}
    counts: dict[tuple[str, bool, tuple], int] = {}
    ents_at: dict | None = None  # the parse's entities by first character, made when first asked
    for title_match in res.office_titles.finditer(text):
        if any(start <= title_match.start() < end for start, end in quotes):
            continue
        title = title_match.group()
        after = text[title_match.end() : title_match.end() + 120]
        country: str | None = None
        country_start = title_match.start()
        of_country = re.match(r"\s+of\s+(?:the\s+)?(?=[A-Z])", after)
        if of_country:
            country, name_offset = _country_after(text, title_match.end() + of_country.end(), res)
            if country is None:
                continue  # "President of the Council ..." is some other office
        else:
            space = re.match(r",?[ \t]+(?=[A-Z])", after)
            name_offset = title_match.end() + space.end() if space else None
            country, country_start = _country_before(text, title_match.start(), res)
        before = text[max(0, country_start - 25) : country_start]
        if _NOT_NOW.search(before):
            continue
        former = bool(_FORMER.search(before))
        run = _NAME_RUN.match(text, name_offset) if name_offset is not None else None
        if ents_at is None:
            ents_at = {ent.start_char: ent for ent in doc.ents} if doc is not None else {}
        people, sureness = _people_named(run.group(), name_offset, ents_at, res, title, country) if run else ([], 0.0)
        if not people:
            apposition = _NAME_BEFORE.search(text[max(0, country_start - 80) : country_start])
            if apposition is None:
                continue
            name_offset = max(0, country_start - 80) + apposition.start(1)
            run = _NAME_RUN.match(text, name_offset)
            people, sureness = _people_named(run.group(), name_offset, ents_at, res, title, country)
        roles = [role for actor in people for role in _roles_matching(actor, title, country, res)]
        if not roles:
            continue  # a misread title or a person the knowledge base doesn't know in it
        spans = _role_spans(roles)
        if former:
            spans = _after_terms(spans)
            if not spans:
                continue
        person = "|".join(sorted({a.id for a in people if _roles_matching(a, title, country, res)}))
        strength = sureness * (1.0 if country else 0.8) * (0.5 if former else 1.0)
        key = (person, former, spans)
        counts[key] = counts.get(key, 0) + 1
        if key not in found or found[key].strength < strength:
            written = ("former " if former else "") + text[min(country_start, run.start()) : max(run.end(), title_match.end())].strip()
            found[key] = _OfficeWindow(person, spans, strength, former, written)
    windows = [replace(w, mentions=counts[(w.person, w.former, w.spans)]) for w in found.values()]
    return sorted(windows, key=lambda w: (-w.strength, -w.mentions))


def _office_window(windows: list[_OfficeWindow]) -> tuple[tuple[tuple[date, date], ...], list[_OfficeWindow]] | None:
    """The intersection of all windows; when it is empty, drop the single weakest and try again."""
    kept = list(windows)
    while kept:
        spans: tuple[tuple[date, date], ...] = ((_EARLIEST, _LATEST),)
        for window in kept:
            spans = _intersect(spans, window.spans)
        if spans:
            return spans, kept
        if len(kept) < 2 or (kept[-1].strength, kept[-1].mentions) >= (kept[-2].strength, kept[-2].mentions):
            return None  # contradictory pairs of equal weight: no way to tell which is misread
        kept.pop()
    return None


def _yearless_days(
    text: str, doc, quotes: Sequence[tuple[int, int]], scanned: Sequence[_Candidate]
) -> list[tuple[int, int, str]]:
    """(month, day, text) of year-less days the text reports as past or present, not quoted (``scanned``: its scan)."""
    days = []
    for cand in scanned:
        match = cand.match
        if cand.kind == "point":
            point = _point_of(match, "1")
        elif cand.kind == "dayrange" and not match.group("y"):
            point = _Point(None, _month_number(match.group("m")), int(re.sub(r"\D", "", match.group("d1"))))
        elif cand.kind == "range":
            point = _point_of(match, "1")
            if point is not None and (match.groupdict().get("y2z") or (_point_of(match, "2") or _Point(None, None, None)).year):
                continue
        else:
            continue
        if point is None or point.year is not None or point.month is None or point.day is None:
            continue
        if match.groupdict().get("mod") and "eve" in match.group("mod").lower():
            continue
        if any(start <= cand.start < end for start, end in quotes):
            continue
        if _tense(text, cand.start, cand.end, doc) == "future":
            continue
        days.append((point.month, point.day, text[cand.start : cand.end]))
    return days


def _latest_day(days: list[tuple[int, int, str]]) -> tuple[int, int, str] | None:
    """The latest of the article's year-less days, read across a turn of the year.

    The days an article reports lie within a few months of each other, so on the circle of
    the year they leave one long gap, which the year turns in: of "December 30" and
    "January 2" the latest is January 2. Days scattered over more than half a year don't say
    which is the latest: None.
    """
    by_day = sorted({(date(2001, m, min(d, 28 if m == 2 else d)).timetuple().tm_yday, m, d, t) for m, d, t in days})
    if not by_day:
        return None
    gaps = [((by_day[(i + 1) % len(by_day)][0] - by_day[i][0]) % 365 or 365, i) for i in range(len(by_day))]
    gap, last = max(gaps)
    if gap < 183:
        return None
    return by_day[last][1:]


_MAX_CANDIDATE_YEARS = 3  # a window that fits the day in more years than this dates nothing


def _days_in(spans: tuple[tuple[date, date], ...], month: int, day: int) -> list[date]:
    """Every ``month``/``day`` inside the window, up to today, earliest first."""
    today = date.today()
    found = []
    for start, end in spans:
        for year in range(max(start.year, 1800), min(end.year, today.year) + 1):
            candidate = _safe_date(year, month, day)
            if candidate is not None and start <= candidate <= min(end, today):
                found.append(candidate)
    return sorted(found)


def _date_by_offices(
    document: Document, doc, res: Resources, quotes: Sequence[tuple[int, int]], scanned: Sequence[_Candidate]
) -> Published | None:
    """The publication day from a year-less day placed in the window the office holders allow.

    ``scanned``: ``_scan(document.text)``.
    """
    windows = office_windows(document.text, res, quotes, doc)
    if not windows:
        return None
    combined = _office_window(windows)
    if combined is None:
        return None
    spans, used = combined
    holders = ", ".join(w.text for w in used)
    dateline_day = _dateline_day(document.dateline.date_text) if document.dateline and document.dateline.date_text else None
    if dateline_day is not None:
        month, day = dateline_day
        written, how = document.dateline.date_text, "dateline"
    else:
        latest = _latest_day(_yearless_days(document.text, doc, quotes, scanned))
        if latest is None:
            return None  # a window alone is not a day
        month, day, written = latest
        how = "inferred"
    candidates = _days_in(spans, month, day)
    if not candidates or len(candidates) > _MAX_CANDIDATE_YEARS:
        return None
    # The earliest day the window allows; surer when it allows only one.
    confidence = (0.4 if how == "dateline" else 0.3) - (0.1 if len(candidates) > 1 else 0.0)
    return Published(_iso(candidates[0]), how, confidence, f"{written}; office holders: {holders}")
