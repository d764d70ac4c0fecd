"""Quotes: quotation styles, sloppy marks, indirect and mixed speech, speakers, non-quotes."""

from __future__ import annotations

import json
import re

import pytest

from dateline.errors import DatelineError
from dateline.kb import load_kb
from dateline.layout import analyze_layout, find_quoted_spans, parse_dateline
from dateline.quotes import extract_quotes
from dateline.records import Cast, Mention
from dateline.resolve import cast_of
from dateline.resources import load_cues

AGENCIES = load_kb().agencies  # how datelines name news agencies, as the pipeline reads them

# Names the hand-built "resolver" below knows, with their actor ids and labels.
ACTORS = {
    "Anna Berg": ("anna-berg", "PERSON"),
    "Berg": ("anna-berg", "PERSON"),
    "Tomas Varga": ("tomas-varga", "PERSON"),
    "Varga": ("tomas-varga", "PERSON"),
    "Lena Koch": ("lena-koch", "PERSON"),
    "Koch": ("lena-koch", "PERSON"),
    "the Ruritanian foreign minister": ("tomas-varga", "ROLE"),
    "a foreign ministry spokesperson": ("org:rur-mfa", "ORG"),
    "Nordic Press Agency": ("org:npa", "ORG"),
    "NPA": ("org:npa", "ORG"),
    "Ruritania": ("RUR", "GPE"),
    "Ruri News": ("org:ruri-news", "ORG"),
    "Harbour Authority": ("org:harbour", "ORG"),
    "Pacific Export–Import Bank": ("org:pexim", "ORG"),
    "Mira Osei": ("mira-osei", "PERSON"),
    "Brazil": ("BRA", "GPE"),
    "Coastal Navy": ("org:coastal-navy", "ORG"),
    "Harbour Police": ("org:harbour-police", "ORG"),
}


CUES = load_cues()


def stage_quotes(doc, mentions, cues=None, kb=None):
    """The quotes stage on ``doc`` as the pipeline runs it (layout with the cues' speech verbs)."""
    cues = cues or CUES
    layout = analyze_layout(doc.text, cues.speech_verbs, parse_dateline(doc.text, AGENCIES), agencies=AGENCIES)
    cast = cast_of(doc, layout, kb, (), mentions) if kb is not None else Cast(mentions=tuple(mentions))
    return extract_quotes(doc, layout, cast, cues)




def mentions_for(text: str, pronouns: dict[str, str] | None = None) -> list[Mention]:
    """Mentions of the known names, longest first, plus pronouns given as {"he@2": actor} (2nd 'he')."""
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for name in sorted(ACTORS, key=len, reverse=True):
        actor_id, label = ACTORS[name]
        for match in re.finditer(re.escape(name), text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            taken.append((match.start(), match.end()))
            found.append(Mention(match.start(), match.end(), name, actor_id, label))
    for key, actor_id in (pronouns or {}).items():
        word, _, nth = key.partition("@")
        matches = list(re.finditer(rf"\b{re.escape(word)}\b", text))
        match = matches[int(nth or 1) - 1]
        found.append(Mention(match.start(), match.end(), word, actor_id, "PRON"))
    return sorted(found, key=lambda m: m.start)


@pytest.fixture(scope="module")
def quotes_of(spacy_nlp):
    def run(text: str, pronouns: dict[str, str] | None = None):
        doc = spacy_nlp(text)
        quotes = stage_quotes(doc, mentions_for(text, pronouns))
        for quote in quotes:  # offsets always point at the text
            assert text[quote.start : quote.end] == quote.text
        return quotes

    return run


def only(quotes, words: str):
    hits = [q for q in quotes if words in q.text]
    assert len(hits) == 1, f"{words!r} in {[q.text for q in quotes]}"
    return hits[0]


# ---------------------------------------------------------------- marks (no model needed)


def spans_text(text: str) -> list[str]:
    return [text[s:e] for _, s, e, _ in find_quoted_spans(text, CUES.speech_verbs)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("She said: “Talks will resume in spring.”", ["Talks will resume in spring."]),
        ('She said: "Talks will resume in spring."', ["Talks will resume in spring."]),
        ("Elle a dit: « Talks will resume in spring. »", ["Talks will resume in spring."]),
        ("Sie sagte: „Talks will resume in spring.“ Then she left.", ["Talks will resume in spring."]),
        ("She said: ‘Talks will resume in spring.’", ["Talks will resume in spring."]),
        ("She said : `` Talks will resume in spring . ''", ["Talks will resume in spring ."]),
    ],
)
def test_every_quotation_style_is_found(text, expected):
    assert spans_text(text) == expected


def test_a_closer_typed_as_an_opener_in_tokenized_text_closes():
    text = "groups say the `` midnight rules `` will gut the law . `` It is a disgrace , '' said Berg ."
    assert spans_text(text) == ["midnight rules", "It is a disgrace ,"]


def test_apostrophes_are_not_quotes():
    text = "Ruritania’s minister didn’t attend, and the envoys’ meeting was Brazil's idea."
    assert spans_text(text) == []


def test_single_quotes_inside_double_quotes_stay_inside():
    text = "He wrote: \"I thought, 'this cannot be right', and I left.\""
    assert spans_text(text) == ["I thought, 'this cannot be right', and I left."]


def test_curly_quote_closed_by_straight_mark():
    text = "“The harvest was poor this year,\" the farmer said."
    assert spans_text(text) == ["The harvest was poor this year,"]


def test_a_straight_mark_after_said_and_a_comma_opens_a_quote():
    text = 'His sister said, "He has common sense.\nThey killed my brother for no reason. "\nA crowd gathered.'
    assert spans_text(text) == ["He has common sense.\nThey killed my brother for no reason."]


def test_stray_space_before_the_closing_mark():
    text = "“Prices will fall by winter, and wages will rise ”the minister said."
    assert spans_text(text) == ["Prices will fall by winter, and wages will rise"]


def test_quote_continues_into_a_paragraph_that_reopens_it():
    text = "“The first paragraph of the speech.\n\n“The second paragraph ends it,” she said."
    assert spans_text(text) == ["The first paragraph of the speech.\n\n“The second paragraph ends it,"]


