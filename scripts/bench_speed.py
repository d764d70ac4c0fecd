"""Speed and memory of the whole chain against the bare spaCy model, each run a whole process.

Every figure comes from fresh processes run one after the other, the chain's and the baseline's
alternated over several rounds, and is given as the median with the spread (lowest to highest),
because the machine is shared and noisy: only ratios between runs of the same round mean much.

- ``corpora``: for each corpus, the whole chain (``runner.run`` with one worker, so one core)
  against the bare spaCy model (``spacy.load`` + ``nlp.pipe``) over the same texts. The corpora:
  the sample articles (``--copies`` times over), MEANTIME's 120 texts and the first 300 ECB+ texts
  (``--bench``, skipped when absent), read into temporary files, never into the repository.
  Throughput compares the seconds after the model is loaded; ``whole process`` compares the
  processes' wall times, model loads included.
- ``workers``: the runner with 2 worker processes against 1 on the ECB+ texts (else the wire
  corpus): documents a second from the first result to the last (the workers' model loads left
  out), and wall time.
- ``long``: one long article (ECB+ texts run together) at 20 KB and at 200 KB, the chain against
  spaCy alone on it; linear cost means the same ratio at both sizes.
- ``wire``: a corpus of ``--wire`` documents (10,000 by default) that this script writes from the
  team's own sample articles: a headline, a wire dateline and 2-4 paragraphs drawn at random (seeded)
  from the sample's paragraphs. The chain on it with ``--wire-workers`` workers against spaCy alone
  (one round unless ``--wire-rounds``); the resident memory of the chain's processes (its own and
  its workers', from ``/proc``) every ``--every`` documents, and the peak (``ru_maxrss``) of the
  process and of its workers.

    .venv/bin/python scripts/bench_speed.py [--rounds 3] [--only corpora|workers|long|wire ...]
        [--copies 4] [--wire 10000] [--wire-workers 2] [--bench ../shared/bench] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"
SAMPLE = ROOT / "src" / "dateline" / "data" / "sample"

# Datelines for the generated wire corpus: (place, agency) as wire services print them.
WIRE_DATELINES = (
    ("BEIJING", "Reuters"), ("MOSCOW", "AFP"), ("WASHINGTON", "AP"), ("NEW DELHI", "Reuters"),
    ("BERLIN", "dpa"), ("TOKYO", "Kyodo"), ("CAIRO", "AFP"), ("ANKARA", "Reuters"),
    ("KYIV", "AP"), ("SEOUL", "Yonhap"), ("PARIS", "AFP"), ("BRASILIA", "Reuters"),
)
MONTHS = ("Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec")


# --------------------------------------------------------------------------- the child processes


def _texts(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as stream:
        return [json.loads(line)["text"] for line in stream if line.strip()]


def _rss_kb(pid: int) -> int:
    """Resident memory of process ``pid`` in KB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree_rss_kb() -> int:
    """Resident memory of this process and of its worker processes, in KB."""
    import multiprocessing

    return _rss_kb(os.getpid()) + sum(_rss_kb(child.pid) for child in multiprocessing.active_children())


