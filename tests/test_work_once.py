"""Work done once and handed on gives what doing it anew gives (no model needed).

The time grammar's scan (``scan_times``) is read by both calls of the time stage, and the fuzzy
person match asks the knowledge base only for the people a written name may be
(``KnowledgeBase.people_sharing``): each must answer as the full computation does.
"""

from __future__ import annotations

import jellyfish
import pytest

from dateline.kb import normalize_name
from dateline.layout import analyze_layout
from dateline.records import Document
from dateline.resources import load_resources
from dateline.timex import _ANCHOR_PATTERNS, _WORD_START, GRAMMAR, _matches, document_date, extract_times, scan_times

SHIPPED = load_resources(with_model=False)

TEXTS = (
    "US President Joe Biden met German Chancellor Olaf Scholz at the White House on March 3. "
    "The two leaders will meet again on Friday, and talks began two weeks ago.",
    "Tuesday, October 8, 2019\nThe ministers said on Monday that the 80th anniversary of the end of "
    "the war falls this year, and that the summit runs from May 7 to 10.",
    "No date at all here: the council spoke about the weather.",
)


@pytest.mark.parametrize("text", TEXTS)
def test_the_time_stage_reads_one_scan_as_it_reads_its_own(text):
    scan = scan_times(text)
    assert extract_times(text, "2021-05-04", scan=scan) == extract_times(text, "2021-05-04")
    document = Document(doc_id="t", source="t.txt", text=text)
    layout = analyze_layout(text, dateline=None, agencies=SHIPPED.kb.agencies)
    assert document_date(document, layout, SHIPPED, scan=scan) == document_date(document, layout, SHIPPED)


def test_a_scan_of_another_text_is_not_read():
    text, other = TEXTS[0], TEXTS[1]
    assert extract_times(text, "2021-05-04", scan=scan_times(other)) == extract_times(text, "2021-05-04")
    assert extract_times(text, "2021-05-04") != extract_times(other, "2021-05-04")


@pytest.mark.parametrize(
    "written", ["Xi Jinping", "SI", "Putin", "Louis Inasio Lula da Silva", "Robert Fitzo", "Sergey Lavrov", "Qzxv Wrtp", "Ana"]
)
def test_people_sharing_are_those_the_full_filter_keeps_in_order(written):
    kb = SHIPPED.kb
    words = normalize_name(written).split()
    sound = jellyfish.metaphone(words[-1])
    if len(words) > 1:
        kept = [
            person for person, keys in zip(kb.people, kb.surname_keys)
            if words[-1][:1] in keys.initials or sound[:1] in keys.sound_initials
        ]
    else:
        kept = [person for person, keys in zip(kb.people, kb.surname_keys) if words[0] in keys.surnames or sound in keys.sounds]
    assert kb.people_sharing(words, sound) == kept
    assert len(kept) < len(kb.people)


# Texts holding each pattern's longest lead before its anchor word, cases and letters that only match
# when case is ignored, and matches that follow each other closely.
GRAMMAR_TEXTS = (
    "From the very first half of the 3rd of May 2019 to the end of June, the board met.",
    "The very end of the 12th of SEPTEMBER last year and the 4th of Sept. next year were set.",
    "They talked for the past a couple of more - days, then the following few weeks, then years.",
    "The next one hundred five days, a two-day visit and the final twenty-five months-long plan.",
    "from 7 to 10 of March, between 3 and 5 March 2020, the middle of March this year.",
    "Late last Friday evening, early this MONDAY and the very start of next Tuesday morning.",
    "The previous day, one hundred five days later; the end of the day and the start of the trading day.",
    "Right now, at the moment, in the distant past, in the near future, at the time, these days.",
    "Twice a day, 3 per week, every other Sunday, each year, biannually, 5 million a year.",
    "The very first half of the year, earlier in the year, year-end; the day before yesterday at noon.",
    "So far this week and the coming month: the last year was long; 15:00 GMT Saturday, 8 p.m. today.",
    "Since 2001-09-11 and 4/5/2012, the 1990s, the '70s, the 21st century, Q3 2020, fiscal 2019.",
    "ſeveral ſeconds and a DAY; the İst of May; two Daſs ago; the ſpring of 2020 and ınternal YEARS.",
    "The two\u212aelvin weeks, Mayday, MAYor, 3rdMay 2021, JanuaryFebruary, decades-long and day-long.",
    # The longest leads the patterns allow, even where no writer would put them.
    "From the very first half of the 3rd of May to 5 June; the very first half of next the 3rd of May.",
    "The very first half of the 3rd of May this year; the very first half of March next year.",
    "The very first half of so far this week; the very first half of last Monday.",
)


@pytest.mark.parametrize("text", GRAMMAR_TEXTS)
def test_the_anchored_scan_finds_what_finditer_finds(text):
    word_starts = [match.start() for match in _WORD_START.finditer(text)]
    lowered = text.lower()
    same_letters = len(lowered) == len(text) and not any(ch in text for ch in "\u0130\u0131\u017f")
    for kind, pattern in GRAMMAR:
        expected = [(m.span(), m.groupdict()) for m in pattern.finditer(text)]
        found = [(m.span(), m.groupdict()) for m in _matches(kind, pattern, text, word_starts, lowered if same_letters else None)]
        assert found == expected, kind
        if not same_letters:
            continue
        found = [(m.span(), m.groupdict()) for m in _matches(kind, pattern, text, word_starts, None)]
        assert found == expected, kind


def test_the_grammar_texts_hold_a_match_of_each_anchored_pattern():
    kinds = {kind for text in GRAMMAR_TEXTS for kind, pattern in GRAMMAR if pattern.search(text)}
    assert set(_ANCHOR_PATTERNS) <= kinds
