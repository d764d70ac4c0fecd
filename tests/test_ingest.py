"""Ingest: inputs of every kind, bad input, date headers, datelines, boilerplate, ids."""

from __future__ import annotations

import codecs
import io
import json
from pathlib import Path

import pytest

from dateline.errors import DatelineError
from dateline.ingest import (
    DEFAULT_MAX_BYTES,
    clean_text,
    ingest_text,
    is_english,
    read_inputs,
)
from dateline.kb import load_kb
from dateline.layout import parse_dateline
from dateline.records import Document, Failure
from dateline.resources import load_boilerplate as boilerplate_rules
from dateline.resources import parse_boilerplate

AGENCIES = load_kb().agencies  # how datelines name news agencies, as the pipeline reads them

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "dateline" / "data" / "sample"

ARTICLE = (
    "German Foreign Minister Annalena Baerbock travelled to Warsaw on Monday for talks with her "
    "Polish counterpart about the defence of the alliance's eastern border.\n\n"
    "The two ministers said that they would ask the European Commission for more money to "
    "protect the frontier, and that the sanctions against Minsk had to be tightened."
)
GERMAN = (
    "Die deutsche Außenministerin Annalena Baerbock ist am Montag zu Gesprächen mit ihrem "
    "polnischen Amtskollegen nach Warschau gereist. Die beiden Minister sprachen über die "
    "Verteidigung der Ostgrenze des Bündnisses und über neue Sanktionen gegen Belarus, die "
    "nach ihren Worten dringend nötig sind, weil sich die Lage an der Grenze in den letzten "
    "Wochen weiter verschärft hat und die Regierung in Minsk keine Bereitschaft zeigt."
)


def only(items):
    items = list(items)
    assert len(items) == 1, items
    return items[0]


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- bad input


def test_failure_is_one_line_with_source_reason_and_code():
    failure = Failure("a.txt", "E101", "binary file")
    assert str(failure) == "a.txt: binary file [E101]"


def test_binary_file_is_a_failure(tmp_path):
    path = write(tmp_path, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    failure = only(read_inputs([path]))
    assert isinstance(failure, Failure) and failure.code == "E101"
    assert failure.source == "photo.txt"


@pytest.mark.parametrize("content", [b"", b"   \n\n\t  \n"])
def test_empty_file_is_a_failure(tmp_path, content):
    failure = only(read_inputs([write(tmp_path, "empty.txt", content)]))
    assert isinstance(failure, Failure) and failure.code == "E102"


def test_file_of_only_boilerplate_is_empty(tmp_path):
    path = write(tmp_path, "junk.txt", "To gallery page\nFollow us on Telegram\nSource: somewhere\n")
    assert only(read_inputs([path])).code == "E102"


def test_invalid_utf8_is_a_failure(tmp_path):
    latin1 = "Le ministre a rencontré son homologue à Genève.".encode("latin-1")
    failure = only(read_inputs([write(tmp_path, "latin1.txt", ARTICLE.encode() + b"\n" + latin1)]))
    assert isinstance(failure, Failure) and failure.code == "E103"


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
        lambda text: text.encode("utf-16"),  # with BOM, native byte order
        lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    ],
    ids=["utf-8-bom", "utf-16", "utf-16-be"],
)
def test_bom_encodings_are_accepted(tmp_path, encode):
    document = only(read_inputs([write(tmp_path, "bom.txt", encode("date 2024-02-05\n" + ARTICLE))]))
    assert isinstance(document, Document)
    assert document.text.startswith("German Foreign Minister")
    assert document.published.date == "2024-02-05"


def test_file_above_max_bytes_is_a_failure_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as out:  # sparse: 50 MB on paper, nothing on disk
        out.seek(50 * 1024 * 1024)
        out.write(b"\n")
    assert DEFAULT_MAX_BYTES < path.stat().st_size
    failure = only(read_inputs([path]))
    assert isinstance(failure, Failure) and failure.code == "E106"


def test_small_max_bytes_limit(tmp_path):
    path = write(tmp_path, "a.txt", ARTICLE)
    assert only(read_inputs([path], max_bytes=100)).code == "E106"
    assert isinstance(only(read_inputs([path], max_bytes=10_000)), Document)


def test_non_english_article_is_a_failure(tmp_path):
    failure = only(read_inputs([write(tmp_path, "de.txt", GERMAN)]))
    assert isinstance(failure, Failure) and failure.code == "E107"


