"""The shipped people: well-formed dated roles, one holder per office at a time, the right holder on known dates."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, timedelta
from itertools import combinations

import pytest

from dateline.kb import KBActor, load_kb, normalize_name

OFFICES = {
    "head_of_state",
    "head_of_government",
    "foreign_minister",
    "defence_minister",
    "spokesperson",
    "secretary_general",
    "deputy_head_of_government",
    "vice_president",
    "national_security_adviser",
    "un_ambassador",
    "party_leader",
}
SINGLE_HOLDER = ("head_of_state", "head_of_government", "foreign_minister", "defence_minister")
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
FAR_FUTURE = date(9999, 12, 31)

# Normalized names that two people in the file really share; resolution must use context for these.
# Hafez and Bashar al-Assad; George H. W. and George W. Bush.
KNOWN_AMBIGUOUS: set[str] = {"assad", "al assad", "bush", "george bush"}


@pytest.fixture(scope="module")
def knowledge_base():
    return load_kb()


@pytest.fixture(scope="module")
def people(knowledge_base) -> list[KBActor]:
    found = [actor for actor in knowledge_base.actors.values() if actor.kind == "person"]
    assert found, "people.jsonl is missing or empty"
    return found


def _day(text: str | None, default: date) -> date:
    return default if text is None else date.fromisoformat(text)


def _holder(knowledge_base, office: str, of: str, day: str) -> str:
    holders = knowledge_base.holders(office, of, day)
    assert len(holders) == 1, f"{office} of {of} on {day}: {[h.id for h in holders]}"
    return holders[0].id


def test_people_are_well_formed(people):
    for person in people:
        assert SLUG.match(person.id), person.id
        assert person.name.strip(), person.id
        assert person.roles, f"{person.id} holds no role"
        assert person.wikidata is None or re.fullmatch(r"Q\d+", person.wikidata), person.id
        # accent-free spellings are kept on purpose (the entity ruler matches surface text); exact repeats are not
        spellings = [name.casefold() for name in person.names]
        assert len(set(spellings)) == len(spellings), f"{person.id}: repeated name or alias"


def test_roles_have_known_offices_and_ordered_iso_dates(people):
    for person in people:
        for role in person.roles:
            assert role.office in OFFICES, f"{person.id}: unknown office {role.office}"
            assert role.title.strip(), person.id
            assert role.start is not None and ISO_DAY.match(role.start), f"{person.id}: start {role.start}"
            date.fromisoformat(role.start)
            if role.end is not None:
                assert ISO_DAY.match(role.end), f"{person.id}: end {role.end}"
                assert role.start <= role.end, f"{person.id}: {role.office} ends before it starts"


def test_roles_and_nationalities_point_at_known_actors(knowledge_base, people):
    for person in people:
        if person.country is not None:
            country = knowledge_base.get(person.country)
            assert country is not None and country.kind == "country", f"{person.id}: country {person.country}"
        for role in person.roles:
            assert knowledge_base.get(role.of) is not None, f"{person.id}: role of unknown {role.of}"


def test_single_holder_offices_never_overlap(people):
    terms = defaultdict(list)
    for person in people:
        for role in person.roles:
            if role.office in SINGLE_HOLDER:
                start = _day(role.start, date.min)
                terms[(role.office, role.of)].append((person.id, start, _day(role.end, FAR_FUTURE)))
    clashes = []
    for (office, of), spans in terms.items():
        for (first, a_start, a_end), (second, b_start, b_end) in combinations(spans, 2):
            if first == second:
                continue
            shared = min(a_end, b_end) - max(a_start, b_start)
            if shared > timedelta(days=1):  # a one-day handover is normal
                clashes.append(f"{office} {of}: {first} {a_start}..{a_end} / {second} {b_start}..{b_end}")
    assert not clashes, "\n".join(clashes)


def test_names_do_not_collide_across_people(people):
    owners = defaultdict(set)
    for person in people:
        for name in person.names:
            owners[normalize_name(name)].add(person.id)
    shared = {name: ids for name, ids in owners.items() if len(ids) > 1 and name not in KNOWN_AMBIGUOUS}
    assert not shared, shared


def test_ids_are_unique_across_the_knowledge_base():
    import json
    from importlib import resources

    text = (resources.files("dateline") / "data" / "kb" / "people.jsonl").read_text(encoding="utf-8")
    ids = [json.loads(line)["id"] for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("office", "of", "day", "expected"),
    [
        ("head_of_state", "RUS", "2010-06-01", "dmitry-medvedev"),
        ("head_of_state", "RUS", "2015-06-01", "vladimir-putin"),
        ("head_of_state", "RUS", "2004-06-01", "vladimir-putin"),
        ("head_of_government", "RUS", "2010-06-01", "vladimir-putin"),
        ("foreign_minister", "RUS", "2021-09-03", "sergey-lavrov"),
        ("foreign_minister", "USA", "2019-06-01", "mike-pompeo"),
        ("foreign_minister", "USA", "2024-06-01", "antony-blinken"),
        ("foreign_minister", "USA", "2006-06-01", "condoleezza-rice"),
        ("head_of_state", "USA", "2019-10-08", "donald-trump"),
        ("head_of_state", "USA", "2022-03-01", "joe-biden"),
        ("head_of_state", "USA", "2025-06-01", "donald-trump"),
        ("foreign_minister", "CHN", "2023-03-01", "qin-gang"),
        ("foreign_minister", "CHN", "2024-03-01", "wang-yi"),
        ("foreign_minister", "CHN", "2018-03-01", "wang-yi"),
        ("head_of_state", "CHN", "2020-05-09", "xi-jinping"),
        ("head_of_state", "CHN", "2008-08-08", "hu-jintao"),
        ("head_of_government", "CHN", "2020-05-01", "li-keqiang"),
        ("head_of_government", "GBR", "2019-10-10", "boris-johnson"),
        ("head_of_government", "GBR", "2022-10-01", "liz-truss"),
        ("foreign_minister", "GBR", "2017-01-01", "boris-johnson"),
        ("head_of_state", "GBR", "2023-01-01", "charles-iii"),
        ("head_of_state", "FRA", "2019-08-24", "emmanuel-macron"),
        ("head_of_state", "FRA", "2009-01-01", "nicolas-sarkozy"),
        ("head_of_government", "DEU", "2019-08-24", "angela-merkel"),
        ("head_of_government", "DEU", "2023-01-01", "olaf-scholz"),
        ("head_of_state", "UKR", "2023-01-01", "volodymyr-zelensky"),
        ("head_of_state", "UKR", "2016-01-01", "petro-poroshenko"),
        ("head_of_state", "TUR", "2019-10-08", "recep-tayyip-erdogan"),
        ("head_of_government", "TUR", "2010-01-01", "recep-tayyip-erdogan"),
        ("head_of_government", "IRN", "2019-09-23", "hassan-rouhani"),
        ("head_of_state", "IRN", "2019-09-23", "ali-khamenei"),
        ("head_of_government", "IRQ", "2020-01-06", "adil-abdul-mahdi"),
        ("head_of_government", "GRC", "2020-01-10", "kyriakos-mitsotakis"),
        ("foreign_minister", "EGY", "2020-01-08", "sameh-shoukry"),
        ("head_of_state", "NGA", "2019-07-07", "muhammadu-buhari"),
        ("head_of_state", "BEN", "2019-07-07", "patrice-talon"),
        ("head_of_state", "BRA", "2025-05-08", "luiz-inacio-lula-da-silva"),
        ("head_of_state", "BRA", "2020-01-01", "jair-bolsonaro"),
        ("head_of_government", "SVK", "2025-05-08", "robert-fico"),
        ("head_of_state", "SYR", "2019-10-15", "bashar-al-assad"),
        ("head_of_state", "PRK", "2015-08-21", "kim-jong-un"),
        ("head_of_state", "SAU", "2019-09-15", "salman-bin-abdulaziz"),
        ("head_of_government", "SAU", "2023-01-01", "mohammed-bin-salman"),
        ("secretary_general", "org:un", "2019-09-29", "antonio-guterres"),
        ("secretary_general", "org:un", "2010-01-01", "ban-ki-moon"),
        ("secretary_general", "org:nato", "2020-01-01", "jens-stoltenberg"),
        ("secretary_general", "org:nato", "2025-01-01", "mark-rutte"),
        ("defence_minister", "USA", "2019-10-08", "mark-esper"),
        ("defence_minister", "RUS", "2020-01-01", "sergei-shoigu"),
        # Before 2000: the leaders historical news and the event-data benchmarks name.
        ("head_of_state", "USA", "1985-06-01", "ronald-reagan"),
        ("head_of_state", "USA", "1991-02-01", "george-h-w-bush"),
        ("head_of_government", "GBR", "1985-06-01", "margaret-thatcher"),
        ("head_of_government", "GBR", "1995-06-01", "john-major"),
        ("head_of_state", "FRA", "1990-06-01", "francois-mitterrand"),
        ("head_of_government", "FRA", "1987-06-01", "jacques-chirac"),
        ("head_of_government", "DEU", "1990-06-01", "helmut-kohl"),
        ("head_of_state", "SUN", "1984-06-01", "konstantin-chernenko"),
        ("head_of_state", "RUS", "1995-06-01", "boris-yeltsin"),
        ("head_of_government", "RUS", "1996-06-01", "viktor-chernomyrdin"),
        ("head_of_government", "RUS", "1999-01-01", "yevgeny-primakov"),
        ("head_of_state", "CHN", "1990-06-01", "yang-shangkun"),
        ("head_of_government", "CHN", "1995-06-01", "li-peng"),
        ("head_of_government", "JPN", "1993-12-01", "morihiro-hosokawa"),
        ("head_of_government", "IND", "1993-06-01", "p-v-narasimha-rao"),
        ("head_of_government", "IND", "1998-06-01", "atal-bihari-vajpayee"),
        ("head_of_government", "ISR", "1994-06-01", "yitzhak-rabin"),
        ("head_of_government", "ISR", "1998-06-01", "benjamin-netanyahu"),
        ("head_of_government", "ISR", "1985-06-01", "shimon-peres"),
        ("head_of_government", "GRC", "1985-06-01", "andreas-papandreou"),
        ("head_of_government", "PAK", "1989-06-01", "benazir-bhutto"),
        ("head_of_government", "PAK", "1991-06-01", "nawaz-sharif"),
        ("head_of_state", "SYR", "1990-06-01", "hafez-al-assad"),
        ("head_of_state", "ZAF", "1996-06-01", "nelson-mandela"),
        ("head_of_state", "NGA", "1984-06-01", "muhammadu-buhari"),
        ("head_of_state", "UGA", "1996-06-01", "yoweri-museveni"),
        ("head_of_state", "DZA", "2000-01-01", "abdelaziz-bouteflika"),
        ("head_of_state", "CIV", "2005-01-01", "laurent-gbagbo"),
        ("head_of_state", "ZMB", "2005-01-01", "levy-mwanawasa"),
        ("head_of_state", "AGO", "2000-01-01", "jose-eduardo-dos-santos"),
        ("head_of_state", "KGZ", "2000-01-01", "askar-akayev"),
        ("head_of_state", "SDN", "2000-01-01", "omar-al-bashir"),
        ("head_of_state", "SRB", "1995-06-01", "slobodan-milosevic"),
        ("head_of_state", "SCG", "1999-06-01", "slobodan-milosevic"),
        ("head_of_state", "HRV", "1995-06-01", "franjo-tudjman"),
        ("head_of_state", "IDN", "1995-06-01", "suharto"),
        ("head_of_state", "ARG", "1995-06-01", "carlos-menem"),
        ("head_of_state", "PER", "1995-06-01", "alberto-fujimori"),
        ("head_of_state", "MEX", "1990-06-01", "carlos-salinas-de-gortari"),
        ("head_of_state", "BRA", "1993-06-01", "itamar-franco"),
        ("head_of_state", "KOR", "1995-06-01", "kim-young-sam"),
        ("head_of_state", "PRK", "1990-06-01", "kim-il-sung"),
        ("head_of_state", "TUR", "1991-06-01", "turgut-ozal"),
        ("head_of_government", "IRN", "1993-06-01", "akbar-hashemi-rafsanjani"),
        ("head_of_government", "IRN", "1985-06-01", "ali-khamenei"),
        ("head_of_state", "MAR", "1995-06-01", "hassan-ii"),
        ("head_of_state", "HTI", "1989-06-01", "prosper-avril"),
        ("head_of_state", "LBN", "1995-06-01", "elias-hrawi"),
    ],
)
def test_holder_on_a_known_date(knowledge_base, office, of, day, expected):
    assert _holder(knowledge_base, office, of, day) == expected


def test_holders_change_at_the_handover(knowledge_base):
    assert _holder(knowledge_base, "head_of_state", "FRA", "1995-05-16") == "francois-mitterrand"
    assert _holder(knowledge_base, "head_of_state", "FRA", "1995-05-18") == "jacques-chirac"
    assert _holder(knowledge_base, "head_of_government", "GBR", "1990-11-27") == "margaret-thatcher"
    assert _holder(knowledge_base, "head_of_government", "GBR", "1990-11-29") == "john-major"
    assert _holder(knowledge_base, "head_of_state", "RUS", "2008-05-06") == "vladimir-putin"
    assert _holder(knowledge_base, "head_of_state", "RUS", "2008-05-08") == "dmitry-medvedev"
    assert _holder(knowledge_base, "foreign_minister", "CHN", "2023-07-24") == "qin-gang"
    assert _holder(knowledge_base, "foreign_minister", "CHN", "2023-07-26") == "wang-yi"


def test_a_name_two_people_share_is_listed_for_both(knowledge_base):
    assert {a.id for a in knowledge_base.by_name("Assad")} == {"hafez-al-assad", "bashar-al-assad"}
    assert {a.id for a in knowledge_base.by_name("Bush")} == {"george-h-w-bush", "george-w-bush"}
    assert [a.id for a in knowledge_base.by_name("Fidel Castro")] == ["fidel-castro"]
    assert [a.id for a in knowledge_base.by_name("Raul Castro")] == ["raul-castro"]
    assert not [a for a in knowledge_base.by_name("Castro") if a.kind == "person"]  # Fidel or Raúl: never guessed


def test_titles_answer_title_lookups(knowledge_base):
    assert [p.id for p in knowledge_base.holders(None, "USA", "2019-06-01", title="Secretary of State")] == ["mike-pompeo"]
    assert [p.id for p in knowledge_base.holders(None, "DEU", "2019-06-01", title="Chancellor")] == ["angela-merkel"]
    assert [p.id for p in knowledge_base.holders(None, "IRN", "2019-06-01", title="Supreme Leader")] == ["ali-khamenei"]


def test_spokespeople_speak_for_their_ministry_or_presidency(knowledge_base):
    kremlin = {p.id for p in knowledge_base.holders("spokesperson", "RUS", "2020-06-01")}
    assert "dmitry-peskov" in kremlin
    chinese_mfa = {p.id for p in knowledge_base.holders("spokesperson", "org:mfa-chn", "2021-06-01")}
    assert {"hua-chunying", "zhao-lijian", "wang-wenbin"} <= chinese_mfa
    assert "maria-zakharova" in {p.id for p in knowledge_base.holders("spokesperson", "org:mfa-rus", "2022-06-01")}


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        ("Sergei Lavrov", "sergey-lavrov"),
        ("Zelenskyy", "volodymyr-zelensky"),
        ("Zelenskiy", "volodymyr-zelensky"),
        ("Erdogan", "recep-tayyip-erdogan"),
        ("Recep Tayyip Erdoğan", "recep-tayyip-erdogan"),
        ("Lula", "luiz-inacio-lula-da-silva"),
        ("MBS", "mohammed-bin-salman"),
        ("Ayatollah Khamenei", "ali-khamenei"),
        ("Rohani", "hassan-rouhani"),
        ("Kim Jong-un", "kim-jong-un"),
        ("Xi", "xi-jinping"),
        ("Putin", "vladimir-putin"),
        ("Slobodan Milosevic", "slobodan-milosevic"),
        ("Franjo Tudjman", "franjo-tudjman"),
        ("Alija Izetbegovic", "alija-izetbegovic"),
        ("Mitterrand", "francois-mitterrand"),
        ("Kim Il-sung", "kim-il-sung"),
        ("Omar Hassan al-Bashir", "omar-al-bashir"),
        ("Akbar Hashemi Rafsanjani", "akbar-hashemi-rafsanjani"),
        ("Lech Walesa", "lech-walesa"),
        ("Turgut Özal", "turgut-ozal"),
    ],
)
def test_spelling_variants_find_one_person(knowledge_base, alias, expected):
    assert [actor.id for actor in knowledge_base.by_name(alias) if actor.kind == "person"] == [expected]


G20_MEMBERS = "ARG AUS BRA CAN CHN FRA DEU IND IDN ITA JPN MEX RUS SAU ZAF KOR TUR GBR USA".split()
SAMPLE_DAYS = ("2003-06-01", "2010-06-01", "2016-06-01", "2022-06-01", "2025-06-01")
EARLY_DAYS = ("1981-06-01", "1986-06-01", "1991-06-01", "1996-06-01")
P5 = ("CHN", "FRA", "GBR", "RUS", "USA")


@pytest.mark.parametrize("country", G20_MEMBERS)
def test_every_g20_member_has_a_leader_and_a_foreign_minister_throughout(knowledge_base, country):
    leader_office = knowledge_base.get(country).leader or "head_of_state"
    for day in SAMPLE_DAYS:
        assert len(knowledge_base.holders(leader_office, country, day)) == 1, (country, leader_office, day)
        assert len(knowledge_base.holders("foreign_minister", country, day)) == 1, (country, day)


@pytest.mark.parametrize("country", G20_MEMBERS)
def test_every_g20_member_has_a_leader_before_2000(knowledge_base, country):
    leader_office = knowledge_base.get(country).leader or "head_of_state"
    for day in EARLY_DAYS:
        if country == "RUS" and day < "1991-07-10":
            continue  # the Russian presidency began in July 1991; the Soviet Union's leaders are under SUN
        if country == "CHN" and day < "1983-06-18":
            continue  # China had no head of state from 1975 until the presidency was restored in 1983
        assert len(knowledge_base.holders(leader_office, country, day)) == 1, (country, leader_office, day)


@pytest.mark.parametrize("country", P5)
def test_the_permanent_five_have_heads_of_state_and_government_before_2000(knowledge_base, country):
    for office in ("head_of_state", "head_of_government"):
        for day in EARLY_DAYS:
            state = "SUN" if country == "RUS" and day < "1991-07-10" else country
            if (office, state) == ("head_of_state", "CHN") and day < "1983-06-18":
                continue
            assert len(knowledge_base.holders(office, state, day)) == 1, (state, office, day)


@pytest.mark.parametrize(
    ("org", "office", "title"),
    [
        ("org:un", "secretary_general", None),
        ("org:nato", "secretary_general", None),
        ("org:european-commission", "head_of_state", "President"),
        ("org:eu", "foreign_minister", "High Representative"),
        ("org:au", "secretary_general", None),
    ],
)
def test_international_organizations_have_their_chief_throughout(knowledge_base, org, office, title):
    for day in SAMPLE_DAYS[1:]:
        assert len(knowledge_base.holders(office, org, day, title=title)) == 1, (org, day)


def test_every_country_of_the_corpus_has_people(knowledge_base, people, shared):
    """Each country the sample and holdout articles name (by name or adjective) has someone with a dated office."""
    text = " ".join(path.read_text(encoding="utf-8") for path in sorted((shared / "corpus").glob("*/*.txt")))
    served = {role.of for person in people for role in person.roles}
    missing = []
    for actor in knowledge_base.actors.values():
        if actor.kind != "country" or actor.end is not None or actor.id.startswith("hist:"):
            continue
        words = [name for name in (actor.name, *actor.aliases, *actor.adjectives) if len(name) > 3]
        if any(re.search(rf"\b{re.escape(word)}\b", text) for word in words) and actor.id not in served:
            missing.append(actor.id)
    assert not missing, missing
