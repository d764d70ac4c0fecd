"""Actor resolution: names, roles at a date, fuzzy names with support, metonyms, groups, pronouns."""

from __future__ import annotations

import json
import re

import pytest

from dateline.kb import load_kb, normalize_name
from dateline.layout import analyze_layout, parse_dateline
from dateline.resolve import resolve_actors, slug
from dateline.resources import load_cues, load_roles

AGENCIES = load_kb().agencies  # how datelines name news agencies, as the pipeline reads them

pytestmark = pytest.mark.model


CUES = load_cues()


def resolve_in(doc, kb, on):
    """The resolve stage on ``doc`` as the pipeline runs it (layout, shipped roles and cues)."""
    layout = analyze_layout(doc.text, CUES.speech_verbs, parse_dateline(doc.text, AGENCIES), agencies=AGENCIES)
    return resolve_actors(doc, layout, kb, on, load_roles(), CUES)


def person_id(kb, name):
    found = [actor for actor in kb.by_name(name) if actor.kind == "person"]
    assert found, f"{name} is not in the knowledge base"
    return found[0].id


def resolve(nlp, kb, text, on):
    cast = resolve_in(nlp(text), kb, on)
    return list(cast.actors), list(cast.mentions)


def ids_of(mentions, text):
    """Actor ids of the mentions whose text is ``text``."""
    return [m.actor_id for m in mentions if m.text == text]


# ---- roles at a date ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, on, name",
    [
        ("Officials said the Russian president would attend the summit.", "2010-06-01", "Dmitry Medvedev"),
        ("Officials said the Russian president would attend the summit.", "2015-06-01", "Vladimir Putin"),
        ("Analysts expect the US Secretary of State to visit Cairo next week.", "2019-03-01", "Mike Pompeo"),
        ("Analysts expect the US Secretary of State to visit Cairo next week.", "2024-03-01", "Antony Blinken"),
        ("The Chinese leader is expected to arrive in Hanoi on Monday.", "2020-09-03", "Xi Jinping"),
        ("Russia's top diplomat criticised the new sanctions on Tuesday.", "2021-09-03", "Sergey Lavrov"),
        ("The President of Brazil opened the summit on Monday.", "2024-05-02", "Luiz Inácio Lula da Silva"),
    ],
)
def test_role_phrase_resolved_at_the_date(nlp, kb, text, on, name):
    _, mentions = resolve(nlp, kb, text, on)
    roles = [m for m in mentions if m.label == "ROLE"]
    assert [m.actor_id for m in roles] == [person_id(kb, name)]
    assert all(re.search(r"(president|secretary|leader|diplomat|president of brazil)", m.text, re.I) for m in roles)


def test_counterpart_is_the_same_office_in_the_named_country(nlp, kb):
    text = "Xi Jinping sent a message of congratulations to his Russian counterpart on Thursday."
    _, mentions = resolve(nlp, kb, text, "2020-09-03")
    assert ids_of(mentions, "his Russian counterpart") == [person_id(kb, "Vladimir Putin")]


def test_the_head_of_state_without_a_country_is_the_last_one_named(nlp, kb):
    text = "Vladimir Putin spoke at the ceremony. The head of state then laid flowers at the memorial."
    _, mentions = resolve(nlp, kb, text, "2022-05-09")
    assert ids_of(mentions, "The head of state") == [person_id(kb, "Vladimir Putin")]


def test_a_title_before_a_name_is_not_a_second_mention(nlp, kb):
    text = "Russian President Vladimir Putin opened the forum."
    _, mentions = resolve(nlp, kb, text, "2023-06-16")
    assert [(m.text, m.label) for m in mentions] == [("Vladimir Putin", "PERSON")]


# ---- names -----------------------------------------------------------------------------------


def test_exact_and_normalized_names(nlp, kb):
    text = "Sergei Lavrov and SERGEY LAVROV are the same man, officials in Moscow joked."
    actors, mentions = resolve(nlp, kb, text, "2021-09-03")
    lavrov = person_id(kb, "Sergey Lavrov")
    assert [m.actor_id for m in mentions if m.label == "PERSON"] == [lavrov, lavrov]
    assert [a.name for a in actors if a.id == lavrov] == [kb.get(lavrov).name]


def test_a_new_person_met_first_by_surname_is_keyed_by_the_full_name(nlp, kb):
    text = "Protesters gathered outside the court. Okonkwo, the opposition candidate, arrived later. Adaeze Okonkwo spoke briefly."
    actors, _ = resolve(nlp, kb, text, "2023-02-01")
    new = [a for a in actors if a.kind == "person" and a.id.startswith("new:")]
    assert [(a.id, a.name, len(a.mentions)) for a in new] == [("new:adaeze-okonkwo", "Adaeze Okonkwo", 2)]


def test_new_person_keeps_the_name_without_title_and_merges_the_surname(nlp, kb):
    text = (
        "Lieutenant General Arkady Vetrovsky inspected the border units on Monday. "
        "Vetrovsky told reporters the situation was calm."
    )
    actors, mentions = resolve(nlp, kb, text, "2021-05-03")
    new = [a for a in actors if a.id.startswith("new:")]
    assert [(a.id, a.name, a.kind) for a in new] == [("new:arkady-vetrovsky", "Arkady Vetrovsky", "person")]
    assert len(new[0].mentions) == 2
    assert ids_of(mentions, "Vetrovsky") == ["new:arkady-vetrovsky"]


def test_a_known_surname_after_another_first_name_is_someone_else(nlp, kb):
    known = next(a for a in kb.actors.values() if a.kind == "person" and "Powell" in a.aliases)
    text = "Central bank chief Jerome Powell said rates would stay. Powell added that inflation was low."
    actors, mentions = resolve(nlp, kb, text, "2019-10-10")
    assert known.id not in {a.id for a in actors}
    assert ids_of(mentions, "Powell") == ["new:jerome-powell"]


def test_surname_of_a_known_person_after_the_full_name(nlp, kb):
    text = "Vladimir Putin met the delegation. Putin said talks would continue."
    _, mentions = resolve(nlp, kb, text, "2019-04-01")
    assert ids_of(mentions, "Putin") == [person_id(kb, "Vladimir Putin")]


@pytest.mark.parametrize(
    "text, on, wrong, name",
    [
        ("Prime Minister of Slovakia Robert Fitzo could not fly to the parade.", "2025-05-08", "Robert Fitzo",
         "Robert Fico"),
        ("Guests included Brazil President Louis Inasio Lula da Silva.", "2025-05-08", "Louis Inasio Lula da Silva",
         "Luiz Inácio Lula da Silva"),
        ("President XI arrived at the airport with a large delegation.", "2025-05-08", "XI", "Xi Jinping"),
        ("Xi Jinping landed in Moscow on Wednesday. On Thursday SI met business leaders.", "2025-05-08", "SI",
         "Xi Jinping"),
    ],
)
def test_mangled_name_with_support_is_resolved(nlp, kb, text, on, wrong, name):
    _, mentions = resolve(nlp, kb, text, on)
    assert ids_of(mentions, wrong) == [person_id(kb, name)]


@pytest.mark.parametrize(
    "text, not_name",
    [
        ("Robert Fitzo, a baker from Leeds, won the village pie contest.", "Robert Fico"),
        ("The encyclical was issued by Pope Pius XI in 1931.", "Xi Jinping"),
        ("Louis XI ruled France for more than two decades.", "Xi Jinping"),
        ("Fans outside the stadium chanted Si se puede until midnight.", "Xi Jinping"),
    ],
)
def test_mangled_name_without_support_is_rejected(nlp, kb, text, not_name):
    actors, _ = resolve(nlp, kb, text, "2025-05-08")
    assert person_id(kb, not_name) not in {a.id for a in actors}


# ---- countries, metonyms, institutions -----------------------------------------------------------


def test_capitals_acting_for_their_states(nlp, kb):
    text = "Moscow and Beijing bear a special responsibility for peace, the statement said."
    _, mentions = resolve(nlp, kb, text, "2020-09-03")
    assert ids_of(mentions, "Moscow") == ["RUS"]
    assert ids_of(mentions, "Beijing") == ["CHN"]


def test_a_capital_that_is_only_a_place_is_no_actor(nlp, kb):
    text = "The delegation arrived in Moscow on Monday and stayed at a hotel in Beijing later."
    actors, mentions = resolve(nlp, kb, text, "2020-09-03")
    assert {"RUS", "CHN"}.isdisjoint(a.id for a in actors)
    assert not [m for m in mentions if m.text in ("Moscow", "Beijing")]


def test_countries_are_actors_even_as_places_but_cities_are_not(nlp, kb):
    text = "The talks were held in Brazil, with a second round planned in Lyon."
    actors, _ = resolve(nlp, kb, text, "2024-02-01")
    assert "BRA" in {a.id for a in actors}
    assert not any("lyon" in normalize_name(a.name) for a in actors)


