# Two commands for a fresh machine with only python3 and make: `make run`, `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: compile run test lint typecheck unit bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

$(DEV_STAMP): $(STAMP) requirements-dev.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	touch $@

# Byte-compiled as pip compiles an installed package: a checkout run with
# PYTHONDONTWRITEBYTECODE set would otherwise compile every module at each start.
compile: $(STAMP)
	$(BIN)/python -m compileall -q tui

run: compile
	$(BIN)/hk-timeline

lint: $(DEV_STAMP)
	$(BIN)/ruff check tui tests bench
	$(BIN)/ruff format --check tui

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

unit: $(DEV_STAMP)
	$(BIN)/python -m pytest -q -n 2 --dist worksteal

test: lint typecheck unit

bench: compile
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build dist .mypy_cache .pytest_cache .ruff_cache
