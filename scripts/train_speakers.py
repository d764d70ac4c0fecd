"""Train the learned speaker chooser on the annotated corpus's train split.

    .venv/bin/python scripts/train_speakers.py [--bench ../shared/bench] [--epochs 40]
        [--report dev] [--report seeds] [--report wikinews21] [--report quote-bench] [--folds 5]

Every train article goes through the whole chain (rules only); each quote the quotes stage
finds is matched to the gold quotes as ``dateline eval`` matches them (the system quote holds
the gold quote's first words), and the actors around it (``learned.speakers.options``) are
labelled right when their name is among the gold speaker's accepted names. Quotes whose right
speaker is among no candidate teach nothing and are counted. Writes
``src/dateline/data/models/speakers.json.gz``; ``--report SET`` also prints, on the dev split
or a development set, how often the rules and the chooser name the right speaker and what the
chooser changes (never on the test split); ``--folds 5`` only prints how the rules and a chooser
trained without each article score the train split, cut by article into five parts. Takes
about two minutes on 2 cores, most of it parsing; ``make train`` runs it.
"""

from __future__ import annotations

import argparse
import json
import pickle
from dataclasses import dataclass, replace
from pathlib import Path

from dateline.benchmarks.corpus import DEFAULT_CORPUS, frozen_files, load_corpus_gold
from dateline.benchmarks.quotes import DEFAULT_ANNOTATIONS as QUOTE_BENCH
from dateline.benchmarks.quotes import load_bench_gold
from dateline.evaluate import norm
from dateline.ingest import read_inputs
from dateline.layout import parse_dateline
from dateline.learned.speakers import Option, document_options, save_speaker_model, train
from dateline.pipeline import analyze_one
from dateline.records import Document, Failure
from dateline.resources import load_resources

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "dateline" / "data" / "models" / "speakers.json.gz"


@dataclass
class Site:
    """One quote the rules found that a required gold quote with a named speaker matches."""

    source: str
    quote: str
    rule: str | None
    options: list[Option]
    right: frozenset[str]  # the option ids whose name is an accepted name of the gold speaker


class _Recorder:
    """Stands in for the speaker model during a run: keeps what the chooser would read, changes nothing."""

    def __init__(self):
        self.found = []

    def choose(self, doc, layout, cast, cues, quotes):
        self.found.append((doc, layout, cast, list(quotes)))
        return quotes


def parse_split(split: str, bench: Path, resources) -> list[tuple]:
    """(gold entry, doc, layout, cast, the rules' quotes) of each article of a set, run through the chain.

    ``split``: a split of the annotated corpus (``train``, ``dev``), or one of the development sets
    ``seeds``, ``wikinews21`` (read from ``../shared``) and ``quote-bench`` (both batches)."""
    shared = bench.parent
    if split in ("seeds", "wikinews21"):
        gold_file, folder = {"seeds": ("seeds.json", "seeds"), "wikinews21": ("wikinews21.json", "holdout")}[split]
        gold = {Path(g["source"]).name: g for g in json.loads((shared / "gold" / gold_file).read_text(encoding="utf-8"))}
        documents = [
            d for d in read_inputs([shared / "corpus" / folder], boilerplate=resources.boilerplate, agencies=resources.kb.agencies)
            if isinstance(d, Document) and Path(d.source).name in gold
        ]
        return _run(resources, [(gold[Path(d.source).name], d) for d in documents])
    if split == "quote-bench":
        entries, texts = [], {}
        for annotations in (QUOTE_BENCH, QUOTE_BENCH.with_name("bench_quotes_2.json")):
            more, more_texts = load_bench_gold(bench, annotations)
            entries += more
            texts.update(more_texts)
    else:
        entries, texts = load_corpus_gold(bench, frozen_files(DEFAULT_CORPUS, split))
    return _run(resources, [(entry, _document(entry["source"], texts[entry["source"]], resources)) for entry in entries])


def _document(name: str, text: str, resources) -> Document:
    """A benchmark text as ``dateline eval`` reads it (its dateline read as ingest reads it)."""
    return Document(doc_id=name, source=name, text=text, dateline=parse_dateline(text, resources.kb.agencies))


def _run(resources, pairs) -> list[tuple]:
    recorder = _Recorder()
    run = replace(resources, speaker_model=recorder)
    found = []
    for entry, document in pairs:
        recorder.found.clear()
        if isinstance(analyze_one(document, run), Failure) or not recorder.found:
            continue
        found.append((entry, *recorder.found[0]))
    return found