def test_non_latin_script_is_not_english():
    assert not is_english("Министр иностранных дел России провёл переговоры с китайским коллегой в Пекине.")


@pytest.mark.parametrize(
    "text",
    [
        "Putin, Xi meet in Moscow; sign energy deal, vow closer ties amid Western sanctions",
        "Chairman SI has noted that the both sides must to deepen the cooperation of strategic "
        "character, and the Russian leader has told that the relations are on highest level in history.",
        ARTICLE,
    ],
    ids=["headline", "machine-translated", "article"],
)
def test_short_and_translated_english_pass(text):
    assert is_english(text)


def test_missing_path_is_a_failure(tmp_path):
    failure = only(read_inputs([tmp_path / "nowhere.txt"]))
    assert isinstance(failure, Failure) and failure.code == "E109"


def test_broken_html_is_a_failure(tmp_path):
    path = write(tmp_path, "broken.html", "<html><head><title>x</title></head><body><div><nav><a href='/'>Home")
    failure = only(read_inputs([path]))
    assert isinstance(failure, Failure) and failure.code == "E108"


def test_ingest_text_raises_dateline_error_on_no_article():
    with pytest.raises(DatelineError) as caught:
        ingest_text(" \n ", "blank.txt")
    assert caught.value.code == "E102"
    with pytest.raises(DatelineError) as caught:
        ingest_text(GERMAN, "de.txt")
    assert caught.value.code == "E107"


# --------------------------------------------------------------------------- JSON lines


def test_jsonl_bad_lines_fail_and_good_lines_go_on(tmp_path):
    lines = [
        json.dumps({"id": "first", "text": ARTICLE, "title": "Baerbock in Warsaw", "date": "2024-02-05",
                    "url": "https://example.org/a", "outlet": "Example Wire", "section": "Europe"}),
        '{"text": "unterminated',
        json.dumps({"title": "no text here"}),
        "",
        json.dumps({"text": ARTICLE.replace("Monday", "Tuesday"), "date": "2024-02-06T08:00:00Z"}),
        json.dumps(["a", "list"]),
    ]
    path = write(tmp_path, "feed.jsonl", "\n".join(lines) + "\n")
    results = list(read_inputs([path]))
    assert [type(r).__name__ for r in results] == ["Document", "Failure", "Failure", "Document", "Failure"]
    first, malformed, textless, fifth, listed = results
    assert first.source == "first"
    assert (first.title, first.url, first.outlet) == ("Baerbock in Warsaw", "https://example.org/a", "Example Wire")
    assert first.metadata == {"section": "Europe"}
    assert first.published.date == "2024-02-05" and first.published.how == "metadata"
    assert first.published.confidence == pytest.approx(0.9)
    assert (malformed.source, malformed.code) == ("feed.jsonl:2", "E104")
    assert (textless.source, textless.code) == ("feed.jsonl:3", "E105")
    assert fifth.source == "feed.jsonl:5" and fifth.published.date == "2024-02-06"
    assert listed.code == "E104"


def test_jsonl_source_field_wins_and_id_is_kept(tmp_path):
    record = {"source": "wire/123", "id": "abc", "text": ARTICLE}
    document = only(read_inputs([write(tmp_path, "x.ndjson", json.dumps(record))]))
    assert document.source == "wire/123" and document.metadata == {"id": "abc"}


# --------------------------------------------------------------------------- date header


@pytest.mark.parametrize(
    "raw",
    [
        "date 2023-03-21 MOSCOW, March 21 (Reuters) - The talks ended.\n\nMore text follows here.",
        " date 2023-03-21 MOSCOW, March 21 (Reuters) - The talks ended.\n\nMore text follows here.",
        "date 2023-03-21\nMOSCOW, March 21 (Reuters) - The talks ended.\n\nMore text follows here.",
        "Date: 2023-03-21\n\nMOSCOW, March 21 (Reuters) - The talks ended.\n\nMore text follows here.",
    ],
    ids=["same-line", "leading-space", "own-line", "Date-colon"],
)
def test_date_header_both_ways(raw):
    document = ingest_text(raw, "x.txt")
    assert document.published.date == "2023-03-21"
    assert document.published.how == "header" and document.published.confidence == 1.0
    assert document.text.startswith("MOSCOW, March 21 (Reuters) - The talks ended.")
    assert "date" not in document.text.lower().split()[0]
    assert document.dateline.place == "Moscow" and document.dateline.start == 0


