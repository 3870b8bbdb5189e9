# baimo — `make` sets up and builds everything; `make test` proves it. `make help` lists targets.
SHELL := /bin/bash
PYTHON ?= python3.11
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
export PYTHONHASHSEED := 0

.DEFAULT_GOAL := all
.PHONY: all help setup build corpus test lint bench lab check env clean distclean browser

all: build ## set up the environment, build the corpus, run every notebook, write figures/ and site/

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(UV):
	@$(PYTHON) -m venv $(TOOLS)
	@$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	@touch $@

setup: $(VENV)/.synced ## create .venv from uv.lock (pinned; nothing unlocked is installed); install the git pre-commit hook
	@if git rev-parse --git-dir >/dev/null 2>&1 && [ ! -f "$$(git rev-parse --git-path hooks)/pre-commit" ]; then \
	  $(VENV)/bin/pre-commit install >/dev/null && echo "installed the pre-commit hook (nbstripout, ruff)"; fi

corpus: setup ## clean and segment the seed articles into build/corpus/ (skipped when unchanged)
	$(PY) -m baimo corpus build

build: setup ## run the notebooks with papermill, refresh figures/ (and the site)
	$(PY) -m baimo build

check: setup ## verify facts, references, assumptions and figure provenance
	$(PY) -m baimo check

lint: setup ## ruff: lint and format check of lib, tests, bench and the notebooks
	$(VENV)/bin/ruff check lib tests bench notebooks
	$(VENV)/bin/ruff format --check lib tests bench

test: setup browser lint ## lint, then the test suite (executes the notebooks with papermill into build/, never figures/)
	$(PY) -m pytest

bench: setup ## benchmarks: the build vs papermill+nbconvert, each chapter vs an empty chapter, route search vs jieba, the corpus engines vs a plain loop (prints ratios)
	$(PY) bench/build.py
	$(PY) bench/chapters.py
	$(PY) bench/segment.py
	$(PY) bench/corpus.py

browser: ## Debian's chromium + fonts-noto-cjk for the browser test (`make test` runs this; installs only as root, only when missing)
	@if command -v chromium >/dev/null && fc-list 2>/dev/null | grep -q "Noto Sans CJK"; then chromium --version; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "installing chromium and fonts-noto-cjk from Debian for the browser test …"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null && chromium --version; \
	else echo "not root and no chromium: the browser test will skip (install chromium and fonts-noto-cjk, or run as root)"; fi

LAB_FLAGS := $(if $(filter 0,$(shell id -u)),--allow-root,)

lab: setup ## open JupyterLab on notebooks/ (its runs write under build/runs/, never figures/)
	$(UV) sync --frozen --python $(PYTHON) --group lab
	@touch $(VENV)/.synced
	@echo "JupyterLab on http://localhost:8888/lab — the full URL with its token follows; Ctrl-C stops it"
	$(VENV)/bin/jupyter lab --no-browser $(LAB_FLAGS) notebooks/

env: setup ## regenerate environment.yml from the lock file
	$(PY) -m baimo env > environment.yml

clean: ## remove generated build/ and site/ (keeps .venv and figures/)
	rm -rf build site

distclean: clean ## also remove .venv and the uv bootstrap
	rm -rf $(VENV) $(TOOLS)