def test_unknown_names_used_as_places_are_not_actors(nlp, kb):
    text = (
        "The convoy was redirected to Belogorsk after the storm. Doctors in Belogorsk treated the driver, "
        "who was later flown from the town of Karavan to Minsk."
    )
    actors, _ = resolve(nlp, kb, text, "2021-08-01")
    assert not [a for a in actors if a.id.startswith("new:") and re.search("belogorsk|karavan", a.id)]


def test_the_kremlin_announcing_is_russia(nlp, kb):
    text = "The Kremlin announced on Friday that the visit would go ahead."
    _, mentions = resolve(nlp, kb, text, "2025-05-02")
    assert ids_of(mentions, "Kremlin") + ids_of(mentions, "The Kremlin") == ["RUS"]


def test_foreign_ministry_spokesperson_takes_the_dateline_country(nlp, kb):
    text = "BEIJING, March 3 (Xinhua) -- The visit will deepen mutual trust, a foreign ministry spokesperson said."
    _, mentions = resolve(nlp, kb, text, "2024-03-03")
    spoke = [m for m in mentions if "spokesperson" in m.text]
    assert len(spoke) == 1
    actor = kb.get(spoke[0].actor_id)
    assert actor is not None and actor.country == "CHN"


@pytest.mark.parametrize(
    "text, on, name",
    [
        ("Kremlin spokesman said on Tuesday that no meeting was planned.", "2023-02-07", "Dmitry Peskov"),
        ("A Russian foreign ministry spokeswoman rejected the report on Monday.", "2022-04-11", "Maria Zakharova"),
        ("A State Department spokeswoman declined to comment on the talks.", "2019-10-02", "Morgan Ortagus"),
        ("The White House press secretary told reporters the trip was off.", "2018-05-04", "Sarah Huckabee Sanders"),
        ("A Turkish presidential spokesman said the operation would continue.", "2019-10-12", "Ibrahim Kalin"),
    ],
)
def test_spokespeople_are_the_knowledge_base_holders(nlp, kb, text, on, name):
    _, mentions = resolve(nlp, kb, text, on)
    spoke = [m for m in mentions if re.search(r"spokes|secretary", m.text, re.I)]
    assert [m.actor_id for m in spoke] == [person_id(kb, name)]


def test_several_ministry_spokespeople_on_the_date_leave_the_ministry(nlp, kb):
    # China's foreign ministry had three spokespeople in 2021: none of them is the one meant.
    text = "A Chinese foreign ministry spokesman said the sanctions were unjustified."
    _, mentions = resolve(nlp, kb, text, "2021-06-01")
    spoke = [m for m in mentions if "spokesman" in m.text]
    assert [m.actor_id for m in spoke] == ["org:mfa-chn"]


@pytest.mark.parametrize(
    "text, on, name",
    [
        ("The Iranian president arrived in New York on Monday.", "2019-09-23", "Hassan Rouhani"),
        ("The Iranian president arrived in New York on Monday.", "2024-09-23", "Masoud Pezeshkian"),
        ("The Iranian leader addressed the nation on Friday.", "2019-09-23", "Ali Khamenei"),
    ],
)
def test_president_matches_the_title_whatever_the_office(nlp, kb, text, on, name):
    _, mentions = resolve(nlp, kb, text, on)
    assert [m.actor_id for m in mentions if m.label == "ROLE"] == [person_id(kb, name)]


def test_two_presidents_of_either_office(nlp, kb):
    text = "Hassan Rouhani met Vladimir Putin in Sochi on Monday. The two presidents discussed Syria."
    _, mentions = resolve(nlp, kb, text, "2019-09-16")
    group = [m for m in mentions if m.label == "GROUP"]
    assert sorted(m.actor_id for m in group) == sorted([person_id(kb, "Hassan Rouhani"), person_id(kb, "Vladimir Putin")])


# ---- "the president" with no country --------------------------------------------------------


def test_the_president_alone_is_the_only_president_named(nlp, kb):
    text = "Hassan Rouhani spoke to reporters in Tehran. Later the president visited a hospital."
    _, mentions = resolve(nlp, kb, text, "2019-09-23")
    assert ids_of(mentions, "the president") == [person_id(kb, "Hassan Rouhani")]


def test_the_president_prefers_the_country_of_the_dateline(nlp, kb):
    text = ("WASHINGTON (Reuters) - Donald Trump called Volodymyr Zelensky on Thursday. Zelensky asked "
            "for help with the investigation. Officials said the president had withheld the aid.")
    _, mentions = resolve(nlp, kb, text, "2019-09-26")
    assert ids_of(mentions, "the president") == [person_id(kb, "Donald Trump")]


def test_the_president_among_several_with_no_home_stays_unresolved(nlp, kb):
    text = "Emmanuel Macron met Joe Biden at the summit on Monday. Officials said the president would travel again in May."
    _, mentions = resolve(nlp, kb, text, "2023-06-01")
    assert ids_of(mentions, "the president") == []


def test_the_president_among_several_is_the_only_one_just_named(nlp, kb):
    text = ("Emmanuel Macron and Joe Biden met at the summit. Afterwards, Cyril Ramaphosa spoke to the press. "
            "Officials said the president would travel again in May.")
    _, mentions = resolve(nlp, kb, text, "2023-06-01")
    assert ids_of(mentions, "the president") == [person_id(kb, "Cyril Ramaphosa")]


def test_the_president_with_nobody_named_is_the_dateline_countrys(nlp, kb):
    text = "PARIS (AFP) - The president will address the nation on Sunday, his office said."
    _, mentions = resolve(nlp, kb, text, "2023-06-01")
    assert ids_of(mentions, "The president") == [person_id(kb, "Emmanuel Macron")]


def test_the_president_is_not_a_supreme_leader(nlp, kb):
    text = "Ali Khamenei spoke on Friday. Later, the president said the talks were over."
    _, mentions = resolve(nlp, kb, text, "2019-09-23")
    assert ids_of(mentions, "the president") != [person_id(kb, "Ali Khamenei")]


def test_dates_and_events_are_not_actors(nlp, kb):
    text = "The Victory Day parade marked the end of World War II, officials in Warsaw said."
    actors, _ = resolve(nlp, kb, text, "2025-05-09")
    assert not any(re.search(r"victory|war", a.name, re.I) for a in actors)


def test_a_person_in_apposition_is_who_the_role_means(nlp, kb):
    text = "Gustavo Ferreira, the head of the port authority, said the strike was over."
    _, mentions = resolve(nlp, kb, text, "2022-01-10")
    role = [m for m in mentions if m.text.startswith("the head")]
    assert role and role[0].actor_id == "new:gustavo-ferreira"


def test_a_spokesman_for_an_organization_speaks_for_it(nlp, kb):
    text = "A spokesman for NATO said the exercise would go ahead."
    _, mentions = resolve(nlp, kb, text, "2022-01-10")
    nato = kb.by_name("NATO")[0].id
    assert ids_of(mentions, "A spokesman") == [nato]


def test_the_head_of_something_is_no_head_of_state(nlp, kb):
    text = "Donald Trump spoke on Monday. The head of the delegation left early."
    _, mentions = resolve(nlp, kb, text, "2019-06-03")
    assert not [m for m in mentions if m.text.lower().startswith("the head")]


# ---- knowledge-base gaps: companies, common surnames, India's foreign minister ----------------------


def test_platforms_are_companies_not_people(nlp, kb):
    text = "The opposition leader Farid Amini criticised the ruling party. Twitter suspended his account on Monday."
    actors, mentions = resolve(nlp, kb, text, "2021-03-01")
    assert ids_of(mentions, "Twitter") == ["org:twitter"]
    assert [a.kind for a in actors if a.id == "org:twitter"] == ["organization"]


def test_a_platform_used_as_a_medium_is_no_actor(nlp, kb):
    text = "The minister wrote on Twitter that talks had failed, and his aide posted a video on a Telegram channel."
    _, mentions = resolve(nlp, kb, text, "2021-03-01")
    assert not [m for m in mentions if m.actor_id in ("org:twitter", "org:telegram")]


@pytest.mark.parametrize(
    "text, on",
    [
        ("The Indian external affairs minister met officials in Tokyo.", "2023-07-08"),
        ("India's foreign minister arrived in Moscow on Monday.", "2024-07-08"),
    ],
)
def test_indias_foreign_minister(nlp, kb, text, on):
    _, mentions = resolve(nlp, kb, text, on)
    assert [m.actor_id for m in mentions if m.label == "ROLE"] == [person_id(kb, "Subrahmanyam Jaishankar")]


def test_a_bare_common_surname_out_of_office_is_a_new_person(nlp, kb):
    text = "Markets fell after the central bank said on Wednesday that Powell would speak again in July."
    _, mentions = resolve(nlp, kb, text, "2022-06-15")
    assert ids_of(mentions, "Powell") == ["new:powell"]


def test_a_bare_surname_of_someone_in_office_is_them(nlp, kb):
    text = "Officials in Ottawa said on Monday that Harper would travel to London."
    _, mentions = resolve(nlp, kb, text, "2010-03-01")
    assert ids_of(mentions, "Harper") == [person_id(kb, "Stephen Harper")]