def test_unclosed_quote_runs_on_to_a_stray_closer_paragraphs_later():
    text = (
        "“The war was long and hard.\n\n"
        "Both nations lost many of their sons.\n\n"
        "We will remember them,\" the message read."
    )
    spans = spans_text(text)
    assert len(spans) == 1
    assert spans[0].startswith("The war was long") and spans[0].endswith("remember them,")


def test_tex_quote_left_open_ends_at_a_tex_closer_in_the_next_paragraph():
    # Tokenized wire text quotes with `` and '': a quote over two lines closes on the second, and
    # the narration after it is no part of it.
    text = (
        "`` The roof held but the windows did not.\n"
        "Nobody on the ward was hurt, thank God. ''\n"
        "Berg said the repairs would take a month.\n"
        "`` We will open again in spring, '' she said."
    )
    assert spans_text(text) == [
        "The roof held but the windows did not.\nNobody on the ward was hurt, thank God.",
        "We will open again in spring,",
    ]


def test_unclosed_quote_with_no_closer_ends_with_its_paragraph():
    text = "She said: “We will not give up.\n\nThe meeting ended at noon."
    assert spans_text(text) == ["We will not give up."]


# ---------------------------------------------------------------- direct quotes


@pytest.mark.model
def test_speaker_after_the_quote_through_a_role(quotes_of):
    text = "“Our border is open to trade,” the Ruritanian foreign minister went on to say."
    quote = only(quotes_of(text), "Our border is open")
    assert (quote.kind, quote.speaker) == ("direct", "tomas-varga")


@pytest.mark.model
def test_speaker_inverted_after_the_quote(quotes_of):
    quote = only(quotes_of('"The vote was fair and free," said Varga.'), "The vote was fair")
    assert quote.speaker == "tomas-varga" and quote.cue == "said"


@pytest.mark.model
def test_speaker_before_the_quote_with_a_colon_and_with_a_comma(quotes_of):
    quotes = quotes_of(
        "Anna Berg told reporters: «We expect an answer within a week.»\n"
        "Tomas Varga said, 'The proposal deserves a careful reading.'"
    )
    assert only(quotes, "We expect an answer").speaker == "anna-berg"
    assert only(quotes, "The proposal deserves").speaker == "tomas-varga"


@pytest.mark.model
def test_pronoun_speaker_resolved_by_the_resolver(quotes_of):
    text = "Lena Koch met Anna Berg in the capital. “We agreed on the next steps,” she said."
    quote = only(quotes_of(text, pronouns={"she": "anna-berg"}), "We agreed")
    assert quote.speaker == "anna-berg"


@pytest.mark.model
def test_pronoun_speaker_without_a_resolved_mention_is_the_last_speaker(quotes_of):
    text = (
        "Tomas Varga said the talks had been useful. Lena Koch arrived later.\n"
        "“Nothing has been decided yet,” he said."
    )
    quote = only(quotes_of(text), "Nothing has been decided")
    assert quote.speaker == "tomas-varga"


@pytest.mark.model
@pytest.mark.parametrize(
    "text, parts",
    [
        (
            "“The bridge will be finished next year,” Koch said. “After that, the railway will follow "
            "and the two towns will be joined.”",
            ["The bridge will be finished next year,", "After that, the railway will follow and the two towns will be joined."],
        ),
        (
            "“What worries me most,” Koch said, “is the silence of the neighbours about the flooding.”",
            ["What worries me most,", "is the silence of the neighbours about the flooding."],
        ),
    ],
)
def test_quoted_words_split_by_one_attribution_are_one_quote_in_parts(quotes_of, text, parts):
    quotes = quotes_of(text)
    assert len(quotes) == 1
    quote = quotes[0]
    assert (quote.speaker, quote.kind, quote.cue) == ("lena-koch", "direct", "said")
    assert [text[s:e] for s, e in quote.parts] == parts


@pytest.mark.model
def test_a_second_quote_with_its_own_attribution_stays_apart(quotes_of):
    text = "“The bridge will be finished next year,” Koch said. “It will not,” Varga said."
    quotes = quotes_of(text)
    assert [(q.speaker, bool(q.parts)) for q in quotes] == [("lena-koch", False), ("tomas-varga", False)]


@pytest.mark.model
def test_uncued_quote_paragraph_continues_the_previous_speaker(quotes_of):
    text = (
        "“Our farmers need rain more than subsidies,” Berg said.\n\n"
        "“Without water, no plan will save the harvest this autumn.”\n\n"
        "Varga left the hall before the vote."
    )
    assert only(quotes_of(text), "Without water").speaker == "anna-berg"


@pytest.mark.model
def test_quote_paragraph_after_a_lead_ending_in_a_comma(quotes_of):
    text = (
        "“The port stays closed until Friday,” Varga said.\n\n"
        "Asked whether the ferries would run, Anna Berg replied,\n\n"
        "“Only the morning boat will sail this week.”"
    )
    quote = only(quotes_of(text), "Only the morning boat")
    assert (quote.speaker, quote.cue) == ("anna-berg", "replied")


@pytest.mark.model
def test_uncued_quote_after_narration_is_not_attributed_to_the_last_speaker(quotes_of):
    text = (
        "“Our farmers need rain more than subsidies,” Berg said.\n\n"
        "Varga left the hall before the vote.\n\n"
        "“Without water, no plan will save the harvest this autumn.”"
    )
    assert not [q for q in quotes_of(text) if "Without water" in q.text]


@pytest.mark.model
def test_multi_paragraph_quote_is_one_quote(quotes_of):
    text = (
        "“The crisis began long before the election.\n\n"
        "“Nobody listened to the warnings of the experts,” Varga said."
    )
    quote = only(quotes_of(text), "The crisis began")
    assert "Nobody listened" in quote.text and quote.speaker == "tomas-varga"


