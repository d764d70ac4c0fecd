"""Write dateline's TIMEX3s for TempEval-3 platinum as TimeML files the official TempEval-3 scorer reads.

    PYTHONPATH=src .venv/bin/python scripts/tempeval_official.py GOLD_DIR OUT_DIR
    cd TOOLS && python2 TE3-evaluation.py GOLD_DIR OUT_DIR 0.5     # TOOLS: data/TempEval3/Tools/tools

Each output file keeps the gold file's head (DOCID, DCT, TITLE) and its TEXT with dateline's TIMEX3
tags only (``benchmarks.tempeval.system_timexes``: the spans ``dateline export --format timeml``
writes), so the scorer aligns the same tokens. Events are not written: the scorer's event figures
are then zero and only its timex figures mean anything.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape

from dateline.benchmarks.tempeval import read_tml, system_timexes
from dateline.resources import load_resources


def main(gold_dir: str, out_dir: str) -> None:
    nlp = load_resources().nlp
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(Path(gold_dir).glob("*.tml")):
        document = read_tml(path)
        raw = path.read_text(encoding="utf-8")
        head = raw[: raw.index("<TEXT>")]
        tail = raw[raw.index("</TEXT>") :]
        tail = re.sub(r"<(TLINK|SLINK|ALINK|MAKEINSTANCE)\b[^>]*/>\s*", "", tail)
        parts, position = [], 0
        for number, tag in enumerate(system_timexes(document, nlp), 1):
            parts.append(escape(document.text[position : tag.start]))
            parts.append(f'<TIMEX3 tid="t{number}" type="{tag.type}" value="{escape(tag.value)}">'
                         f"{escape(document.text[tag.start : tag.end])}</TIMEX3>")
            position = tag.end
        parts.append(escape(document.text[position:]))
        (out / path.name).write_text(head + "<TEXT>" + "".join(parts) + tail, encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:3])
