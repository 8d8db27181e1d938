# Thumbdrop: everything a fresh machine with Python 3.11+ needs, in two commands.
#   make run    creates .venv, installs, starts the app on the built-in local backend
#   make test   installs and runs the whole suite offscreen (unit, integration, GUI, template lint)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run backend test test-fast bench lint lint-template clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(STAMP)

run: install
	$(BIN)/thumbdrop $(ARGS)

backend: install
	$(BIN)/thumbdrop-backend $(ARGS)

test: install
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider
	$(MAKE) --no-print-directory lint-template

bench: install
	$(BIN)/python -m bench

lint: install
	$(BIN)/ruff check desktop backend tests bench

clean:
	rm -rf $(VENV) $(SAM_VENV) .pytest_cache build *.egg-info
