"""The annotator's tool for the corpus (eval/GUIDE.md). It shows article texts, never system output.

    annotate.py batch N                 the articles of batch N (SET:DOC), with their split and state
    annotate.py show SET:DOC [--raw]    the article text as dateline's benchmark loader rebuilds it, lines numbered
    annotate.py find SET:DOC WORDS      every occurrence of WORDS: its n, line and context (to write a snippet)
    annotate.py check DRAFT.json        every problem of a draft (snippets not found or ambiguous, bad types ...)
    annotate.py stats                   how much is frozen: articles, events and quotes per split and batch
    annotate.py freeze DRAFT.json       write the frozen gold (spans and names, no text) under eval/corpus/gold/
                   [--second]           ... or, for a second annotation, under eval/corpus/second/
                   [--force]            ... replacing a frozen file (only to correct a plain annotation mistake)

SET:DOC is ``ecbplus:12_2ecbplus.xml`` or ``meantime:corpus_gm/1234_Title.xml`` as in
eval/corpus/manifest.json. The texts are read from ../shared/bench (``--bench`` to change).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dateline.benchmarks.corpus import (  # noqa: E402
    DEFAULT_CORPUS,
    DraftError,
    check,
    dumps,
    find,
    freeze,
    gold_name,
    line_spans,
    load_manifest,
    manifest_entry,
    read_frozen,
)
from dateline.benchmarks.quotes import bench_text  # noqa: E402
from dateline.errors import DatelineError  # noqa: E402

DEFAULT_BENCH = ROOT.parent / "shared" / "bench"
PUBLISHED_NOTE = {
    "ecbplus": "ECB+ keeps no publication date. Use a date in the source URL on line 1 if there is one, else infer "
               "it from the text (GUIDE.md, 'Publication date').",
    "meantime": "The publication date is the article's date line (line 3, under the title): published_how 'header'.",
}


def split_id(article: str) -> tuple[str, str]:
    set_name, sep, doc = article.partition(":")
    if not sep or set_name not in ("ecbplus", "meantime") or not doc:
        raise DatelineError("E306", f"{article!r}: write SET:DOC, e.g. ecbplus:12_2ecbplus.xml")
    return set_name, doc


def article_text(bench: Path, set_name: str, doc: str) -> str:
    if not (bench / "ecbplus").is_dir():
        raise DatelineError("E304", f"{bench}: no benchmark folder here (give --bench)")
    return bench_text(bench, set_name, doc)


def cmd_show(args) -> None:
    set_name, doc = split_id(args.article)
    text = article_text(args.bench, set_name, doc)
    if args.raw:
        sys.stdout.write(text)
        return
    entry = manifest_entry(load_manifest(args.corpus), set_name, doc)
    second = "  (second annotation wanted)" if entry["second"] else ""
    print(f"# {set_name}:{doc}  split {entry['split']}, batch {entry['batch']}{second}")
    print(f"# {PUBLISHED_NOTE[set_name]}")
    print(f"# {len(text)} characters; the numbers below are line numbers for snippets ({{\"text\": ..., \"line\": L}})")
    width = len(str(len(line_spans(text))))
    for number, (start, end) in enumerate(line_spans(text), 1):
        print(f"{number:>{width}} | {text[start:end]}")


def cmd_find(args) -> None:
    set_name, doc = split_id(args.article)
    text = article_text(args.bench, set_name, doc)
    hits = find(text, args.words)
    if not hits:
        print(f"{args.words!r} is not in the text")
        sys.exit(1)
    for hit in hits:
        print(f"n={hit['n']:<3} line {hit['line']:<4} (n on line {hit['n_on_line']})  {hit['context']}")


def _draft(path: str) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise DatelineError("E307", f"{path}: cannot read the draft ({err})") from err


def cmd_check(args) -> None:
    draft = _draft(args.draft)
    text = article_text(args.bench, draft.get("set"), draft.get("doc"))
    manifest_entry(load_manifest(args.corpus), draft["set"], draft["doc"])
    messages = check(draft, text)
    problems = [m for m in messages if not m.startswith("warning:")]
    for message in messages:
        print(message)
    if problems:
        print(f"{len(problems)} problem(s): not ready to freeze")
        sys.exit(1)
    counts = (len(draft.get("events") or []), len(draft.get("quotes") or []), len(draft.get("actors") or []))
    print(f"ok: {counts[0]} events, {counts[1]} quotes, {counts[2]} actors")


def cmd_freeze(args) -> None:
    draft = _draft(args.draft)
    text = article_text(args.bench, draft.get("set"), draft.get("doc"))
    entry = manifest_entry(load_manifest(args.corpus), draft["set"], draft["doc"])
    if entry["split"] not in ("train", "dev", "test") and not args.out:
        raise DatelineError("E308", f"{draft['set']}:{draft['doc']} is a {entry['split']} article: it is not frozen into the corpus")
    frozen = freeze(draft, text, split=entry["split"], batch=entry["batch"])
    folder = "second" if args.second else "gold"
    out = Path(args.out) if args.out else Path(args.corpus) / folder / entry["split"] / gold_name(draft["set"], draft["doc"])
    if out.exists() and not args.force:
        raise DatelineError("E308", f"{out} exists: frozen gold is final (--force only to correct a plain mistake)")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(dumps(frozen), encoding="utf-8")
    print(f"frozen: {out} ({len(frozen['events'])} events, {len(frozen['quotes'])} quotes)")


def cmd_batch(args) -> None:
    manifest = load_manifest(args.corpus)
    for entry in manifest["documents"]:
        if entry["batch"] != args.number:
            continue
        name = gold_name(entry["set"], entry["doc"])
        state = "frozen" if (Path(args.corpus) / "gold" / entry["split"] / name).is_file() else "to do"
        if entry["second"]:
            second = (Path(args.corpus) / "second" / entry["split"] / name).is_file()
            state += ", second " + ("frozen" if second else "wanted")
        print(f"{entry['set']}:{entry['doc']}\t{entry['split']}\t{state}")


def cmd_stats(args) -> None:
    manifest = load_manifest(args.corpus)
    rows: dict[tuple, dict[str, int]] = {}
    for entry in manifest["documents"]:
        if entry["split"] not in ("train", "dev", "test"):
            continue
        row = rows.setdefault((entry["split"], entry["batch"]), dict.fromkeys(
            ("articles", "frozen", "second", "events", "required_events", "quotes", "required_quotes"), 0))
        row["articles"] += 1
        name = gold_name(entry["set"], entry["doc"])
        path = Path(args.corpus) / "gold" / entry["split"] / name
        row["second"] += (Path(args.corpus) / "second" / entry["split"] / name).is_file()
        if not path.is_file():
            continue
        frozen = read_frozen(path)
        row["frozen"] += 1
        row["events"] += len(frozen["events"])
        row["required_events"] += sum(not e["optional"] for e in frozen["events"])
        row["quotes"] += len(frozen["quotes"])
        row["required_quotes"] += sum(not q["optional"] for q in frozen["quotes"])
    columns = ("articles", "frozen", "second", "events", "required_events", "quotes", "required_quotes")
    print(f"{'split':6} {'batch':>5} " + " ".join(f"{c:>15}" for c in columns))
    total = dict.fromkeys(columns, 0)
    for (split, batch), row in sorted(rows.items(), key=lambda item: item[0][1]):
        print(f"{split:6} {batch:>5} " + " ".join(f"{row[c]:>15}" for c in columns))
        for c in columns:
            total[c] += row[c]
    print(f"{'all':6} {'':>5} " + " ".join(f"{total[c]:>15}" for c in columns))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH, help="the benchmark folder (../shared/bench)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the corpus folder (eval/corpus)")
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("show")
    p.add_argument("article")
    p.add_argument("--raw", action="store_true", help="the exact text, no header and no line numbers")
    p.set_defaults(func=cmd_show)
    p = commands.add_parser("find")
    p.add_argument("article")
    p.add_argument("words")
    p.set_defaults(func=cmd_find)
    p = commands.add_parser("check")
    p.add_argument("draft")
    p.set_defaults(func=cmd_check)
    p = commands.add_parser("freeze")
    p.add_argument("draft")
    p.add_argument("--second", action="store_true", help="a second annotator's draft (agreement sample)")
    p.add_argument("--force", action="store_true")
    p.add_argument("--out", help="write here instead (tool tests)")
    p.set_defaults(func=cmd_freeze)
    p = commands.add_parser("stats")
    p.set_defaults(func=cmd_stats)
    p = commands.add_parser("batch")
    p.add_argument("number", type=int)
    p.set_defaults(func=cmd_batch)
    args = parser.parse_args(argv)
    try:
        args.func(args)
    except DraftError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print(f"{len(err.problems)} problem(s): nothing frozen", file=sys.stderr)
        sys.exit(1)
    except DatelineError as err:
        print(f"annotate: {err}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:  # output cut short by a pager or head
        sys.stderr.close()