def test_a_known_surname_used_as_a_first_name_is_someone_else(nlp, kb):
    text = "Lawmakers said Cameron Winslow, a local farmer, had lost his land."
    _, mentions = resolve(nlp, kb, text, "2012-05-01")
    assert ids_of(mentions, "Cameron Winslow") == ["new:cameron-winslow"]
    assert person_id(kb, "David Cameron") not in [m.actor_id for m in mentions]


# ---- names that are not actors: places, projects, fragments, acronyms of common words ------------


@pytest.mark.parametrize(
    "text, not_actor",
    [
        ("Government troops entered Kafr Halab and Tal Rifaat on Sunday, state media said.", "Tal Rifaat"),
        ("The minister said the dispute ignores our largest island Rhodes, which has its own shelf.", "Rhodes"),
        ("Officials reaffirmed support for the NordLink project and the BalticConnector gas pipeline.", "NordLink"),
        ("Officials reaffirmed support for the NordLink project and the BalticConnector gas pipeline.", "BalticConnector"),
        ("Kate Morris, the Secretary of Agriculture, met the chairs of the Senate committees on Armed Services, "
         "Appropriations, and Finance.", "Agriculture"),
        ("Kate Morris, the Secretary of Agriculture, met the chairs of the Senate committees on Armed Services, "
         "Appropriations, and Finance.", "Armed Services"),
        ("The county's Fire and Rescue Commissioner Alan Dibb said the road was closed.", "Fire and Rescue"),
        ("Demand for liquefied natural gas (LNG) rose, and LNG prices climbed in Asia.", "LNG"),
    ],
)
def test_names_that_are_not_actors(nlp, kb, text, not_actor):
    doc = nlp(text)
    # The statistical NER does take these for names: the resolver must drop them.
    assert any(not_actor in ent.text for ent in doc.ents)
    mentions = resolve_in(doc, kb, "2021-05-01").mentions
    assert not [m for m in mentions if not_actor in m.text]


def test_a_name_used_as_a_place_once_is_a_place_throughout(nlp, kb):
    text = ("The deal covers the waters between Rhodes and Cyprus. Ministers said the accord ignores our "
            "largest island Rhodes, which has its own shelf.")
    actors, _ = resolve(nlp, kb, text, "2021-05-01")
    assert "Rhodes" not in [a.name for a in actors]


def test_a_generic_designation_is_no_organization(nlp, kb):
    text = "Washington named the Kestrel Brigade, a U.S.-designated Foreign Terrorist Organization, in its report."
    actors, _ = resolve(nlp, kb, text, "2021-05-01")
    assert not [a for a in actors if "Terrorist Organization" in a.name]


def test_associates_of_a_person_are_no_organization(nlp, kb):
    from spacy.tokens import Span

    doc = nlp("Opposition leader Ilya Sorokin fell ill on a flight. Associates of Sorokin alleged he was poisoned.")
    start = [t.i for t in doc if t.text == "Associates"][0]
    # The statistical NER sometimes calls such a phrase an organization: set it so here.
    doc.ents = [e for e in doc.ents if e.start > start + 2 or e.end <= start] + [Span(doc, start, start + 3, label="ORG")]
    actors = resolve_in(doc, kb, "2021-05-01").actors
    assert [a.name for a in actors if a.kind == "organization"] == []
    assert "Ilya Sorokin" in [a.name for a in actors]


def test_a_close_spelling_of_someone_out_of_office_is_another_person(nlp, kb):
    text = "Local councillor John Kerr said the bridge would reopen in June."
    _, mentions = resolve(nlp, kb, text, "2021-05-01")
    assert ids_of(mentions, "John Kerr") == ["new:john-kerr"]


def test_an_organization_before_a_title_keeps_its_name(nlp, kb):
    text = "Forest Research Institute Director Ana Lima said the fires had spread."
    actors, _ = resolve(nlp, kb, text, "2021-05-01")
    assert "Forest Research Institute" in [a.name for a in actors]


def test_a_name_after_an_outlet_noun_is_the_outlet(nlp, kb):
    text = "Ministers met on Monday. Polish daily Rzeczpospolita said the talks had stalled."
    actors, _ = resolve(nlp, kb, text, "2021-05-01")
    assert [a.kind for a in actors if a.name == "Rzeczpospolita"] == ["organization"]


def test_a_headline_surname_is_the_person_named_below(nlp, kb):
    text = ("Karimov flown to Berlin for treatment\n\nOpposition leader Timur Karimov was flown to Berlin "
            "on Saturday. Karimov fell ill on a flight.")
    actors, mentions = resolve(nlp, kb, text, "2021-05-01")
    assert {m.actor_id for m in mentions if "Karimov" in m.text} == {"new:timur-karimov"}


def test_a_first_name_alone_is_the_only_person_so_named(nlp, kb):
    text = "Crown Prince Mohammed bin Salman met the envoy. Critics called Mohammed's promise empty."
    _, mentions = resolve(nlp, kb, text, "2021-05-01")
    assert ids_of(mentions, "Mohammed") == [person_id(kb, "Mohammed bin Salman")]


# ---- groups and pronouns ---------------------------------------------------------------------------


def test_plural_counterparts_of_several_countries(nlp, kb):
    text = "Sergey Lavrov met his Chinese and American counterparts in Geneva on Friday."
    _, mentions = resolve(nlp, kb, text, "2024-07-05")
    group = [m for m in mentions if m.text == "his Chinese and American counterparts"]
    assert {m.label for m in group} == {"GROUP"}
    expected = {person_id(kb, "Wang Yi"), person_id(kb, "Antony Blinken")}
    assert {m.actor_id for m in group} == expected


def test_the_two_presidents_are_the_last_two_named(nlp, kb):
    text = "Vladimir Putin welcomed Xi Jinping at the airport. The two presidents then held talks."
    _, mentions = resolve(nlp, kb, text, "2025-05-08")
    group = [m for m in mentions if m.label == "GROUP"]
    assert {m.text for m in group} == {"The two presidents"}
    assert sorted(m.actor_id for m in group) == sorted([person_id(kb, "Vladimir Putin"), person_id(kb, "Xi Jinping")])


def test_both_sides_are_the_last_two_countries(nlp, kb):
    text = "Talks between Japan and Vietnam ended on Monday. Both sides agreed to meet again."
    _, mentions = resolve(nlp, kb, text, "2023-03-01")
    assert sorted(ids_of(mentions, "Both sides")) == ["JPN", "VNM"]


def test_coordinated_adjectives_before_leaders(nlp, kb):
    text = "Russian and Chinese leaders rejected the plan on Thursday."
    _, mentions = resolve(nlp, kb, text, "2025-05-08")
    group = [m for m in mentions if m.label == "GROUP"]
    assert sorted(m.actor_id for m in group) == sorted([person_id(kb, "Vladimir Putin"), person_id(kb, "Xi Jinping")])


def test_pronouns_point_to_the_only_person_in_view(nlp, kb):
    text = "Sergey Lavrov arrived in Ankara on Monday. He said his visit would be short."
    _, mentions = resolve(nlp, kb, text, "2022-03-10")
    lavrov = person_id(kb, "Sergey Lavrov")
    assert ids_of(mentions, "He") == [lavrov]
    assert ids_of(mentions, "his") == [lavrov]


def test_pronouns_inside_a_quotation_are_left_alone(nlp, kb):
    text = 'Sergey Lavrov spoke to reporters. "He has never called us," Lavrov said of the envoy.'
    _, mentions = resolve(nlp, kb, text, "2022-03-10")
    assert not [m for m in mentions if m.text == "He"]


def test_a_pronoun_does_not_cross_genders(nlp, kb):
    text = "Marta Kowalczyk met Sergey Lavrov on Monday. She said the talks were useful. Later she left. He stayed."
    _, mentions = resolve(nlp, kb, text, "2022-03-10")
    assert ids_of(mentions, "She") == ["new:marta-kowalczyk"]
    assert ids_of(mentions, "He") != ["new:marta-kowalczyk"]


def test_they_is_the_last_pair(nlp, kb):
    text = "Japan and Vietnam signed a trade accord. They will review it in two years."
    _, mentions = resolve(nlp, kb, text, "2023-03-01")
    assert sorted(ids_of(mentions, "They")) == ["JPN", "VNM"]


def test_a_paragraph_opening_he_goes_on_with_the_last_subject(nlp, kb):
    text = (
        "Emmanuel Macron arrived in Warsaw on Monday. Reporters pressed the hosts about Olaf Scholz's "
        "proposal for a joint fund.\n\nHe told them the fund would wait until spring."
    )
    _, mentions = resolve(nlp, kb, text, "2023-05-02")
    assert ids_of(mentions, "He") == [person_id(kb, "Emmanuel Macron")]


def test_a_name_in_apposition_to_the_subject_counts_as_the_last_subject(nlp, kb):
    text = (
        "“The ferry will not run this week,” said Tomas Varga, a harbour official.\n\n"
        "His deputy, Piotr Nowak, disagreed.\n\n"
        "On Monday, he said, the first boats would leave the port."
    )
    _, mentions = resolve(nlp, kb, text, "2023-05-02")
    nowak = ids_of(mentions, "Piotr Nowak")
    assert nowak and ids_of(mentions, "he") == nowak


