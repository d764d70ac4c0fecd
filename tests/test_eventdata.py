"""The event-data exports: CAMEO codes, Goldstein, quad class, actor codes; PLOVER and GDELT round trips."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import jsonschema
import pytest

from dateline.eventcodes import actor_code, cameo_code, goldstein, intensity, quad_class, words_after
from dateline.kb import load_kb
from dateline.records import PLOVER_TYPES
from dateline.resources import load_event_codes, plover_export_schema
from dateline.store.eventdata import GDELT_COLUMNS

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "dateline" / "data" / "sample"


@pytest.fixture(scope="module")
def codes():
    return load_event_codes()


@pytest.fixture(scope="module")
def shipped_kb():
    return load_kb()


def test_cameo_table_agrees_with_the_public_crosswalk(codes, shared):
    """Every code of CAMEO2PLOVER-2021.txt has the same PLOVER type, mode and contexts in the shipped table."""
    path = shared / "bench" / "plover_gsr" / "CAMEO2PLOVER-2021.txt"
    if not path.is_file():
        pytest.skip("the crosswalk is not in ../shared")
    seen = 0
    first: dict[str, tuple] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(\d{3,4}):\s*([^#]*)", line)
        if not match:
            continue
        fields = [f.strip() for f in match.group(2).split(",")] + ["", ""]
        contexts = tuple(c.strip() for c in fields[2].split(";") if c.strip())
        first.setdefault(match.group(1), (fields[0], fields[1] or None, contexts))
    for code, (kind, mode, contexts) in first.items():
        entry = codes.cameo[code]
        assert (entry.plover_types, entry.plover_mode, entry.plover_contexts) == ((kind,), mode, contexts), code
        seen += 1
    assert seen > 250


def test_every_code_has_a_goldstein_value_in_range(codes):
    missing = [c for c, e in codes.cameo.items() if e.goldstein is None]
    assert missing == ["1213", "1214"]  # codes the crosswalk adds and GDELT's table lacks: their parent's value is used
    assert goldstein("1213", codes) == goldstein("121", codes) == -4.0
    assert all(-10 <= e.goldstein <= 10 for e in codes.cameo.values() if e.goldstein is not None)
    assert len([c for c in codes.cameo if len(c) == 2]) == 20


def test_quad_class_follows_the_root():
    assert [quad_class(f"{r:02d}0") for r in range(1, 21)] == [1] * 5 + [2] * 3 + [3] * 5 + [4] * 7
    assert quad_class(None) is None and quad_class("") is None


def test_refinements_stay_inside_the_crosswalk(codes):
    """A refinement's code exists, and the crosswalk files it under one of the refinement's PLOVER types."""
    for refinement in codes.refinements:
        entry = codes.cameo[refinement.code]
        assert set(refinement.types) <= set(PLOVER_TYPES)
        assert set(entry.plover_types) & set(refinement.types), refinement.code
    for key in codes.intensity:
        assert key.split(":")[0] in PLOVER_TYPES


@pytest.mark.parametrize("type_, mode, root, trigger, code, level", [
    ("CONSULT", "phone", "04", "telephone call", "041", "base"),  # the mode picks one code
    ("CONSULT", "visit", "04", "visited", "042", "base"),  # the trigger word picks it: make a visit
    ("CONSULT", "visit", "04", "welcomed", "043", "base"),  # host a visit
    ("CONSULT", None, "04", "met", "040", "root"),  # a meeting: nothing below the root
    ("COERCE", "arrest", "17", "detained", "173", "base"),
    ("COERCE", "restrict", "17", "curfew", "1723", "full"),
    ("COERCE", "seize", "19", "annexed", "192", "base"),  # occupation: root 19 in CAMEO, COERCE in PLOVER
    ("ASSAULT", None, "19", "shelled", "194", "base"),
    ("ASSAULT", None, "18", "killed", "180", "root"),
    ("ACCUSE", "disapprove", "11", "condemned", "111", "base"),
    ("ACCUSE", "investigate", "09", "probe", "090", "base"),
    ("PROTEST", "riot", "14", "riots", "145", "base"),
    ("ASSAULT", "unconventional", "20", "chemical attack", "204", "base"),
    ("REQUEST", None, "02", "urged", "020", "root"),  # CAMEO 02 (appeal) has no PLOVER counterpart to refine with
    ("ASSAULT", None, None, "attack", "180", "root"),  # no root given: the first root that files the type
])
def test_cameo_code_goes_as_deep_as_the_evidence(codes, type_, mode, root, trigger, code, level):
    coding = cameo_code(type_, mode, root, trigger, codes)
    assert (coding.code, coding.level) == (code, level)
    assert coding.root == code[:2] and coding.base == code[:3]
    entry = codes.cameo[code if level != "root" else code[:2]]
    assert type_ in entry.plover_types or code[:2] in ("01", "02")


def test_a_refinement_needs_its_type_and_root(codes):
    # "signed" picks 057 under root 05 only; an AGREE under root 03 stays at its root
    assert cameo_code("AGREE", None, "05", "signed", codes).code == "057"
    assert cameo_code("AGREE", None, "03", "signed", codes).code == "030"
    assert cameo_code("REJECT", None, "12", "vetoed", codes).code == "129"
    assert cameo_code("REJECT", None, "12", "vet", codes).code == "120"


def test_intensity_by_type_and_mode(codes):
    assert intensity("CONSULT", "visit", codes) == 4
    assert intensity("CONSULT", "unknown-mode", codes) == intensity("CONSULT", None, codes) == 2.5
    assert intensity("ACCUSE", None, codes) < 0  # the manual's +3 is a sign slip


def test_actor_codes_and_sectors(codes, shipped_kb):
    kb = shipped_kb
    assert actor_code("vladimir-putin", None, kb, "2023-05-01", codes) == actor_code("vladimir-putin", None, kb, "2023-05-01", codes)
    putin = actor_code("vladimir-putin", None, kb, "2023-05-01", codes)
    assert (putin.code, putin.country, putin.sector) == ("RUS", "RUS", "GOV")
    assert actor_code("org:unsc", None, kb, None, codes).code == "UNO"
    assert actor_code("org:eu", None, kb, None, codes).code == "EUR"
    assert actor_code("org:nato", None, kb, None, codes).code == "IGO"
    assert actor_code("org:hrw", None, kb, None, codes).code == "NGO"
    guterres = actor_code("antonio-guterres", None, kb, "2023-05-01", codes)
    assert guterres.code == "UNO" and guterres.country is None  # acting for the UN, not Portugal
    police = actor_code("new:police", {"id": "new:police", "name": "police", "kind": "organization", "country": None}, kb, None, codes)
    assert (police.code, police.sector) == (None, "COP")
    opposition = {"id": "new:opposition-lawmakers-kor", "name": "Opposition lawmakers", "kind": "group", "country": "KOR"}
    assert actor_code(opposition["id"], opposition, kb, None, codes).sector == "OPP"
    assert actor_code("RUS", None, kb, None, codes).sector is None  # a bare state has no sector
    for name, sector in (("House Judiciary Committee", "LEG"), ("Senate Intelligence Committee", "LEG"), ("riot police", "COP"),
                         ("Supreme Court", "JUD"), ("unknown gunmen", "UAF"), ("Reuters reporters", "JRN")):
        assert actor_code("new:x", {"id": "new:x", "name": name, "kind": "group", "country": None}, kb, None, codes).sector == sector
    text = "Russian troops shelled the town while Russia said nothing."
    assert words_after(text, [[0, 7], [38, 44]], 0, len(text)) == ("troops", "said")
    assert actor_code("RUS", None, kb, None, codes, ("troops",)).sector == "MIL"
    assert actor_code("CHN", None, kb, None, codes, ("state", "media")).sector == "JRN"


@pytest.fixture(scope="module")
def sample_store(resources, tmp_path_factory):
    """The bundled sample corpus analysed, stored and linked, as ``dateline ingest`` does."""
    from dateline.pipeline import link_stored, run
    from dateline.records import Analysis
    from dateline.store import Store

    store = Store(tmp_path_factory.mktemp("eventdata") / "sample.db")
    analyses = [a for a in run([str(p) for p in sorted(SAMPLE.iterdir())], resources) if isinstance(a, Analysis)]
    store.add(analyses)
    link_stored(store, analyses)
    yield store
    store.close()


def _pairs(record: dict) -> int:
    sources = [a["identifier_id"] for a in record["actor"]] or [None]
    targets = [a["identifier_id"] for a in record["recipient"]] or [None]
    pairs = [(s, t) for s in sources for t in targets if s is None or t is None or s != t]
    return len(pairs) or len(sources)


@pytest.mark.model
def test_plover_round_trip(sample_store, tmp_path):
    path = sample_store.export("plover", tmp_path)[0]
    assert path.name == "events.plover.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(sample_store.reader.merged_events())  # one per merged event
    validator = jsonschema.Draft202012Validator(plover_export_schema())
    for record in records:
        validator.validate(record)
    assert sum(len(r["dateline_mentions"]) for r in records) == sample_store.reader.stats()["events"]
    # The Erdogan-Putin telephone call (AFP, Ankara): CAMEO 041, placed in Ankara by the gazetteer.
    call = next(r for r in records if r["event"] == ["CONSULT"] and r["mode"] == ["phone"]
                and {a["identifier_id"] for a in r["actor"]} >= {"recep-tayyip-erdogan"})
    assert call["cameo"]["code"] == "041" and call["quad_code"] == 1 and call["goldstein"] == 1.0 and call["event_scale"] == 1.5
    assert {(a["code"], a["sector"]) for a in call["actor"]} >= {("TUR", "GOV")}
    assert call["event_loc"]["resolved_place"] == "Ankara" and call["event_loc"]["country_code"] == "TUR"
    assert call["event_loc"]["geonameid"] == 323786
    # Blinken meets Xi in Beijing: a consultation between USA GOV and China.
    beijing = next(r for r in records if r["event"] == ["CONSULT"] and "antony-blinken" in {a["identifier_id"] for a in r["actor"]}
                   and "xi-jinping" in {a["identifier_id"] for a in r["recipient"]})
    assert beijing["event_loc"]["resolved_place"] == "Beijing" and beijing["cameo"]["root"] == "04"
    assert next(a for a in beijing["actor"] if a["identifier_id"] == "antony-blinken")["code"] == "USA"
    assert beijing["dateline_merged"] is True and len(beijing["dateline_mentions"]) >= 2


@pytest.mark.model
def test_gdelt_round_trip(sample_store, tmp_path):
    plover = [json.loads(line) for line in sample_store.export("plover", tmp_path / "p.jsonl")[0].read_text().splitlines()]
    path = sample_store.export("gdelt", tmp_path / "events.tsv")[0]
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream, delimiter="\t"))
    assert tuple(rows[0]) == GDELT_COLUMNS and len(GDELT_COLUMNS) == 61
    assert all(len(row) == 61 for row in rows)
    table = [dict(zip(rows[0], row)) for row in rows[1:]]
    assert len(table) == sum(_pairs(r) for r in plover)  # one row per pair of actors
    assert len({row["GLOBALEVENTID"] for row in table}) == len(table)
    call = [row for row in table if row["EventCode"] == "041" and row["Actor1CountryCode"] == "TUR"]
    assert call and call[0]["Actor1Code"] == "TURGOV" and call[0]["Actor2CountryCode"] in ("RUS", "TUR")
    row = call[0]
    assert (row["EventBaseCode"], row["EventRootCode"], row["QuadClass"], row["GoldsteinScale"]) == ("041", "04", "1", "1.0")
    assert row["ActionGeo_FullName"] == "Ankara, Turkey" and row["ActionGeo_CountryCode"] == "TU" and row["ActionGeo_Type"] == "4"
    assert row["ActionGeo_FeatureID"] == "323786" and row["SQLDATE"] == "20230802" and row["Year"] == "2023"
    assert row["SOURCEURL"].endswith("_afp.txt")
    for row in table:
        assert row["QuadClass"] == str(quad_class(row["EventCode"]))
        assert row["EventRootCode"] == row["EventCode"][:2] and row["EventBaseCode"] == row["EventCode"][:3]
        assert int(row["NumSources"]) <= int(row["NumArticles"]) <= int(row["NumMentions"])
        assert row["AvgTone"] == "" and row["Actor1Geo_Type"] == ""  # facts dateline does not have stay empty
    headless = sample_store.export("gdelt", tmp_path / "plain.tsv", header=False)[0].read_text().splitlines()
    assert len(headless) == len(table) and headless[0].split("\t")[0] == table[0]["GLOBALEVENTID"]


@pytest.mark.model
def test_per_document_export(sample_store, tmp_path):
    path = sample_store.export("plover", tmp_path / "docs.jsonl", per_document=True)[0]
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert len(records) == sample_store.reader.stats()["events"]
    assert not any(r["dateline_merged"] for r in records)
    validator = jsonschema.Draft202012Validator(plover_export_schema())
    for record in records:
        validator.validate(record)
    assert all(r["dateline_independent_sources"] == 1 and len(r["dateline_mentions"]) == 1 for r in records)


@pytest.mark.model
def test_plover_export_scores_as_eval_plover(resources, shared, tmp_path):
    """On GSR sentences, the exported actor and recipient codes score as ``dateline eval --plover`` scores the events.

    A slice of the GSR keeps the test short; ``scripts/bench_plover_export.py`` runs all 322 sentences.
    """
    from dateline.benchmarks.plover import score_plover, score_plover_export

    path = shared / "bench" / "plover_gsr" / "PLOVER_GSR_CAMEO.json"
    if not path.is_file():
        pytest.skip("the PLOVER GSR is not in ../shared")
    part = tmp_path / "gsr.json"
    part.write_text(json.dumps(json.loads(path.read_text(encoding="utf-8"))[:90]), encoding="utf-8")
    evaluated = score_plover(part, resources)
    exported = score_plover_export(part, resources, tmp_path / "gsr.db")
    keys = ("source_country_precision", "source_country_recall", "target_country_precision", "target_country_recall")
    assert evaluated["records"] == exported["records"] > 80
    assert exported["exported_events"] > 0
    assert {k: exported[k] for k in keys} == {k: evaluated[k] for k in keys}
    assert evaluated["source_country_recall"] > 0.5  # the figures measure something


@pytest.mark.model
def test_cli_says_when_it_falls_back_to_per_document_events(sample_store, tmp_path):
    """A database the link stage has not run on exports each document's events, and the command says so."""
    from click.testing import CliRunner

    from dateline.cli import main
    from dateline.contract import from_contract
    from dateline.store import Store

    path = tmp_path / "unlinked.db"
    with Store(path) as store:
        store.add([from_contract(record) for record in sample_store.reader.records()])
    runner = CliRunner()
    result = runner.invoke(main, ["export", "--db", str(path), "--format", "plover", "--out", str(tmp_path / "e.jsonl")])
    assert result.exit_code == 0, result.output
    assert "link stage has not run" in result.stderr
    records = [json.loads(line) for line in (tmp_path / "e.jsonl").read_text().splitlines()]
    assert len(records) == sample_store.reader.stats()["events"] and not any(r["dateline_merged"] for r in records)
    again = runner.invoke(main, ["export", "--db", str(path), "--format", "gdelt", "--out", str(tmp_path / "e.jsonl")])
    assert again.exit_code != 0 and "E508" in again.output + again.stderr  # an existing file is kept without --force


