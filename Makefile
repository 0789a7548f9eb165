# Two commands: `make run` serves the platform with the sample city; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.run-installed
TEST_STAMP := $(VENV)/.test-installed

.PHONY: run test lint bench-smoke clean

run: $(RUN_STAMP)
	@scripts/debian-packages.sh run
	$(BIN)/xinyong db upgrade
	$(BIN)/xinyong sample --if-empty
	$(BIN)/xinyong serve

test: $(TEST_STAMP)
	@scripts/debian-packages.sh test
	$(BIN)/pytest

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests bench

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(RUN_STAMP)

clean:
	rm -rf $(VENV) var .pytest_cache
