"""The gazetteer: names placed by the article's countries, ambiguous ones left unplaced, on texts the team wrote."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.geo import Gazetteer, Placement, context_countries
from dateline.records import Dateline, Place

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer()


def test_a_name_in_two_countries_is_placed_by_the_articles_countries(gazetteer):
    lebanon = gazetteer.locate_event("Tripoli", None, ("LBN", "SYR"))
    libya = gazetteer.locate_event("Tripoli", None, ("LBY", "EGY"))
    assert (lebanon.country, libya.country) == ("LBN", "LBY") and lebanon.geonames_id != libya.geonames_id
    assert lebanon.basis == libya.basis == "context" and 34 < lebanon.latitude < 35 and 32 < libya.latitude < 33
    # the first country that has a place of the name wins, whatever follows it
    assert gazetteer.locate_event("Hyderabad", None, ("USA", "PAK", "IND")).country == "PAK"
    assert gazetteer.locate_event("Hyderabad", None, ("IND", "PAK")).country == "IND"


def test_without_a_telling_country_an_ambiguous_name_stays_unplaced(gazetteer):
    for name in ("Hyderabad", "Birmingham", "Valencia", "Odessa", "Kashmir", "Punjab"):
        assert gazetteer.locate_event(name) is None, name
        assert gazetteer.locate_event(name, None, ("FRA", "JPN")) is None, name  # no place of that name there
    assert gazetteer.locate_event("Springfield", None, ("USA",)) is None  # several of a size in one country


def test_a_name_that_outweighs_its_namesakes_is_placed_without_context(gazetteer):
    paris = gazetteer.locate_event("Paris")
    assert (paris.name, paris.country, paris.precision, paris.basis) == ("Paris", "FRA", "city", "unambiguous")
    assert paris.geonames_id == 2988507  # GeoNames' id of Paris, France
    assert gazetteer.locate_event("London").country == "GBR"
    # a national capital needs to outweigh its namesakes only three to one, and a city's alternate names do not
    # weigh against it ("Rome" is also one of Lomé's, "Islamabad" an old name of Chattogram)
    assert gazetteer.locate_event("Tripoli").country == "LBY" and gazetteer.locate_event("Athens").country == "GRC"
    assert gazetteer.locate_event("Rome").country == "ITA" and gazetteer.locate_event("Islamabad").country == "PAK"
    assert gazetteer.locate_event("Geneva").country == "CHE" and gazetteer.locate_event("Alexandria").country == "EGY"


def test_unknown_names_stay_unplaced(gazetteer):
    for name in ("Millom Pier", "Gulf of Aden", "Charged With Murder", "Posted", "Zorblatt Heights", "", "  ", None):
        assert gazetteer.locate_event(name, None, ("GBR", "USA", "SOM")) is None, name


def test_the_resolvers_country_comes_first(gazetteer):
    assert gazetteer.locate_event("Tripoli", "LBY", ()).country == "LBY"
    assert gazetteer.locate("Tripoli", "lbn").country == "LBN"
    # but the resolver gives a capital's country wherever its name stands: an article from Beirut means Lebanon's
    assert gazetteer.locate_event("Tripoli", "LBY", ("LBN", "LBY")).country == "LBN"
    # a town of the name in the dateline's country does not outvote the capital the resolver names
    assert gazetteer.locate_event("Paris", "FRA", ("USA",)).country == "FRA"


def test_other_forms_of_a_name(gazetteer):
    kiev = gazetteer.locate_event("Kiev")
    assert (kiev.name, kiev.country) == ("Kyiv", "UKR") and kiev == gazetteer.locate_event("Kyiv")
    assert gazetteer.locate_event("Odessa", None, ("UKR",)).name == "Odesa"
    assert gazetteer.locate_event("Bombay").name == "Mumbai"
    assert gazetteer.locate_event("New Delhi", "IND").name == "New Delhi"  # itself, not Delhi (one of whose names it is)
    assert gazetteer.locate_event("the Bronx").name == "The Bronx"
    assert gazetteer.locate_event("Kandahar").name == "Kandahār" and gazetteer.locate_event("Sao Paulo").country == "BRA"
    assert gazetteer.locate_event("Bogota").country == "COL"  # not the town of Bogota, New Jersey
    assert gazetteer.locate_event("North", None, ("USA",)) is None  # not North Salt Lake, whose first word it is
    assert gazetteer.locate_event("Bethlehem") is None  # towns of its own, so not Belém, one of whose names it is


def test_regions_landmarks_and_countries(gazetteer):
    crimea = gazetteer.locate_event("Crimea")
    assert (crimea.country, crimea.precision) == ("UKR", "region") and 44 < crimea.latitude < 46.5
    gaza = gazetteer.locate_event("the Gaza Strip", None, ("ISR",))
    assert (gaza.name, gaza.country, gaza.precision) == ("Gaza Strip", "PSE", "region")
    assert gazetteer.locate_event("Gaza").precision == "city"
    kherson = gazetteer.locate_event("Kherson region")
    assert (kherson.name, kherson.country, kherson.precision) == ("Kherson region", "UKR", "region")
    texas = gazetteer.locate_event("Texas")
    assert (texas.country, texas.precision, texas.geonames_id) == ("USA", "region", 4736286)
    assert gazetteer.locate_event("Kashmir", None, ("PAK",)).country == "PAK"
    white_house = gazetteer.locate_event("White House", "USA")
    assert (white_house.name, white_house.basis) == ("Washington", "landmark")  # not White House, Tennessee
    britain = gazetteer.locate_event("Britain")
    assert (britain.name, britain.country, britain.precision) == ("United Kingdom", "GBR", "country")
    # a country's name is the country, even in an article about a country with a town of that name
    assert gazetteer.locate_event("Lebanon", None, ("USA",)).country == "LBN"
    assert gazetteer.locate_event("Georgia", "GEO").country == "GEO"


def test_a_direction_before_a_country_and_an_airport_after_a_city(gazetteer):
    north = gazetteer.locate_event("northern Syria", None, ("TUR", "SYR"))
    assert (north.name, north.country, north.precision) == ("Syria", "SYR", "country")
    assert gazetteer.locate_event("north-eastern Syria").country == "SYR"
    assert gazetteer.locate_event("eastern Ukraine").country == "UKR"
    assert gazetteer.locate_event("southern Punjab", None, ("PAK",)).precision == "region"
    assert gazetteer.locate_event("North Korea").country == "PRK" and gazetteer.locate_event("South Sudan").country == "SSD"
    assert gazetteer.locate_event("northern Kabul") is None  # part of a city: not the whole city
    airport = gazetteer.locate_event("Baghdad International Airport", None, ("USA", "IRQ"))
    assert (airport.name, airport.country, airport.precision) == ("Baghdad", "IRQ", "city")
    assert gazetteer.locate_event("Heathrow Airport") is None  # no town of that name


def test_a_small_town_in_a_named_country_does_not_beat_a_bigger_namesake(gazetteer):
    # Bali is also a town of 7,000 in China; an article from Beijing about a meeting there means the island
    bali = gazetteer.locate_event("Bali", None, ("CHN", "USA"))
    assert (bali.country, bali.precision) == ("IDN", "region")
    assert gazetteer.locate_event("Bali", None, ("IND",)) == bali  # nor Bāli, a city in India, by its unaccented name
    assert gazetteer.locate_event("Shajaiyeh", None, ("ISR", "PSE")) is None
    # nor does a village that has the name among its alternate names ("Niu-York", Ukraine)
    new_york = gazetteer.locate_event("New York", None, ("RUS", "UKR", "DEU"))
    assert (new_york.name, new_york.country) == ("New York City", "USA")


def test_context_countries_put_the_dateline_first_then_places_then_the_countries_named():
    countries = context_countries(
        dateline_country="lbn",
        place_countries=["SYR", None, "ISR", "ISR"],
        actors=[("person", "USA", 9), ("country", "FRA", 2), ("country", "IRN", 5), ("group", None, 4)],
    )
    assert countries == ("LBN", "ISR", "SYR", "IRN", "FRA", "USA")
    assert context_countries() == ()


def test_record_context_reads_a_contract_record(gazetteer):
    record = {"dateline": {"place": "BEIRUT", "agency": "Example Wire"},
              "actors": [{"id": "LBY", "name": "Libya", "kind": "country", "country": "LBY", "mentions": [[0, 5]]},
                         {"id": "x", "name": "Najib Mikati", "kind": "person", "country": "LBN",
                          "mentions": [[0, 1], [2, 3]]}],
              "events": [{"location": {"name": "Tripoli", "country": "LBY"}}, {"location": None}]}
    context = gazetteer.record_context(record)
    assert context == ("LBN", "LBY")
    assert gazetteer.locate_event("Tripoli", "LBY", context).country == "LBN"


def test_every_listed_region_and_landmark_is_placed(gazetteer):
    places = json.loads((ROOT / "src/dateline/data/places.json").read_text(encoding="utf-8"))
    for region in places["regions"]:
        found = gazetteer.locate(region["name"], region["country"])
        assert found is not None and found.precision == "region" and found.country == region["country"], region["name"]
    for landmark in places["landmarks"]:
        found = gazetteer.locate(landmark["name"])
        assert found is not None and found.country == landmark["country"], landmark["name"]
    for name, iso3 in places["country_names"].items():
        assert gazetteer.locate(name).country == iso3, name


def test_placement_keeps_the_fields_the_exports_read():
    placement = Placement("Ankara", 39.9, 32.8, "city", "TUR", 323786)
    assert (placement.name, placement.latitude, placement.longitude, placement.precision, placement.country,
            placement.geonames_id, placement.basis) == ("Ankara", 39.9, 32.8, "city", "TUR", 323786, "")


@pytest.mark.model
def test_extracted_articles_place_their_events_by_their_own_countries(resources, gazetteer):
    from dateline.contract import to_contract
    from dateline.ingest import ingest_text
    from dateline.pipeline import analyze_one

    texts = {
        "LBN": "BEIRUT, March 3 (Example Wire) - Lebanese Prime Minister Najib Mikati met protesters in Tripoli on "
               "Friday, his office said.",
        "LBY": "BENGHAZI, March 3 (Example Wire) - Libyan Prime Minister Abdul Hamid Dbeibah met tribal elders in "
               "Tripoli on Friday, his office said.",
    }
    for country, text in texts.items():
        document = ingest_text(text, f"{country}.txt", agencies=resources.kb.agencies)
        record = to_contract(analyze_one(document, resources))
        places = [e["location"] for e in record["events"] if (e["location"] or {}).get("name") == "Tripoli"]
        assert places, record["events"]
        found = gazetteer.locate_event(places[0]["name"], places[0]["country"], gazetteer.record_context(record))
        assert found is not None and found.country == country and found.name == "Tripoli"


def test_the_explorers_map_places_one_name_by_each_articles_countries(tmp_path):
    pytest.importorskip("fastapi")
    from explorer_data import write_database
    from fastapi.testclient import TestClient
    from test_store import make_analysis, make_event

    from dateline.web import create_app

    def article(doc_id, dateline, country, leader, leader_id):
        text = f"{dateline.upper()} -- {leader} met protesters in Tripoli on Friday."
        sentence = f"{leader} met protesters in Tripoli on Friday."
        return make_analysis(
            doc_id, text, title=f"{leader} in Tripoli", date="2023-03-03", dateline=Dateline(dateline, None),
            actors=[(leader_id, leader, "person", country, [leader]), ("new:protesters", "protesters", "group", None,
                                                                       ["protesters"])],
            events=[make_event(text, sentence, "CONSULT", [leader_id], ["new:protesters"], "2023-03-03",
                               location=Place("Tripoli", "LBY"))],  # the resolver's country: Libya's capital
        )

    db = write_database(tmp_path / "news.db", [
        article("doc-lebanon", "Beirut", "LBN", "Najib Mikati", "najib-mikati"),
        article("doc-libya", "Benghazi", "LBY", "Abdul Hamid Dbeibah", "abdul-hamid-dbeibah"),
    ])
    places = TestClient(create_app(db)).get("/api/places").json()
    tripoli = sorted((p["country"], p["events"], p["geonames_id"]) for p in places["items"] if p["name"] == "Tripoli")
    assert tripoli == [("LBN", 1, 266826), ("LBY", 1, 2210247)] and places["unplaced"] == []


def test_the_geocoding_script_counts_places_and_checks_a_drawn_sample(tmp_path):
    import csv
    import subprocess
    import sys

    def record(doc_id, dateline, places):
        return {"doc_id": doc_id, "source": f"{doc_id}.txt", "dateline": {"place": dateline, "agency": None},
                "actors": [], "events": [{"id": f"{doc_id}-{i}", "location": {"name": n, "country": c} if n else None}
                                         for i, (n, c) in enumerate(places)]}

    articles = tmp_path / "articles.jsonl"
    articles.write_text("\n".join(json.dumps(r) for r in [
        record("beirut", "Beirut", [("Tripoli", "LBY"), ("Beirut", "LBN"), (None, None)]),
        record("nowhere", None, [("Hyderabad", None), ("Gulf of Aden", None), ("Kiev", None)]),
    ]) + "\n", encoding="utf-8")
    script = [sys.executable, str(ROOT / "scripts" / "geocoding_eval.py"), f"news={articles}"]
    env = {"PYTHONPATH": str(ROOT / "src")}
    drawn = subprocess.run([*script, "--sample", "5"], capture_output=True, text=True, env=env, check=True).stdout
    lines = drawn.splitlines()
    assert lines[0].startswith("news: 6 events, 5 with a location, 3 placed (60.0%)")
    rows = list(csv.DictReader(lines[1:], delimiter="\t"))
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps([{"source": "beirut.txt", "events": [{"location": "Tripoli"}, {"location": "Atlantis"}]},
                                {"source": "nowhere.txt", "events": [{"location": "Hyderabad"}, {"location": None}]}]))
    golden = subprocess.run([*script[:-1], f"news={articles},{gold}"], capture_output=True, text=True, env=env,
                            check=True).stdout.splitlines()
    assert golden[1] == "news gold: 3 event locations the annotators give, 1 placed (33.3%)"
    assert golden[2].endswith("Tripoli\tTripoli, LBN (city, context)") and golden[4].endswith("Hyderabad\tunplaced")
    assert [(r["place"], r["placed_country"]) for r in rows] == [
        ("Tripoli", "LBN"), ("Beirut", "LBN"), ("Hyderabad", ""), ("Gulf of Aden", ""), ("Kiev", "UKR")]
    for row in rows:
        row["verdict"] = "right" if row["placed_name"] else "unplaced-right"
        row["event_place"] = "right"
    rows[2]["verdict"] = "unplaced-missed"
    sheet = tmp_path / "checked.tsv"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]), delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    report = subprocess.run([*script, "--checked", str(sheet)], capture_output=True, text=True, env=env, check=True).stdout
    assert "placed 3: right place and country 3 (100.0%)" in report and "unplaced 2: rightly 1, missed 1" in report
    with articles.open("a", encoding="utf-8") as handle:
        handle.write("{not json\n")  # a bad line is named and skipped
    rows[0]["verdict"] = "perhaps"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]), delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    refused = subprocess.run([*script, "--checked", str(sheet)], capture_output=True, text=True, env=env)
    assert refused.returncode != 0 and "verdicts must be one of" in refused.stderr
    assert f"{articles}:3: not a record of dateline extract" in refused.stderr


def test_places_data_that_names_no_geonames_town_is_refused_with_its_code():
    from dataclasses import replace

    from dateline.errors import DatelineError
    from dateline.resources import load_places

    broken = replace(load_places(), landmarks=(),
                     regions=({"name": "Atlantis", "aliases": [], "country": "GRC", "seats": ["Atlantis City"]},))
    with pytest.raises(DatelineError) as raised:
        Gazetteer(broken)
    assert raised.value.code == "E210" and "Atlantis" in str(raised.value)
