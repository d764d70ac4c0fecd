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
from dateline.timex import document_date, extract_times, scan_times

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
