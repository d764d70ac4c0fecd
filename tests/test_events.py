"""PLOVER event coding: arguments from the parse, status, time, place, lexicon."""

from __future__ import annotations

import dataclasses
import json

import pytest

from dateline.errors import DatelineError
from dateline.events import PLOVER_TYPES, code_events
from dateline.kb import load_kb
from dateline.layout import analyze_layout
from dateline.quotes import extract_quotes
from dateline.records import Cast, Dateline, Mention, Published, TimeExpr
from dateline.resolve import cast_of
from dateline.resources import load_cues, load_lexicon

PUBLISHED = Published(date="2024-03-14", how="header", confidence=0.95)

# Names the hand-built mentions know, longest first so "Emmanuel Macron" beats "Macron".
ACTORS = {
    "Emmanuel Macron": "emmanuel-macron",
    "Macron": "emmanuel-macron",
    "Olaf Scholz": "olaf-scholz",
    "Scholz": "olaf-scholz",
    "Lula": "lula",
    "Narendra Modi": "narendra-modi",
    "Modi": "narendra-modi",
    "Brazil": "BRA",
    "France": "FRA",
    "Germany": "DEU",
    "India": "IND",
    "Iran": "IRN",
    "Israel": "ISR",
    "Hezbollah": "org:hezbollah",
    "the European Union": "org:eu",
    "Paris": "FRA",
}




@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def _label_of(actor_id: str) -> str:
    """The label the resolver gives such an actor: a state, a body, or else a person."""
    if actor_id.isupper() and len(actor_id) == 3:
        return "GPE"
    return "ORG" if actor_id.startswith("org:") else "PERSON"


def mentions_in(text: str, extra: dict[str, str] | None = None) -> list[Mention]:
    """Mentions of the known names, found with str.find, longest names first, never overlapping."""
    names = {**ACTORS, **(extra or {})}
    found: list[Mention] = []
    taken: set[int] = set()
    for name in sorted(names, key=len, reverse=True):
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if not taken & set(range(start, end)) and not text[end : end + 1].isalpha():
                taken.update(range(start, end))
                found.append(Mention(start, end, name, names[name], _label_of(names[name])))
            start = text.find(name, end)
    return sorted(found, key=lambda m: m.start)


def time_at(text: str, phrase: str, value: str, granularity: str = "day") -> TimeExpr:
    start = text.index(phrase)
    return TimeExpr(phrase, start, start + len(phrase), value, granularity)


CUES = load_cues()
AGENCIES = load_kb().agencies  # how datelines name news agencies, as the pipeline reads them


def code(nlp, lexicon, text, times=(), dateline=None, mentions=None, kb=None, learned=None):
    """The events of ``text``, with the quotes stage run first as the pipeline does."""
    doc = nlp(text)
    layout = dataclasses.replace(analyze_layout(text, CUES.speech_verbs, agencies=AGENCIES), dateline=dateline)
    mentions = mentions if mentions is not None else mentions_in(text)
    cast = cast_of(doc, layout, kb, (), mentions) if kb is not None else Cast(mentions=tuple(mentions))
    quotes = extract_quotes(doc, layout, cast, CUES)
    return code_events(doc, layout, cast, list(times), PUBLISHED, quotes, lexicon, learned)


def only(events, type_=None):
    chosen = [e for e in events if type_ is None or e.type == type_]
    assert len(chosen) == 1, events
    return chosen[0]


pytestmark = pytest.mark.model


def test_active_voice_source_and_target(spacy_nlp, lexicon):
    event = only(code(spacy_nlp, lexicon, "Hezbollah attacked Israel on Tuesday."), "ASSAULT")
    assert event.source == ("org:hezbollah",) and event.target == ("ISR",)
    assert event.cameo == "19" and event.status == "occurred"


def test_passive_voice_takes_the_agent_as_source(spacy_nlp, lexicon):
    event = only(code(spacy_nlp, lexicon, "Israel was attacked by Hezbollah overnight."), "ASSAULT")
    assert event.source == ("org:hezbollah",) and event.target == ("ISR",)


def test_coordinated_subjects_are_all_sources(spacy_nlp, lexicon):
    event = only(code(spacy_nlp, lexicon, "Macron and Scholz condemned Iran."), "ACCUSE")
    assert set(event.source) == {"emmanuel-macron", "olaf-scholz"}
    assert event.target == ("IRN",)


def test_joint_agreement_by_coordinated_sides(spacy_nlp, lexicon):
    event = only(code(spacy_nlp, lexicon, "Macron and Modi signed a defence agreement."), "AGREE")
    assert set(event.source) == {"emmanuel-macron", "narendra-modi"}
    assert set(event.target) == {"emmanuel-macron", "narendra-modi"}


def test_reciprocal_meeting_splits_the_sides(spacy_nlp, lexicon):
    event = only(code(spacy_nlp, lexicon, "Macron and Lula met for two hours."), "CONSULT")
    assert {*event.source, *event.target} == {"emmanuel-macron", "lula"}
    assert len(event.source) == 1 and len(event.target) == 1


def test_group_mention_held_talks(spacy_nlp, lexicon):
    text = "The two leaders held talks on trade."
    start, end = 0, len("The two leaders")
    mentions = [Mention(start, end, text[start:end], "emmanuel-macron", "GROUP"), Mention(start, end, text[start:end], "lula", "GROUP")]
    event = only(code(spacy_nlp, lexicon, text, mentions=mentions), "CONSULT")
    assert {*event.source, *event.target} == {"emmanuel-macron", "lula"}
    assert event.source != event.target


def test_nominal_talks_between(spacy_nlp, lexicon):
    event = only(code(spacy_nlp, lexicon, "Talks between Macron and Scholz ended without a result."), "CONSULT")
    assert {*event.source, *event.target} == {"emmanuel-macron", "olaf-scholz"}


def test_nominal_telegram_from_to(spacy_nlp, lexicon):
    text = "Lula read out a congratulatory telegram from Macron to Modi."
    event = only(code(spacy_nlp, lexicon, text), "SUPPORT")
    assert event.source == ("emmanuel-macron",) and event.target == ("narendra-modi",)


def test_possessive_visit_to(spacy_nlp, lexicon):
    text = "Modi's visit to France drew large crowds."
    event = only(code(spacy_nlp, lexicon, text), "CONSULT")
    assert event.mode == "visit" and event.cameo == "04"
    assert event.source == ("narendra-modi",) and event.target == ("FRA",)


def test_light_verb_phrase_gives_the_mode(spacy_nlp, lexicon):
    event = only(code(spacy_nlp, lexicon, "Scholz paid a state visit to India."), "CONSULT")
    assert event.mode == "visit" and event.source == ("olaf-scholz",) and event.target == ("IND",)
    phone = only(code(spacy_nlp, lexicon, "Macron had a phone conversation with Modi."), "CONSULT")
    assert phone.mode == "phone" and phone.target == ("narendra-modi",)


def test_infinitive_complement_object_control(spacy_nlp, lexicon):
    text = "Macron asked Modi to open more factories in France."
    event = only(code(spacy_nlp, lexicon, text), "REQUEST")
    assert event.source == ("emmanuel-macron",) and event.target == ("narendra-modi",)


def test_embedded_trigger_is_not_coded_twice(spacy_nlp, lexicon):
    events = code(spacy_nlp, lexicon, "Israel threatened to attack Hezbollah.")
    assert [e.type for e in events] == ["THREATEN"]
    assert events[0].target == ("org:hezbollah",)


def test_reported_speech_is_still_an_event(spacy_nlp, lexicon):
    events = code(spacy_nlp, lexicon, "Macron said Iran had attacked Israel.")
    event = only(events, "ASSAULT")
    assert event.source == ("IRN",) and event.target == ("ISR",)