def label(parsed: list[tuple], cues) -> tuple[list[Site], dict[str, int]]:
    """The quotes the rules found for required gold quotes with a named speaker, with their
    options and the right ones; and counts of gold quotes, quotes matched, and matched quotes
    whose right speaker is among no option."""
    sites: list[Site] = []
    counts = {"gold_quotes": 0, "matched": 0, "no_candidate": 0}
    for entry, doc, layout, cast, quotes in parsed:
        opts = document_options(doc, layout, cast, cues, quotes)
        names = {a.id: a.name for a in cast.with_named([o.actor_id for per in opts for o in per])}
        folded = [norm(q.text) for q in quotes]
        for gold_quote in entry["quotes"]:
            if gold_quote.get("optional") or not gold_quote["speaker"]:
                continue
            counts["gold_quotes"] += 1
            accepted = {norm(n) for n in gold_quote["speaker"]}
            words = norm(gold_quote["startswith"])
            for quote, options in ((q, o) for q, o, f in zip(quotes, opts, folded) if words in f):
                counts["matched"] += 1
                right = frozenset(o.actor_id for o in options if norm(names.get(o.actor_id, "")) in accepted)
                if not right:
                    counts["no_candidate"] += 1
                sites.append(Site(entry["source"], quote.text[:60], quote.speaker, options, right))
    return sites, counts


def accuracy(sites: list[Site], model=None) -> float:
    right = 0
    for site in sites:
        chosen = site.rule if model is None else model.decide(site.options, site.rule)
        right += chosen in site.right
    return right / max(len(sites), 1)


def report(name: str, sites: list[Site], counts: dict[str, int], model) -> str:
    """How often the rules and the chooser name the right speaker, and what the chooser changes."""
    reachable = sum(bool(s.right) for s in sites) / max(len(sites), 1)
    changed = [(s, model.decide(s.options, s.rule)) for s in sites]
    filled = [(s, c) for s, c in changed if s.rule is None and c is not None]
    replaced = [(s, c) for s, c in changed if s.rule is not None and c != s.rule]
    return (
        f"{name}: {counts['matched']} quotes found for {counts['gold_quotes']} required gold quotes; right speaker among the "
        f"candidates {reachable:.3f}; rules {accuracy(sites):.3f}, chooser {accuracy(sites, model):.3f}; "
        f"where the rules name nobody ({sum(s.rule is None for s in sites)}) the chooser names {len(filled)}, "
        f"{sum(c in s.right for s, c in filled)} of them right; it replaces {len(replaced)} of the rules' speakers, "
        f"{sum(c in s.right for s, c in replaced)} rightly ({sum(s.rule in s.right for s, _ in replaced)} were right)"
    )


def cross_validate(sites: list[Site], folds: int) -> str:
    """How often the rules and a chooser trained without each article name its quotes' right speakers:
    the train split cut by article into ``folds`` parts, each scored by a chooser trained on the rest."""
    sources = sorted({s.source for s in sites})
    rules = chooser = 0
    for fold in range(folds):
        held = set(sources[fold::folds])
        model = train([(s.options, s.right) for s in sites if s.source not in held])
        scored = [s for s in sites if s.source in held]
        rules += sum(s.rule in s.right for s in scored)
        chooser += sum(model.decide(s.options, s.rule) in s.right for s in scored)
    total = max(len(sites), 1)
    return f"train, {folds}-fold by article: {len(sites)} quotes; rules {rules / total:.3f}, chooser (out of fold) {chooser / total:.3f}"


def parsed(split: str, bench: Path, resources, cache: Path | None) -> list[tuple]:
    """``parse_split``, kept in ``cache`` (the parses as a DocBin) when a folder is given."""
    if cache is None:
        return parse_split(split, bench, resources)
    from spacy.tokens import DocBin

    path = cache / f"speakers-{split}.pickle"
    if path.is_file():
        stored = pickle.loads(path.read_bytes())
        docs = DocBin().from_bytes(stored["docs"]).get_docs(resources.nlp.vocab)
        return [(entry, doc, *rest) for (entry, *rest), doc in zip(stored["rest"], docs)]
    found = parse_split(split, bench, resources)
    cache.mkdir(parents=True, exist_ok=True)
    docs = DocBin(attrs=["ORTH", "LEMMA", "POS", "TAG", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE", "SENT_START", "SPACY"])
    for _, doc, *_rest in found:
        docs.add(doc)
    rest = [(entry, layout, cast, quotes) for entry, _, layout, cast, quotes in found]
    path.write_bytes(pickle.dumps({"docs": docs.to_bytes(), "rest": rest}))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--report", choices=("dev", "seeds", "wikinews21", "quote-bench"), action="append", default=[],
                        help="also report the rules and the chooser on this set (never the test split); may be repeated")
    parser.add_argument("--folds", type=int, default=0,
                        help="only print a cross-validated estimate on the train split, this many folds by article (no model written)")
    parser.add_argument("--cache", help="keep the labelled quotes of each split in this folder (while developing features)")
    args = parser.parse_args()
    resources = load_resources()
    bench = Path(args.bench)
    cache = Path(args.cache) if args.cache else None
    sites, counts = label(parsed("train", bench, resources, cache), resources.cues)
    if args.folds > 1:
        print(cross_validate(sites, args.folds))
        return
    model = train([(s.options, s.right) for s in sites], epochs=args.epochs)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    save_speaker_model(model, args.out)
    print(f"{len(model.weights)} features -> {args.out}")
    print(report("train", sites, counts, model))
    for name in args.report:
        print(report(name, *label(parsed(name, bench, resources, cache), resources.cues), model))


if __name__ == "__main__":
    main()