def test_a_role_phrase_subject_counts_as_the_last_subject(nlp, kb):
    text = (
        "The Chinese leader landed in Budapest on Sunday. Crowds lined the road to see Viktor Orban's "
        "motorcade.\n\nHe is due to address a business forum on Tuesday."
    )
    _, mentions = resolve(nlp, kb, text, "2024-05-06")
    assert ids_of(mentions, "He") == [person_id(kb, "Xi Jinping")]


def test_a_paragraph_opening_he_without_a_subject_before_keeps_the_person_in_view(nlp, kb):
    text = "Journalists questioned Emmanuel Macron about the strikes.\n\nHe said the reform would stand."
    _, mentions = resolve(nlp, kb, text, "2023-05-02")
    assert ids_of(mentions, "He") == [person_id(kb, "Emmanuel Macron")]


# ---- nationality adjectives on state bodies, bodies that speak without a name ----------------------


@pytest.mark.parametrize(
    "text, adjectives",
    [
        ("The Iraqi government rejected the proposal, and Turkish forces stayed at the border.",
         {"Iraqi": "IRQ", "Turkish": "TUR"}),
        ("Saudi state media said the plant would reopen within a week.", {"Saudi": "SAU"}),
        ("Russian diplomats left the building after the Chinese authorities objected.",
         {"Russian": "RUS", "Chinese": "CHN"}),
        ("Japanese and Korean officials met in Busan to discuss fishing quotas.", {"Japanese": "JPN"}),
        ("A crowd gathered outside the German embassy in Ankara on Monday.", {"German": "DEU"}),
        ("Syrian officers ended their mediation between the militias.", {"Syrian": "SYR"}),
    ],
)
def test_a_nationality_on_a_state_body_is_its_country(nlp, kb, text, adjectives):
    _, mentions = resolve(nlp, kb, text, "2023-05-02")
    for adjective, country in adjectives.items():
        assert ids_of(mentions, adjective) == [country]
        assert [m.label for m in mentions if m.text == adjective] == ["NORP"]


@pytest.mark.parametrize(
    "text, adjective",
    [
        ("Chinese cars are selling well across Europe this year.", "Chinese"),
        ("Experts praised the state of Russian-Chinese relations on Monday.", "Russian"),
        ("Experts praised the state of Russian-Chinese relations on Monday.", "Chinese"),
        ("Pro-Russian forces shelled the town overnight.", "Russian"),
        ("The Turkish official, who asked not to be named, left early.", "Turkish"),
        ("A German court sentenced the man to four years.", "German"),
        ("A former Israeli security official said the plan was naive.", "Israeli"),
    ],
)
def test_a_nationality_on_other_nouns_is_no_mention(nlp, kb, text, adjective):
    _, mentions = resolve(nlp, kb, text, "2023-05-02")
    assert ids_of(mentions, adjective) == []


def test_the_ministry_is_the_one_met_last(nlp, kb):
    text = (
        "The Egyptian interior ministry detained four activists on Sunday. "
        "The ministry said they had planned a protest."
    )
    _, mentions = resolve(nlp, kb, text, "2023-05-02")
    assert ids_of(mentions, "The ministry") == ["EGY"]


def test_the_foreign_ministry_without_a_country_is_the_one_named_last(nlp, kb):
    text = (
        "The Turkish Foreign Ministry summoned the Swedish envoy on Friday. "
        "Later the foreign ministry said the talks had been useful."
    )
    _, mentions = resolve(nlp, kb, text, "2023-05-02")
    assert ids_of(mentions, "the foreign ministry") == ["org:mfa-tur"]


def test_the_ministry_with_none_met_belongs_to_the_dateline_state(nlp, kb):
    text = "ANKARA, May 2 (Reuters) - The ministry said the border crossing would reopen on Friday."
    _, mentions = resolve(nlp, kb, text, "2023-05-02")
    assert ids_of(mentions, "The ministry") == ["TUR"]


def test_the_dateline_after_a_headline_gives_the_state(nlp, kb):
    text = "Border crossing to reopen\n\nANKARA, May 2 (Reuters) - The ministry said the crossing would reopen."
    _, mentions = resolve(nlp, kb, text, "2023-05-02")
    assert ids_of(mentions, "The ministry") == ["TUR"]


def test_the_embassy_is_the_one_met_last_and_none_without(nlp, kb):
    text = (
        "Protesters gathered outside the Russian embassy in Vilnius on Monday. "
        "The embassy said the crowd had damaged its gate."
    )
    _, mentions = resolve(nlp, kb, text, "2023-05-02")
    assert ids_of(mentions, "The embassy") == ["RUS"]
    text = "VILNIUS, May 2 (Reuters) - The embassy said the crowd had damaged its gate."
    _, mentions = resolve(nlp, kb, text, "2023-05-02")
    assert [m for m in mentions if m.text == "The embassy"] == []


def test_a_specific_ministry_is_not_the_one_met_before(nlp, kb):
    text = (
        "The Egyptian interior ministry detained four activists on Sunday. "
        "The ministry of health said two of them were in hospital."
    )
    _, mentions = resolve(nlp, kb, text, "2023-05-02")
    assert not [m for m in mentions if m.text.lower().startswith("the ministry")]


def test_an_unnamed_spokesperson_speaks_for_the_ministry_met_last_or_the_dateline_state(nlp, kb):
    text = "The Egyptian interior ministry detained four activists. A spokesperson said they had confessed."
    _, mentions = resolve(nlp, kb, text, "2023-05-02")
    assert ids_of(mentions, "A spokesperson") == ["EGY"]
    text = "ANKARA, May 2 (Reuters) - The border will reopen on Friday, a spokesperson told reporters."
    _, mentions = resolve(nlp, kb, text, "2023-05-02")
    assert ids_of(mentions, "a spokesperson") == ["TUR"]
    # A firm's spokesperson does not speak for the state.
    text = "ANKARA, May 2 (Reuters) - Turkcell raised its prices on Monday. A spokesperson said costs had risen."
    _, mentions = resolve(nlp, kb, text, "2023-05-02")
    assert ids_of(mentions, "A spokesperson") == []


# ---- records ---------------------------------------------------------------------------------------


def test_mentions_are_sorted_offsets_into_the_text_and_actors_collect_them(nlp, kb):
    text = (
        "Chinese President Xi Jinping phoned Russian President Vladimir Putin on Monday to discuss trade. "
        "The Chinese leader said Moscow and Beijing share a duty. The two presidents spoke for an hour."
    )
    actors, mentions = resolve(nlp, kb, text, "2020-09-03")
    assert mentions == sorted(mentions, key=lambda m: (m.start, m.end))
    for m in mentions:
        assert text[m.start : m.end] == m.text
    spans = sorted({(m.start, m.end) for m in mentions})
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), "mentions overlap"
    by_id = {a.id: a for a in actors}
    assert len(by_id) == len(actors)
    for m in mentions:
        assert (m.start, m.end) in by_id[m.actor_id].mentions
    xi = by_id[person_id(kb, "Xi Jinping")]
    assert (xi.kind, xi.country, xi.name) == ("person", "CHN", "Xi Jinping")


def test_slug():
    assert slug("Stepan Zhestakov") == "stepan-zhestakov"
    assert slug("Sergéy  O'Neil") == "sergey-o-neil"


def test_role_vocabulary_names_known_offices():
    roles = load_roles()
    assert roles.offices["top diplomat"]["office"] == "foreign_minister"
    assert roles.offices["premier"]["office"] == "head_of_government"
    assert roles.offices["president"]["office"] == "head_of_state"
    assert "spokeswoman" in roles.spoke_words


# ---- the country of a person the knowledge base lacks -------------------------------------------


def _new_person(actors, name):
    found = [a for a in actors if a.id.startswith("new:") and a.name == name]
    assert len(found) == 1, [(a.id, a.name) for a in actors]
    return found[0]


@pytest.mark.parametrize(
    "text, name, country",
    [
        ("Ugandan President Okello Wamala opened the new session of parliament.", "Okello Wamala", "UGA"),
        ("On Friday, Kenyan junior foreign minister Otieno Kamau summoned the envoy.", "Otieno Kamau", "KEN"),
        ("A Bolivian former defence minister, Carlos Mendoza, was arrested at the border.", "Carlos Mendoza", "BOL"),
        ("Carlos Mendoza, a former Bolivian defence minister, was arrested at the border.", "Carlos Mendoza", "BOL"),
        ("A member of the Syrian parliament, Nabil Haddad, began a sit-in on Monday.", "Nabil Haddad", "SYR"),
        ("Karim Jaber, the Iraqi defence minister, said the troops would stay.", "Karim Jaber", "IRQ"),
        ("Tomas Lind, a lawmaker from Estonia, resigned on Tuesday.", "Tomas Lind", "EST"),
        ("Iraqi Oil Minister Karim Jaber said output would rise.", "Karim Jaber", "IRQ"),
        ("Kenyan Trade and Industry Minister Otieno Kamau resigned.", "Otieno Kamau", "KEN"),
        ("The law was signed by Serbian Labour Minister Dragan Petrovic on Monday.", "Dragan Petrovic", "SRB"),
    ],
)
def test_a_new_persons_country_comes_from_the_title_or_apposition(nlp, kb, text, name, country):
    actors, _ = resolve(nlp, kb, text, "2004-05-01")
    assert _new_person(actors, name).country == country