@pytest.mark.parametrize(
    "text, type_, status",
    [
        ("Scholz met Lula in Paris.", "CONSULT", "occurred"),
        ("Scholz will meet Lula next month.", "CONSULT", "planned"),
        ("Scholz plans to visit Brazil.", "CONSULT", "planned"),
        ("Scholz to pay state visit to Brazil", "CONSULT", "planned"),
        ("Scholz did not meet Lula.", "CONSULT", "negated"),
        ("Scholz refused to meet Lula.", "REJECT", "occurred"),
        ("Scholz could meet Lula if the talks go well.", "CONSULT", "hypothetical"),
        ("If Israel attacks Hezbollah, France will protest.", "ASSAULT", "hypothetical"),
    ],
)
def test_status(spacy_nlp, lexicon, text, type_, status):
    event = only(code(spacy_nlp, lexicon, text), type_)
    assert event.status == status


def test_time_attached_to_the_event_clause(spacy_nlp, lexicon):
    text = "On Monday, Macron met Scholz in Paris, a week after Scholz criticized Iran on Friday."
    times = [time_at(text, "On Monday", "2024-03-11"), time_at(text, "on Friday", "2024-03-01")]
    events = code(spacy_nlp, lexicon, text, times)
    assert only(events, "CONSULT").date_start == "2024-03-11"
    assert only(events, "ACCUSE").date_start == "2024-03-01"
    text = "Macron met Scholz, a week after Scholz criticized Iran on Friday."
    events = code(spacy_nlp, lexicon, text, [time_at(text, "on Friday", "2024-03-08")])
    assert only(events, "CONSULT").date_start == PUBLISHED.date  # Friday belongs to the criticism


def test_time_range_and_month(spacy_nlp, lexicon):
    text = "Modi will pay a state visit to France from March 20 to 23."
    times = [time_at(text, "from March 20 to 23", "2024-03-20/2024-03-23", "interval")]
    event = only(code(spacy_nlp, lexicon, text, times), "CONSULT")
    assert (event.date_start, event.date_end) == ("2024-03-20", "2024-03-23")
    assert event.status == "planned"
    text = "In February, Israel attacked Hezbollah."
    event = only(code(spacy_nlp, lexicon, text, [time_at(text, "In February", "2024-02", "month")]), "ASSAULT")
    assert (event.date_start, event.date_end) == ("2024-02", "2024-02")


def test_document_date_when_no_time(spacy_nlp, lexicon):
    event = only(code(spacy_nlp, lexicon, "Macron praised Modi."), "SUPPORT")
    assert event.date_start == event.date_end == PUBLISHED.date


def test_future_date_makes_the_event_planned(spacy_nlp, lexicon):
    text = "Macron meets Modi on March 30."
    event = only(code(spacy_nlp, lexicon, text, [time_at(text, "on March 30", "2024-03-30")]), "CONSULT")
    assert event.status == "planned"


def test_location_from_the_clause_then_the_dateline(spacy_nlp, lexicon):
    dateline = Dateline(place="Berlin", agency="Reuters")
    event = only(code(spacy_nlp, lexicon, "Macron met Lula in Rio de Janeiro on Sunday.", dateline=dateline), "CONSULT")
    assert event.location is not None and event.location.name == "Rio de Janeiro"
    event = only(code(spacy_nlp, lexicon, "Macron praised Lula.", dateline=dateline), "SUPPORT")
    assert event.location is not None and event.location.name == "Berlin"
    assert only(code(spacy_nlp, lexicon, "Macron praised Lula."), "SUPPORT").location is None


def test_location_country_from_the_knowledge_base(spacy_nlp, lexicon):
    from dateline.kb import KBActor, KnowledgeBase

    kb = KnowledgeBase([KBActor(id="BRA", kind="country", name="Brazil", metonyms=("Brasilia",))])
    event = only(code(spacy_nlp, lexicon, "Macron met Lula in Brasilia.", kb=kb), "CONSULT")
    assert event.location is not None and event.location.country == "BRA"


def test_no_event_without_actors(spacy_nlp, lexicon):
    assert code(spacy_nlp, lexicon, "The talks ended late on Tuesday.") == []
    assert code(spacy_nlp, lexicon, "Rebels attacked a convoy near the border.") == []


def test_one_event_per_type_and_sides_in_a_sentence(spacy_nlp, lexicon):
    text = "Macron met Modi and held talks with Modi."
    assert len([e for e in code(spacy_nlp, lexicon, text) if e.type == "CONSULT"]) == 1


def test_two_distinct_things_done_are_two_events(spacy_nlp, lexicon):
    events = code(spacy_nlp, lexicon, "Macron praised Modi and condemned Iran.")
    assert {e.type for e in events} == {"SUPPORT", "ACCUSE"}
    assert only(events, "ACCUSE").source == ("emmanuel-macron",)


def test_evidence_confidence_and_codes(spacy_nlp, lexicon):
    text = "It rained. Germany imposed sanctions on Iran. Markets fell."
    event = only(code(spacy_nlp, lexicon, text), "SANCTION")
    assert text[event.evidence_start : event.evidence_end] == event.evidence_text
    assert event.evidence_text.startswith("Germany imposed sanctions")
    assert event.cameo == "16" and 0 < event.confidence <= 1


def test_explicit_sides_score_higher_than_inferred(spacy_nlp, lexicon):
    both = only(code(spacy_nlp, lexicon, "Macron praised Modi."))
    one = only(code(spacy_nlp, lexicon, "Macron condemned the decision."))
    assert both.confidence > one.confidence


def test_welcome_is_a_visit_for_a_person_and_support_for_a_plan(spacy_nlp, lexicon):
    assert only(code(spacy_nlp, lexicon, "Modi welcomed Lula at the airport.")).type == "CONSULT"
    assert only(code(spacy_nlp, lexicon, "Modi welcomed Lula's peace plan.")).type == "SUPPORT"


def test_shipped_lexicon_is_large_and_coded(lexicon):
    assert len(lexicon.triggers) >= 300
    for trigger in lexicon.triggers:
        assert trigger.type in PLOVER_TYPES
        assert trigger.cameo is not None and len(trigger.cameo) == 2
    assert {t.type for t in lexicon.triggers} == set(PLOVER_TYPES)


def test_user_lexicon_extends_and_overrides(spacy_nlp, tmp_path):
    text = "Macron stonewalled Modi."
    assert [e.type for e in code(spacy_nlp, load_lexicon(), text)] == []
    user = tmp_path / "mine.json"
    user.write_text(
        json.dumps(
            {
                "format": "dateline-plover-lexicon",
                "entries": [
                    {"type": "REJECT", "mode": None, "cameo": "12", "verbs": ["stonewall"]},
                    {"type": "ACCUSE", "mode": "disapprove", "cameo": "11", "verbs": ["praise"]},
                ],
            }
        )
    )
    extended = load_lexicon(extra=[user])
    assert only(code(spacy_nlp, extended, text)).type == "REJECT"
    assert only(code(spacy_nlp, extended, "Macron praised Modi.")).type == "ACCUSE"


def test_bad_user_lexicon_is_reported(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "dateline-plover-lexicon", "entries": [{"type": "HUG", "verbs": ["hug"]}]}))
    with pytest.raises(DatelineError) as err:
        load_lexicon(extra=[bad])
    assert err.value.code == "E801"
    with pytest.raises(DatelineError):
        load_lexicon(extra=[tmp_path / "missing.json"])


def test_reporting_verbs_come_from_the_speech_cues(spacy_nlp, tmp_path):
    # one list of speech words: the events stage's reporting verbs are the cue file's
    assert load_lexicon().speech == load_cues().reporting_verbs and "say" in load_cues().reporting_verbs
    text = "Germany opined that Iran must halt enrichment."
    assert [e.type for e in code(spacy_nlp, load_lexicon(), text)] == []
    mine = tmp_path / "cues.json"
    mine.write_text(json.dumps({"reporting_verbs": ["opine"]}))
    lexicon = load_lexicon(reporting_verbs=load_cues([mine]).reporting_verbs)
    assert (only(code(spacy_nlp, lexicon, text)).type, only(code(spacy_nlp, lexicon, text)).source) == ("REQUEST", ("DEU",))
    # a lexicon file still listing 'speech' is told where those verbs went
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"format": "dateline-plover-lexicon", "speech": ["opine"], "entries": []}))
    with pytest.raises(DatelineError, match="reporting_verbs"):
        load_lexicon(extra=[old])