@pytest.mark.model
def test_quoted_him_as_saying_gives_him_not_the_agency(quotes_of):
    text = (
        "Tomas Varga visited the port on Monday.\n"
        '"The port will double its capacity," Nordic Press Agency quoted him as saying.'
    )
    quote = only(quotes_of(text, pronouns={"him": "tomas-varga"}), "The port will double")
    assert quote.speaker == "tomas-varga"


@pytest.mark.model
def test_text_quoted_by_an_agency_belongs_to_the_letter_writer(quotes_of):
    text = (
        "Anna Berg sent a letter to the prime minister of Brazil.\n\n"
        "“Our two countries share a long history of friendship and trade,\" the text of the letter "
        "quoted by Nordic Press Agency said."
    )
    quote = only(quotes_of(text), "Our two countries")
    assert quote.speaker == "anna-berg"


@pytest.mark.model
def test_short_quote_with_a_speech_cue_is_a_quote(quotes_of):
    quote = only(quotes_of("Varga called the treaty “null and void”."), "null and void")
    assert quote.speaker == "tomas-varga"


# ---------------------------------------------------------------- not quotes


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Varga rejected the so-called “peace plan” during the visit.",
        'Berg signed the law "On the Protection of Lakes and Rivers" in May.',
        "Koch opened the ‘Bridges of the North Sea’ campaign last week, Koch said.",
        "Students took part in the open lesson “Learning to remember” on Monday.",
        "Anna Berg, nicknamed “the Iron Lady”, arrived in Brazil.",
    ],
)
def test_scare_quotes_titles_and_nicknames_are_not_quotes(quotes_of, text):
    quoted = re.findall(r"[“\"‘]([^”\"’]+)[”\"’]", text)[0]
    assert not [q for q in quotes_of(text) if quoted in q.text and q.kind == "direct"]


@pytest.mark.model
def test_apostrophes_make_no_quote(quotes_of):
    assert quotes_of("Ruritania’s minister didn’t attend the envoys’ meeting in Brazil.") == []


# ---------------------------------------------------------------- indirect and mixed


@pytest.mark.model
@pytest.mark.parametrize(
    "text, cue",
    [
        ("Anna Berg said that the grain corridor would reopen in June.", "said"),
        ("Anna Berg stressed that the grain corridor would reopen in June.", "stressed"),
        ("Anna Berg noted the grain corridor would reopen in June.", "noted"),
        ("Anna Berg told reporters the grain corridor would reopen in June.", "told"),
        ("Anna Berg warned that the grain corridor would reopen in June.", "warned"),
        ("According to Anna Berg, the grain corridor would reopen in June.", "according to"),
        ("The grain corridor would reopen in June, Anna Berg said.", "said"),
        ("Anna Berg was quoted as saying the grain corridor would reopen in June.", "saying"),
    ],
)
def test_indirect_forms(quotes_of, text, cue):
    quote = only(quotes_of(text), "rain corridor would reopen in June")
    assert quote.kind == "indirect"
    assert quote.speaker == "anna-berg"
    assert quote.cue == cue
    assert re.match(r"(the|The) grain corridor", quote.text)


@pytest.mark.model
def test_indirect_with_a_pronoun_source(quotes_of):
    text = "Varga spoke after the summit. According to him, the sanctions have failed to change anything."
    quote = only(quotes_of(text, pronouns={"him": "tomas-varga"}), "the sanctions have failed")
    assert (quote.kind, quote.speaker) == ("indirect", "tomas-varga")


@pytest.mark.model
def test_negated_speech_is_no_quote(quotes_of):
    assert quotes_of("Tomas Varga did not say that the border would close.") == []


@pytest.mark.model
def test_mixed_quote_is_the_whole_reported_clause(quotes_of):
    text = "Lena Koch said the new tariff plan was “a big mistake for everyone”."
    quotes = quotes_of(text)
    assert len(quotes) == 1
    quote = quotes[0]
    assert quote.kind == "mixed" and quote.speaker == "lena-koch"
    assert quote.text.startswith("the new tariff plan") and "a big mistake for everyone" in quote.text


@pytest.mark.model
def test_indirect_inside_a_direct_quote_is_dropped(quotes_of):
    text = "“Ministers said the deal was dead, but they were wrong,” Berg said."
    quotes = quotes_of(text)
    assert [q.kind for q in quotes] == ["direct"]
    assert quotes[0].speaker == "anna-berg"


@pytest.mark.model
def test_spokesperson_of_an_institution(quotes_of):
    text = (
        "Talks will resume next month, a foreign ministry spokesperson said on Sunday.\n\n"
        '"We hope for progress," the spokesperson said.'
    )
    quotes = quotes_of(text)
    assert only(quotes, "Talks will resume").speaker == "org:rur-mfa"
    assert only(quotes, "We hope for progress").speaker == "org:rur-mfa"


# ---------------------------------------------------------------- cue files


def test_user_cue_file_adds_speech_verbs(tmp_path):
    path = tmp_path / "cues.json"
    path.write_text(json.dumps({"speech_verbs": ["opine"]}), encoding="utf-8")
    cues = load_cues([path])
    assert "opine" in cues.speech_verbs and "say" in cues.speech_verbs


def test_bad_cue_files_raise_dateline_errors(tmp_path):
    with pytest.raises(DatelineError):
        load_cues([tmp_path / "missing.json"])
    bad = tmp_path / "bad.json"
    bad.write_text('{"speech_verbs": "say"}', encoding="utf-8")
    with pytest.raises(DatelineError):
        load_cues([bad])


# ---------------------------------------------------------------- the seeds, when present


@pytest.mark.model
def test_seed_quotes_are_found_with_their_first_words(shared, spacy_nlp):
    """Every gold quote of the development set is inside some extracted quote."""
    gold = json.loads((shared / "gold" / "seeds.json").read_text(encoding="utf-8"))
    missed = []
    for record in gold:
        text = (shared / "corpus" / "seeds" / record["source"]).read_text(encoding="utf-8")
        quotes = stage_quotes(spacy_nlp(text), [])
        folded = [" ".join(q.text.split()).casefold() for q in quotes]
        for item in record["quotes"]:
            words = " ".join(item["startswith"].split()).casefold()
            if not item.get("optional") and not any(words in q for q in folded):
                missed.append(item["startswith"])
    assert len(missed) <= 1, missed


