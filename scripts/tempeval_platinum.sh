#!/usr/bin/env bash
# Bring TempEval-3 platinum (20 news articles, TIMEX3 gold) out of a copy of the public repository
# qiangning/StructTempRel-EMNLP17 (a clone, or a bare mirror) into a folder outside this repository:
#
#     scripts/tempeval_platinum.sh PATH/TO/StructTempRel-EMNLP17[.git] [OUT]   # OUT defaults to ../te3-platinum
#
# The files are not shipped with dateline (no licence allows redistributing them); the tests and
# `dateline eval --tempeval OUT` read them from OUT. The official TempEval-3 scorer is in the same
# repository (data/TempEval3/Tools/tools/TE3-evaluation.py, Python 2); scripts/tempeval_official.sh runs it.
set -euo pipefail
source_repo=${1:?give the path of a clone or mirror of qiangning/StructTempRel-EMNLP17}
out=${2:-"$(cd "$(dirname "$0")/../.." && pwd)/te3-platinum"}
folder=data/TempEval3/Evaluation/te3-platinum
if [ -d "$source_repo/$folder" ]; then
  mkdir -p "$out" && cp "$source_repo/$folder"/*.tml "$out"/
else
  tmp=$(mktemp -d)
  git --git-dir "$source_repo" archive HEAD "$folder" | tar -x -C "$tmp"
  mkdir -p "$out" && cp "$tmp/$folder"/*.tml "$out"/ && rm -rf "$tmp"
fi
echo "$(ls "$out"/*.tml | wc -l) TimeML files in $out"