def test_conditional_harm_is_a_threat(spacy_nlp, lexicon):
    event = only(code(spacy_nlp, lexicon, "Germany will impose sanctions on Iran unless Iran stops enrichment."))
    assert event.type == "THREATEN" and event.cameo == "13"
    assert event.source == ("DEU",) and event.target == ("IRN",)


def test_reported_obligation_is_a_demand(spacy_nlp, lexicon):
    event = only(code(spacy_nlp, lexicon, "Macron said Iran must free the detained journalists."), "REQUEST")
    assert event.source == ("emmanuel-macron",) and event.target == ("IRN",) and event.cameo == "10"


def test_unresolved_pronoun_under_a_reporting_verb_is_the_speaker(spacy_nlp, lexicon):
    event = only(code(spacy_nlp, lexicon, "Germany said it had imposed sanctions on Iran."), "SANCTION")
    assert event.source == ("DEU",) and event.target == ("IRN",)


def test_nationality_adjectives_stand_for_their_state(spacy_nlp, lexicon):
    from dateline.kb import KBActor, KnowledgeBase

    kb = KnowledgeBase(
        [
            KBActor(id="ISR", kind="country", name="Israel", adjectives=("Israeli",)),
            KBActor(id="LBN", kind="country", name="Lebanon", adjectives=("Lebanese",)),
        ]
    )
    text = "Israeli troops shelled Lebanese villages."
    event = only(code(spacy_nlp, lexicon, text, mentions=[], kb=kb), "ASSAULT")
    assert event.source == ("ISR",)
    assert code(spacy_nlp, lexicon, text, mentions=[]) == []  # without the knowledge base nobody acts


def test_dyadic_types_need_their_other_side(spacy_nlp, lexicon):
    assert code(spacy_nlp, lexicon, "Macron expressed support for the reform.") == []
    assert only(code(spacy_nlp, lexicon, "Macron expressed support for Modi.")).type == "SUPPORT"


def test_purpose_clause_belongs_to_the_main_event(spacy_nlp, lexicon):
    events = code(spacy_nlp, lexicon, "Hezbollah attacked Israel to demand the release of prisoners.")
    assert [e.type for e in events] == ["ASSAULT"]


def test_a_heading_is_not_the_subject_of_the_next_sentence(spacy_nlp, lexicon):
    text = "Macron and Modi\n\nTalks between Scholz and Lula ended on Friday."
    event = only(code(spacy_nlp, lexicon, text), "CONSULT")
    assert {*event.source, *event.target} == {"olaf-scholz", "lula"}
    assert event.evidence_text == "Talks between Scholz and Lula ended on Friday."
    assert text[event.evidence_start : event.evidence_end] == event.evidence_text


def test_headline_and_lead_are_one_event(spacy_nlp, lexicon):
    text = "Modi will visit France. Modi will pay a state visit to France, his office said."
    events = [e for e in code(spacy_nlp, lexicon, text) if e.type == "CONSULT"]
    assert len(events) == 1 and events[0].status == "planned"


def test_plover_benchmark_maps_draft_names_and_scores(resources, tmp_path):
    from dateline.benchmarks.plover import read_gold, score_plover

    records = [
        {"id": "DOC", "event": "DOCUMENT", "text": "Notes about the file."},
        {
            "id": "a",
            "event": "FIGHT",
            "date": "2010-06-01",
            "text": "Israel attacked Lebanon on Monday.",
            "source": [{"actorText": "Israel", "code": "ISR"}],
            "target": [{"actorText": "Lebanon", "code": "LBN"}],
        },
        {
            "id": "b",
            "event": "DEMAND",
            "date": "2010-06-01",
            "text": "The weather was mild in the north.",
            "source": [{"actorText": "nobody", "code": "FRA"}],
            "target": None,
        },
    ]
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps(records))
    gold = read_gold(path)
    assert [g.type for g in gold] == ["ASSAULT", "REQUEST"]
    result = score_plover(path, resources)
    assert result["records"] == 2 and result["no_event"] == 1
    assert result["event_type_accuracy"] == 0.5
    assert result["source_country_precision"] == 1.0 and result["source_country_recall"] == 0.5


def test_plover_benchmark_counts_intent_as_agree_separately(resources, tmp_path):
    from dateline.benchmarks.plover import score_plover

    records = [
        {
            "id": "a",
            "event": "AGREE",
            "date": "2010-06-01",
            "text": "Israel will visit Lebanon next month.",
            "source": [{"actorText": "Israel", "code": "ISR"}],
            "target": [{"actorText": "Lebanon", "code": "LBN"}],
        },
        {
            "id": "b",
            "event": "AGREE",
            "date": "2010-06-01",
            "text": "Israel visited Lebanon on Monday.",
            "source": [{"actorText": "Israel", "code": "ISR"}],
            "target": [{"actorText": "Lebanon", "code": "LBN"}],
        },
    ]
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps(records))
    result = score_plover(path, resources)
    assert result["event_type_accuracy"] == 0.0  # both are coded CONSULT visits
    assert result["intent_as_agree_accuracy"] == 0.5  # only the planned one states an intent


@pytest.mark.model
def test_plover_benchmark_floors(shared, resources):
    """Quality gate on the PLOVER GSR; the floors may only rise."""
    from dateline.benchmarks.plover import score_plover

    result = score_plover(shared / "bench" / "plover_gsr" / "PLOVER_GSR_CAMEO.json", resources)
    assert result["event_type_accuracy"] >= 0.71
    assert result["intent_as_agree_accuracy"] >= result["event_type_accuracy"]
    assert result["source_country_precision"] >= 0.93 and result["source_country_recall"] >= 0.75
    assert result["target_country_precision"] >= 0.84 and result["target_country_recall"] >= 0.60


def test_plover_benchmark_on_the_shared_gold(shared):
    from dateline.benchmarks.plover import read_gold

    gold = read_gold(shared / "bench" / "plover_gsr" / "PLOVER_GSR_CAMEO.json")
    assert len(gold) > 300
    assert {g.type for g in gold} <= set(PLOVER_TYPES)


def test_visit_to_a_state_and_meeting_its_leader_are_one_event(spacy_nlp, lexicon):
    from dateline.kb import KBActor, KnowledgeBase

    kb = KnowledgeBase(
        [
            KBActor(id="BRA", kind="country", name="Brazil"),
            KBActor(id="lula", kind="person", name="Lula", country="BRA"),
        ]
    )
    text = "Scholz arrived in Brazil and met Lula."
    events = [e for e in code(spacy_nlp, lexicon, text, kb=kb) if e.type == "CONSULT"]
    assert len(events) == 1 and events[0].target == ("lula",)
    assert len([e for e in code(spacy_nlp, lexicon, text) if e.type == "CONSULT"]) == 2  # without the KB nothing links them


def test_dateline_names_are_not_actors(spacy_nlp, lexicon):
    text = "PARIS, March 3 (Reuters) -- Modi met Scholz."
    dateline = Dateline(place="Paris", agency="Reuters", start=0, end=text.index("Modi"))
    event = only(code(spacy_nlp, lexicon, text, dateline=dateline, mentions=mentions_in(text, {"PARIS": "FRA", "Reuters": "org:reuters"})))
    assert {*event.source, *event.target} == {"narendra-modi", "olaf-scholz"}


def test_possessor_of_a_killing_is_the_victim(spacy_nlp, lexicon):
    event = only(code(spacy_nlp, lexicon, "Iran condemned Israel's killing of Lula."), "ASSAULT")
    assert event.source == ("ISR",) and event.target == ("lula",)
    unknown = only(code(spacy_nlp, lexicon, "Modi mourned Lula's killing."), "ASSAULT")
    assert unknown.source == () and unknown.target == ("lula",)  # who killed is not said
    assert unknown.confidence < event.confidence


def test_harm_to_a_named_target_stands_without_a_doer(spacy_nlp, lexicon):
    arrest = only(code(spacy_nlp, lexicon, "Lula was arrested in Brasilia on Monday."))
    assert (arrest.type, arrest.source, arrest.target) == ("COERCE", (), ("lula",))
    assert code(spacy_nlp, lexicon, "Lula was praised on Monday.") == []  # support needs a supporter
    assert code(spacy_nlp, lexicon, "Lula was invited on Monday.") == []  # so does a request