# ---------------------------------------------------------------- harder attribution


@pytest.mark.model
def test_whole_sentence_after_an_introducing_clause(quotes_of):
    text = 'Tomas Varga defended the decision, "We had no other choice after the floods destroyed the dams."'
    assert only(quotes_of(text), "We had no other choice").speaker == "tomas-varga"
    text = "Anna Berg rejected the offer: “Nobody in this country will accept such terms.”"
    assert only(quotes_of(text), "Nobody in this country").speaker == "anna-berg"


@pytest.mark.model
def test_title_before_a_name_is_taken_up_by_the_definite_description(quotes_of):
    text = (
        "Trade commissioner Lena Koch announced the new tariffs on Monday. "
        '"We will not wait for the others," the commissioner said.'
    )
    assert only(quotes_of(text), "We will not wait").speaker == "lena-koch"


@pytest.mark.model
def test_owner_is_not_the_speaker_and_two_subjects_give_the_person(quotes_of):
    text = "Ruritania's president Anna Berg said, \"The election will take place in March as planned.\""
    assert only(quotes_of(text), "The election will").speaker == "anna-berg"


@pytest.mark.model
def test_document_author(quotes_of):
    text = (
        "According to a statement released by Varga's office, \"the army will leave the border zone "
        "within two weeks\" and return to its bases."
    )
    assert only(quotes_of(text), "the army will leave").speaker == "tomas-varga"
    text = "A Ruritania report concluded that the dam had been poorly maintained for years."
    assert only(quotes_of(text), "the dam had been").speaker == "RUR"
    text = "Anna Berg spoke first. The report said that the dam had been poorly maintained for years."
    assert only(quotes_of(text), "the dam had been").speaker is None


@pytest.mark.model
def test_what_a_speaker_denies_is_no_quote_of_theirs(quotes_of):
    assert quotes_of("Anna Berg denied the claim that the border had been closed for a week.") == []


@pytest.mark.model
def test_a_reported_clause_with_two_words_before_its_quoted_words_is_mixed(quotes_of):
    quote = only(quotes_of("Anna Berg said that they were “a critical part of the plan”."), "critical")
    assert quote.kind == "mixed"
    assert quote.text.startswith("they were “a critical part")


@pytest.mark.model
def test_they_after_a_person_spoke_gets_no_guessed_speaker(quotes_of):
    text = "Anna Berg said the fire was out.\nThey said the pier would reopen on Friday."
    assert only(quotes_of(text), "the pier would reopen").speaker is None


@pytest.mark.model
def test_an_attribution_inside_the_words_splits_them_in_parts(quotes_of):
    text = "The talks, Berg said, were productive."
    quote = only(quotes_of(text), "talks")
    assert quote.text == "The talks, Berg said, were productive"
    assert [text[s:e] for s, e in quote.parts] == ["The talks", "were productive"]


@pytest.mark.model
def test_a_long_sentence_after_a_quote_that_does_not_open_with_its_speaker_is_narration(quotes_of):
    text = '"We will win." The minister then left the room and said goodbye to the staff who had gathered there.'
    assert not [q for q in quotes_of(text) if "We will win" in q.text and q.speaker]


@pytest.mark.model
def test_plural_pronoun_without_a_mention_gets_no_guessed_speaker(quotes_of):
    text = "Anna Berg visited the villages. They said that the water had been cut for a week."
    assert only(quotes_of(text), "the water had been cut").speaker is None


@pytest.mark.model
def test_subject_in_the_quote_paragraph_beats_the_last_speaker(quotes_of):
    text = (
        "“The bridge will be rebuilt,” Varga said.\n"
        "Anna Berg was asked whether the money was there. “Of course it is,” she replied."
    )
    assert only(quotes_of(text), "Of course it is").speaker == "anna-berg"


@pytest.mark.model
def test_no_attribution_without_a_comma_or_a_sentence_opening_quote(quotes_of):
    text = "Brazil ordered a withdrawal from the “border area” first announced in May."
    assert quotes_of(text) == []


@pytest.mark.model
def test_relative_clause_is_not_reported_speech(quotes_of):
    text = "Fires broke out at the plant, which officials said were under control by noon."
    assert quotes_of(text) == []


@pytest.mark.model
def test_in_a_statement_makes_a_that_clause_reported_speech(quotes_of):
    text = "In a statement, Ruritania expressed concern that the ceasefire was not being respected."
    quote = only(quotes_of(text), "the ceasefire was not")
    assert (quote.kind, quote.speaker, quote.cue) == ("indirect", "RUR", "in a statement")
    assert quotes_of("In a statement, Ruritania condemned the attack on the convoy.") == []


@pytest.mark.model
def test_straight_quotes_over_paragraphs_by_journalistic_convention(quotes_of):
    text = (
        '"We have lost three harvests in a row.\n\n'
        '"Now the banks want their money back," Anna Berg said.\n\n'
        '"Nobody in the capital listens to us."\n\n'
        "The ministry did not reply."
    )
    quotes = quotes_of(text)
    first = only(quotes, "We have lost three harvests")
    assert "Now the banks want" in first.text and first.speaker == "anna-berg"
    assert only(quotes, "Nobody in the capital").speaker == "anna-berg"
    assert not [q for q in quotes if "did not reply" in q.text]


def test_reopened_paragraphs_without_a_closer_end_with_the_last_reopened_one():
    text = '"The first part.\n\n"The second part.\n\nThe reporter then left the room.'
    assert spans_text(text) == ['The first part.\n\n"The second part.']


@pytest.mark.model
def test_the_hearer_is_not_the_speaker(quotes_of):
    text = '"The ceasefire will not hold," a senior diplomat, who declined to be named, told Nordic Press Agency.'
    assert only(quotes_of(text), "The ceasefire will not hold").speaker != "org:npa"


@pytest.mark.model
def test_a_dateline_glued_to_the_first_sentence_does_not_speak(quotes_of):
    text = (
        "OSLO, May 2 (Nordic Press Agency) - Foreign minister Tomas Varga on Friday urged calm, "
        'saying the situation at the border was "very tense".'
    )
    quote = only(quotes_of(text), "the situation at the border")
    assert (quote.kind, quote.speaker) == ("mixed", "tomas-varga")