def test_header_beats_metadata_and_metadata_is_used_without_header():
    assert ingest_text("date 2023-03-21\n" + ARTICLE, "x", date="2023-03-25").published.how == "header"
    published = ingest_text(ARTICLE, "x", date="March 25, 2023").published
    assert (published.date, published.how) == ("2023-03-25", "metadata")
    assert ingest_text(ARTICLE, "x").published.date is None


def test_invalid_header_date_is_not_a_header():
    document = ingest_text("date 2023-02-30 " + ARTICLE, "x")
    assert document.published.date is None


# --------------------------------------------------------------------------- datelines

DATELINES = [
    ("PARIS, March 3 (Reuters) - France said", "Paris", "Reuters", "March 3", "PARIS, March 3 (Reuters) -"),
    ("BEIJING, May 4 (Xinhua) -- China and", "Beijing", "Xinhua", "May 4", "BEIJING, May 4 (Xinhua) --"),
    ("MOSCOW, September 3. / TASS /. The minister", "Moscow", "TASS", "September 3",
     "MOSCOW, September 3. / TASS /."),
    ("WASHINGTON (AP) — The president", "Washington", "AP", None, "WASHINGTON (AP) —"),
    ("KYIV, Ukraine (AP) — Drones hit", "Kyiv", "AP", None, "KYIV, Ukraine (AP) —"),
    ("LONDON, Jan 5 (Reuters) - Britain", "London", "Reuters", "Jan 5", "LONDON, Jan 5 (Reuters) -"),
    ("UNITED NATIONS, Oct. 2 (Xinhua) -- The council", "United Nations", "Xinhua", "Oct. 2",
     "UNITED NATIONS, Oct. 2 (Xinhua) --"),
    ("Moscow, 12 June (AFP) - Russia", "Moscow", "AFP", "12 June", "Moscow, 12 June (AFP) -"),
    ("NEW DELHI, Feb 9 (IANS) The minister", "New Delhi", "IANS", "Feb 9", "NEW DELHI, Feb 9 (IANS)"),
    ("ANKARA, March 3 /Anadolu/ - Turkey", "Ankara", "Anadolu Agency", "March 3", "ANKARA, March 3 /Anadolu/ -"),
    ("Berlin (dpa) - The government", "Berlin", "dpa", None, "Berlin (dpa) -"),
    ("PORT-AU-PRINCE, Haiti (AP) — Gangs", "Port-au-Prince", "AP", None, "PORT-AU-PRINCE, Haiti (AP) —"),
    ("WASHINGTON — The Senate voted", "Washington", None, None, "WASHINGTON —"),
    ("ISLAMABAD: Pakistan's foreign office said", "Islamabad", None, None, "ISLAMABAD:"),
]


@pytest.mark.parametrize("text, place, agency, date_text, span", DATELINES, ids=[d[4] for d in DATELINES])
def test_parse_dateline_styles(text, place, agency, date_text, span):
    dateline = parse_dateline(text, AGENCIES)
    assert dateline is not None
    assert (dateline.place, dateline.agency, dateline.date_text) == (place, agency, date_text)
    assert text[dateline.start : dateline.end] == span


def test_dateline_after_headline_has_offsets_into_the_text():
    text = "Ministers meet in Cairo\n\nCAIRO, April 2 (Reuters) - Egypt hosted the talks."
    dateline = parse_dateline(text, AGENCIES)
    assert dateline.place == "Cairo" and text[dateline.start : dateline.end] == "CAIRO, April 2 (Reuters) -"


@pytest.mark.parametrize(
    "text",
    [
        "US President Trump said on Monday that tariffs would rise.",
        "Chinese President Xi Jinping will visit Russia from May 7 to 10.",
        "Leaders of the African Union (AU) met in Niamey on Sunday.",
        "NATO (North Atlantic Treaty Organization) - a defensive alliance - met today.",
        "BREAKING — The parliament has voted.",
        "KEY POINTS: the ministers agreed on three things.",
        "FACT CHECK — Did the envoy really say that?",
        "Moscow, March 3 - a cold day in the capital.",
        "",
    ],
)
def test_ordinary_first_sentence_is_no_dateline(text):
    assert parse_dateline(text, AGENCIES) is None


