# Thumbdrop: everything a fresh machine with Python 3.11+ needs, in two commands.
#   make run    creates .venv, installs, starts the app on the built-in local backend
#   make test   installs and runs the whole suite offscreen (unit, integration, GUI, template lint)
#   make check-deploy   the slow offline AWS checks (checkov, a real sam build); .ci/run runs both

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# aws-sam-cli pins its own boto3/click/jsonschema versions: it lives in a venv of its own.
SAM_VENV  := .venv-sam
SAM_CLI_VERSION := 1.170.0
SAM_STAMP := $(SAM_VENV)/.installed-$(SAM_CLI_VERSION)
# checkov (security lint of the template) pins its own large dependency tree, and uv pins the
# Lambda requirements for the Lambda platform: a venv of their own too.
DEPLOY_VENV := .venv-deploy
CHECKOV_VERSION := 3.3.30
UV_VERSION := 0.13.9
DEPLOY_STAMP := $(DEPLOY_VENV)/.installed-$(CHECKOV_VERSION)-$(UV_VERSION)
# sam builds a boto3 session even offline; dummy credentials keep it from hunting for real
# ones (validate and build never call AWS), and telemetry off keeps it off the network.
SAM_ENV := AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1 \
	SAM_CLI_TELEMETRY=0

.PHONY: install run backend test bench bench-lambda lint lint-template check-deploy \
	lambda-requirements sam-build desktop-entry clean translations screenshots

# Translations: resources/i18n/thumbdrop_<lang>.ts is compiled to its .qm (built, not
# committed), only when the .ts changed. `make translations` refreshes the .ts from the sources
# (the CLI and the launcher stay English: they run without Qt's translators).
TS_FILES := $(wildcard resources/i18n/*.ts)
QM_FILES := $(TS_FILES:.ts=.qm)
TRANSLATED_SOURCES := $(filter-out desktop/cli.py desktop/launcher.py, \
	$(wildcard desktop/*.py desktop/client/*.py desktop/ui/*.py))

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(STAMP) $(QM_FILES)

resources/i18n/%.qm: resources/i18n/%.ts | $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

# The README's screenshots (docs/screenshots/*-light.png, *-dark.png), taken from a virtual X
# server: needs xvfb-run (Debian: apt install xvfb libxcb-cursor0).
screenshots: install
	xvfb-run -a -s "-screen 0 1280x800x24" $(BIN)/python tools/screenshots.py

translations: $(STAMP)
	$(BIN)/pyside6-lupdate -no-obsolete -locations relative $(TRANSLATED_SOURCES) \
		-ts $(TS_FILES)

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

# Resize time against the CPU share of 512, 1024 and 1769 MB Lambdas (docs/scale.md). Root
# gets an exact cgroup CPU quota; others a SIGSTOP/SIGCONT duty cycle.
bench-lambda: install
	$(BIN)/python -m bench.lambda_sizing

lint: install
	$(BIN)/ruff check desktop backend tests bench tools

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

$(DEPLOY_STAMP):
	test -x $(DEPLOY_VENV)/bin/python || $(PYTHON) -m venv $(DEPLOY_VENV)
	$(DEPLOY_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(DEPLOY_VENV)/bin/python -m pip install --quiet 'checkov==$(CHECKOV_VERSION)' 'uv==$(UV_VERSION)'
	touch $@

# The slow offline deploy checks (tests/deploy/, marked deploy_tools): checkov on the template
# with its documented skip list, and a real `sam build` into a temporary dir (Lambda wheels from
# PyPI). `make test` runs the fast ones (translation, cfn-lint, IAM policies under moto).
check-deploy: install $(SAM_STAMP) $(DEPLOY_STAMP)
	THUMBDROP_DEPLOY_TOOLS=1 THUMBDROP_SAM=$(abspath $(SAM_VENV))/bin/sam \
		THUMBDROP_CHECKOV=$(abspath $(DEPLOY_VENV))/bin/checkov \
		$(BIN)/python -m pytest -q -p no:cacheprovider -m deploy_tools tests/deploy

# Re-pins the Lambda requirements (every package, with hashes) from requirements.in, resolved for
# the Lambda platform whatever machine runs this. Commit the result.
lambda-requirements: $(DEPLOY_STAMP)
	for fn in presign resize; do \
		$(DEPLOY_VENV)/bin/uv pip compile --quiet --python-version 3.12 \
			--python-platform aarch64-manylinux_2_28 --generate-hashes \
			--output-file backend/$$fn/requirements.txt backend/$$fn/requirements.in || exit 1; \
	done

# Packages the three functions for Lambda into backend/.aws-sam/build (wheels for the Lambda
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
	rm -rf $(VENV) $(SAM_VENV) $(DEPLOY_VENV) .pytest_cache build *.egg-info