@pytest.mark.model
def test_owner_speaks_through_an_office_but_not_through_associates(quotes_of):
    text = "Varga's office said that the visit had been postponed until autumn."
    assert only(quotes_of(text), "the visit had been").speaker == "tomas-varga"
    text = "Varga's associates said that the visit had been postponed until autumn."
    assert only(quotes_of(text), "the visit had been").speaker is None


@pytest.mark.model
def test_a_users_source_phrase(spacy_nlp, tmp_path):
    path = tmp_path / "cues.json"
    path.write_text(json.dumps({"source_phrases": ["in the words of"]}), encoding="utf-8")
    text = "In the words of Anna Berg, the reform has come far too late for the farmers."
    quotes = stage_quotes(spacy_nlp(text), mentions_for(text), cues=load_cues([path]))
    quote = only(quotes, "the reform has come")
    assert (quote.speaker, quote.cue) == ("anna-berg", "in the words of")
    assert not [q for q in stage_quotes(spacy_nlp(text), mentions_for(text)) if q.cue == "in the words of"]


@pytest.mark.model
def test_attribution_followed_by_a_long_participle_clause(quotes_of):
    text = (
        "\"We will not change course,\" Varga said, repeating the words of his speech to parliament "
        "in the capital on the first Monday of the month."
    )
    quote = only(quotes_of(text), "We will not change course")
    assert (quote.speaker, quote.cue) == ("tomas-varga", "said")


# ---------------------------------------------------------------- wire datelines, hearsay, unnamed officials


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "OSLO, May 2 (Reuters) -- The grain corridor will reopen in June, Anna Berg said on Sunday.",
        "BERN, March 5. / TASS /. The grain corridor will reopen in June, Anna Berg said on Friday.",
        "Corridor to reopen\n\nOSLO, May 2 (AFP) - The grain corridor will reopen in June, Anna Berg said.",
    ],
)
def test_the_wire_dateline_is_not_part_of_a_lead_quote(quotes_of, text):
    quote = only(quotes_of(text), "rain corridor will reopen")
    assert quote.text.startswith("The grain corridor")
    assert quote.speaker == "anna-berg"


@pytest.mark.model
def test_a_capitalised_sentence_start_is_not_taken_for_a_dateline(quotes_of):
    text = "Anna Berg said the ministry of WATER, FORESTS AND LAND had been closed."
    assert only(quotes_of(text), "the ministry").text.startswith("the ministry of WATER")


@pytest.mark.model
def test_generic_they_say_is_hearsay_not_a_quote(quotes_of):
    text = "The villagers grow rice in the valley, and they say they want to build a new canal soon."
    assert not [q for q in quotes_of(text) if "build a new canal" in q.text]
    text = "People say the new canal will flood the lower fields every spring."
    assert not [q for q in quotes_of(text) if "flood the lower fields" in q.text]


@pytest.mark.model
def test_subject_pronoun_after_a_paragraph_break_goes_on_with_the_last_subject(quotes_of):
    text = (
        "Anna Berg spoke after the vote, despite Lena Koch's objections to the agenda.\n\n"
        "In her closing remarks, she described the talks as “open, warm and useful for both sides”."
    )
    # The resolver took the last person named; she was only a possessor.
    quote = only(quotes_of(text, pronouns={"she@1": "lena-koch"}), "open, warm and useful")
    assert quote.speaker == "anna-berg"
    text = (
        "Lena Koch objected to the agenda. Anna Berg spoke after the vote.\n\n"
        "In her closing remarks, she described the talks as “open, warm and useful for both sides”."
    )
    # The resolver's choice was a subject before: it stands.
    quote = only(quotes_of(text, pronouns={"she@1": "lena-koch"}), "open, warm and useful")
    assert quote.speaker == "lena-koch"


@pytest.mark.model
def test_a_paragraphs_he_does_not_go_on_with_a_woman_the_story_calls_she(quotes_of):
    text = (
        "Tomas Varga met Anna Berg at the port. She said the talks went well.\n\n"
        "Reporters asked about Mira Osei's ferries. Anna Berg stood beside the minister.\n\n"
        "“The ferries will run on Monday,” he said."
    )
    # The resolver tied "he" to someone never a subject; the last subject before it is a woman.
    quote = only(quotes_of(text, pronouns={"She": "anna-berg", "he": "mira-osei"}), "The ferries will run")
    assert quote.speaker == "tomas-varga"


@pytest.mark.model
def test_a_body_named_again_by_its_last_word_speaks(quotes_of):
    text = (
        "The Harbour Authority closed the north quay on Monday after the storm.\n\n"
        "Repairs to the quay will take at least a month, the Authority said."
    )
    assert only(quotes_of(text), "Repairs to the quay").speaker == "org:harbour"


@pytest.mark.model
def test_a_surname_the_resolver_left_out_speaks_as_the_person_named_before(quotes_of):
    text = (
        "Inspector Mira Osei spoke to reporters outside the station on Friday.\n\n"
        "Osei said the ferry would leave the harbour at noon."
    )
    # "Osei" alone is no mention here (as when the NER misses a surname); she was named in full before.
    assert only(quotes_of(text), "the ferry would leave").speaker == "mira-osei"


@pytest.mark.model
def test_a_second_statement_in_a_while_clause_is_no_part_of_the_first(quotes_of):
    text = "Anna Berg told Ruri News there was no sign of damage to the dam, while Tomas Varga said the bridge would stay closed."
    quotes = quotes_of(text)
    first = only(quotes, "no sign of damage")
    assert first.speaker == "anna-berg" and "bridge" not in first.text
    assert only(quotes, "the bridge would stay closed").speaker == "tomas-varga"


@pytest.mark.model
def test_an_attribution_after_an_abbreviated_constable(quotes_of):
    text = "`` The coast road is open again, '' Const. Mira Osei said."
    quote = only(quotes_of(text), "The coast road is open again")
    assert (quote.speaker, quote.cue) == ("mira-osei", "said")