def test_harm_without_a_doer_long_before_the_article_is_background(spacy_nlp, lexicon):
    text = "Brazil was attacked in 1941."
    assert code(spacy_nlp, lexicon, text, times=[time_at(text, "1941", "1941", "year")]) == []
    text = "Brazil was attacked in January."
    assert only(code(spacy_nlp, lexicon, text, times=[time_at(text, "January", "2024-01", "month")])).target == ("BRA",)


def test_nobody_visits_their_own_state(spacy_nlp, lexicon):
    from dateline.kb import KBActor, KnowledgeBase

    kb = KnowledgeBase(
        [
            KBActor(id="FRA", kind="country", name="France"),
            KBActor(id="emmanuel-macron", kind="person", name="Macron", country="FRA"),
            KBActor(id="narendra-modi", kind="person", name="Modi", country="IND"),
        ]
    )
    text = "Officials praised his visit to France."
    his = text.index("his")

    def visits(actor_id):
        mentions = [*mentions_in(text), Mention(his, his + 3, "his", actor_id, "PRON")]
        return [e for e in code(spacy_nlp, lexicon, text, kb=kb, mentions=sorted(mentions, key=lambda m: m.start)) if e.mode == "visit"]

    assert [e.source for e in visits("narendra-modi")] == [("narendra-modi",)]
    assert visits("emmanuel-macron") == []  # a pronoun resolved to the host cannot be the visitor


@pytest.mark.parametrize(
    "text, type_",
    [
        ("Activists from Hezbollah staged rallies against Macron.", "PROTEST"),  # the model reads "staged" as "stag"
        ("Iran will allow the inspectors to return.", "CONCEDE"),
        ("Hezbollah surrendered to Israel on Monday.", "RETREAT"),
        ("Iran offered its troops to Brazil.", "AGREE"),
        ("Germany accepted the French proposal.", "AGREE"),
        ("Iran lifted the state of emergency in the south.", "CONCEDE"),
        ("Germany gave a warm welcome to Modi.", "CONSULT"),
        ("Israel indicted Lula for fraud.", "ACCUSE"),
    ],
)
def test_general_triggers(spacy_nlp, lexicon, text, type_):
    events = code(spacy_nlp, lexicon, text)
    assert events and max(events, key=lambda e: e.confidence).type == type_, events


def test_inflected_verbs_match_their_lemma_without_nouns_doing_so(spacy_nlp):
    from dateline.events import _lemmas

    doc = spacy_nlp("Activists staged rallies and carried flags about AIDS.")
    assert "stage" in _lemmas(doc[1]) and "carry" in _lemmas(doc[4])
    assert "aid" not in _lemmas(doc[-2])


def test_what_a_demand_or_rejection_is_about_is_no_event(spacy_nlp, lexicon):
    events = code(spacy_nlp, lexicon, "Iran demanded that Israel withdraw its troops from Brazil.")
    assert [e.type for e in events] == ["REQUEST"]
    events = code(spacy_nlp, lexicon, "Modi rejected Israel's attempt to prevent the talks.")
    assert "COERCE" not in {e.type for e in events} and "REJECT" in {e.type for e in events}
    assert {e.type for e in code(spacy_nlp, lexicon, "Iran condemned the attack on Israel.")} == {"ACCUSE", "ASSAULT"}


def test_a_statement_issued_speaks_for_its_issuer(spacy_nlp, lexicon):
    event = only(code(spacy_nlp, lexicon, "Hezbollah issued a statement demanding that Israel release Lula."), "REQUEST")
    assert event.source == ("org:hezbollah",)


def test_diplomatic_ties_are_support(spacy_nlp, lexicon):
    event = only(code(spacy_nlp, lexicon, "Brazil and India established diplomatic relations on Monday."))
    assert event.type == "SUPPORT" and {*event.source, *event.target} == {"BRA", "IND"}


def test_declared_intent_to_harm_is_a_threat(spacy_nlp, lexicon):
    assert only(code(spacy_nlp, lexicon, "Iran is prepared to impose martial law.")).type == "THREATEN"
    assert only(code(spacy_nlp, lexicon, "Hezbollah vowed to attack Israel.")).type == "THREATEN"
    assert only(code(spacy_nlp, lexicon, "Iran is prepared to lift the ban on Hezbollah.")).type == "AGREE"  # lifting a ban harms nobody
    assert only(code(spacy_nlp, lexicon, "Iran and Brazil agreed to impose sanctions on Israel.")).type == "AGREE"  # a joint decision


def test_plover_org_codes_and_joint_sides():
    from dateline.benchmarks.plover import _actor_code
    from dateline.kb import KBActor, KnowledgeBase

    kb = KnowledgeBase(
        [
            KBActor(id="org:icrc", kind="organization", name="Red Cross", country="CHE", type="ngo"),
            KBActor(id="org:iaea", kind="organization", name="IAEA", type="un_organ"),
            KBActor(id="BRA", kind="country", name="Brazil", country="BRA"),
        ]
    )
    assert [_actor_code(a, {}, kb) for a in ("org:icrc", "org:iaea", "BRA", "new:someone")] == ["NGO", "IGO", "BRA", None]


def test_nationality_doers(spacy_nlp, lexicon):
    from dateline.kb import load_kb

    kb = load_kb()
    led = only(code(spacy_nlp, lexicon, "Saudi-led forces attacked Hezbollah.", kb=kb))
    assert led.source == ("SAU",) and led.type == "ASSAULT"
    army = only(code(spacy_nlp, lexicon, "The Sri Lankan army attacked Hezbollah.", kb=kb))
    assert army.source == ("LKA",)


def test_a_stance_in_the_passive_belongs_to_its_subject(spacy_nlp, lexicon):
    event = only(code(spacy_nlp, lexicon, "Israel is opposed to the mediation of Brazil."))
    assert (event.type, event.source, event.target) == ("REJECT", ("ISR",), ("BRA",))
    event = only(code(spacy_nlp, lexicon, "Iran was opposed by Israel."))
    assert (event.source, event.target) == (("ISR",), ("IRN",))


def test_a_transitive_protest_is_still_a_protest(spacy_nlp, lexicon):
    assert only(code(spacy_nlp, lexicon, "Hezbollah protested the arrest of Lula."), "PROTEST").source == ("org:hezbollah",)
    assert code(spacy_nlp, lexicon, "Hezbollah demonstrated its resolve.") == []


def test_the_object_of_a_demand_or_rejection_is_no_event_but_that_of_an_accusation_is(spacy_nlp, lexicon):
    assert [e.type for e in code(spacy_nlp, lexicon, "Modi reneged on his agreement with Brazil.")] == ["REJECT"]
    assert [e.type for e in code(spacy_nlp, lexicon, "India called for talks with Brazil.")] == ["REQUEST"]
    assert "ASSAULT" in {e.type for e in code(spacy_nlp, lexicon, "India condemned the attack on Brazil.")}


def test_a_mediator_is_the_source_and_the_parties_the_target(spacy_nlp, lexicon):
    event = only(code(spacy_nlp, lexicon, "Brazil launched a mediation effort between Iran and Israel."))
    assert (event.type, event.mode, event.source, set(event.target)) == ("CONSULT", "third-party", ("BRA",), {"IRN", "ISR"})


def test_a_suspension_of_links_with_a_state_targets_it(spacy_nlp, lexicon):
    event = only(code(spacy_nlp, lexicon, "Brazil announced a suspension of air links with Iran."), "SANCTION")
    assert (event.source, event.target) == (("BRA",), ("IRN",))


def test_a_reiterated_demand_hides_what_it_demands(spacy_nlp, lexicon):
    events = code(spacy_nlp, lexicon, "Brazil reiterated its demand today that Israel lift the ban on Hezbollah.")
    assert [e.type for e in events] == ["REQUEST"] and events[0].source == ("BRA",)


@pytest.mark.parametrize(
    "text",
    [
        "A traffic collision killed Lula on Monday.",  # an accident, not an assault
        "Lula was killed in a car crash.",
        "An earthquake which killed Lula struck Iran.",
        "Hezbollah is banned in Brazil.",  # a standing state, not an event
    ],
)
def test_harm_without_a_doer_must_be_a_deed(spacy_nlp, lexicon, text):
    assert code(spacy_nlp, lexicon, text) == []