def test_readme_documents_every_gdelt_column():
    """Each of the 61 columns is in the README's table or in its list of columns left empty."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("**The GDELT table**"):readme.index("**Measured.**", readme.index("**The GDELT table**"))]
    named = set(re.findall(r"`([A-Za-z0-9_*]+)`", section))
    patterns = [re.compile("^" + re.escape(name).replace(r"\*", ".*") + "$") for name in named]
    for column in GDELT_COLUMNS:
        assert column in named or any(p.match(column) for p in patterns) or column == "SQLDATE", column


def test_fraction_date_and_stable_ids(codes, shipped_kb):
    from dateline.store.eventdata import CodedEvent, gdelt_rows

    event = CodedEvent(
        id="event-1", merged=False, type="CONSULT", mode=None, status="occurred", confidence=0.8, date="2015-02-18",
        source=(), target=(), cameo=cameo_code("CONSULT", None, "04", "met", codes), goldstein=1.0, quad_class=1,
        intensity=2.5, place=None, evidence={"doc": "a.txt", "doc_id": "d", "start": 0, "end": 3, "text": "met"},
        mentions=({"doc_id": "d"},), independent_sources=1, disputed=(), url=None, title=None, outlet=None,
    )
    row = dict(zip(GDELT_COLUMNS, gdelt_rows(event, codes, {}, shipped_kb)[0]))
    assert (row["SQLDATE"], row["MonthYear"], row["FractionDate"]) == ("20150218", "201502", "2015.1342")
    assert row["GLOBALEVENTID"] == dict(zip(GDELT_COLUMNS, gdelt_rows(event, codes, {}, shipped_kb)[0]))["GLOBALEVENTID"]
    assert row["Actor1Code"] == row["Actor2Code"] == "" and row["SOURCEURL"] == "a.txt"
    from dateline.store.eventdata import _clean

    assert _clean('the "Sea\tBreeze"\ngroup') == "the 'Sea Breeze' group"
    month = dict(zip(GDELT_COLUMNS, gdelt_rows(CodedEvent(**{**event.__dict__, "date": "2015-02"}), codes, {}, shipped_kb)[0]))
    assert (month["SQLDATE"], month["MonthYear"], month["Year"], month["FractionDate"]) == ("", "201502", "2015", "")


def test_cli_refuses_event_data_options_for_other_formats(tmp_path):
    from click.testing import CliRunner

    from dateline.cli import main

    runner = CliRunner()
    for args in (["--format", "csv", "--per-document"], ["--format", "plover", "--no-header"], ["--what", "stories", "--no-header"]):
        result = runner.invoke(main, ["export", "--db", str(tmp_path / "none.db"), *args])
        assert result.exit_code == 2, (args, result.output)


@pytest.mark.model
def test_both_exports_code_actors_alike(sample_store, tmp_path, codes):
    """The GDELT row of each pair of actors carries the country and sector the PLOVER record gives them."""
    from dateline.store.eventdata import _event_id

    plover = [json.loads(line) for line in sample_store.export("plover", tmp_path / "p.jsonl")[0].read_text().splitlines()]
    with sample_store.export("gdelt", tmp_path / "g.tsv")[0].open(encoding="utf-8", newline="") as stream:
        rows = {row["GLOBALEVENTID"]: row for row in csv.DictReader(stream, delimiter="\t")}
    cameo_spelling = {s.code: s.cameo for s in codes.sectors}
    checked = 0
    for record in plover:
        sources, targets = record["actor"] or [None], record["recipient"] or [None]
        pairs = [(s, t) for s in sources for t in targets if s is None or t is None or s["identifier_id"] != t["identifier_id"]]
        for i, (source, target) in enumerate(pairs or [(s, None) for s in sources]):
            row = rows[_event_id(record["id"], i)]
            assert row["EventCode"] == record["cameo"]["code"] and float(row["GoldsteinScale"]) == record["goldstein"]
            for entity, side in ((source, "Actor1"), (target, "Actor2")):
                if entity is None:
                    assert row[f"{side}Code"] == "" and row[f"{side}Name"] == ""
                    continue
                assert row[f"{side}CountryCode"] == (entity["country_code"] or "")
                if entity["code"] not in ("UNO", "EUR", "IGO", "NGO"):
                    assert row[f"{side}Type1Code"] == cameo_spelling.get(entity["sector"], "")
                checked += 1
    assert checked == 2 * len(rows) - sum(1 for row in rows.values() if not row["Actor2Name"]) - sum(
        1 for row in rows.values() if not row["Actor1Name"])