@pytest.mark.model
def test_an_indirect_quote_after_a_direct_one_and_its_attribution_stands_apart(quotes_of):
    text = (
        "“The ferry will sail on Monday,” said Tomas Varga, the harbour master; "
        "the timetable was not yet final, Anna Berg said."
    )
    quotes = quotes_of(text)
    direct = only(quotes, "The ferry will sail")
    assert (direct.kind, direct.speaker) == ("direct", "tomas-varga") and "timetable" not in direct.text
    indirect = only(quotes, "the timetable was not yet final")
    assert (indirect.kind, indirect.speaker) == ("indirect", "anna-berg")


@pytest.mark.model
def test_a_name_in_apposition_to_the_subject_was_a_subject(quotes_of):
    text = (
        "“The harbour will reopen next week,” Varga said.\n\n"
        "A historian at the city museum, Lena Koch, stayed home on Monday.\n\n"
        "“What I saw from my window was an empty port,” she said."
    )
    # She was the subject's apposition, not only a possessor or an object: the resolver's choice stands.
    quote = only(quotes_of(text, pronouns={"she@1": "lena-koch"}), "an empty port")
    assert quote.speaker == "lena-koch"


@pytest.mark.model
@pytest.mark.parametrize(
    "text, words, state",
    [
        ("The border crossing will stay closed until Friday, German officials said.", "border crossing will stay", "DEU"),
        ("A French government source said that the embassy would reopen next week.", "the embassy would reopen", "FRA"),
        ("Italian authorities said that the fire had been put out overnight.", "the fire had been put out", "ITA"),
    ],
)
def test_unnamed_officials_speak_for_the_state_their_nationality_names(spacy_nlp, kb, text, words, state):
    doc = spacy_nlp(text)
    assert only(stage_quotes(doc, mentions_for(text), kb=kb), words).speaker == state
    # Without the knowledge base nothing tells what state 'German' names.
    assert only(stage_quotes(doc, mentions_for(text)), words).speaker is None


@pytest.mark.model
def test_a_nationality_alone_does_not_make_a_named_person_speak_for_the_state(spacy_nlp, kb):
    text = "The German minister Lena Koch said that the embassy would reopen next week."
    assert only(stage_quotes(spacy_nlp(text), mentions_for(text), kb=kb), "the embassy").speaker == "lena-koch"


@pytest.mark.model
def test_a_headline_is_not_reported_speech(quotes_of):
    text = (
        "Anna Berg says grain corridor will reopen in June\n\n"
        "Anna Berg said on Monday that the grain corridor would reopen in June."
    )
    quotes = quotes_of(text)
    assert [q.text for q in quotes] == ["the grain corridor would reopen in June"]


@pytest.mark.model
def test_a_mixed_quote_keeps_its_closing_mark(quotes_of):
    text = 'Lena Koch said the new tariff plan was "a big mistake for everyone." Then she left.'
    quote = only(quotes_of(text), "the new tariff plan")
    assert quote.kind == "mixed" and quote.text.endswith('everyone."')


@pytest.mark.model
def test_a_clause_subject_parsed_as_the_verbs_object_stays_in_the_quote(quotes_of):
    text = "Anna Berg said dozens of NLF (National Liberation Front) fighters escaped from a camp near the river."
    quote = only(quotes_of(text), "escaped from a camp")
    assert quote.text.startswith("dozens of NLF")
    text = "Anna Berg told reporters the soldiers had crossed the river at night."
    assert only(quotes_of(text), "crossed the river").text.startswith("the soldiers")


@pytest.mark.model
def test_a_quote_relayed_by_a_newspaper_is_the_first_hand_speakers(quotes_of):
    text = (
        "In March, Anna Berg said that the new railway, which is already running, makes the canal "
        "project unnecessary, Nordic Press Agency reported."
    )
    quotes = quotes_of(text)
    assert [(q.text, q.speaker) for q in quotes] == [
        ("the new railway, which is already running, makes the canal project unnecessary", "anna-berg")
    ]


@pytest.mark.model
def test_according_to_an_agency_the_official_named_after_it_speaks(quotes_of):
    text = (
        "According to semi-official news agency NPA, the prosecutor general of Oslo, Tomas Varga, said the "
        "suspects must face charges of fraud and bribery."
    )
    quote = only(quotes_of(text), "the suspects must face")
    assert quote.speaker == "tomas-varga"


@pytest.mark.model
def test_associates_of_a_person_do_not_make_him_the_speaker(quotes_of):
    text = "Associates of Varga alleged that the tea had been laced with poison."
    assert only(quotes_of(text), "the tea had been laced").speaker is None
    text = "The office of Varga said that the tea had been laced with poison."
    assert only(quotes_of(text), "the tea had been laced").speaker == "tomas-varga"


@pytest.mark.model
def test_according_to_a_source_that_says_nothing_is_no_quote(quotes_of):
    text = "The bus left the road near the bridge, according to traffic camera footage."
    assert quotes_of(text) == []
    text = "According to a complaint filed on Monday, the mayor had hidden the accounts of the port."
    assert only(quotes_of(text), "the mayor had hidden").speaker is None


@pytest.mark.model
def test_a_closing_parenthesis_of_the_clause_stays(quotes_of):
    text = "According to Anna Berg, the militia supports the Northern Workers' Party (NWP)."
    assert only(quotes_of(text), "the militia supports").text.endswith("(NWP)")


@pytest.mark.model
def test_the_definite_nationality_role_is_the_person_already_named(spacy_nlp, kb):
    text = (
        "Tomas Varga arrived in Berlin on Monday.\n"
        "\"We came to listen,\" the German minister said after the meeting."
    )
    quote = only(stage_quotes(spacy_nlp(text), mentions_for(text), kb=kb), "We came to listen")
    assert quote.speaker == "tomas-varga"
    text = "The German foreign ministry said that the embassy would reopen next week."
    assert only(stage_quotes(spacy_nlp(text), mentions_for(text), kb=kb), "the embassy").speaker == "DEU"