def test_one_harm_to_a_target_by_nobody_named_per_document(spacy_nlp, lexicon):
    text = "Lula was murdered in October.\n\nNobody has explained Lula's murder."
    events = code(spacy_nlp, lexicon, text, times=[time_at(text, "October", "2023-10", "month")])
    assert [(e.type, e.target) for e in events] == [("ASSAULT", ("lula",))]


def test_plover_joint_sides_take_the_gold_direction():
    from dateline.benchmarks.plover import GoldRecord, _joint_sides

    both = GoldRecord("a", "", "CONSULT", None, frozenset({"ISR", "LBN"}), frozenset())
    assert _joint_sides({"ISR"}, {"LBN"}, both) == ({"ISR", "LBN"}, set())
    swapped = GoldRecord("b", "", "CONSULT", None, frozenset({"LBN"}), frozenset({"ISR"}))
    assert _joint_sides({"ISR"}, {"LBN"}, swapped) == ({"LBN"}, {"ISR"})
    other = GoldRecord("c", "", "CONSULT", None, frozenset({"FRA"}), frozenset())
    assert _joint_sides({"ISR"}, {"LBN"}, other) == ({"ISR"}, {"LBN"})  # wrong stays wrong


def test_a_quantity_is_no_link_in_a_phrase(spacy_nlp, lexicon):
    event = only(code(spacy_nlp, lexicon, "Iran delivered 500 tons of food to Brazil."))
    assert (event.type, event.source, event.target) == ("AID", ("IRN",), ("BRA",))
    assert only(code(spacy_nlp, lexicon, "Iran sent thousands of troops to Brazil.")).type == "MOBILIZE"


def test_a_measure_stands_in_for_its_event_noun(spacy_nlp, lexicon):
    event = only(code(spacy_nlp, lexicon, "Brazil and India launched ten days of war games on Monday."))
    assert event.type == "COOPERATE" and {*event.source, *event.target} == {"BRA", "IND"}


# ---------------------------------------------------------------------------- generalization (third round)


def test_a_passive_raising_verb_lends_its_subject_to_the_infinitive(spacy_nlp, lexicon):
    text = "Modi is expected to visit France in May."
    event = only(code(spacy_nlp, lexicon, text, times=[time_at(text, "in May", "2024-05", "month")]))
    assert (event.type, event.source, event.target, event.status, event.date_start) == (
        "CONSULT",
        ("narendra-modi",),
        ("FRA",),
        "planned",
        "2024-05",
    )


def test_a_week_is_dated_monday_to_sunday(spacy_nlp, lexicon):
    text = "Macron will meet Lula next week."
    event = only(code(spacy_nlp, lexicon, text, times=[time_at(text, "next week", "2024-W12", "week")]))
    assert (event.date_start, event.date_end, event.status) == ("2024-03-18", "2024-03-24", "planned")


def test_would_with_a_future_date_is_a_schedule(spacy_nlp, lexicon):
    from dateline.kb import load_kb

    text = "Lula would receive the Indian guest next week."
    event = only(code(spacy_nlp, lexicon, text, times=[time_at(text, "next week", "2024-W12", "week")], kb=load_kb()))
    assert (event.type, event.source, event.target, event.status) == ("CONSULT", ("lula",), ("IND",), "planned")
    # with no date it stays a possibility
    assert only(code(spacy_nlp, lexicon, "Lula would meet Modi.")).status == "hypothetical"


def test_a_light_verb_phrase_under_a_measure_keeps_its_target(spacy_nlp, lexicon):
    event = only(code(spacy_nlp, lexicon, "Macron held more than five hours of talks with Lula."))
    assert event.type == "CONSULT" and {*event.source, *event.target} == {"emmanuel-macron", "lula"}


def test_naming_and_asking_questions_are_no_requests(spacy_nlp, lexicon):
    assert "REQUEST" not in {e.type for e in code(spacy_nlp, lexicon, "Modi called it the worst attack on Brazil in years.")}
    events = code(spacy_nlp, lexicon, "Asked whether Macron would meet Lula, the spokesperson said he had nothing to announce.")
    assert "REQUEST" not in {e.type for e in events}
    assert only(code(spacy_nlp, lexicon, "Macron called on Lula to release the prisoners."), "REQUEST").target == ("lula",)


def test_should_in_reported_speech_is_a_demand_that_owns_its_clause(spacy_nlp, lexicon):
    events = code(spacy_nlp, lexicon, "Modi said that Brazil should stop its threats and lift sanctions on India.")
    assert [(e.type, e.source, e.target) for e in events] == [("REQUEST", ("narendra-modi",), ("BRA",))]


def test_a_promised_response_is_a_threat(spacy_nlp, lexicon):
    assert only(code(spacy_nlp, lexicon, "Lula promised a response to Israel.")).type == "THREATEN"


def test_a_fronted_phone_call_is_between_the_speaker_and_the_addressee(spacy_nlp, lexicon):
    event = only(code(spacy_nlp, lexicon, "In a telephone call, Macron told Lula that the talks should go on."), "CONSULT")
    assert (event.mode, event.source, event.target) == ("phone", ("emmanuel-macron",), ("lula",))


def test_a_speakers_pronoun_is_the_speaker(spacy_nlp, lexicon):
    # the resolver made "he" someone else; in "X said he ..." it is X
    text = "Macron told reporters that he had urged Brazil to free the hostages."
    mentions = mentions_in(text, {"he": "lula"})
    event = only(code(spacy_nlp, lexicon, text, mentions=mentions), "REQUEST")
    assert (event.source, event.target) == (("emmanuel-macron",), ("BRA",))


def test_what_a_joint_decision_settles_is_its_own_planned_event(spacy_nlp, lexicon):
    events = code(spacy_nlp, lexicon, "Macron and Lula agreed that Modi would visit France.")
    assert {e.type for e in events} == {"AGREE", "CONSULT"}
    assert only(events, "CONSULT").status == "planned"
    events = code(spacy_nlp, lexicon, "Lula accepted an invitation to visit Germany.")
    visit = only(events, "CONSULT")
    assert (visit.source, visit.target, visit.status) == (("lula",), ("DEU",), "planned")


def test_talks_in_a_city_are_not_talks_with_its_state(spacy_nlp, lexicon):
    from dateline.kb import load_kb

    event = only(code(spacy_nlp, lexicon, "Macron and Lula did not hold formal talks in New Delhi.", kb=load_kb()))
    assert (event.status, {*event.source, *event.target}) == ("negated", {"emmanuel-macron", "lula"})


def test_a_place_named_by_its_city_or_nationality_stands_for_its_state(spacy_nlp, lexicon):
    from dateline.kb import load_kb

    event = only(code(spacy_nlp, lexicon, "Iranian drones struck a school in the northern Israeli city of Haifa.", kb=load_kb()))
    assert (event.type, event.source, event.target) == ("ASSAULT", ("IRN",), ("ISR",))


def test_two_acts_of_one_type_in_a_sentence_are_kept(spacy_nlp, lexicon):
    from dateline.kb import load_kb

    events = code(spacy_nlp, lexicon, "France accused Iran of lying and summoned the Iranian ambassador.", kb=load_kb())
    assert len([e for e in events if e.type == "ACCUSE"]) == 2


def test_not_excluding_an_act_makes_it_possible(spacy_nlp, lexicon):
    event = only(code(spacy_nlp, lexicon, "Macron said France did not exclude delivering tanks to Brazil."))
    assert (event.type, event.target, event.status) == ("AID", ("BRA",), "hypothetical")


def test_a_phrase_preposition_introduces_the_target(spacy_nlp, lexicon):
    event = only(code(spacy_nlp, lexicon, "Scholz said Germany would stand by India."))
    assert (event.type, event.source, event.target, event.status) == ("SUPPORT", ("DEU",), ("IND",), "planned")


def test_a_missile_fired_at_no_one_is_a_show_of_force(spacy_nlp, lexicon):
    assert only(code(spacy_nlp, lexicon, "Iran fired a ballistic missile into the sea.")).type == "MOBILIZE"
    assert only(code(spacy_nlp, lexicon, "Iran fired a ballistic missile at Israel.")).type == "ASSAULT"