def test_dateline_stays_in_the_text():
    document = ingest_text("date 2024-01-09 LONDON, Jan 9 (Reuters) - " + ARTICLE, "x")
    assert document.text.startswith("LONDON, Jan 9 (Reuters) - German")
    assert (document.dateline.place, document.dateline.agency) == ("London", "Reuters")


# --------------------------------------------------------------------------- boilerplate


def test_boilerplate_lines_are_dropped_and_prose_kept():
    raw = "\n".join(
        [
            "Baerbock visits Warsaw",
            "Share on Facebook | Share on Twitter | Email",
            ARTICLE.split("\n\n")[0],
            "To gallery page",
            "Read more: Poland and Germany at odds over reparations",
            "Opposition deputies said voters should subscribe to a wider view of security than the government's.",
            "The foreign ministry said it would not follow the advice of the commission, and that it was "
            "ready to share intelligence with Berlin.",
            "Related: what the alliance spends on its eastern flank",
            "Source: Example Wire",
            "Subscribe to our channels on Telegram and WhatsApp https://t.example/news",
            "Follow us on X and Facebook",
            "",
            "I am Jana Novak, a professional writer and journalist for Example Times. I cover world "
            "politics and I love to travel.",
        ]
    )
    text = clean_text(raw)
    for gone in ("Share on Facebook", "gallery", "Read more", "Related:", "Source:", "Subscribe to our",
                 "Follow us", "I am Jana Novak"):
        assert gone not in text
    assert "voters should subscribe to a wider view" in text
    assert "would not follow the advice" in text and "ready to share intelligence" in text
    assert text.startswith("Baerbock visits Warsaw\n\nGerman Foreign Minister")


def test_bio_like_sentence_inside_the_article_survives():
    raw = (
        "Maria Lopez is a reporter for a Venezuelan radio station who was detained at the border.\n\n"
        "Her employer said that she had been released on Tuesday after talks between the two governments."
    )
    assert "Maria Lopez is a reporter" in clean_text(raw)


def test_prose_starting_with_boilerplate_words_survives():
    for sentence in (
        "Related talks between the two delegations will take place in Geneva next week.",
        "Source countries of the migrants include Syria and Afghanistan, the minister said.",
        "Copyright disputes between the two countries have dragged on for years.",
        "Follow-up talks are planned for May, the ministry said.",
    ):
        assert clean_text(sentence) == sentence


def test_boilerplate_file_format():
    rules = parse_boilerplate("# comment\n\nto gallery page\ntail: i am .{0,40}\n")
    assert len(rules.anywhere) == 1 and len(rules.tail) == 1
    with pytest.raises(ValueError):
        parse_boilerplate("(unclosed\n")
    shipped = boilerplate_rules()
    assert shipped.anywhere and shipped.tail


def test_whitespace_is_normalized_and_paragraphs_kept():
    raw = "First  paragraph\u00a0here.\r\n\r\n\r\n\tSecond paragraph starts\nand goes on.\nThird line."
    assert clean_text(raw) == "First paragraph here.\n\nSecond paragraph starts and goes on.\n\nThird line."


def test_hard_wrapped_block_is_joined():
    raw = (
        "The ministers met in Vilnius on Tuesday to discuss the\n"
        "security of the Baltic states, and agreed that more air\n"
        "defence systems should be deployed before the winter.\n"
        "The talks lasted three hours."
    )
    assert "\n" not in clean_text(raw)


def test_one_sentence_per_line_stays_apart():
    raw = (
        "Kishida and Yoon agree to resume shuttle diplomacy\n"
        "The two leaders met in Tokyo on Thursday for the first summit in years.\n"
        "They agreed to restore regular visits, the Japanese side said.\n"
        "\"It is a new chapter,\" Yoon told reporters after the talks."
    )
    assert clean_text(raw).split("\n\n") == raw.split("\n")


# --------------------------------------------------------------------------- ids


def test_same_article_gets_the_same_id():
    plain = ingest_text(ARTICLE, "a.txt")
    spaced = ingest_text("date 2024-02-05\n\n  " + ARTICLE.replace(" ", "  ").replace("\n\n", "\n\n\n"), "b.txt")
    assert plain.doc_id == spaced.doc_id
    assert len(plain.doc_id) == 16 and int(plain.doc_id, 16) >= 0
    assert ingest_text(ARTICLE.replace("Monday", "Friday"), "c.txt").doc_id != plain.doc_id


