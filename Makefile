# Thumbdrop: everything a fresh machine with Python 3.11+ needs, in two commands.
#   make run    creates .venv, installs, starts the app on the built-in local backend
#   make test   installs and runs the whole suite offscreen (unit, integration, GUI, template lint)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# aws-sam-cli pins its own boto3/click/jsonschema versions: it lives in a venv of its own.
SAM_VENV  := .venv-sam
SAM_CLI_VERSION := 1.170.0
SAM_STAMP := $(SAM_VENV)/.installed-$(SAM_CLI_VERSION)
# sam builds a boto3 session even offline; dummy credentials keep it from hunting for real
# ones (validate and build never call AWS), and telemetry off keeps it off the network.
SAM_ENV := AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1 \
	SAM_CLI_TELEMETRY=0

.PHONY: install run backend test bench lint lint-template sam-build desktop-entry clean

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

BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $@

bench: install $(BENCH_STAMP)
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/python -m bench

lint: install
	$(BIN)/ruff check desktop backend tests bench

$(SAM_STAMP):
	test -x $(SAM_VENV)/bin/python || $(PYTHON) -m venv $(SAM_VENV)
	$(SAM_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(SAM_VENV)/bin/python -m pip install --quiet 'aws-sam-cli==$(SAM_CLI_VERSION)'
	touch $@

# Plain `sam validate` runs the SAM translator (errors inside AWS::Serverless::* resources);
# --lint runs sam's bundled cfn-lint; the project's cfn-lint checks with its own rule set.
lint-template: install $(SAM_STAMP)
	$(SAM_ENV) $(SAM_VENV)/bin/sam validate --region us-east-1 --template backend/template.yaml
	$(SAM_ENV) $(SAM_VENV)/bin/sam validate --region us-east-1 --template backend/template.yaml --lint
	$(BIN)/cfn-lint backend/template.yaml

# Packages both functions for Lambda into backend/.aws-sam/build (wheels for the Lambda
# platform come from PyPI; no Docker needed). Deploy from there: see docs/DEPLOY.md.
# backend/Makefile installs the wheels with the SAM venv's pip, which surely exists.
sam-build: $(SAM_STAMP)
	cd backend && $(SAM_ENV) PIP="$(abspath $(SAM_VENV))/bin/python -m pip" ../$(SAM_VENV)/bin/sam build

# Adds Thumbdrop to the desktop's application menu (and "Open with") for this user,
# running the app from this checkout's .venv.
APPS_DIR  := $(or $(XDG_DATA_HOME),$(HOME)/.local/share)
desktop-entry: install
	mkdir -p $(APPS_DIR)/applications $(APPS_DIR)/icons/hicolor/scalable/apps
	sed 's|^Exec=thumbdrop|Exec=$(abspath $(BIN))/thumbdrop|' resources/thumbdrop.desktop \
		> $(APPS_DIR)/applications/thumbdrop.desktop
	cp resources/icon.svg $(APPS_DIR)/icons/hicolor/scalable/apps/thumbdrop.svg

clean:
	rm -rf $(VENV) $(SAM_VENV) .pytest_cache build *.egg-info