def test_no_one_named_intends_no_harm(spacy_nlp, lexicon):
    assert code(spacy_nlp, lexicon, "The move is part of a broader plan to increase sanctions on Iran.") == []
    # a named planner keeps it
    event = only(code(spacy_nlp, lexicon, "Israel plans to increase sanctions on Iran."))
    assert (event.type, event.source, event.status) == ("SANCTION", ("ISR",), "planned")


def test_a_reaction_to_a_definite_event_targets_its_doer(spacy_nlp, lexicon):
    text = "Israel attacked Brazil on Monday.\n\nLula condemned the attack.\n\nIran denied the accusation."
    events = code(spacy_nlp, lexicon, text)
    assert only(events, "ACCUSE").target == ("ISR",)
    text = "Brazil accused Iran of spying.\n\nIran denied the accusation."
    assert only(code(spacy_nlp, lexicon, text), "REJECT").target == ("BRA",)


def test_an_undated_event_during_the_visit_takes_the_visits_dates(spacy_nlp, lexicon):
    text = "Modi will pay a state visit to France from March 20 to 22.\n\nDuring the visit, Modi will meet Macron and hold talks with Lula."
    times = [time_at(text, "from March 20 to 22", "2024-03-20/2024-03-22", "interval")]
    events = code(spacy_nlp, lexicon, text, times=times)
    meetings = [e for e in events if e.type == "CONSULT" and "emmanuel-macron" in (*e.source, *e.target)]
    assert meetings and all((e.date_start, e.date_end, e.status) == ("2024-03-20", "2024-03-22", "planned") for e in meetings)


def test_not_accepting_a_proposal_is_a_rejection(spacy_nlp, lexicon):
    event = only(code(spacy_nlp, lexicon, "Iran had not accepted a proposal from Brazil."))
    assert (event.type, event.status) == ("REJECT", "occurred")


def test_a_headline_and_its_lead_are_one_event(spacy_nlp, lexicon):
    text = "Macron meets Lula\n\nMacron met Lula on Tuesday."
    events = code(spacy_nlp, lexicon, text, times=[time_at(text, "on Tuesday", "2024-03-12")])
    assert [(e.type, e.date_start) for e in events] == [("CONSULT", "2024-03-12")]


def test_a_noun_modifier_is_no_event(spacy_nlp, lexicon):
    assert code(spacy_nlp, lexicon, "Brazil bought ten attack helicopters from France.") == []


def test_a_harm_inside_an_accusation_clause_is_no_report(spacy_nlp, lexicon):
    events = code(spacy_nlp, lexicon, "Modi accused Brazil of turning the summit into a forum for attacks on India.")
    assert [e.type for e in events] == ["ACCUSE"]


def test_what_is_discussed_is_the_topic_not_the_partner(spacy_nlp, lexicon):
    event = only(code(spacy_nlp, lexicon, "Macron and Lula discussed Iran's nuclear programme."))
    assert {*event.source, *event.target} == {"emmanuel-macron", "lula"}


def test_an_invitation_to_a_place_or_meeting_is_also_a_planned_visit(spacy_nlp, lexicon):
    text = "Scholz invited Lula to the summit he will host in June."
    events = code(spacy_nlp, lexicon, text, times=[time_at(text, "in June", "2024-06", "month")])
    visit = only(events, "CONSULT")
    assert (visit.source, visit.target, visit.status, visit.date_start) == (("lula",), ("olaf-scholz",), "planned", "2024-06")
    assert only(events, "REQUEST").status == "occurred"
    # an invitation to do something is no visit
    assert "CONSULT" not in {e.type for e in code(spacy_nlp, lexicon, "Scholz invited Lula to join the talks.")}


def test_the_visit_of_a_leader_and_a_planned_one(spacy_nlp, lexicon):
    event = only(code(spacy_nlp, lexicon, "They prepared the visit of Modi to France which is planned for this year."))
    assert (event.source, event.target, event.status) == (("narendra-modi",), ("FRA",), "planned")
    # the same visit named again later is no new event
    text = "Modi visited France on Monday.\n\nThe visit of Modi to France will last until Friday."
    events = code(spacy_nlp, lexicon, text, times=[time_at(text, "on Monday", "2024-03-11"), time_at(text, "until Friday", "2024-03-15")])
    assert len([e for e in events if e.type == "CONSULT"]) == 1


def test_a_demand_reads_its_target_in_its_own_line(spacy_nlp, lexicon):
    # an earlier trigger in another paragraph must not hide the demand's target
    text = "Israel attacked Hezbollah.\n\nModi said that Brazil should lift sanctions on India."
    assert only(code(spacy_nlp, lexicon, text), "REQUEST").target == ("BRA",)


def test_should_about_ones_own_state_is_no_demand(spacy_nlp, lexicon):
    from dateline.kb import load_kb

    text = "Narendra Modi said that India and Brazil should deepen their ties."
    assert "REQUEST" not in {e.type for e in code(spacy_nlp, lexicon, text, kb=load_kb())}


# -- review of unseen news: general error classes (participles, "called for", "spoke with", exchanges of fire,
#    withdrawals from a place, people around an actor who do not act for it)


def test_participle_on_the_medium_takes_the_posters_side(spacy_nlp, lexicon):
    event = only(code(spacy_nlp, lexicon, "Macron posted a note on Twitter blaming Iran for the explosion."), "ACCUSE")
    assert event.source == ("emmanuel-macron",) and event.target == ("IRN",)


def test_participle_on_a_plural_object_is_not_the_subjects_act(spacy_nlp, lexicon):
    events = code(spacy_nlp, lexicon, "Germany imposed sanctions on companies attacking Israel.")
    assert not [e for e in events if e.type == "ASSAULT" and "DEU" in e.source], events


def test_called_for_a_clause_is_a_request_to_its_subject(spacy_nlp, lexicon):
    event = only(code(spacy_nlp, lexicon, "Lula called for Iran to release the detained sailors."), "REQUEST")
    assert event.source == ("lula",) and event.target == ("IRN",)
    assert not [e for e in code(spacy_nlp, lexicon, "Lula called for Iran to release the sailors.") if e.type == "RETREAT"]


def test_called_for_in_a_participle_clause(spacy_nlp, lexicon):
    text = "On Monday, Modi addressed reporters in Delhi, calling for the attackers to be brought to justice."
    event = only(code(spacy_nlp, lexicon, text), "REQUEST")
    assert event.source == ("narendra-modi",)


def test_spoke_to_or_with_a_counterpart_is_a_consultation(spacy_nlp, lexicon):
    for text in ("Scholz spoke with Macron about the border dispute.", "Scholz spoke to Macron by telephone on Friday."):
        event = only(code(spacy_nlp, lexicon, text), "CONSULT")
        assert {*event.source, *event.target} == {"olaf-scholz", "emmanuel-macron"}, text


def test_spoke_to_a_news_outlet_is_no_consultation(spacy_nlp, lexicon):
    from dateline.kb import KBActor, KnowledgeBase

    kb = KnowledgeBase([KBActor(id="org:daily", kind="organization", name="The Daily Courier", type="outlet")])
    for text in ("Speaking to The Daily Courier, Scholz said the plan had failed.", "Scholz spoke with The Daily Courier on Monday."):
        events = code(spacy_nlp, lexicon, text, mentions=mentions_in(text, {"The Daily Courier": "org:daily"}), kb=kb)
        assert not [e for e in events if e.type == "CONSULT"], (text, events)


def test_reciprocal_phone_conversation_and_call_with(spacy_nlp, lexicon):
    event = only(code(spacy_nlp, lexicon, "Scholz and Macron spoke on the phone on Tuesday."), "CONSULT")
    assert event.mode == "phone" and {*event.source, *event.target} == {"olaf-scholz", "emmanuel-macron"}
    event = only(code(spacy_nlp, lexicon, "Modi's call with Lula lasted an hour."), "CONSULT")
    assert event.mode == "phone" and event.source == ("narendra-modi",) and event.target == ("lula",)