@pytest.mark.model
def test_a_relative_pronoun_speaks_for_the_person_it_follows(quotes_of):
    text = (
        "On Monday Varga met Anna Berg, the foreign minister of Brazil, who told him that "
        "the harbour would stay closed until spring."
    )
    quote = only(quotes_of(text, pronouns={"him": "tomas-varga"}), "the harbour would stay")
    assert quote.speaker == "anna-berg"


@pytest.mark.model
def test_words_quoted_in_a_longer_attribution_stay_apart(quotes_of):
    text = "“Justice takes time,” Koch said, urging the families to be “patient and calm.”"
    quotes = quotes_of(text)
    assert only(quotes, "Justice").text == "Justice takes time,"
    assert all(not q.parts and "urging" not in q.text for q in quotes)


@pytest.mark.model
@pytest.mark.parametrize(
    "text, words",
    [
        ("Koch said the woman injured was a nurse from the city.", "the woman injured was a nurse"),
        (
            "Koch raised the bank's forecast, noting that exports rose by four percent and imports fell by two.",
            "exports rose by four percent and imports fell by two",
        ),
    ],
)
def test_a_reported_clause_the_parser_cut_in_two_is_whole(quotes_of, text, words):
    quotes = [q for q in quotes_of(text) if q.kind == "indirect"]
    assert len(quotes) == 1 and quotes[0].text.startswith(words)


@pytest.mark.model
@pytest.mark.parametrize("relay", ["according to Nordic Press Agency", "Nordic Press Agency reported"])
def test_a_direct_quote_relayed_by_an_outlet_stays_its_speakers(quotes_of, relay):
    text = f"“The two sides have settled the border question once and for all,” Varga told Koch at the palace, {relay}."
    quotes = quotes_of(text)
    assert len(quotes) == 1
    assert (quotes[0].kind, quotes[0].speaker) == ("direct", "tomas-varga")


@pytest.mark.model
def test_a_clause_parsed_onto_the_hearer_is_what_was_told(quotes_of):
    # The parser hangs "she had …" on "police" as a relative clause.
    text = (
        "Police spoke with Anna Berg as a suspect. She informed police she had diplomatic immunity, "
        "but \"that she had no plans to leave the country in the near future\"."
    )
    quote = only(quotes_of(text, {"She": "anna-berg"}), "diplomatic immunity")
    assert quote.text.startswith("she had diplomatic immunity")
    assert quote.speaker == "anna-berg"


@pytest.mark.model
def test_a_speaking_pronoun_is_not_the_one_named_in_the_words_it_reports(quotes_of):
    # The resolver tied "she" to Koch, the one the reported words are about.
    text = "Anna Berg said the port reopened on Monday. Koch was on leave at the time, she said."
    quotes = quotes_of(text, {"she": "lena-koch"})
    assert only(quotes, "on leave").speaker == "anna-berg"


@pytest.mark.model
def test_a_speaking_pronoun_after_a_report_about_someone_is_the_reporter(quotes_of):
    # The resolver tied "she" to Koch, last named in what Berg said.
    text = 'Anna Berg said Lena Koch is accused of fraud.\n"This has been a long case," she told reporters.'
    quotes = quotes_of(text, {"she": "lena-koch"})
    assert only(quotes, "long case").speaker == "anna-berg"


@pytest.mark.model
def test_a_speaking_pronoun_keeps_a_referent_who_spoke_last(quotes_of):
    text = 'Lena Koch said the talks had failed.\n"We will try again," she told reporters.'
    quotes = quotes_of(text, {"she": "lena-koch"})
    assert only(quotes, "try again").speaker == "lena-koch"