def test_a_portfolio_named_like_a_party_is_no_party(nlp, kb):
    actors, _ = resolve(nlp, kb, "The law was signed by Serbian Labour Minister Dragan Petrovic on Monday.", "2004-05-01")
    assert "org:uk-labour-party" not in [a.id for a in actors]
    actors, _ = resolve(nlp, kb, "Labour leader Keir Starmer spoke in Leeds on Monday.", "2022-05-01")
    assert "org:uk-labour-party" in [a.id for a in actors]


@pytest.mark.parametrize(
    "text, name",
    [
        ("Karim Jaber, the envoy to Syria, said the troops would stay.", "Karim Jaber"),
        ("Officials met Karim Jaber in Amman on Monday.", "Karim Jaber"),
        ("Planning and Investment Minister Karim Jaber said the economy would open up.", "Karim Jaber"),
    ],
)
def test_a_destination_or_a_place_gives_no_nationality(nlp, kb, text, name):
    actors, _ = resolve(nlp, kb, text, "2004-05-01")
    assert _new_person(actors, name).country is None


@pytest.mark.parametrize(("on", "expected"), [("1994-03-01", "hafez-al-assad"), ("2012-03-01", "bashar-al-assad")])
def test_a_surname_two_leaders_share_is_the_one_in_office(nlp, kb, on, expected):
    _, mentions = resolve(nlp, kb, "President Assad received the envoy in Damascus on Sunday.", on)
    assert ids_of(mentions, "Assad") == [expected]


@pytest.mark.parametrize(("on", "expected"), [("1991-03-01", "george-h-w-bush"), ("2003-03-01", "george-w-bush")])
def test_president_bush_is_the_one_in_office(nlp, kb, on, expected):
    _, mentions = resolve(nlp, kb, "President Bush said the coalition would not stop.", on)
    assert ids_of(mentions, "Bush") == [expected]


def test_another_bush_is_someone_else(nlp, kb):
    actors, _ = resolve(nlp, kb, "Jeb Bush said he would not run again.", "2003-03-01")
    assert not {"george-h-w-bush", "george-w-bush"} & {a.id for a in actors}


def test_a_capital_before_a_government_acts_for_its_state(nlp, kb):
    _, mentions = resolve(nlp, kb, "Aid improved as the Khartoum government sought favour abroad.", "2004-05-01")
    assert ids_of(mentions, "Khartoum") == ["SDN"]
    _, mentions = resolve(nlp, kb, "The Moscow city government closed the parks on Monday.", "2004-05-01")
    assert not ids_of(mentions, "Moscow")  # the city's own government


def test_a_surname_two_leaders_share_follows_the_full_name_given(nlp, kb):
    text = "Hafez al-Assad ruled Syria for three decades. Assad died in 2000."
    _, mentions = resolve(nlp, kb, text, "2012-03-01")
    assert ids_of(mentions, "Assad") == ["hafez-al-assad"]


@pytest.mark.parametrize(
    "text, name, on",
    [
        ("Slobodan Milosevic rejected the peace plan on Thursday.", "Slobodan Milosevic", "1995-06-01"),
        ("President Yoweri Museveni dissolved the cabinet.", "Yoweri Museveni", "2001-06-01"),
        ("The European Community on Monday gave Ghana aid for farming projects.", "European Community", "1990-06-01"),
    ],
)
def test_leaders_and_bodies_of_the_eighties_and_nineties_are_known(nlp, kb, text, name, on):
    actors, _ = resolve(nlp, kb, text, on)
    assert name in [a.name.replace("š", "s").replace("ć", "c") for a in actors if not a.id.startswith("new:")]


# ---- quality on the development set ----------------------------------------------------------------


def test_actor_f1_on_the_seed_articles(nlp, kb, shared):
    gold = json.loads((shared / "gold" / "seeds.json").read_text(encoding="utf-8"))
    tp = fp = fn = 0
    for entry in gold:
        text = (shared / "corpus" / "seeds" / entry["source"]).read_text(encoding="utf-8")
        text = re.sub(r"^\s*date \d{4}-\d{2}-\d{2}\s*", "", text)
        actors = resolve_in(nlp(text), kb, entry["published"]).actors
        wanted = [{normalize_name(n) for n in names} for names in entry["actors"]]
        optional = [{normalize_name(n) for n in names} for names in entry.get("actors_optional", [])]
        hit = set()
        for actor in actors:
            names = {normalize_name(actor.name)}
            matched = [k for k, accepted in enumerate(wanted) if names & accepted]
            if matched:
                hit.add(matched[0])
            elif not any(names & accepted for accepted in optional):
                fp += 1
        tp += len(hit)
        fn += len(wanted) - len(hit)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    assert recall >= 0.92 and f1 >= 0.88, (precision, recall, f1)


# ---- the pair a group phrase stands for and group actors -----------------------------------


def group_ids(mentions, text):
    return sorted(m.actor_id for m in mentions if m.label == "GROUP" and m.text == text)


def test_the_two_governments_are_the_summit_pair_not_the_last_two_named(nlp, kb):
    text = (
        "Indonesian President Joko Widodo and Australian Prime Minister Anthony Albanese met in Jakarta on Tuesday. "
        "China sent a coast guard vessel near the islands the same day. "
        "The two governments agreed to hold annual talks."
    )
    _, mentions = resolve(nlp, kb, text, "2023-06-06")
    assert group_ids(mentions, "The two governments") == ["AUS", "IDN"]


def test_the_two_countries_are_the_coordinated_pair_before_a_third(nlp, kb):
    text = (
        "Brazil and Argentina signed a trade deal in Brasilia on Monday. "
        "Paraguay said it had not been consulted. "
        "The two countries will meet again in June."
    )
    _, mentions = resolve(nlp, kb, text, "2023-05-02")
    assert group_ids(mentions, "The two countries") == ["ARG", "BRA"]


def test_the_two_presidents_without_a_joined_pair_are_the_most_mentioned(nlp, kb):
    text = (
        "Vladimir Putin opened the forum in St. Petersburg. Xi Jinping praised the forum in a message. "
        "Putin later thanked Xi for the message. Recep Tayyip Erdogan also sent greetings. "
        "The two presidents will meet in the autumn."
    )
    _, mentions = resolve(nlp, kb, text, "2023-06-16")
    assert group_ids(mentions, "The two presidents") == sorted(
        [person_id(kb, "Vladimir Putin"), person_id(kb, "Xi Jinping")]
    )


@pytest.mark.parametrize(
    "text, phrase",
    [
        ("The Western members of the council voted against the draft on Friday.", "Western"),
        ("Western officials said the talks had stalled.", "Western"),
        ("Moscow accused the West of prolonging the war.", "the West"),
        ("Western powers rejected the proposal.", "Western powers"),
    ],
)
def test_the_west_is_a_group_actor(nlp, kb, text, phrase):
    _, mentions = resolve(nlp, kb, text, "2023-03-01")
    assert ids_of(mentions, phrase) == ["grp:west"]


@pytest.mark.parametrize(
    "text",
    [
        "Fighting spread to the west of the country overnight.",
        "Settlers attacked a village in the West Bank on Sunday.",
        "Western media reported the explosion first.",
        "The festival drew crowds of Western tourists.",
    ],
)
def test_west_as_direction_place_or_non_state_is_no_actor(nlp, kb, text):
    _, mentions = resolve(nlp, kb, text, "2023-03-01")
    assert "grp:west" not in [m.actor_id for m in mentions]


def test_the_international_community_only_where_it_acts_or_is_addressed(nlp, kb):
    grp = "grp:international-community"
    _, mentions = resolve(nlp, kb, "The ministry called on the international community to send aid.", "2023-03-01")
    assert ids_of(mentions, "the international community") == [grp]
    _, mentions = resolve(nlp, kb, "The international community has failed the refugees, she said.", "2023-03-01")
    assert ids_of(mentions, "The international community") == [grp]
    _, mentions = resolve(nlp, kb, "The deal serves the interests of the international community.", "2023-03-01")
    assert grp not in [m.actor_id for m in mentions]


def test_the_general_assembly_is_the_un_organ(nlp, kb):
    _, mentions = resolve(nlp, kb, "The envoy urged all members of the General Assembly to back the text.", "2023-03-01")
    assert ids_of(mentions, "General Assembly") == ["org:unga"]


@pytest.mark.parametrize(
    "text, phrase, country",
    [
        ("Several Republican senators walked out during the address.", "Republican senators", "USA"),
        ("Opposition legislators in Ankara accused the government of hiding the figures.", "Opposition legislators", "TUR"),
        ("Opposition MPs demanded a vote on the treaty.", "Opposition MPs", None),
    ],
)
def test_party_or_opposition_legislators_are_a_group_of_their_own(nlp, kb, text, phrase, country):
    actors, mentions = resolve(nlp, kb, text, "2023-03-01")
    (aid,) = ids_of(mentions, phrase)
    (actor,) = [a for a in actors if a.id == aid]
    assert (actor.name, actor.kind, actor.country) == (phrase, "group", country)