def test_exchange_of_fire_has_two_sides(spacy_nlp, lexicon):
    event = only(code(spacy_nlp, lexicon, "Israel and Hezbollah exchanged artillery fire on Sunday."), "ASSAULT")
    assert {*event.source, *event.target} == {"ISR", "org:hezbollah"} and len(event.source) == 1


def test_withdrawal_from_a_state_is_not_done_by_that_state(spacy_nlp, lexicon):
    event = only(code(spacy_nlp, lexicon, "Macron announced a troop withdrawal from Iran."), "RETREAT")
    assert event.source == ("emmanuel-macron",) and event.target == ("IRN",)


def test_associates_and_family_do_not_act_for_the_person(spacy_nlp, lexicon):
    for text in (
        "His associates have alleged Lula was poisoned.",
        "Associates of Lula alleged he was poisoned.",
        "Lula is a critic of Modi, and his associates had alleged Lula was poisoned.",
    ):
        assert not [e for e in code(spacy_nlp, lexicon, text) if "lula" in e.source], text
    event = only(code(spacy_nlp, lexicon, "Iran's foreign ministry and its army attacked Israel."), "ASSAULT")
    assert "IRN" in event.source


def test_a_clause_with_its_own_subject_does_not_inherit_the_first(spacy_nlp, lexicon):
    events = code(spacy_nlp, lexicon, "Macron arrived in Delhi and protesters attacked Israel's embassy.")
    assert not [e for e in events if e.type == "ASSAULT" and "emmanuel-macron" in e.source], events
    event = only(code(spacy_nlp, lexicon, "Iran left the talks, and its forces have since attacked Israel."), "ASSAULT")
    assert event.source == ("IRN",)


def test_passive_relative_clause_names_the_victim(spacy_nlp, lexicon):
    events = code(spacy_nlp, lexicon, "Macron met Scholz, who was also wounded in the attack.")
    harm = only(events, "ASSAULT")
    assert harm.source == () and harm.target == ("olaf-scholz",)


def test_time_of_a_clause_describing_a_noun_is_not_the_events(spacy_nlp, lexicon):
    text = "On Monday, Iran charged 12 men suspected of plotting the bombing in March and asked Brazil to extradite them."
    times = [time_at(text, "On Monday", "2024-03-11"), time_at(text, "in March", "2023-03", "month")]
    event = only(code(spacy_nlp, lexicon, text, times=times), "REQUEST")
    assert event.source == ("IRN",) and event.target == ("BRA",)
    assert event.date_start == "2024-03-11"


def test_entered_into_an_agreement_or_talks(spacy_nlp, lexicon):
    event = only(code(spacy_nlp, lexicon, "Brazil said it had entered into an agreement with India on trade."), "AGREE")
    assert {*event.source, *event.target} == {"BRA", "IND"}
    event = only(code(spacy_nlp, lexicon, "India entered into talks with Brazil on Monday."), "CONSULT")
    assert event.source == ("IND",) and event.target == ("BRA",)


def test_possessed_event_noun_without_a_time_recaps_the_earlier_report(spacy_nlp, lexicon):
    text = "Germany withdrew from Iran on Friday. Germany's withdrawal was the first since the election."
    events = code(spacy_nlp, lexicon, text, times=[time_at(text, "on Friday", "2024-03-08")])
    event = only(events, "RETREAT")
    assert event.date_start == "2024-03-08"
    # with a time of its own it is a report of its own
    text = "Germany withdrew from Iran on Friday. France's withdrawal came on Monday."
    events = code(spacy_nlp, lexicon, text, times=[time_at(text, "on Friday", "2024-03-08"), time_at(text, "on Monday", "2024-03-11")])
    assert len([e for e in events if e.type == "RETREAT"]) == 2


def test_relative_clause_with_its_own_subject_is_not_done_by_the_noun(spacy_nlp, lexicon):
    text = "Macron praised the Hezbollah fighters whom several nations refused to repatriate."
    events = code(spacy_nlp, lexicon, text)
    assert not [e for e in events if e.type == "REJECT" and "org:hezbollah" in e.source], events
    event = only(code(spacy_nlp, lexicon, "Macron welcomed Lula, who attacked Israel last year."), "ASSAULT")
    assert event.source == ("lula",) and event.target == ("ISR",)


def test_it_under_a_spokespersons_speech_is_the_body_spoken_for(spacy_nlp, lexicon):
    from dateline.kb import KBActor, KnowledgeBase

    kb = KnowledgeBase(
        [
            KBActor(id="ali-hamdan", kind="person", name="Ali Hamdan"),
            KBActor(id="org:hezbollah", kind="organization", name="Hezbollah"),
            KBActor(id="ISR", kind="country", name="Israel"),
            KBActor(id="IRN", kind="country", name="Iran"),
        ]
    )
    text = "Hezbollah spokesman Ali Hamdan said it had carried out the attack on Israel."
    event = only(code(spacy_nlp, lexicon, text, mentions=mentions_in(text, {"Ali Hamdan": "ali-hamdan"}), kb=kb), "ASSAULT")
    assert event.source == ("org:hezbollah",) and event.target == ("ISR",)
    # a state's own "it" stays the state
    event = only(code(spacy_nlp, lexicon, "Iran said it would attack Israel.", kb=kb), "ASSAULT")
    assert event.source == ("IRN",)


def test_a_car_that_struck_someone_is_an_accident_not_an_attack(spacy_nlp, lexicon):
    text = "Lula was struck by a Renault Clio driving on the wrong side of the road."
    assert not [e for e in code(spacy_nlp, lexicon, text) if e.type == "ASSAULT"]
    # an attacker named by the same construction is still one
    text = "Lula was attacked by Hezbollah on the road."
    assert only(code(spacy_nlp, lexicon, text), "ASSAULT").target == ("lula",)


def test_a_plain_resignation_is_no_concession(spacy_nlp, lexicon):
    assert not [e for e in code(spacy_nlp, lexicon, "Scholz resigned on Friday after a week of pressure.") if e.type == "CONCEDE"]
    assert not [e for e in code(spacy_nlp, lexicon, "Macron's resignation surprised the markets.") if e.type == "CONCEDE"]


def test_accepting_responsibility_is_an_admission_not_an_agreement(spacy_nlp, lexicon):
    text = "Macron accepted responsibility for the failed raid."
    assert not [e for e in code(spacy_nlp, lexicon, text) if e.type == "AGREE"]
    # accepting a proposal stays an agreement
    assert only(code(spacy_nlp, lexicon, "Macron accepted the proposal from Germany."), "AGREE").source == ("emmanuel-macron",)


def test_a_document_named_as_a_part_of_is_no_agreement(spacy_nlp, lexicon):
    text = "Macron cited Article 4 of the treaty and said allies must help."
    assert not [e for e in code(spacy_nlp, lexicon, text) if e.type == "AGREE"]
    # the act of making one is still coded
    events = code(spacy_nlp, lexicon, "France and Germany signed a treaty on Monday.")
    assert [e for e in events if e.type == "AGREE"]


def test_restriction_on_travel_to_a_state_targets_it(spacy_nlp, lexicon):
    event = only(code(spacy_nlp, lexicon, "Germany imposed new restrictions on flights to Iran."), "COERCE")
    assert event.source == ("DEU",) and event.target == ("IRN",)
    event = only(code(spacy_nlp, lexicon, "Germany announces restrictions on travelling to Iran"), "COERCE")
    assert event.target == ("IRN",)


def test_a_thing_struck_in_a_state_makes_the_state_the_target(spacy_nlp, lexicon):
    text = "Iran fired rockets aimed at a radar station in Israel on Tuesday."
    event = only(code(spacy_nlp, lexicon, text), "ASSAULT")
    assert event.source == ("IRN",) and event.target == ("ISR",)
    # a named target is kept as it is
    event = only(code(spacy_nlp, lexicon, "Iran attacked Hezbollah in Israel."), "ASSAULT")
    assert event.target == ("org:hezbollah",)


def test_warrants_for_a_group_including_a_named_person_target_the_person(spacy_nlp, lexicon):
    text = "Iran issued arrest warrants for 20 people, including Macron."
    event = only(code(spacy_nlp, lexicon, text), "COERCE")
    assert event.source == ("IRN",) and event.target == ("emmanuel-macron",)


