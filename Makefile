# trainbook: `make demo` trains a CNN on the digits; `make test` runs every check.
# Both create .venv on first use. Dev/CI pins live here and in settings.ini's dev_requirements.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TORCH  ?= torch==2.13.0

.PHONY: venv demo test test-nbs export clean-nbs bench docs docs-check

$(STAMP): settings.ini setup.py pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q "$(TORCH)" -e ".[dev]"
	@touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/python scripts/demo.py --out demo_output

test: $(STAMP)
	$(BIN)/python tools/run_tests.py

test-nbs: $(STAMP)
	$(BIN)/python tools/run_tests.py --only-notebooks

export: $(STAMP)
	$(BIN)/nbdev_export
	$(BIN)/nbdev_clean

bench: $(STAMP)
	$(BIN)/python bench/bench_loop.py