@pytest.mark.parametrize("text", ["Lawmakers debated the budget until midnight.", "Senior lawmakers met on Monday."])
def test_legislators_without_a_party_are_no_group(nlp, kb, text):
    actors, _ = resolve(nlp, kb, text, "2023-03-01")
    assert not [a for a in actors if a.kind == "group"]


# ---- holdout review: names the NER cut, money, map legends, institutions that speak ----------


def names_of(actors):
    return {actor.name for actor in actors}


@pytest.mark.parametrize(
    "text, name",
    [
        ("On Monday, the United States Department of Agriculture announced new limits on grain exports.",
         "United States Department of Agriculture"),
        ("Kenyan Development Bank chief Mary Wanjiru said the loans would be repaid.", "Kenyan Development Bank"),
        ("In a report, the German Institute for Foreign Affairs called the plan unrealistic.",
         "German Institute for Foreign Affairs"),
    ],
)
def test_a_nationality_opening_an_organization_name_is_part_of_it(nlp, kb, text, name):
    actors, _ = resolve(nlp, kb, text, "2021-05-03")
    assert name in names_of(actors)


def test_a_nationality_before_a_title_or_state_body_is_not_joined(nlp, kb):
    text = "The French Foreign Ministry and German Chancellor Olaf Scholz welcomed the deal."
    actors, _ = resolve(nlp, kb, text, "2022-05-03")
    names = names_of(actors)
    assert "Olaf Scholz" in names
    assert not any(name.startswith(("German Chancellor", "French Foreign")) and name not in kb_names(kb) for name in names)


def kb_names(kb):
    return {actor.name for actor in kb.actors.values()}


def test_a_country_issuing_money_is_not_an_actor(nlp, kb):
    actors, _ = resolve(nlp, kb, "Most trade in the region is settled in U.S. dollars, the central bank of Ghana said.", "2021-05-03")
    assert "United States" not in names_of(actors)


def test_map_legend_lines_are_not_article_text(nlp, kb):
    text = "Rebels advance in the north\n\n██ Free Syrian Army\n\n██ Islamic State\n\nThe army shelled Idlib on Monday."
    actors, _ = resolve(nlp, kb, text, "2019-10-08")
    assert not names_of(actors) & {"Free Syrian Army", "Islamic State"}


def test_an_organization_name_cut_before_its_rest_is_completed(nlp, kb):
    text = "Socialist Party of Working Farmers, the main opposition force, rejected the budget on Tuesday."
    actors, _ = resolve(nlp, kb, text, "2021-05-03")
    assert "Socialist Party of Working Farmers" in names_of(actors)


def test_a_place_that_speaks_is_an_actor(nlp, kb):
    text = ("The injured envoy was flown from Haifa to Karolinska in Stockholm on Saturday. "
            "Karolinska said in a statement that his condition was stable.")
    actors, _ = resolve(nlp, kb, text, "2020-08-22")
    assert [(a.name, a.kind) for a in actors if a.name == "Karolinska"] == [("Karolinska", "organization")]


def test_a_body_named_as_the_owner_of_a_site_is_not_an_actor(nlp, kb):
    actors, _ = resolve(nlp, kb, "Rockets struck near Iraqi military bases housing foreign troops on Tuesday.", "2020-01-08")
    assert not [a for a in actors if a.kind == "organization"]
    actors, _ = resolve(nlp, kb, "The Iraqi military said the rockets caused no casualties.", "2020-01-08")
    assert [a.kind for a in actors] == ["organization"]


def test_the_kurds_are_a_group_actor(nlp, kb):
    text = "The Kurds accused Ankara of betrayal, and Turkish officials said the Kurds had broken the truce."
    actors, mentions = resolve(nlp, kb, text, "2019-10-20")
    kurds = [a for a in actors if a.name == "Kurds"]
    assert len(kurds) == 1 and kurds[0].kind == "group"
    assert len([m for m in mentions if m.actor_id == kurds[0].id]) == 2
    actors, _ = resolve(nlp, kb, "Kurdish-led forces withdrew from the town on Monday.", "2019-10-20")
    assert "Kurds" not in names_of(actors)


def test_an_unknown_acronym_after_a_path_preposition_is_a_place(nlp, kb):
    text = 'The commander wrote, "We pushed the offensive down the MRV and along the KRB before winter."'
    actors, _ = resolve(nlp, kb, text, "2019-10-08")
    assert not names_of(actors) & {"MRV", "KRB"}


@pytest.mark.parametrize(
    "text, name",
    [
        ("Earlier that day, the Greek gas producer Kalvenor signed a supply deal. Kalvenor has invested heavily.", "Kalvenor"),
        ("Music for Peace Foundation, a Vienna-based charity, paid for the flight.", "Music for Peace Foundation"),
        ("Nigerian Export–Import Bank president Ade Bello said trade would grow.", "Nigerian Export–Import Bank"),
    ],
)
def test_organizations_the_ner_missed(nlp, kb, text, name):
    doc = nlp(text)
    actors = resolve_in(doc, kb, "2020-01-10").actors
    assert name in names_of(actors)
    assert [a.kind for a in actors if a.name == name] == ["organization"]


def test_a_title_phrase_is_no_untagged_organization(nlp, kb):
    actors, _ = resolve(nlp, kb, "Minister for Trade and Industry Development said the Board would meet.", "2020-01-10")
    assert not [a for a in actors if "Development" in a.name or "Minister" in a.name]


def test_a_country_adjective_places_a_stateless_group(nlp, kb):
    actors, _ = resolve(nlp, kb, "Hundreds of Syrian Kurds marched through the town on Monday.", "2012-03-05")
    assert {a.id: a.country for a in actors}.get("grp:kurds") == "SYR"
    actors, _ = resolve(nlp, kb, "The Kurds marched through the town on Monday.", "2012-03-05")
    assert {a.id: a.country for a in actors}.get("grp:kurds") is None


def test_two_countries_for_one_group_place_it_in_neither(nlp, kb):
    text = "Syrian Kurds and Iraqi Kurds met in the border town on Monday."
    actors, _ = resolve(nlp, kb, text, "2012-03-05")
    assert "grp:kurds" in {a.id for a in actors}
    assert {a.id: a.country for a in actors}["grp:kurds"] is None


def test_a_mangled_particle_surname_under_the_office_title(nlp, kb):
    text = "President Dos Sontas has agreed to meet rebel leaders in the capital next week."
    _, mentions = resolve(nlp, kb, text, "1993-04-02")
    assert ids_of(mentions, "Dos Sontas") == ["jose-eduardo-dos-santos"]
    # Without the title nothing supports the mangled spelling.
    _, mentions = resolve(nlp, kb, "Dos Sontas has agreed to meet rebel leaders next week.", "1993-04-02")
    assert ids_of(mentions, "Dos Sontas") != ["jose-eduardo-dos-santos"]


def test_police_that_speak_are_an_actor(nlp, kb):
    text = "Police said the two men were arrested near the station. The police say the car was stolen."
    actors, mentions = resolve(nlp, kb, text, "2021-05-03")
    assert ids_of(mentions, "Police") == ids_of(mentions, "police") == ["new:police"]
    assert [a.name for a in actors if a.id == "new:police"] == ["police"]


def test_unnamed_actors_are_mentions_but_actors_only_where_named(nlp, kb):
    # "police blocked the road": police take part, so they are a mention; the document's actors
    # list them only once an event or a quote names them (Cast.with_named)
    text = "The protesters marched to the square, where police blocked the road."
    cast = resolve_in(nlp(text), kb, "2021-05-03")
    police = [m for m in cast.mentions if m.text.lower() == "police"]
    assert [m.actor_id for m in police] == ["new:police"]
    assert "new:police" not in {a.id for a in cast.actors}
    assert "new:police" in {a.id for a in cast.incidental}
    assert "new:police" in {a.id for a in cast.with_named(["new:police"])}


@pytest.mark.parametrize(
    "text, word, actor_id",
    [
        ("Police arrested two suspects in the city on Monday.", "suspects", "new:suspect"),
        ("Protesters clashed with riot police outside parliament.", "police", "new:police"),
        ("Two police officers were wounded when gunmen opened fire.", "gunmen", "new:gunman"),
        ("The rebels attacked a convoy near the border.", "rebels", "new:militants"),
    ],
)
def test_actors_named_by_what_they_are(nlp, kb, text, word, actor_id):
    cast = resolve_in(nlp(text), kb, "2021-05-03")
    assert [m.actor_id for m in cast.mentions if m.text.split()[-1].lower() == word] == [actor_id]