def test_reingesting_cleaned_text_is_idempotent():
    document = ingest_text("date 2024-02-05 " + ARTICLE + "\nFollow us on Telegram", "a.txt")
    again = ingest_text(document.text, "a.txt")
    assert again.text == document.text and again.doc_id == document.doc_id


# --------------------------------------------------------------------------- sources


def test_directory_recursion_sorted_and_hidden_skipped(tmp_path):
    write(tmp_path, "b.txt", ARTICLE)
    write(tmp_path, "a/z.txt", ARTICLE.replace("Monday", "Sunday"))
    write(tmp_path, "a/y.html", f"<html><body><article><p>{ARTICLE}</p></article></body></html>")
    write(tmp_path, ".hidden.txt", ARTICLE)
    write(tmp_path, ".git/c.txt", ARTICLE)
    write(tmp_path, "README.md", "# About this folder\n\n" + ARTICLE)
    sources = [result.source for result in read_inputs([tmp_path])]
    assert sources == ["a/y.html", "a/z.txt", "b.txt"]


def test_stdin_text_and_jsonl():
    document = only(read_inputs(["-"], stdin=io.StringIO("date 2024-02-05\n" + ARTICLE)))
    assert document.source == "<stdin>" and document.published.date == "2024-02-05"
    feed = "\n".join(json.dumps({"text": ARTICLE, "title": f"t{n}"}) for n in range(2))
    results = list(read_inputs(["-"], stdin=io.StringIO(feed)))
    assert [r.source for r in results] == ["<stdin>:1", "<stdin>:2"]


def test_html_main_text_and_metadata(tmp_path):
    html = f"""<!DOCTYPE html><html><head>
      <title>Baerbock in Warsaw | Example Times</title>
      <meta property="og:title" content="Baerbock in Warsaw">
      <meta name="author" content="Jan Kowalski">
      <meta property="og:site_name" content="Example Times">
      <meta property="article:published_time" content="2024-02-05T10:00:00+01:00">
      </head><body>
      <nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
      <article><h1>Baerbock in Warsaw</h1>
      <p>WARSAW, Feb 5 (Reuters) - {ARTICLE.split(chr(10) * 2)[0]}</p>
      <p>{ARTICLE.split(chr(10) * 2)[1]}</p>
      <div class="share"><a>Share on Facebook</a> <a>Share on Twitter</a></div></article>
      <footer><p>Copyright 2024 Example Times. All rights reserved.</p></footer>
      </body></html>"""
    document = only(read_inputs([write(tmp_path, "page.htm", html)]))
    assert isinstance(document, Document)
    assert document.title == "Baerbock in Warsaw"
    assert document.author == "Jan Kowalski" and document.outlet == "Example Times"
    assert (document.published.date, document.published.how) == ("2024-02-05", "metadata")
    assert document.text.startswith("WARSAW, Feb 5 (Reuters) - German Foreign Minister")
    assert document.dateline.place == "Warsaw"
    for gone in ("Home", "Share on", "All rights reserved"):
        assert gone not in document.text


def test_html_sniffed_without_extension(tmp_path):
    html = f"<html><body><article><p>{ARTICLE}</p></article></body></html>"
    document = only(read_inputs([write(tmp_path, "page", html)]))
    assert "<p>" not in document.text and document.text.startswith("German Foreign Minister")


# --------------------------------------------------------------------------- sample corpus


def test_every_sample_file_ingests_without_failure():
    results = list(read_inputs([SAMPLE]))
    failures = [str(r) for r in results if isinstance(r, Failure)]
    assert not failures
    files = {r.source.split(":")[0] for r in results} | {p.name for p in SAMPLE.glob("*.jsonl")}
    assert len(files) >= 12 and len(results) >= 14
    assert len({r.doc_id for r in results}) == len(results)
    for document in results:
        assert 150 <= len(document.text.split()) <= 420, document.source


def test_sample_corpus_covers_the_input_styles():
    results = {r.source: r for r in read_inputs([SAMPLE])}
    hows = [r.published.how for r in results.values()]
    assert hows.count("header") >= 5 and hows.count("metadata") >= 2 and hows.count(None) >= 2
    agencies = {r.dateline.agency for r in results.values() if r.dateline}
    assert {"Reuters", "Xinhua", "TASS", "AP", "AFP"} <= agencies
    readme = (SAMPLE / "README.md").read_text(encoding="utf-8")
    for path in SAMPLE.iterdir():
        if path.name != "README.md":
            assert path.name in readme, f"{path.name} is not described in the sample README"


