# trainbook: `make demo` trains a CNN on the digits; `make test` runs every check.
# Both create .venv on first use. Dev/CI pins live here and in settings.ini's dev_requirements.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TORCH  ?= torch==2.13.0
NPM_STAMP := tools/node_modules/.package-lock.json

.PHONY: venv demo test test-nbs export bench docs docs-check readme colab

$(STAMP): settings.ini setup.py pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q "$(TORCH)" -e ".[dev]"
	@touch $(STAMP) $(RT_STAMP)

venv: $(STAMP)

# The demo needs only the runtime requirements and scikit-learn (the digits data); `make test` adds the dev tools.
RT_STAMP := $(VENV)/.installed-runtime
$(RT_STAMP): settings.ini setup.py pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q "$(TORCH)" -e ".[data]"
	@touch $(RT_STAMP)

demo: $(RT_STAMP)
	$(BIN)/python scripts/demo.py --out demo_output

test: $(STAMP) $(NPM_STAMP)
	$(BIN)/python tools/run_tests.py

test-nbs: $(STAMP)
	$(BIN)/python tools/run_tests.py --only-notebooks

export: $(STAMP)
	$(BIN)/nbdev_export
	$(BIN)/nbdev_clean

bench: $(STAMP)
	$(BIN)/python bench/bench_loop.py
	$(BIN)/python bench/bench_loop_ablations.py
	$(BIN)/python bench/bench_loop.py --width 512 --batches 600
	if command -v valgrind >/dev/null; then $(BIN)/python bench/bench_loop_instructions.py; else echo 'bench_loop_instructions.py skipped: no valgrind'; fi
	$(BIN)/python bench/bench_optimizer.py --threads 1
	$(BIN)/python bench/bench_lr_find.py
	$(BIN)/python bench/bench_import.py

# The docs site: Quarto (nbdev_docs) where it is installed, else offline with Sphinx into _site/.
# MathJax and the ipywidgets embed manager are served locally, from npm packages in tools/.
DOCS_QUERY ?= fit_one_cycle
DOCS_FLAGS ?=

$(NPM_STAMP): tools/package.json tools/package-lock.json
	npm ci --prefix tools --no-audit --no-fund

docs: $(STAMP) $(NPM_STAMP)
	$(BIN)/python tools/docs.py $(DOCS_FLAGS)

docs-check: docs
	$(BIN)/python tools/check_site.py --query "$(DOCS_QUERY)"

readme: $(STAMP)
	$(BIN)/python tools/readme.py

colab: $(STAMP)
	$(BIN)/python tools/colab.py
	$(BIN)/python tools/docs.py sidebar