@pytest.mark.parametrize(
    "text, word",
    [
        ("Indonesian police arrested a man in Jakarta.", "police"),  # the state's, as its nationality says
        ("The soldiers of the 25th Army crossed the river.", "soldiers"),  # whose they are is said
        ("The suspect's car was found near the lake.", "suspect"),  # a possessor, not a side
        ("Reporters visited the police station.", "police"),  # a modifier, not a side
    ],
)
def test_unnamed_nouns_that_are_no_side(nlp, kb, text, word):
    cast = resolve_in(nlp(text), kb, "2021-05-03")
    assert not [m for m in cast.mentions if word in m.text.lower() and m.actor_id in {a.id for a in cast.incidental}]
    assert not cast.incidental


def test_unnamed_forces_belong_to_the_country_around_them(nlp, kb):
    cast = resolve_in(nlp("Police in Nairobi detained three protesters."), kb, "2021-05-03")
    assert {a.id: a.country for a in cast.incidental}["new:police"] == "KEN"


@pytest.mark.parametrize(
    "text, name",
    [
        ("The storm closed the northern highway on Monday, the Nevada Highway Patrol said.", "Nevada Highway Patrol"),
        ("A 5.8-magnitude earthquake struck the coast on Friday, the Chilean Geological Survey said.", "Chilean Geological Survey"),
    ],
)
def test_a_named_body_that_speaks_after_the_is_an_organization(nlp, kb, text, name):
    actors, _ = resolve(nlp, kb, text, "2021-05-03")
    assert name in [a.name for a in actors]


@pytest.mark.parametrize(
    "text, name",
    [
        ("Yesterday, the police explained that the two officers had fired eleven rounds.", "police"),
        ("Three people were hurt, and the Post says a crowd looted a pharmacy on the corner.", "Post"),
        ("In a statement, DKT executives said the purchase will complement its cooling business.", "DKT"),
        ("According to The Register, the labels will lower their prices.", "Register"),
    ],
)
def test_a_body_that_speaks_by_any_speech_verb_or_through_its_people_is_an_actor(nlp, kb, text, name):
    actors, _ = resolve(nlp, kb, text, "2021-05-03")
    assert name in [a.name for a in actors]


def test_a_rank_before_a_company_word_is_part_of_the_companys_name(nlp, kb):
    actors, _ = resolve(nlp, kb, "The carmaker General Motors announced on Wednesday that its bondholders refused the offer.", "2009-05-28")
    assert "General Motors" in [a.name for a in actors]


@pytest.mark.parametrize(
    "text",
    [
        "The Post was closed on Monday after the storm.",
        "Parliament said the vote would be held in May.",
    ],
)
def test_a_one_word_body_that_does_not_speak_or_names_no_one_is_no_actor(nlp, kb, text):
    actors, _ = resolve(nlp, kb, text, "2021-05-03")
    assert not [a for a in actors if a.name in ("Post", "Parliament")]


def test_he_after_a_quote_is_not_someone_the_quote_names(nlp, kb):
    text = (
        "Chancellor Olaf Scholz spoke in Berlin on Friday. "
        "\"Putin's war will not prevail,\" he said."
    )
    _, mentions = resolve(nlp, kb, text, "2023-02-24")
    assert ids_of(mentions, "he") == [person_id(kb, "Olaf Scholz")]


def test_a_role_subject_after_a_comma_is_no_apposition_to_the_name_before(nlp, kb):
    text = "Asked whether the minister would meet President Joe Biden, the spokesman said he had no information."
    _, mentions = resolve(nlp, kb, text, "2023-10-24")
    assert person_id(kb, "Joe Biden") not in ids_of(mentions, "spokesman") + ids_of(mentions, "the spokesman")


# ---- names the small NER cuts or misreads -----------------------------------------------------


@pytest.mark.parametrize(
    "text, name, country",
    [
        ("The Kenyan parliament passed the budget on Tuesday.", "Kenyan parliament", "KEN"),
        ("Pakistani Navy vessels shadowed the freighter for two days.", "Pakistani Navy", "PAK"),
        ("Witnesses said Peruvian police fired tear gas at the crowd.", "Peruvian police", "PER"),
        ("Egyptian police dispersed the crowd near the stadium on Friday.", "Egyptian police", "EGY"),
        ("On Tuesday the Croatian parliament approved the budget.", "Croatian parliament", "HRV"),
    ],
)
def test_nationality_on_a_national_body_names_an_organization(nlp, kb, text, name, country):
    actors, mentions = resolve(nlp, kb, text, "2012-05-01")
    body = [a for a in actors if a.name == name]
    assert body and body[0].kind == "organization" and body[0].country == country
    assert not any(a.kind == "country" for a in actors)


def test_nationality_on_officials_is_still_the_country(nlp, kb):
    actors, _ = resolve(nlp, kb, "Kenyan officials said the talks would resume.", "2012-05-01")
    assert [a.id for a in actors] == ["KEN"]


@pytest.mark.parametrize(
    "text, name",
    [
        ("Superintendent Marisol Ferrante told reporters that classes would resume.", "Marisol Ferrante"),
        ("Pensioner Tomas Ruud said he had waited three hours for the bus.", "Tomas Ruud"),
        ("Attorney Helena Varga said her client would appeal.", "Helena Varga"),
        ("Prosecutor Ana Lindqvist said the case was closed.", "Ana Lindqvist"),
    ],
)
def test_occupation_before_a_name_is_not_part_of_it_and_the_name_is_whole(nlp, kb, text, name):
    actors, _ = resolve(nlp, kb, text, "2012-05-01")
    assert [a.name for a in actors if a.kind == "person"] == [name]


@pytest.mark.parametrize(
    "text, name",
    [
        ("The Harbor Times Record reported that the council met for three hours.", "Harbor Times Record"),
        ("The Federal Agency for the Regional Markets suspended trading on Wednesday.", "Federal Agency for the Regional Markets"),
        ("The United States Commission on Coastal Fisheries said the quota was too high.",
         "United States Commission on Coastal Fisheries"),
    ],
)
def test_organization_name_is_not_cut_short(nlp, kb, text, name):
    actors, _ = resolve(nlp, kb, text, "2012-05-01")
    assert name in [a.name for a in actors]


def test_office_named_by_its_holders_title(nlp, kb):
    text = "A spokeswoman for the Marion County Prosecutor's office said the City Attorney's office would decide."
    actors, _ = resolve(nlp, kb, text, "2012-05-01")
    names = {a.name for a in actors if a.kind == "organization"}
    assert {"Marion County Prosecutor's office", "City Attorney's office"} <= names


def test_bare_police_after_a_national_force_is_that_force(nlp, kb):
    text = "Peruvian police clashed with miners near the border. Police said ten officers were hurt."
    actors, mentions = resolve(nlp, kb, text, "2012-05-01")
    assert [a.name for a in actors if a.kind == "organization"] == ["Peruvian police"]
    assert ids_of(mentions, "Police") == ids_of(mentions, "Peruvian police")


# ---- role nouns, posts and bodies the resolver used to miss (issue 13) ------------------------


@pytest.mark.parametrize(
    "text, word, name",
    [
        ("Rioters threw stones at the building on Monday.", "Rioters", "rioters"),
        ("The jury convicted the accountant on Friday.", "jury", "jury"),
        ("Investigators questioned the driver on Monday.", "Investigators", "investigators"),
        ("Two plainclothes officers shot the teenager, police said.", "officers", "officers"),
    ],
)
def test_a_role_noun_is_an_actor_named_as_the_text_writes_it(nlp, kb, text, word, name):
    cast = resolve_in(nlp(text), kb, "2012-05-01")
    ids = [m.actor_id for m in cast.mentions if m.text == word]
    assert len(ids) == 1
    assert {a.id: a.name for a in cast.incidental}[ids[0]] == name


def test_a_nationality_on_a_group_noun_names_a_group_of_that_country(nlp, kb):
    text = "The navy said twelve Somali pirates were detained after the pirates fired on a tanker."
    cast = resolve_in(nlp(text), kb, "2012-05-01")
    groups = {a.id: a for a in cast.incidental}
    assert ids_of(cast.mentions, "Somali pirates") == ids_of(cast.mentions, "pirates")
    group = groups[ids_of(cast.mentions, "pirates")[0]]
    assert (group.name, group.kind, group.country) == ("Somali pirates", "group", "SOM")
    assert "SOM" not in {a.id for a in cast.actors}


def test_bare_police_join_the_one_police_force_the_story_names(nlp, kb):
    text = "Officers of the Springfield Police Department arrested a man on Sunday. Police said he was armed."
    _, mentions = resolve(nlp, kb, text, "2012-05-01")
    assert ids_of(mentions, "Police") == ids_of(mentions, "Springfield Police Department") != []


@pytest.mark.parametrize(
    "text, name",
    [
        ("The Surgeon General warned on Tuesday that smoking kills.", "Surgeon General"),
        ("Obama said he would nominate her to be the U.S. Surgeon General.", "United States"),
        ("Lakeside Office Gunman Charged With Murder\nA former accountant was charged on Tuesday.", "Lakeside Office"),
    ],
)
def test_a_post_or_a_headline_alone_names_no_actor(nlp, kb, text, name):
    actors, _ = resolve(nlp, kb, text, "2012-05-01")
    assert name not in [a.name for a in actors]


