"""Where the chain's time goes after the parse: CPU seconds per stage, and optionally per function.

The texts are read as ``dateline extract`` reads them and parsed once (the parse's CPU time is
printed); then the per-document chain (``pipeline.analyze_one`` on each parse) runs ``--repeat``
times. Each stage's CPU time (``time.process_time``, so other jobs on a busy machine count for
little) is the lowest of the repeats; the shares are of their sum, and ``after the parse / parse``
is the chain's own cost against the parse it reads.

``--functions N`` also samples the stack every half millisecond of this process's CPU time
(``ITIMER_PROF``) and lists the N functions most often on it (inclusive) and at its top (self;
spaCy's compiled calls count for the Python function that makes them). A wall-clock profiler charges a loaded machine's waits to
whatever runs; CPU-time samples do not. Output only, never a test: nothing here asserts a time.

    PYTHONPATH=src .venv/bin/python scripts/profile_stages.py [PATH ...] [--repeat 3] [--functions 40]
"""

from __future__ import annotations

import argparse
import signal
import time
from collections import Counter
from pathlib import Path

from dateline.ingest import read_inputs
from dateline.nlp import parse
from dateline.pipeline import analyze_one
from dateline.records import Document
from dateline.resources import Settings, load_resources

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "dateline" / "data" / "sample"


class _Sampler:
    """Counts the functions on the stack each time the process has used ``interval`` s of CPU."""

    def __init__(self, interval: float = 0.0005):
        self.interval = interval
        self.inclusive: Counter[str] = Counter()
        self.own: Counter[str] = Counter()
        self.samples = 0

    def __enter__(self) -> "_Sampler":
        signal.signal(signal.SIGPROF, self._sample)
        signal.setitimer(signal.ITIMER_PROF, self.interval, self.interval)
        return self

    def __exit__(self, *exc) -> None:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        signal.signal(signal.SIGPROF, signal.SIG_DFL)

    def _sample(self, signum, frame) -> None:
        self.samples += 1
        seen: set[str] = set()
        first = True
        while frame is not None:
            code = frame.f_code
            name = f"{code.co_filename.split('/src/')[-1].split('site-packages/')[-1]}:{code.co_firstlineno} {code.co_name}"
            if first:
                self.own[name] += 1
                first = False
            if name not in seen:
                self.inclusive[name] += 1
                seen.add(name)
            frame = frame.f_back


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(SAMPLE)], help="files or folders, as dateline extract reads them")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the chain over the parses; the lowest time is kept")
    parser.add_argument("--functions", type=int, default=0, metavar="N", help="also list the N functions most sampled")
    args = parser.parse_args()

    resources = load_resources(Settings())
    documents = [d for d in read_inputs(args.paths, boilerplate=resources.boilerplate, agencies=resources.kb.agencies)
                 if isinstance(d, Document)]
    start = time.process_time()
    docs = list(parse(resources.nlp, [d.text for d in documents]))
    parse_seconds = time.process_time() - start

    best: dict[str, float] = {}
    totals = []
    sampler = _Sampler()
    for _ in range(max(1, args.repeat)):
        timings: dict[str, float] = {}
        start = time.process_time()
        if args.functions:
            with sampler:
                for document, doc in zip(documents, docs):
                    analyze_one(document, resources, doc, timings=timings, timer=time.process_time)
        else:
            for document, doc in zip(documents, docs):
                analyze_one(document, resources, doc, timings=timings, timer=time.process_time)
        totals.append(time.process_time() - start)
        best = {stage: min(seconds, best.get(stage, seconds)) for stage, seconds in timings.items()}

    after = sum(best.values())
    print(f"{len(documents)} documents; CPU seconds: parse {parse_seconds:.2f}, after the parse {min(totals):.2f} "
          f"(runs: {', '.join(f'{t:.2f}' for t in totals)}); after the parse / parse {min(totals) / parse_seconds:.3f}")
    print("| stage | CPU seconds | share |\n|---|---|---|")
    for stage, seconds in sorted(best.items(), key=lambda item: -item[1]):
        print(f"| {stage} | {seconds:.4f} | {100 * seconds / after:.1f}% |")
    if args.functions:
        for title, counts in (("inclusive", sampler.inclusive), ("self", sampler.own)):
            print(f"\n{title} ({sampler.samples} samples):")
            for name, count in counts.most_common(args.functions):
                print(f"{100 * count / sampler.samples:5.1f}% {name}")


if __name__ == "__main__":
    main()
