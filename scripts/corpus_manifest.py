"""Build ``eval/corpus/manifest.json``: which benchmark articles the annotated corpus holds, in which split and batch.

The articles are chosen by metadata only, never by reading them: ECB+ documents by their
topic and subtopic (the subject of each subtopic as the ECB+ release describes it), MEANTIME
articles by their Wikinews title (the file name). Every document in ``eval/bench_quotes.json``
and ``eval/bench_quotes_2.json`` is left out: the team has read those.

The split is by happening, so that no happening is in two splits: an ECB+ subtopic (one
real-world event reported by many articles) or a MEANTIME sub-corpus goes whole into train,
dev or test. Test and dev get about a fifth of the articles each. Within a split the articles
are dealt round-robin over its happenings, so the first batch of a split already spans all of
them: batch 1 is the first ~45 test articles, batch 2 the first ~45 dev ones, batch 3 and 4 the
rest of test and dev, then train batches of ~40. Test and dev each hold every domain (politics,
conflict or security, protest, courts, crime). About one article in ten of every batch is
marked ``second`` for a second, independent annotation (agreement, GUIDE.md).

    .venv/bin/python scripts/corpus_manifest.py [--bench ../shared/bench] [--out eval/corpus/manifest.json]

The result is deterministic (fixed seed), so the file can be rebuilt and checked.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = 13

# ECB+ subtopics about politics, diplomacy, conflict, protest, courts, crime and security, with
# their subject as the ECB+ topic descriptions give it (one word of domain each).
ECBPLUS_SUBTOPICS = {
    "3_ecb": "courts: a killer's escape from a courthouse and his sentence",
    "3_ecbplus": "crime: a prisoner's escape during transport and capture",
    "8_ecb": "security: a bomb explosion at a bank",
    "8_ecbplus": "protest: deaths in a firebombed bank during demonstrations against cuts",
    "9_ecb": "politics: an administration reduces protections for endangered species",
    "9_ecbplus": "politics: a president overturns his predecessor's endangered-species rule",
    "11_ecb": "politics: parliamentary elections",
    "11_ecbplus": "politics: parliamentary elections announced",
    "12_ecb": "security: a navy captures pirates",
    "12_ecbplus": "security: a navy ship thwarts a pirate attack",
    "13_ecb": "crime: arson at a church",
    "16_ecb": "crime: arrests for the murder of a sheriff's deputy",
    "16_ecbplus": "courts: a death sentence for the murder of a deputy",
    "18_ecb": "crime: a killing at an office party, murder charge",
    "18_ecbplus": "crime: an office shooting, murder charge",
    "19_ecb": "protest: riots after a police shooting",
    "19_ecbplus": "protest: riots after a police shooting",
    "21_ecb": "crime: a killing at a store, murder charge",
    "21_ecbplus": "crime: a hit-and-run death, manslaughter charge",
    "22_ecb": "crime: a double murder at a shop, arrest",
    "22_ecbplus": "courts: a workplace shooting, trial",
    "24_ecb": "crime: a jewellery-store robbery",
    "24_ecbplus": "crime: a jewellery heist",
    "26_ecb": "crime: a Mafia boss arrested in a police raid",
    "26_ecbplus": "crime: a Mafia boss dies in prison",
    "32_ecb": "crime: a double murder, charges",
    "32_ecbplus": "crime: a double murder, charges",
    "33_ecb": "courts: trial over a child killed by a stray bullet",
    "33_ecbplus": "courts: a confession to a killing",
    "34_ecb": "politics: a nomination for Surgeon General",
    "34_ecbplus": "politics: a nomination for Surgeon General",
    "35_ecb": "crime: an arrest on suspicion of drunk driving",
    "35_ecbplus": "crime: an arrest on suspicion of drunk driving",
    "36_ecb": "courts: leaders of a polygamist group arrested and charged",
    "36_ecbplus": "courts: a polygamist leader charged",
    "41_ecb": "conflict: an assault on Gaza, a school hit",
    "41_ecbplus": "conflict: bombs dropped on a refugee camp in Sudan",
    "45_ecb": "courts: a murder verdict",
    "45_ecbplus": "courts: a jury convicts a man of a killing",
}

# MEANTIME (Wikinews) articles whose title is about government, regulators or courts; the
# happening unit is the sub-corpus (airbus, apple, gm, stock).
MEANTIME_DOCS = [
    "corpus_airbus/100911_Northrop_Grumman_and_Airbus_parent_EADS_defeat_Boeing.xml",
    "corpus_airbus/108294_Government_Accountability_Office_requests_rerun_of_US_Air_Force_tanker_bid.xml",
    "corpus_airbus/1173_Internal_emails_expose_Boeing-Air_Force_contract_discussions.xml",
    "corpus_airbus/5403_Boeing_allowed_to_bid_for_U.S._space_launch_contracts_again.xml",
    "corpus_airbus/87805_Indonesia_transport_minister.xml",
    "corpus_apple/58383_Cisco_sues_Apple.xml",
    "corpus_apple/40203_Apple_Corps_loses.xml",
    "corpus_apple/60083_Apple_Corps_resolve.xml",
    "corpus_gm/118175_White_House_considering_auto_rescue_plan.xml",
    "corpus_gm/39951_Australian_government_announces_52.5_million_financial_assistance_package_for_Ford.xml",
    "corpus_gm/127226_U.S._manufacturer_General_Motors_seeks_bankruptcy_protection.xml",
    "corpus_stock/113227_Russian_stock_markets_suspended_amid_market_turmoil.xml",
    "corpus_stock/113330_Shares_worldwide_surge_due_to_US_government_plan.xml",
]
MEANTIME_SUBJECT = {
    "corpus_airbus": "politics/courts: government contracts and officials in aviation news",
    "corpus_apple": "courts: lawsuits over trademarks",
    "corpus_gm": "politics: government rescue of carmakers, bankruptcy court",
    "corpus_stock": "politics: governments and regulators in a market crisis",
}

READ_BY_TEAM = ("eval/bench_quotes.json", "eval/bench_quotes_2.json")
# Articles used to test the annotation tools (read by the corpus builder): in no split.
TOOL_TEST = ("ecbplus:13_1ecb.xml", "meantime:corpus_gm/118175_White_House_considering_auto_rescue_plan.xml")
DOMAINS = {"politics", "conflict", "protest", "courts", "crime"}
BATCH_FIRST = 45
BATCH_TRAIN = 40
SECOND_EVERY = 10


def _doc_order(name: str) -> tuple:
    topic, rest = name.split("_", 1)
    number = "".join(ch for ch in rest if ch.isdigit())
    return int(topic), rest.endswith("ecbplus.xml"), int(number or 0)


def candidates(bench: Path) -> list[dict]:
    """Every selected article with its happening unit and subject, the team's read ones left out."""
    read = set()
    for name in READ_BY_TEAM:
        for entry in json.loads((ROOT / name).read_text(encoding="utf-8"))["documents"]:
            read.add((entry["set"], entry["doc"]))
    out = []
    with (bench / "ecbplus" / "ecbplus_docs.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            subtopic = record["subtopic"]
            if subtopic in ECBPLUS_SUBTOPICS and ("ecbplus", record["doc"]) not in read:
                out.append({"set": "ecbplus", "doc": record["doc"], "group": f"ecbplus:{subtopic}",
                            "subject": ECBPLUS_SUBTOPICS[subtopic]})
    for doc in MEANTIME_DOCS:
        if not (bench / "meantime" / "intra_cross-doc_annotation" / doc).is_file():
            raise SystemExit(f"missing MEANTIME article {doc}")
        if ("meantime", doc) not in read:
            corpus = doc.split("/", 1)[0]
            out.append({"set": "meantime", "doc": doc, "group": f"meantime:{corpus}", "subject": MEANTIME_SUBJECT[corpus]})
    out.sort(key=lambda e: (e["set"], _doc_order(e["doc"]) if e["set"] == "ecbplus" else (0, False, 0), e["doc"]))
    return out


def split_groups(articles: list[dict], rng: random.Random) -> dict[str, str]:
    """Happening unit -> split: shuffled, test filled to a fifth, then dev to a fifth, train the rest."""
    sizes: dict[str, int] = {}
    for a in articles:
        sizes[a["group"]] = sizes.get(a["group"], 0) + 1
    groups = sorted(sizes)
    rng.shuffle(groups)
    total = sum(sizes.values())
    target = round(total * 0.2)
    split, filled = {}, {"test": 0, "dev": 0}
    for group in groups:
        for name in ("test", "dev"):
            if filled[name] + sizes[group] <= target + 6 and filled[name] < target:
                split[group] = name
                filled[name] += sizes[group]
                break
        else:
            split[group] = "train"
    return split


def deal(articles: list[dict], rng: random.Random) -> list[dict]:
    """Round-robin over the happenings (each shuffled), so any prefix spans them all."""
    by_group: dict[str, list[dict]] = {}
    for a in articles:
        by_group.setdefault(a["group"], []).append(a)
    queues = []
    for group in sorted(by_group):
        items = by_group[group][:]
        rng.shuffle(items)
        queues.append(items)
    rng.shuffle(queues)
    out = []
    while any(queues):
        for queue in queues:
            if queue:
                out.append(queue.pop(0))
    return out


def _domains(articles: list[dict], split: dict[str, str], name: str) -> set[str]:
    found = {a["subject"].split(":")[0].split("/")[0] for a in articles if split[a["group"]] == name}
    return {"conflict" if d == "security" else d for d in found}


def build(bench: Path) -> dict:
    """The manifest. The split draws from a generator seeded with SEED, redrawn (same generator)
    until test and dev each hold every domain and no tool-test article's happening."""
    rng = random.Random(SEED)
    articles = candidates(bench)
    tool = [a for a in articles if f'{a["set"]}:{a["doc"]}' in TOOL_TEST]
    if len(tool) != len(TOOL_TEST):
        raise SystemExit("a tool-test article is not among the candidates")
    rest = [a for a in articles if a not in tool]
    for _ in range(1000):
        split = split_groups(rest, rng)
        if all(split[a["group"]] == "train" for a in tool) and all(
            _domains(rest, split, name) >= DOMAINS for name in ("test", "dev")
        ):
            break
    else:
        raise SystemExit("no split holds every domain in test and dev")
    entries = []
    batch = 0
    for name in ("test", "dev"):
        dealt = deal([a for a in rest if split[a["group"]] == name], rng)
        first, second = dealt[:BATCH_FIRST], dealt[BATCH_FIRST:]
        entries.append((name, batch + 1, first))
        entries.append((name, None, second))
        batch += 1
    # batches 1 (test) and 2 (dev) first, then 3 and 4 the rest of test and dev
    ordered = [(n, b, items) for n, b, items in entries if b is not None]
    later = [(n, items) for n, b, items in entries if b is None]
    for name, items in later:
        batch += 1
        ordered.append((name, batch, items))
    train = deal([a for a in rest if split[a["group"]] == "train"], rng)
    count = -(-len(train) // BATCH_TRAIN)
    size = -(-len(train) // count)
    for i in range(count):
        batch += 1
        ordered.append(("train", batch, train[i * size : (i + 1) * size]))
    documents = []
    for name, number, items in ordered:
        for i, a in enumerate(items):
            documents.append({"set": a["set"], "doc": a["doc"], "split": name, "batch": number,
                              "happening": a["group"], "second": i % SECOND_EVERY == SECOND_EVERY - 1})
    for a in tool:
        documents.append({"set": a["set"], "doc": a["doc"], "split": "tool_test", "batch": None,
                          "happening": a["group"], "second": False})
    subjects = {a["group"]: a["subject"] for a in articles}
    return {
        "about": {
            "what": "The articles of dateline's annotated corpus (issue 13): which benchmark documents, in which split "
                    "and annotation batch. No text is held here; the texts are read from ../shared/bench.",
            "sources": {
                "ecbplus": {"file": "../shared/bench/ecbplus/ecbplus_docs.jsonl", "corpus": "ECB+ 1.0 (Cybulska and Vossen, "
                            "LREC 2014), news found through Google Search; the newly collected documents open with the "
                            "URL they were found at", "licence": "CC BY 3.0 (annotations; see LICENSEDATA.TXT)",
                            "url": "http://www.newsreader-project.eu/results/data/the-ecb-corpus/"},
                "meantime": {"folder": "../shared/bench/meantime/intra_cross-doc_annotation", "corpus": "NewsReader MEANTIME "
                             "English, Wikinews articles", "licence": "CC BY 4.0 (see LICENSE.txt)",
                             "url": "http://www.newsreader-project.eu/results/data/wikinews/"},
            },
            "selection": "By metadata only (ECB+ topic/subtopic, MEANTIME title); every document of eval/bench_quotes.json "
                         "and eval/bench_quotes_2.json left out (read by the team).",
            "split": "By happening ('happening': an ECB+ subtopic or a MEANTIME sub-corpus): none is in two splits; test and "
                     "dev about a fifth each. Batches: 1 = first test articles, 2 = first dev articles, 3 and 4 = the rest "
                     "of test and dev, then train batches. Within a split the articles are dealt round-robin over its "
                     "happenings. 'second': also annotated by a second annotator (agreement).",
            "tool_test": "Articles the corpus builder read to test scripts/annotate.py: in no split, never scored.",
            "built_by": f"scripts/corpus_manifest.py (seed {SEED})",
            "happenings": dict(sorted(subjects.items())),
        },
        "documents": documents,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "corpus" / "manifest.json")
    args = parser.parse_args()
    manifest = build(args.bench)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    counts: dict[str, int] = {}
    for d in manifest["documents"]:
        counts[d["split"]] = counts.get(d["split"], 0) + 1
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
