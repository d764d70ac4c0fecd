"""The catalogue of dateline's errors: stable codes and messages that say what to do.

Library code raises ``DatelineError``; the CLI prints ``str(err)`` on one line and sets
the exit status. Codes are stable: scripts may match on them.
"""

from __future__ import annotations


class DatelineError(Exception):
    """An error with a stable code, e.g. ``DatelineError("E101", "x.bin: binary file")``."""

    def __init__(self, code: str, message: str):
        super().__init__(f"{code} {message}")
        self.code = code
        self.message = message

    def __reduce__(self):  # raised in a worker process, it is pickled back to the main one
        return (type(self), (self.code, self.message))


# Input errors (ingest): one per bad file, the run goes on.
E101 = "binary file, not text (skip it or convert it to text first)"
E102 = "empty file or no article text after cleaning"
E103 = "not valid UTF-8 and no other encoding fits (re-encode it as UTF-8)"
E104 = "malformed JSON line"
E105 = "JSON line has no 'text' field"
E106 = "file larger than the size limit (split it, or raise --max-bytes)"
E107 = "not English (dateline reads English news only)"
E108 = "HTML page with no extractable article text"
E109 = "cannot read file"
E110 = "already stored: not analysed again"
# Knowledge base errors.
E201 = "not a knowledge-base record"
E202 = "knowledge-base file not found"
E203 = "speech-cue file not found"
E204 = "not a speech-cue file (a JSON object of word lists)"
# Gazetteer data errors.
E210 = (
    "places data the gazetteer cannot use (data/places.json, documented in places.md: "
    "a region's seats and a landmark's city must be GeoNames towns of its country)"
)
# Evaluation errors.
E301 = "gold file is not a list of annotations in the DESIGN format"
E302 = "system file is not JSON lines in the output contract"
E303 = "not a MEANTIME XML file"
E304 = "no MEANTIME XML files in the directory"
E305 = "cannot read the quote-benchmark annotations (a JSON file of offsets, as eval/bench_quotes.json)"
E306 = "unknown quote-benchmark set (ecbplus or meantime)"
E307 = "an annotation draft that cannot be frozen (eval/GUIDE.md: snippets, names, types)"
E308 = "corpus gold that cannot be read or no longer fits its article text (eval/corpus)"
E320 = "not a TimeML (.tml) file with a TEXT element"
E321 = "no TimeML (.tml) files in the directory (TempEval-3 platinum: te3-platinum/*.tml)"
E309 = "cannot read the ECB+ documents (ecbplus_docs.jsonl: JSON lines with doc, topic, subtopic, text)"
E310 = "not a topic range of the benchmark (--topics FIRST-LAST, e.g. 36-45, with documents in it)"
# Model errors.
E401 = "spaCy model not installed (run `make install`, or set DATELINE_SPACY_MODEL)"
# Database errors (store).
E501 = "cannot open the database, or it is not a dateline database"
E502 = "the database was made by a newer dateline (upgrade dateline)"
E503 = "cannot write to the database (another process is writing, or a document breaks the schema)"
E504 = "unknown export format (choose jsonl, csv, parquet, timeml, plover or gdelt)"
E505 = "cannot write the export"
E506 = (
    "the database was made by an older dateline "
    "(open it once with a write command such as `dateline ingest` to upgrade it)"
)
E507 = "the export would overwrite the database it reads (choose another --out)"
E508 = "exists already (choose another --out, or add --force to overwrite it)"
# Command-line errors.
E601 = "no such database (create it with `dateline ingest PATH --db FILE`)"
# Explorer errors (`dateline serve`; the JSON API answers them as {"error": {"code", "message"}}).
E901 = "bad request parameter (the message names it and what it accepts)"
E902 = "no such document"
E903 = "no such actor"
E904 = "no such page"
E905 = "no such story, or the link stage has not run on this database"
E906 = "internal error in the explorer (please report it with the request)"
# Event lexicon errors.
E801 = "not a PLOVER lexicon file"
E802 = "lexicon file not found"
# Analysis errors.
E701 = "internal error while analysing a document (please report it with the document)"
E702 = "internal error while linking a document to the others (it stays stored, unlinked; please report it)"
E704 = "not analysed: the worker process analysing it stopped (out of memory, or killed)"
E705 = "the worker processes stop before analysing anything (see the error above them; try --workers 1)"
# Engine errors (runner).
E706 = "unknown engine (choose local or dask)"
E707 = "the Dask engine needs dask.distributed installed (pip install distributed)"
E708 = "cannot reach the Dask scheduler (give its address with --scheduler, as tcp://host:8786)"
