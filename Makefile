# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint serve clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres]'
	touch $(STAMP)

# Demo data lives in ./.data unless EMPATHICA_DATA_DIR or EMPATHICA_DATABASE_URL says otherwise.
demo: $(STAMP)
	EMPATHICA_DATA_DIR=$${EMPATHICA_DATA_DIR:-$(CURDIR)/.data} $(BIN)/empathica demo

serve: $(STAMP)
	EMPATHICA_DATA_DIR=$${EMPATHICA_DATA_DIR:-$(CURDIR)/.data} $(BIN)/empathica serve

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks training
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	bash scripts/ensure-chromium.sh
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/emotion_quality.py --data ../shared/data/goemotions
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) .data .mypy_cache .ruff_cache .pytest_cache
