# harmledger task runner. `make demo` and `make test` work on a fresh machine with only
# the package registries: they create .venv, install the project and run.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck install eval-gate bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -f demo-ledger.db
	$(BIN)/harmledger --db demo-ledger.db ingest examples/
	$(BIN)/harmledger --db demo-ledger.db claims
	$(BIN)/harmledger --db demo-ledger.db quotes
	$(BIN)/harmledger --db demo-ledger.db incidents ls

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

eval-gate: $(STAMP)
	$(BIN)/python scripts/eval_gate.py

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_pipeline.py --docs 500

clean:
	rm -rf $(VENV) demo-ledger.db
