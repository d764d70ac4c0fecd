"""Derive ``src/dateline/data/cameo.tsv`` from the two public tables it is made of.

    python scripts/make_cameo_table.py CAMEO2PLOVER-2021.txt CAMEO.goldsteinscale.txt > src/dateline/data/cameo.tsv

- ``CAMEO2PLOVER-2021.txt``: the CAMEO-to-PLOVER conversion table of the PLOVER repository
  (https://github.com/openeventdata/PLOVER, file ``CAMEO2PLOVER-2021.txt``, commit 5e0c24f;
  Philip Schrodt, 17 September 2021; CC BY-SA 4.0);
- ``CAMEO.goldsteinscale.txt``: GDELT's lookup of the Goldstein (1992) scale per CAMEO code
  (https://www.gdeltproject.org/data/lookups/CAMEO.goldsteinscale.txt).

Both are read as given: one row per code, its PLOVER type, mode and contexts (empty where the
crosswalk has none: roots 01 and 02 have no PLOVER counterpart), its Goldstein value and the
crosswalk's description. The root names come from the CAMEO codebook (Schrodt 2012). Nothing is
downloaded: the script reads local copies.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

# CAMEO 1.1b3 (Schrodt 2012), the twenty root event classes.
ROOT_NAMES = {
    "01": "Make public statement", "02": "Appeal", "03": "Express intent to cooperate", "04": "Consult",
    "05": "Engage in diplomatic cooperation", "06": "Engage in material cooperation", "07": "Provide aid",
    "08": "Yield", "09": "Investigate", "10": "Demand", "11": "Disapprove", "12": "Reject", "13": "Threaten",
    "14": "Protest", "15": "Exhibit force posture", "16": "Reduce relations", "17": "Coerce", "18": "Assault",
    "19": "Fight", "20": "Use unconventional mass violence",
}

HEADER = """\
# CAMEO event codes with their PLOVER type, mode and context, Goldstein scale value and description.
# Read by dateline.resources.load_event_codes; written by scripts/make_cameo_table.py (do not edit by hand).
#
# plover_type, plover_mode, plover_context: the CAMEO-to-PLOVER conversion table, CAMEO2PLOVER-2021.txt
#   (PLOVER manual draft 0.8, Philip Schrodt, 17 September 2021), from https://github.com/openeventdata/PLOVER
#   (commit 5e0c24fba623f2d8df5ae3c7de7a94dba90d5b6f). Licence: Creative Commons Attribution-ShareAlike 4.0
#   International (CC BY-SA 4.0); this derived table is shared under the same licence. A root row lists every
#   PLOVER type the table files under that root ("CONCEDE|RETREAT" for 08); several contexts are joined by "|".
# goldstein: the Goldstein (1992) conflict-cooperation scale as adapted to CAMEO, from GDELT's lookup table
#   https://www.gdeltproject.org/data/lookups/CAMEO.goldsteinscale.txt (Goldstein, J. S. 1992, "A
#   Conflict-Cooperation Scale for WEIS Events Data", Journal of Conflict Resolution 36(2): 369-385).
#   Empty for the codes the crosswalk has and that table lacks (1213, 1214).
# description: the crosswalk's comment; for root rows, the root's name in the CAMEO codebook 1.1b3
#   (Schrodt 2012, http://eventdata.parusanalytics.com/data.dir/cameo.html); empty for the 01 and 02
#   sub-codes, which the crosswalk does not list.
code\tplover_type\tplover_mode\tplover_context\tgoldstein\tdescription
"""


def read_crosswalk(path: Path) -> tuple[dict[str, tuple[str, str, str, str]], dict[str, list[str]]]:
    """Codes -> (type, mode, contexts, description), and roots -> the types filed under them."""
    codes: dict[str, tuple[str, str, str, str]] = {}
    roots: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(\d{2,4}):\s*(.*)$", line)
        if not match:
            continue
        code, rest = match.groups()
        rest, _, comment = rest.partition("#")
        fields = [f.strip() for f in rest.split(",")]
        if len(code) == 2:
            roots.setdefault(code, []).append(fields[0])
            continue
        fields += [""] * (3 - len(fields))
        contexts = "|".join(c.strip() for c in fields[2].split(";") if c.strip())
        description = re.sub(r"\s+\d\d\.\d\d\.\d\d:.*$", "", comment.strip())  # the editor's dated notes
        codes.setdefault(code, (fields[0], fields[1], contexts, description))
    return codes, roots


def read_goldstein(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        code, _, value = line.partition("\t")
        if code.strip():
            out[code.strip()] = f"{float(value):.1f}"
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    codes, roots = read_crosswalk(Path(argv[0]))
    goldstein = read_goldstein(Path(argv[1]))
    rows = []
    for code in sorted(set(codes) | set(goldstein) | set(ROOT_NAMES), key=lambda c: (c[:2], c)):
        if len(code) == 2:
            rows.append((code, "|".join(roots.get(code, [])), "", "", goldstein.get(code, ""), ROOT_NAMES[code]))
        else:
            kind, mode, contexts, description = codes.get(code, ("", "", "", ""))
            rows.append((code, kind, mode, contexts, goldstein.get(code, ""), description))
    sys.stdout.write(HEADER)
    for row in rows:
        sys.stdout.write("\t".join(row) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
