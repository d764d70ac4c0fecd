"""Every TIMEX3 type: durations, sets, times of day, references; the TimeML export; the TempEval-3 scorer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dateline.benchmarks.tempeval import read_tml, score_docs, split
from dateline.contract import from_contract, to_contract, validate
from dateline.errors import DatelineError
from dateline.evaluate import on_the_calendar, same_time_value
from dateline.records import Analysis, Document, Published
from dateline.store import Store
from dateline.timeml import Timex3, timex3_spans, timex_type, to_timeml
from dateline.timex import extract_times

ANCHOR = "2013-03-22"  # a Friday


def found(text: str, anchor: str | None = ANCHOR) -> dict[str, tuple[str, str, str | None]]:
    return {t.text: (t.type, t.value, t.duration) for t in extract_times(text, anchor)}


def test_durations_are_iso_lengths():
    times = found("The drought has lasted a month, the worst in a decade; the strike lasted seventeen years "
                  "and the talks 24 hours, after a four-week trial.")
    assert times["a month"] == ("DURATION", "P1M", "P1M")
    assert times["in a decade"] == ("DURATION", "P10Y", "P10Y")
    assert times["seventeen years"] == ("DURATION", "P17Y", "P17Y")
    assert times["24 hours"] == ("DURATION", "PT24H", "PT24H")
    assert times["four-week"] == ("DURATION", "P4W", "P4W")
    assert found("It took several days.")["several days"] == ("DURATION", "PXD", "PXD")
    assert found("The feud has lasted for years.")["years"] == ("DURATION", "PXY", "PXY")
    assert "years" not in found("He wrote about it years later.")
    assert found("A decades-long feud ended.")["decades-long"][0] == "DURATION"


def test_a_duration_tied_to_now_carries_its_interval():
    assert found("The party has ruled for the last 27 years.", "2019-05-01")["the last 27 years"] == ("DURATION", "1992/2019", "P27Y")
    assert found("Prices rose over the past three months.")["the past three months"] == ("DURATION", "2012-12/2013-03", "P3M")
    assert found("The plan covers the next five years.")["the next five years"] == ("DURATION", "2013/2018", "P5Y")
    # with no anchor the length stays, and nothing is made up
    assert found("He ruled for the last 27 years.", None)["the last 27 years"] == ("DURATION", "P27Y", "P27Y")


def test_ages_and_offsets_are_not_durations():
    assert "6 months" not in found("Infants aged 6 months and older may enrol in the scheme.")
    assert "a 10-year" not in found("A 10-year-old boy was hurt.") and "10-year" not in found("A 10-year-old boy was hurt.")
    assert found("He returned three days later.")["three days later"][0] == "DATE"
    assert "a second" not in found("Stocks fell for a second consecutive day.")
    assert "a day" not in found("If there ever came a day when I could not serve, I would resign.")


def test_in_n_days_said_of_what_comes_is_a_date():
    assert found("The summit will open in two days.")["in two days"] == ("DATE", "2013-03-24", None)
    assert found("It was his first visit in 12 years.")["in 12 years"][0] == "DURATION"


def test_sets():
    times = found("The board meets every Monday, reports annually, vaccinates each season and pays $5 billion a year.")
    assert times["every Monday"] == ("SET", "XXXX-WXX-1", None)
    assert times["annually"] == ("SET", "P1Y", None)
    assert times["a year"] == ("SET", "P1Y", None)
    assert found("Flights run every two weeks.")["every two weeks"] == ("SET", "P2W", None)


def test_references():
    times = found("Now the firm currently employs 300. In the past it had more; at the time it was small. "
                  "Recently it grew, and in the future it will soon hire.")
    assert times["Now"] == ("DATE", "PRESENT_REF", None)
    assert times["currently"] == ("DATE", "PRESENT_REF", None)
    assert times["In the past"] == ("DATE", "PAST_REF", None)
    assert times["at the time"] == ("DATE", "PAST_REF", None)
    assert times["Recently"] == ("DATE", "PAST_REF", None)
    assert times["in the future"] == ("DATE", "FUTURE_REF", None)
    assert times["soon"] == ("DATE", "FUTURE_REF", None)
    assert "now" not in found("The now-defunct agency closed.")
    assert found("Today, the alliance continues to grow.")["Today"] == ("DATE", "PRESENT_REF", None)


def test_times_of_day_fall_on_their_day():
    assert found("The polls will close at 14:30 GMT Sunday.")["at 14:30 GMT Sunday"][:2] == ("TIME", "2013-03-24T14:30")
    assert found("Police said the crash happened at 8 p.m. on Thursday.")["at 8 p.m. on Thursday"][1] == "2013-03-21T20:00"
    assert found("The crash happened around 8:30 p.m. BST (1930 UTC) on March 2.")["8:30 p.m. BST"][1] == "2013-03-02T20:30"
    assert found("Talks ended on Friday afternoon.")["on Friday afternoon"][:2] == ("TIME", "2013-03-22TAF")
    assert found("He spoke yesterday evening.")["yesterday evening"][1] == "2013-03-21TEV"
    assert found("The troops left last night.")["last night"][1] == "2013-03-21TNI"


def test_fiscal_years_year_spans_and_the_end_of_the_year():
    assert found("Spending falls this fiscal year.")["this fiscal year"] == ("DATE", "2013", None)
    assert found("Revenue in fiscal 2012 rose.")["in fiscal 2012"] == ("DATE", "2012", None)
    assert found("The 1998-99 budget was cut.")["1998-99"] == ("DATE", "1998/1999", None)
    assert found("Sales rose by the end of year.")["the end of year"] == ("DATE", "2013", None)
    assert "2012-13" not in found("They won 2012-13-14.")


def test_through_and_until_look_ahead():
    assert found("The programme, which began in March, is to run through June.")["June"][1] == "2013-06"
    assert found("The ban stays until June.")["June"][1] == "2013-06"
    assert found("The ban was in force until June.")["June"][1] == "2012-06"


def test_timeml_spans_drop_the_preposition_and_split_ranges():
    text = "They met on Friday and stayed from 2009 to 2011, during the last 27 years."
    times = extract_times(text, ANCHOR)
    tags = timex3_spans(text, times)
    assert [(text[t.start:t.end], t.type, t.value) for t in tags] == [
        ("Friday", "DATE", "2013-03-22"), ("2009", "DATE", "2009"), ("2011", "DATE", "2011"),
        ("the last 27 years", "DURATION", "P27Y"),
    ]
    assert timex_type("P3Y") == "DURATION" and timex_type("2013-03-22T15:00") == "TIME" and timex_type("2013") == "DATE"


def analysis(text: str) -> Analysis:
    published = Published(ANCHOR, "header", 1.0)
    document = Document("d1", "a & b.txt", text, published=published)
    return Analysis(document, published, (), tuple(extract_times(text, ANCHOR)), (), ())


def test_the_contract_carries_type_and_duration_and_reads_back():
    record = to_contract(analysis("Talks lasted the past two years and end on Friday at 15:00."))
    validate(record)
    kinds = {t["text"]: (t["type"], t.get("duration")) for t in record["times"]}
    assert kinds["the past two years"] == ("DURATION", "P2Y")
    assert kinds["at 15:00"] == ("TIME", None)  # on the Friday just named
    assert record["times"][-1]["value"] == "2013-03-22T15:00"
    assert from_contract(record).times == analysis("Talks lasted the past two years and end on Friday at 15:00.").times
    old = {**record, "times": [{k: v for k, v in t.items() if k not in ("type", "duration")} for t in record["times"]]}
    validate(old)  # output written before the field was added stays valid
    assert [t.type for t in from_contract(old).times] == ["DATE", "DATE", "TIME"]  # read back from the value
    assert from_contract(to_contract(analysis("It lasted seventeen years."))).times[0].type == "DURATION"


def test_to_timeml_is_well_formed_and_escaped():
    import xml.etree.ElementTree as ET

    record = to_contract(analysis("Profits & sales rose <sharply> on Friday."))
    root = ET.fromstring(to_timeml(record))
    tags = root.findall("TEXT/TIMEX3")
    assert [(t.text, t.get("value")) for t in tags] == [("Friday", "2013-03-22")]
    assert root.find("DCT/TIMEX3").get("value") == ANCHOR
    assert "".join(root.find("TEXT").itertext()) == record["text"]


def test_export_timeml_writes_one_file_per_document(tmp_path):
    with Store(":memory:") as db:
        db.add([analysis("The talks ended on Friday after seventeen years.")])
        written = db.export("timeml", tmp_path / "tml")
    assert [p.name for p in written] == ["a_b.tml"]
    tml = read_tml(written[0])
    assert [(tml.text[g.start:g.end], g.type, g.value) for g in tml.gold] == [
        ("Friday", "DATE", "2013-03-22"), ("seventeen years", "DURATION", "P17Y")]
    with Store(":memory:") as db, pytest.raises(DatelineError) as err:
        db.export("timeml", (tmp_path / "file.txt").open("w"))
    assert err.value.code == "E505"


TML = (
    '<?xml version="1.0" ?><TimeML><DOCID>x</DOCID>\n<DCT><TIMEX3 tid="t0" type="DATE" value="2013-03-22" '
    'functionInDocument="CREATION_TIME">March 22, 2013</TIMEX3></DCT>\n<TEXT>\nThe bridge <EVENT eid="e1">repairs</EVENT> '
    'took <TIMEX3 tid="t1" type="DURATION" value="P1M">a month</TIMEX3> and ended '
    '<TIMEX3 tid="t2" type="DATE" value="2013-03-22">Friday</TIMEX3>, <TIMEX3 tid="t3" type="SET" value="P1Y">every year</TIMEX3>.\n'
    "</TEXT></TimeML>"
)


def test_tempeval_reader_and_scorer(tmp_path):
    path = tmp_path / "x.tml"
    path.write_text(TML, encoding="utf-8")
    document = read_tml(path)
    assert document.anchor == "2013-03-22"
    assert [document.text[g.start:g.end] for g in document.gold] == ["a month", "Friday", "every year"]
    report = score_docs([document])
    assert report["gold"] == 3 and report["relaxed"]["recall"] == 1.0
    assert report["value"]["f1"] == 1.0 and report["per_type"]["SET"]["relaxed_recall"] == 1.0
    missing = type(document)("y", "Nothing here.", "2013-03-22", (Timex3(0, 7, "DATE", "2013"),))
    assert score_docs([missing])["relaxed"]["recall"] == 0.0
    (tmp_path / "bad.tml").write_text("<TimeML><DOCID>x</DOCID></TimeML>", encoding="utf-8")
    with pytest.raises(DatelineError) as err:
        read_tml(tmp_path / "bad.tml")
    assert err.value.code == "E320"
    assert [d.name for d in split([document, missing], "dev")] == ["x"]


def test_the_calendar_scoring_leaves_lengths_sets_and_references_aside():
    assert on_the_calendar({"value": "2014/2019", "type": "DURATION"})
    assert not on_the_calendar({"value": "P5Y", "type": "DURATION"})
    assert not on_the_calendar({"value": "PRESENT_REF", "type": "DATE"})
    assert not on_the_calendar({"value": "XXXX-WXX-1", "type": "SET"})
    assert same_time_value("2025-05-08T12:00", "2025-05-08") and not same_time_value("2025-05-09T12:00", "2025-05-08")


def platinum() -> Path:
    """TempEval-3 platinum: $DATELINE_TEMPEVAL, else ../te3-platinum beside the checkout; skip when absent."""
    where = Path(os.environ.get("DATELINE_TEMPEVAL", Path(__file__).resolve().parents[2] / "te3-platinum"))
    if not list(where.glob("*.tml")):
        pytest.skip("TempEval-3 platinum is not here (scripts/tempeval_platinum.sh brings it)")
    return where


@pytest.mark.model
def test_tempeval_platinum_figures(nlp):
    from dateline.benchmarks.tempeval import score_tempeval

    report = score_tempeval(platinum(), nlp)
    assert report["gold"] == 138
    # Floors at the figures reached (rounded down); they may only rise.
    assert report["relaxed"]["f1"] >= 0.91
    assert report["value"]["f1"] >= 0.82


def test_inside_a_quote_days_count_from_the_day_the_speaker_spoke():
    # 2013-03-22 is a Friday; the speaker spoke on Tuesday 19 or Monday 18.
    assert found('On Tuesday, Smith said: "We will meet tomorrow."')["tomorrow"][1] == "2013-03-20"
    assert found('"We met yesterday," he told reporters on Monday.')["yesterday"][1] == "2013-03-17"
    assert found('"We met yesterday," he said.')["yesterday"][1] == "2013-03-21"  # not dated: the article's day
    assert found('He met them on Tuesday. "We talk tomorrow," an aide said.')["tomorrow"][1] == "2013-03-23"


@pytest.mark.model
def test_planned_and_reported_days_look_ahead(nlp):
    def value(sentence: str, anchor: str = "2000-04-03") -> str:  # a Monday
        return extract_times(sentence, anchor, nlp(sentence))[0].value

    assert value("On Tuesday, the league plans to hold a news conference.") == "2000-04-04"
    assert value("The attorney has scheduled a news conference Thursday.") == "2000-04-06"
    assert value("The group would be ready to leave as soon as Tuesday, Castro said.") == "2000-04-04"
    assert value("The minister said on Tuesday that he refused to meet them.") == "2000-03-28"
    assert value("He agreed to meet on Friday.") == "2000-04-07"