def test_a_headline_name_the_story_writes_again_is_kept(nlp, kb):
    text = "Tomas Varga Wins Mayoral Race\nTomas Varga won the mayoral election in Brno on Sunday."
    actors, _ = resolve(nlp, kb, text, "2012-05-01")
    assert [a.name for a in actors] == ["Tomas Varga"]


@pytest.mark.parametrize("text", ["The Obama administration criticized the verdict.", "The Bush administration imposed sanctions in 2007."])
def test_a_leaders_administration_is_the_state(nlp, kb, text):
    actors, mentions = resolve(nlp, kb, text, "2012-05-01")
    assert [a.id for a in actors] == ["USA"]
    assert [m.text for m in mentions] == [text.split()[1] + " administration"]


def test_a_post_nominal_is_no_part_of_the_matched_name_and_the_surname_is_the_same_person(nlp, kb):
    text = "Gerald Pickering QC, 41, was charged on Monday. Pickering did not enter a plea."
    actors, mentions = resolve(nlp, kb, text, "2012-05-01")
    assert [a.name for a in actors if a.kind == "person"] == ["Gerald Pickering"]
    assert ids_of(mentions, "Pickering") == ids_of(mentions, "Gerald Pickering")


@pytest.mark.parametrize(
    "written, printed", [("Gerald Pickering III", "Gerald Pickering III"), ("Gerald Pickering, Jr.", "Gerald Pickering Jr.")]
)
def test_a_generation_stays_in_the_printed_name_and_the_surname_with_or_without_it_is_the_same_person(nlp, kb, written, printed):
    # a father and a son share the rest of the name: the printed name keeps what tells them apart
    text = f"{written}, 41, was charged on Monday. Pickering did not enter a plea."
    actors, mentions = resolve(nlp, kb, text, "2012-05-01")
    assert [a.name for a in actors if a.kind == "person"] == [printed]
    assert ids_of(mentions, "Pickering") == ids_of(mentions, "Gerald Pickering")


def test_miss_is_a_title_and_the_titled_surname_is_the_person_named_in_full(nlp, kb):
    text = "Lena Marsh, 19, was found at her home. Miss Marsh had been a student. Police said Miss Marsh knew her attacker."
    actors, mentions = resolve(nlp, kb, text, "2012-05-01")
    assert [a.name for a in actors if a.kind == "person"] == ["Lena Marsh"]


def test_a_surname_with_its_generation_is_the_person_named_in_full(nlp, kb):
    text = "Inmate Harold Jerome Pelley Jr., 49, escaped from a prison van on Monday. Pelley Jr. was recaptured."
    actors, mentions = resolve(nlp, kb, text, "2012-05-01")
    assert [a.name for a in actors if a.kind == "person"] == ["Harold Jerome Pelley Jr."]
    assert ids_of(mentions, "Pelley") == ids_of(mentions, "Harold Jerome Pelley")


def test_an_organizations_name_ends_before_the_rank_of_the_person_named_after_it(nlp, kb):
    actors, mentions = resolve(nlp, kb, "Boston Police Detective Mark Reyes said the driver fled.", "2012-05-01")
    assert sorted(a.name for a in actors) == ["Boston Police", "Mark Reyes"]


def test_an_organizations_name_ends_before_its_spokesperson(nlp, kb):
    cast = resolve_in(nlp("A man was arrested on Friday, Vancouver Police spokesperson Const. Ravi Dhillon said."), kb, "2012-05-01")
    assert not [a for a in (*cast.actors, *cast.incidental) if "spokesperson" in a.name]


@pytest.mark.parametrize(
    "text, name",
    [
        ("Sheriff's deputies chased the car for 30 miles, Harlan County Sheriff Robert Pike said.", "Sheriff's deputies"),
        ("The Harlan County Sheriff's Department said the man was armed.", "Harlan County Sheriff's Department"),
    ],
)
def test_a_holders_possessive_on_a_department_or_its_people_names_the_office(nlp, kb, text, name):
    actors, _ = resolve(nlp, kb, text, "2012-05-01")
    assert (name, "organization") in [(a.name, a.kind) for a in actors]


def test_a_ship_named_with_its_prefix_is_an_organization_and_so_is_its_bare_name(nlp, kb):
    text = "Patrol vessel INS Tarkash was escorting five merchant ships. Tarkash intercepted three skiffs on Thursday."
    actors, mentions = resolve(nlp, kb, text, "2012-05-01")
    assert [(a.name, a.kind) for a in actors] == [("INS Tarkash", "organization")]
    assert ids_of(mentions, "Tarkash") == ids_of(mentions, "INS Tarkash")


def test_a_kind_of_police_names_the_police_as_written(nlp, kb):
    cast = resolve_in(nlp("State police chased the car, and riot police later arrested him."), kb, "2012-05-01")
    assert ids_of(cast.mentions, "State police") == ids_of(cast.mentions, "riot police") == ["new:police"]
    assert [a.name for a in cast.incidental] == ["state police"]


def test_a_title_makes_a_lone_word_the_surname_of_a_name_the_ner_called_an_organization(nlp, kb):
    text = ("Yanis Varoufakis, an economist at the University of Athens, said the cuts would fail. "
            "Professor Varoufakis blames the banks for the crisis.")
    actors, mentions = resolve(nlp, kb, text, "2012-05-01")
    assert [(a.name, a.kind) for a in actors] == [("Yanis Varoufakis", "person")]
    assert ids_of(mentions, "Varoufakis") == ids_of(mentions, "Yanis Varoufakis")


def test_a_tokenized_hyphen_in_a_surname_is_one_surname(nlp, kb):
    text = "Dominique Strauss - Kahn met Papandreou. Strauss - Kahn said the loan was ready."
    actors, mentions = resolve(nlp, kb, text, "2010-05-01")
    assert "Dominique Strauss-Kahn" in [a.name for a in actors]
    assert ids_of(mentions, "Strauss - Kahn") == ids_of(mentions, "Dominique Strauss - Kahn")


@pytest.mark.parametrize(
    "text, name", [("The Euro fell against the Dollar on Monday.", "Euro"), ("The FTSE closed down 2 percent.", "FTSE")]
)
def test_currencies_and_indices_are_no_actors(nlp, kb, text, name):
    actors, _ = resolve(nlp, kb, text, "2010-05-01")
    assert name not in [a.name for a in actors]


def test_a_the_between_capitalized_words_starts_the_name_again(nlp, kb):
    text = ("Riot police fired tear gas at the crowd.\n"
            "In Parliament the Workers Party of Freedonia has accused the government for the deaths.")
    actors, _ = resolve(nlp, kb, text, "2010-05-01")
    assert [a.name for a in actors] == ["Workers Party of Freedonia"]


@pytest.mark.parametrize(
    "text, names",
    [
        ("Kelowna police have arrested a former employee after the shooting. Police said the man was calm.", ["Kelowna police"]),
        ("The man was handed over to the Detroit police on Friday, according to Troy police Lt. Mark Sands.",
         ["Detroit police", "Troy police", "Mark Sands"]),
        ("New York City Police said nothing on Monday.", ["New York City Police"]),
    ],
)
def test_a_towns_police_named_by_the_town_is_an_organization(nlp, kb, text, names):
    actors, mentions = resolve(nlp, kb, text, "2012-05-01")
    assert [a.name for a in actors] == names
    assert len({m.actor_id for m in mentions if m.text.lower().endswith("police")}) == len(names) - ("Mark Sands" in names)


def test_an_ethnic_group_is_no_states_nationals(nlp, kb):
    text = "Police launched an investigation into crimes committed against ethnic Serb civilians during the war."
    cast = resolve_in(nlp(text), kb, "2012-05-01")
    group = {a.name: a for a in cast.incidental}["Serb civilians"]
    assert group.country is None


def test_a_fuzzy_match_remembered_across_documents_still_depends_on_date_and_names_in_full(nlp, kb):
    # The knowledge base remembers fuzzy answers across documents resolved with the same role
    # vocabulary (as a run does): a later document with the same written name but another date, or
    # without the person named in full, must not get the earlier answer.
    roles = load_roles()

    def resolved(text, on, name):
        doc = nlp(text)
        layout = analyze_layout(doc.text, CUES.speech_verbs, parse_dateline(doc.text, AGENCIES), agencies=AGENCIES)
        return ids_of(resolve_actors(doc, layout, kb, on, roles, CUES).mentions, name)

    title = "President Dos Sontas has agreed to meet rebel leaders in the capital next week."
    for on, expected in (("1993-04-02", True), ("2021-06-01", False), ("1993-04-02", True)):
        assert (resolved(title, on, "Dos Sontas") == ["jose-eduardo-dos-santos"]) is expected, on
    xi = person_id(kb, "Xi Jinping")
    for text, expected in (
        ("Xi Jinping landed in Moscow on Wednesday. On Thursday SI met business leaders.", True),
        ("Officials landed in Moscow on Wednesday. On Thursday SI met business leaders.", False),
        ("Xi Jinping landed in Moscow on Wednesday. On Thursday SI met business leaders.", True),
    ):
        assert (resolved(text, "2025-05-08", "SI") == [xi]) is expected, text
    assert len(kb.fuzzy_answers) > 0