def test_shared_seeds_ingest(shared):
    results = list(read_inputs([shared / "corpus" / "seeds"]))
    assert results and not [str(r) for r in results if isinstance(r, Failure)]
    gold = {g["source"]: g for g in json.loads((shared / "gold" / "seeds.json").read_text())}
    for document in results:
        expected = gold.get(document.source)
        if expected is None:
            continue
        if expected.get("published_how") == "header":
            assert document.published.date == expected["published"]
        if expected.get("dateline"):
            assert document.dateline is not None
            assert document.dateline.place == expected["dateline"]["place"]
            assert document.dateline.agency == expected["dateline"]["agency"]
        else:
            assert document.dateline is None
        assert "gallery page" not in document.text.lower()


def test_byline_at_the_top_becomes_the_author():
    document = ingest_text("Baerbock in Warsaw\n\nBy Jana Novak and Piotr Lis, Example Wire\n\n" + ARTICLE, "x")
    assert document.author == "Jana Novak and Piotr Lis"
    assert "Jana Novak" not in document.text and document.text.startswith("Baerbock in Warsaw\n\nGerman")
    kept = ingest_text("By Tuesday Evening the talks had collapsed, diplomats said.\n\n" + ARTICLE, "y")
    assert kept.author is None and kept.text.startswith("By Tuesday Evening")


def test_folder_without_articles_is_reported(tmp_path):
    write(tmp_path, "notes.md", ARTICLE)
    failure = only(read_inputs([tmp_path]))
    assert isinstance(failure, Failure) and failure.code == "E102" and failure.source == str(tmp_path)


def test_binary_jsonl_is_one_failure(tmp_path):
    path = write(tmp_path, "dump.jsonl", bytes(range(256)) * 64)
    failure = only(read_inputs([path]))
    assert isinstance(failure, Failure) and failure.code == "E101"


def test_undecodable_stdin_is_a_failure():
    stream = io.TextIOWrapper(io.BytesIO("Le ministre a parlé à Genève.".encode("latin-1")), encoding="utf-8")
    failure = only(read_inputs(["-"], stdin=stream))
    assert (failure.source, failure.code) == ("<stdin>", "E103")


def test_a_title_case_word_before_a_capitalized_place_is_no_dateline():
    assert parse_dateline("Later, PARIS (AFP) - Ministers met again.", AGENCIES) is None
    assert parse_dateline("KYIV, Ukraine (AP) — Air raid sirens sounded.", AGENCIES).place == "Kyiv"


def test_datelines_name_agencies_as_the_knowledge_base_lists_them(tmp_path):
    # one list: the knowledge base's agencies and outlets, by every name, to the name datelines print
    assert AGENCIES["associated press"] == AGENCIES["ap"] == "AP"
    assert parse_dateline("NAIROBI, Kenya (A.P.) - Talks began.", AGENCIES).agency == "AP"
    # an agency a user adds with --kb is known to datelines too: no dash or capitals needed then
    line = "Ostburg, May 2 (RNA) Talks began on the border."
    assert parse_dateline(line, AGENCIES) is None
    mine = tmp_path / "mine.jsonl"
    mine.write_text(json.dumps({"id": "org:rna", "kind": "organization", "name": "Ruritanian News Agency",
                                "type": "agency", "dateline": ["RNA"]}) + "\n", encoding="utf-8")
    agencies = load_kb([mine]).agencies
    assert parse_dateline(line, agencies).agency == "RNA"
    assert parse_dateline("OSTBURG (Ruritanian News Agency) - Talks began.", agencies).agency == "RNA"
    document = ingest_text(line, "rna.txt", agencies=agencies)
    assert (document.dateline.place, document.dateline.agency) == ("Ostburg", "RNA")


def test_map_legend_lines_are_dropped_prose_is_kept():
    document = ingest_text("Talks resumed in Geneva.\n\n██ Government forces\n\n■ Rebel-held areas\n\n"
                           "The legend ██ appears mid-sentence here and stays.", "legend.txt")
    assert "Government forces" not in document.text and "Rebel-held" not in document.text
    assert "Talks resumed in Geneva." in document.text and "mid-sentence" in document.text