def test_ministers_gathered_in_a_capital_do_not_stand_for_its_state(spacy_nlp, lexicon):
    from dateline.kb import KBActor, KnowledgeBase

    kb = KnowledgeBase(
        [
            KBActor(id="FRA", kind="country", name="France", metonyms=("Paris",)),
            KBActor(id="IRN", kind="country", name="Iran"),
        ]
    )
    text = "A meeting of foreign ministers in Paris condemned Iran."
    mentions = mentions_in(text, {})
    mentions = [m for m in mentions if m.actor_id != "FRA"]
    events = code(spacy_nlp, lexicon, text, mentions=mentions, kb=kb)
    assert not [e for e in events if "FRA" in e.source], events
    # residents protesting in a capital still stand for its state
    text = "Thousands of students in Paris condemned Iran."
    mentions = [m for m in mentions_in(text, {}) if m.actor_id != "FRA"]
    event = only(code(spacy_nlp, lexicon, text, mentions=mentions, kb=kb), "ACCUSE")
    assert event.source == ("FRA",)


def test_first_person_in_a_direct_quote_is_its_speaker(spacy_nlp, lexicon):
    text = 'Macron responded on Twitter: "I strongly reject the new sanctions imposed by Iran."'
    event = only(code(spacy_nlp, lexicon, text), "REJECT")
    assert event.source == ("emmanuel-macron",)
    text = '"I condemn the attack on Israel," Scholz said on Monday.'
    event = only(code(spacy_nlp, lexicon, text), "ACCUSE")
    assert event.source == ("olaf-scholz",)
    # outside any quote a first-person pronoun names no one
    assert not [e for e in code(spacy_nlp, lexicon, "I strongly reject the new sanctions imposed by Iran.") if e.type == "REJECT"]


@pytest.mark.parametrize(
    "text, type_, source",
    [
        ("About 300 ethnic Hungarians rallied on Sunday in Romania to demand schools in their language.", "PROTEST", ("ROU",)),
        ("Ethnic Hungarians in northern Romania are demanding more autonomy.", "REQUEST", ("ROU",)),
        ("Hungarians rallied in Romania on Sunday.", "PROTEST", ("HUN",)),
    ],
)
def test_an_ethnic_minority_stands_for_the_state_it_lives_in(spacy_nlp, lexicon, text, type_, source):
    from dateline.kb import KBActor, KnowledgeBase

    kb = KnowledgeBase(
        [
            KBActor(id="HUN", kind="country", name="Hungary", adjectives=("Hungarian", "Hungarians")),
            KBActor(id="ROU", kind="country", name="Romania", adjectives=("Romanian",)),
        ]
    )
    event = only(code(spacy_nlp, lexicon, text, mentions=mentions_in(text, {"Romania": "ROU"}), kb=kb), type_)
    assert event.source == source


@pytest.mark.parametrize(
    "text, source",
    [
        ("Croatian troops were involved in the attack on the town, a monitor said.", ("HRV",)),
        ("Croatian troops were engaged in an attack on the town, a monitor said.", ("HRV",)),
    ],
)
def test_the_passive_subject_of_engaged_in_is_the_doer(spacy_nlp, lexicon, text, source):
    from dateline.kb import KBActor, KnowledgeBase

    kb = KnowledgeBase([KBActor(id="HRV", kind="country", name="Croatia", adjectives=("Croatian",))])
    event = only(code(spacy_nlp, lexicon, text, mentions=[], kb=kb), "ASSAULT")
    assert event.source == source
    assert "HRV" not in event.target


def _analysed(resources, text):
    from dateline.ingest import ingest_text
    from dateline.pipeline import analyze_one

    return analyze_one(ingest_text("date: 2024-03-05\n\n" + text, "t.txt", agencies=resources.kb.agencies), resources)


def test_events_between_actors_named_by_what_they_are(resources):
    # crime and security news names its sides by what they are: police, suspects, gunmen, pirates
    analysis = _analysed(resources, "Police arrested two suspects in Denver on Monday. Pirates hijacked a cargo ship off Somalia.")
    names = {a.id: a.name for a in analysis.actors}
    coded = {(e.type, tuple(names[i] for i in e.source), tuple(names[i] for i in e.target)) for e in analysis.events}
    assert ("COERCE", ("police",), ("suspects",)) in coded  # named as the text writes them
    assert any(t == "ASSAULT" and s == ("pirates",) for t, s, _ in coded)
    # the actors an event names are the document's actors, with their mentions
    assert {"police", "suspects", "pirates"} <= set(names.values())
    assert all(a.mentions for a in analysis.actors if a.id.startswith("new:"))


def test_forces_sent_are_no_target_of_the_mobilization(resources):
    analysis = _analysed(resources, "Poland said it would send more troops to the border with Belarus.")
    event = only([e for e in analysis.events if e.type == "MOBILIZE"])
    assert event.source == ("POL",) and "new:troops" not in event.target


def test_the_learned_typer_reads_words_the_lexicon_lacks(spacy_nlp, lexicon):
    from dateline.learned.triggers import NONE, TriggerModel

    text = "Hezbollah clobbered Israel on Tuesday."
    assert [e.type for e in code(spacy_nlp, lexicon, text)] == []
    model = TriggerModel({"lemma=clobber": {"ASSAULT": 9.0}, "bias": {NONE: 1.0}}, (NONE, *PLOVER_TYPES), threshold=0.0)
    event = only(code(spacy_nlp, lexicon, text, learned=model))
    assert (event.type, event.source, event.target, event.cameo) == ("ASSAULT", ("org:hezbollah",), ("ISR",), "19")
    # the lexicon's own reading of a word it knows is kept
    assert only(code(spacy_nlp, lexicon, "Hezbollah attacked Israel.", learned=model)).type == "ASSAULT"


def test_a_passive_never_takes_its_patient_as_the_doer(spacy_nlp, lexicon):
    # a passive that shares its subject with another clause: the subject underwent it, never did it
    for text in (
        "Olaf Scholz seized a rifle and was arrested by Germany on Friday.",
        "When arrested by Germany in 2001, Olaf Scholz told reporters he was a farmer.",
        "Olaf Scholz is due to be detained by Germany on Friday.",
    ):
        events = [e for e in code(spacy_nlp, lexicon, text) if e.type == "COERCE" and e.trigger != "seized"]
        assert events, text
        assert all(e.source == ("DEU",) and e.target == ("olaf-scholz",) for e in events), (text, events)
    # with no doer named, the passive's subject is still no source
    for text in ("If convicted, Olaf Scholz faces ten years in prison.", "Olaf Scholz took a guard hostage and was arrested."):
        assert not any("olaf-scholz" in e.source for e in code(spacy_nlp, lexicon, text) if e.type == "COERCE"), text



def test_a_pronoun_told_before_its_teller_is_named_is_not_the_teller(spacy_nlp, lexicon):
    # "he" before the speaker is named points back to someone earlier; after it, to the speaker
    told_first = code(spacy_nlp, lexicon, "Hezbollah denied it. He then attacked Israel, Macron said.")
    assert not any("emmanuel-macron" in e.source for e in told_first if e.type == "ASSAULT")
    told_after = only(code(spacy_nlp, lexicon, "Macron said he had attacked Israel."), "ASSAULT")
    assert told_after.source == ("emmanuel-macron",)


def test_a_harm_someone_is_charged_with_is_reported_as_done(resources):
    # under a charge in the passive the crime is a report of its own; an active accusation stays talk
    for text in ("John Carver was charged with killing Anna Brell.", "John Carver was convicted of murdering Anna Brell in 2010."):
        analysis = _analysed(resources, text)
        names = {a.id: a.name for a in analysis.actors}
        coded = {(e.type, tuple(names[i] for i in e.source), tuple(names[i] for i in e.target)) for e in analysis.events}
        assert ("ASSAULT", ("John Carver",), ("Anna Brell",)) in coded, (text, coded)
    analysis = _analysed(resources, "Russia accused Ukraine of shelling the plant.")
    assert [e.type for e in analysis.events] == ["ACCUSE"]