def child_spacy(path: Path) -> dict:
    """The bare spaCy model over the texts of ``path``: load, then ``nlp.pipe``."""
    start = time.perf_counter()
    import spacy

    from dateline.nlp import DEFAULT_MODEL

    nlp = spacy.load(DEFAULT_MODEL)
    texts = _texts(path)
    loaded, cpu = time.perf_counter(), time.process_time()
    count = sum(1 for _ in nlp.pipe(texts, batch_size=16))
    end = time.perf_counter()
    return {"documents": count, "load_seconds": loaded - start, "seconds": end - loaded, "cpu_seconds": time.process_time() - cpu,
            "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}


def child_chain(path: Path, workers: int, every: int) -> dict:
    """The whole chain (``runner.run``) over ``path`` on ``workers`` processes, as ``dateline extract`` runs it."""
    start = time.perf_counter()
    from dateline.records import Failure
    from dateline.resources import Settings, load_resources
    from dateline.runner import run

    settings = Settings()
    resources = load_resources(settings) if workers == 1 else None
    loaded, cpu = time.perf_counter(), time.process_time()
    count = failed = 0
    first = None
    memory = []
    for result in run(settings, [str(path)], workers=workers, resources=resources):
        count += 1
        failed += isinstance(result, Failure)
        if first is None:
            first = time.perf_counter()
        if every and count % every == 0:
            memory.append([count, _tree_rss_kb()])
    end = time.perf_counter()
    return {
        "documents": count,
        "failed": failed,
        "load_seconds": loaded - start,
        "seconds": end - loaded,
        "cpu_seconds": time.process_time() - cpu,  # this process only: the chain's whole work with one worker
        "after_first_seconds": end - (first or end),
        "rss_kb_every": memory,
        "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "peak_worker_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    }


# --------------------------------------------------------------------------- the corpora


def write_jsonl(path: Path, docs: list[tuple[str, str]]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for doc_id, text in docs:
            out.write(json.dumps({"doc": doc_id, "text": text}, ensure_ascii=False) + "\n")
    return path


def sample_docs() -> list[tuple[str, str]]:
    from dateline.ingest import read_inputs
    from dateline.records import Document

    return [(d.doc_id, d.text) for d in read_inputs([str(SAMPLE)]) if isinstance(d, Document)]


def meantime_docs(bench: Path) -> list[tuple[str, str]]:
    from dateline.benchmarks.meantime import read_meantime_doc

    files = sorted((bench / "meantime").glob("intra_cross-doc_annotation/corpus_*/*.xml"))
    return [(f.stem, read_meantime_doc(f).text) for f in files]


def ecbplus_docs(bench: Path, limit: int) -> list[tuple[str, str]]:
    source = bench / "ecbplus" / "ecbplus_docs.jsonl"
    docs = []
    with source.open(encoding="utf-8") as stream:
        for number, line in zip(range(limit), stream):
            docs.append((f"ecbplus-{number}", json.loads(line)["text"]))
    return docs


def wire_docs(count: int, seed: int = 16) -> list[tuple[str, str]]:
    """``count`` wire-style articles made from the sample's paragraphs: headline, dateline, 2-4 paragraphs."""
    rng = random.Random(seed)
    articles = [text for _, text in sample_docs()]
    headlines = [text.strip().splitlines()[0] for text in articles]
    paragraphs = [p.strip() for text in articles for p in re.split(r"\n\s*\n", text)[1:]]
    paragraphs = [p for p in paragraphs if len(p) > 80 and "\n" not in p]
    docs = []
    for number in range(count):
        place, agency = rng.choice(WIRE_DATELINES)
        body = rng.sample(paragraphs, rng.randint(2, 4))
        dateline = f"{place}, {rng.choice(MONTHS)} {rng.randint(1, 28)} ({agency}) - "
        docs.append((f"wire-{number:05d}", "\n\n".join([rng.choice(headlines), dateline + body[0], *body[1:]])))
    return docs


def long_docs(bench: Path, size: int) -> list[tuple[str, str]]:
    texts, total = [], 0
    for _, text in ecbplus_docs(bench, 10_000):
        texts.append(text)
        total += len(text) + 2
        if total >= size:
            break
    return [(f"long-{size // 1000}kb", "\n\n".join(texts)[:size])]


# --------------------------------------------------------------------------- running and summing up


def spawn(kind: str, path: Path, workers: int = 1, every: int = 0, source: Path | None = None) -> dict:
    """One whole child process; its own report plus the wall time seen from here.

    ``source``: another tree's ``src`` folder to run the chain from (``--before``).
    """
    command = [sys.executable, __file__, "--child", kind, str(path), "--workers", str(workers), "--every", str(every)]
    env = os.environ.copy()
    if source is not None:
        env["PYTHONPATH"] = str(source)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{kind} on {path.name} failed:\n{done.stderr[-2000:]}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    report["wall_seconds"] = wall
    return report


def spread(values: list[float], digits: int = 2) -> dict:
    return {"median": round(statistics.median(values), digits), "low": round(min(values), digits),
            "high": round(max(values), digits)}


def against_spacy(path: Path, rounds: int, workers: int = 1, every: int = 0, before: Path | None = None) -> dict:
    """The chain against spaCy on one corpus: ``rounds`` rounds, the runs alternated (who goes first
    turns round each time). With ``before`` (another tree's ``src``), that tree's chain runs in each
    round too, and its figures come under ``before``."""
    runs: dict[str, list[dict]] = {"spacy": [], "chain": [], "before": []}
    kinds = ("spacy", "chain", "before") if before is not None else ("spacy", "chain")
    for number in range(rounds):
        for kind in kinds if number % 2 == 0 else kinds[::-1]:
            if kind == "spacy":
                runs[kind].append(spawn("spacy", path))
            else:
                runs[kind].append(spawn("chain", path, workers, every, before if kind == "before" else None))
    report = _summary(runs["spacy"], runs["chain"])
    if before is not None:
        report["before"] = _summary(runs["spacy"], runs["before"])
        report["before"].pop("rss_kb_every")
    return report


def _summary(spacy_runs: list[dict], chain: list[dict]) -> dict:
    pairs = list(zip(spacy_runs, chain))
    return {
        "documents": chain[0]["documents"],
        "failed": chain[0]["failed"],
        "throughput_against_spacy": spread([s["seconds"] / c["seconds"] for s, c in pairs]),
        "chain_time_against_spacy": spread([c["seconds"] / s["seconds"] for s, c in pairs]),
        "throughput_against_spacy_cpu": spread([s["cpu_seconds"] / c["cpu_seconds"] for s, c in pairs]),
        "whole_process_against_spacy": spread([s["wall_seconds"] / c["wall_seconds"] for s, c in pairs]),
        "chain_documents_per_second": spread([c["documents"] / c["seconds"] for c in chain], 1),
        "spacy_seconds": spread([s["seconds"] for s in spacy_runs]),
        "chain_seconds": spread([c["seconds"] for c in chain]),
        "chain_peak_mb": round(max(c["peak_kb"] for c in chain) / 1024),
        "chain_worker_peak_mb": round(max(c["peak_worker_kb"] for c in chain) / 1024),
        "spacy_peak_mb": round(max(s["peak_kb"] for s in spacy_runs) / 1024),
        "rss_kb_every": chain[-1]["rss_kb_every"],
    }


def workers_two_against_one(path: Path, rounds: int) -> dict:
    one, two = [], []
    for number in range(rounds):
        for workers in ((1, 2) if number % 2 == 0 else (2, 1)):
            (one if workers == 1 else two).append(spawn("chain", path, workers))

    def rate(run: dict) -> float:
        return (run["documents"] - 1) / run["after_first_seconds"]

    return {
        "documents": one[0]["documents"],
        "speedup_after_model_loads": spread([rate(b) / rate(a) for a, b in zip(one, two)]),
        "speedup_whole_process": spread([a["wall_seconds"] / b["wall_seconds"] for a, b in zip(one, two)]),
        "documents_per_second": {"1 worker": spread([rate(a) for a in one], 1), "2 workers": spread([rate(b) for b in two], 1)},
    }


def memory_flat(series: list[list[int]]) -> dict:
    """Resident memory over the run: after the first tenth (warm-up), how much it grew."""
    if len(series) < 3:
        return {"samples": series}
    warm = series[max(1, len(series) // 10) - 1][1]
    last = series[-1][1]
    return {
        "mb_at": {str(count): round(kb / 1024) for count, kb in series},
        "growth_after_warm_up_mb": round((last - warm) / 1024),
        "growth_after_warm_up": round(last / warm - 1, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", choices=["spacy", "chain"], help=argparse.SUPPRESS)
    parser.add_argument("path", nargs="?", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--every", type=int, default=0, help="sample memory every N documents (wire corpus)")
    parser.add_argument("--rounds", type=int, default=3, help="alternated rounds per measure (median and spread)")
    parser.add_argument("--only", action="append", choices=["corpora", "workers", "long", "wire"],
                        help="run only these parts (repeatable; default all)")
    parser.add_argument("--copies", type=int, default=4, help="the sample corpus this many times over")
    parser.add_argument("--wire", type=int, default=10_000, help="documents in the generated wire corpus")
    parser.add_argument("--wire-workers", type=int, default=2)
    parser.add_argument("--wire-rounds", type=int, default=1)
    parser.add_argument("--bench", type=Path, default=BENCH, help="../shared/bench (MEANTIME, ECB+)")
    parser.add_argument("--json", type=Path, help="also write the report to this file")
    parser.add_argument("--before", type=Path, help="another tree's src folder: its chain runs in every round too (corpora, long)")
    args = parser.parse_args()

    if args.child:
        report = child_spacy(args.path) if args.child == "spacy" else child_chain(args.path, args.workers, args.every)
        print(json.dumps(report))
        return

    parts = set(args.only or ["corpora", "workers", "long", "wire"])
    have_bench = (args.bench / "ecbplus" / "ecbplus_docs.jsonl").is_file()
    report: dict = {"rounds": args.rounds, "load_average_before": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="dateline-bench-") as folder:
        folder = Path(folder)
        if "corpora" in parts:
            corpora = {f"sample x{args.copies}": [(f"{i}-{d}", t) for i in range(args.copies) for d, t in sample_docs()]}
            if have_bench:
                corpora["MEANTIME"] = meantime_docs(args.bench)
                corpora["ECB+ 300"] = ecbplus_docs(args.bench, 300)
            report["corpora"] = {}
            for name, docs in corpora.items():
                path = write_jsonl(folder / (re.sub(r"\W+", "-", name) + ".jsonl"), docs)
                report["corpora"][name] = against_spacy(path, args.rounds, before=args.before)
                report["corpora"][name]["characters"] = sum(len(t) for _, t in docs)
                report["corpora"][name].pop("rss_kb_every")
        if "workers" in parts:
            docs = ecbplus_docs(args.bench, 300) if have_bench else wire_docs(300)
            report["workers"] = workers_two_against_one(write_jsonl(folder / "workers.jsonl", docs), max(1, args.rounds - 1))
        if "long" in parts and have_bench:
            report["long"] = {}
            for size in (20_000, 200_000):
                path = write_jsonl(folder / f"long-{size}.jsonl", long_docs(args.bench, size))
                result = against_spacy(path, max(1, args.rounds - 1), before=args.before)
                report["long"][f"{size // 1000} KB"] = {
                    "chain_time_against_spacy": result["chain_time_against_spacy"],
                    "spacy_seconds": result["spacy_seconds"],
                    "chain_seconds": result["chain_seconds"],
                }
                if args.before is not None:
                    report["long"][f"{size // 1000} KB"]["before"] = {
                        "chain_time_against_spacy": result["before"]["chain_time_against_spacy"],
                        "chain_seconds": result["before"]["chain_seconds"],
                    }
        if "wire" in parts:
            path = write_jsonl(folder / "wire.jsonl", wire_docs(args.wire))
            every = max(1, args.wire // 20)
            result = against_spacy(path, args.wire_rounds, workers=args.wire_workers, every=every)
            result["characters"] = path.stat().st_size
            result["workers"] = args.wire_workers
            result["memory"] = memory_flat(result.pop("rss_kb_every"))
            report["wire"] = result
    report["load_average_after"] = os.getloadavg()
    text = json.dumps(report, indent=2)
    print(text)
    print(table(report))
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")


def table(report: dict) -> str:
    """The figures the README shows, as a Markdown table (medians, with the spread in brackets)."""
    def cell(summary: dict) -> str:
        return f"{summary['median']} ({summary['low']}-{summary['high']})"

    rows = ["| measure | now | before (--before) |", "|---|---|---|"]
    for name, result in report.get("corpora", {}).items():
        before = result.get("before", {})
        now = f"{cell(result['throughput_against_spacy'])} / {cell(result['throughput_against_spacy_cpu'])}"
        then = f"{cell(before['throughput_against_spacy'])} / {cell(before['throughput_against_spacy_cpu'])}" if before else ""
        rows.append(f"| {name} ({result['documents']} documents): throughput against spaCy, wall / CPU | {now} | {then} |")
    for name, result in report.get("long", {}).items():
        before = result.get("before")
        rows.append(f"| {name} article: the chain's time against spaCy's | {cell(result['chain_time_against_spacy'])} | "
                    + (cell(before["chain_time_against_spacy"]) if before else "") + " |")
    if "workers" in report:
        workers = report["workers"]
        rows.append(f"| 2 workers against 1 ({workers['documents']} ECB+ documents): after the model loads / whole process | "
                    f"{cell(workers['speedup_after_model_loads'])} / {cell(workers['speedup_whole_process'])} | |")
    if "wire" in report:
        wire = report["wire"]
        rows.append(f"| wire corpus ({wire['documents']} documents, {wire['workers']} workers) against spaCy on one process | "
                    f"{cell(wire['throughput_against_spacy'])} | |")
        rows.append(f"| wire corpus: peak memory, main process / largest worker / spaCy alone | "
                    f"{wire['chain_peak_mb']} / {wire['chain_worker_peak_mb']} / {wire['spacy_peak_mb']} MB | |")
        memory = wire["memory"]
        if "growth_after_warm_up_mb" in memory:
            rows.append(f"| wire corpus: resident memory growth after the first tenth | {memory['growth_after_warm_up_mb']} MB "
                        f"({memory['growth_after_warm_up']:+.1%}) | |")
    return "\n".join(rows)


if __name__ == "__main__":
    main()