# Who speaks, and where what was said starts: (text, words of the quote, its first words, speaker).
SPEAKERS = {
    "according to an outlet quoting another: the quoted source": (
        "According to Nordic Press Agency, quoting Ruritania's state broadcaster Ruri News, "
        "the army has been told to prepare for a blockade of the port.",
        "blockade", "the army has been told", "org:ruri-news",
    ),
    "according to an outlet citing unnamed sources: the outlet": (
        "According to Nordic Press Agency, citing two officials familiar with the talks, the corridor will reopen in June.",
        "corridor", "the corridor will reopen", "org:npa",
    ),
    "a statement saying: the body that released it": (
        "On Monday, the Harbour Authority released a statement saying a fire on a cargo ship "
        "moored at the northern pier near the old customs house caused no injuries.",
        "fire", "a fire on a cargo ship", "org:harbour",
    ),
    "read the statement: its author": (
        "The Harbour Authority issued a statement after the fire. "
        '"The pier will reopen on Friday and the ferries will run as usual," read the statement.',
        "pier will reopen", "The pier will reopen", "org:harbour",
    ),
    "a bare spokesperson: the body already speaking": (
        "The Harbour Authority said the fire was under control by the evening. "
        "A spokesperson told reporters the pier would reopen within a week.",
        "reopen within a week", "the pier would reopen", "org:harbour",
    ),
    # The dash inside the bank's name makes the parser head the subject on the bank.
    "an organisation's title and a name: the person": (
        "Pacific Export–Import Bank president Mira Osei said the use of third-party currencies costs the region billions.",
        "third-party currencies", "the use of third-party", "mira-osei",
    ),
    # The parser makes "A fisherman" the subject of "said" and "called" a participle.
    "a trailing attribution the parser left loose": (
        "A fisherman who saw the smoke early on Sunday called the coast guard to report the fire, said Anna Berg.",
        "fisherman", "A fisherman who saw", "anna-berg",
    ),
    "according to X on Monday, closing the sentence": (
        "The ferry left the harbour without its cargo, according to Nordic Press Agency on Monday.",
        "ferry", "The ferry left the harbour", "org:npa",
    ),
    "according to X, closing a paragraph": (
        "The ferry left the harbour without its cargo, according to a port statement Monday.\n"
        "The statement from the Harbour Authority said the port would stay shut.",
        "ferry", "The ferry left the harbour", "org:harbour",
    ),
    "the news wire said: the organization last a subject": (
        "On Monday, Nordic Press Agency opened an office in Brazil. The office will cover five countries, the news wire said.",
        "The office will cover", "The office will cover", "org:npa",
    ),
    "the company said: the organization last a subject": (
        "On Monday, the Harbour Authority sued Ruritania in court. The company said the port fees broke the treaty.",
        "the port fees", "the port fees", "org:harbour",
    ),
    "said in a message that": (
        "Anna Berg said in a video message that Ruritania would stand by Brazil for as long as necessary.",
        "stand by", "Ruritania would stand by Brazil", "anna-berg",
    ),
    "according to, after a quote glued into the sentence": (
        '"We will not be deterred by these attacks," read the statement; "we will defend ourselves." '
        "Seventeen rockets struck near the base, according to Koch.",
        "Seventeen rockets", "Seventeen rockets struck near the base", "lena-koch",
    ),
    "told X to the journalists: X (machine-translated word order)": (
        '"We have agreed to deepen the talks in all directions," - told Anna Berg to the journalists after the meeting.',
        "deepen the talks", "We have agreed", "anna-berg",
    ),
    "revealed that": (
        "Nordic Press Agency revealed that Varga had met the rebels twice in May.",
        "rebels", "Varga had met the rebels", "org:npa",
    ),
    "an attribution inside the words, set off by commas": (
        "After two hours of talks, Berg said, the strikers agreed to return to the docks.",
        "strikers", "After two hours of talks", "anna-berg",
    ),
    "testified": (
        "Koch testified that the two men had left the harbour before midnight.",
        "before midnight", "the two men had left", "lena-koch",
    ),
    "'they' after a body spoke: the body": (
        "The Harbour Authority said the fire was out.\nThey said the pier would reopen on Friday.",
        "pier would reopen", "the pier would reopen", "org:harbour",
    ),
    "'it' after a body spoke: the body, not the person the quote is about": (
        "Lena Koch, 49, fled on foot, the statement from the Harbour Authority said.\n"
        "Koch was serving a sentence for theft, it said.",
        "serving a sentence", "Koch was serving", "org:harbour",
    ),
    "a question, then a long sentence that opens with its asker": (
        '"So which is it?" Lena Koch asked the witness, who in turn said he had seen the boat before.',
        "which is it", "So which is it?", "lena-koch",
    ),
    "the 'that' clause of the view a speaker stressed": (
        "Anna Berg stressed several times her view that the talks should be held quickly.",
        "talks", "the talks should be held", "anna-berg",
    ),
    "the firm: the name an apposition called a firm": (
        "The figures were released by Harbour Authority, a port management firm. "
        "The firm said more than four million containers had passed through the port.",
        "containers", "more than four million", "org:harbour",
    ),
    "a navy spokesman: the navy named before": (
        "The Coastal Navy seized two speedboats off the cape on Sunday. "
        "The boats had tried to board a grain tanker at dawn, a navy spokesman said.",
        "grain tanker", "The boats had tried", "org:coastal-navy",
    ),
    "a police spokeswoman, after a person spoke: the police named before, not the person": (
        "Harbour Police closed the road on Monday. Anna Berg said she saw the smoke from her window.\n"
        "The fire started in a storage room, a police spokeswoman said.",
        "storage room", "The fire started", "org:harbour-police",
    ),
    "a navy spokesperson, the navy named in full only later: that navy": (
        "Navy commandos seized nine smugglers off the cape on Sunday, a Navy spokesperson said. "
        "The Coastal Navy has asked other ships in the area for help.",
        "nine smugglers", "Navy commandos seized", "org:coastal-navy",
    ),
    "'the navy said' in lower case: the navy named before": (
        "The Coastal Navy boarded the boats at dawn. "
        '"Nine men surrendered on boarding," the navy said.',
        "Nine men", "Nine men surrendered", "org:coastal-navy",
    ),
    "'it said' a blank line after a body spoke: the body": (
        '"Nine men surrendered on boarding," the Coastal Navy said.\n\n'
        "The men would be handed over to the police, it said.",
        "handed over", "The men would be handed", "org:coastal-navy",
    ),
    "a description in a story's first line: the one the next sentence names with that title": (
        "Two leaders of a fishing cooperative were charged with fraud, the province's prosecutor said on Wednesday. "
        "Prosecutor Mira Osei said the two men had hidden the accounts for years.",
        "fishing cooperative", "Two leaders of a fishing", "mira-osei",
    ),
    "'the Secretary-General said': the person named before with that title": (
        "The meeting was called by Secretary-General Mira Osei on Monday. "
        '"All sides must return to the table," the Secretary-General said.',
        "return to the table", "All sides must return", "mira-osei",
    ),
    "a tokenized closer typed as an opener before the attribution": (
        "`` The suspect entered the office, which had a dozen people inside, `` said Anna Berg.",
        "suspect", "The suspect entered the office", "anna-berg",
    ),
}


@pytest.mark.model
@pytest.mark.parametrize("text, words, starts, speaker", SPEAKERS.values(), ids=SPEAKERS.keys())
def test_who_speaks_and_where_the_words_start(quotes_of, text, words, starts, speaker):
    quote = only(quotes_of(text), words)
    assert quote.text.startswith(starts)
    assert quote.speaker == speaker


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "The flight data suggests that the plane lost its airspeed readings before the crash.",
        "Tests confirmed that the water in the northern wells was safe to drink.",
    ],
)
def test_things_that_show_are_no_speakers(quotes_of, text):
    assert quotes_of(text) == []


@pytest.mark.model
def test_a_thing_that_shows_with_an_actor_in_it_still_speaks(quotes_of):
    quote = only(quotes_of("A Nordic Press Agency survey said that the river was clean again."), "river")
    assert quote.speaker == "org:npa"


@pytest.mark.model
def test_a_headline_under_the_pages_address_is_no_quote(quotes_of):
    text = (
        "http://www.example.com/news/2013/harbour-reopens\n"
        "Ruritania closes its border to trucks for a week, minister says\n"
        "The harbour reopened on Monday after a week of repairs, Berg said."
    )
    assert [q.text for q in quotes_of(text)] == ["The harbour reopened on Monday after a week of repairs"]
