# Thumbdrop: everything a fresh machine with Python 3.11+ needs, in two commands.
#   make run    creates .venv, installs, starts the app on the built-in local backend
#   make test   installs and runs the whole suite offscreen (unit, integration, GUI, template lint)
#   make check-deploy   the slow offline AWS checks (checkov, a real sam build); .ci/run runs both
#   make dist           the wheel and sdist (dist/);  make bundle  the one-folder desktop bundle
#   make check-dist     installs both outside the checkout and runs them; .ci/run runs it too
#   make check-web      the share page in headless Chromium (tests/web); .ci/run runs it too

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Every environment below is installed from a committed lock by uv (exact versions, hashes):
# nothing is resolved at install time, so a fresh clone installs today what it installed the
# day the lock was made. `make lock` re-resolves (see the README, "Dependencies").
#   .venv          the app, the tests, the benchmarks   uv.lock (pyproject.toml)
#   .venv-sam      the SAM CLI (pins its own boto3)     locks/sam/uv.lock
#   .venv-deploy   checkov (its own large tree)         locks/deploy/uv.lock
#   Lambda bundles                                      backend/*/requirements.txt
# uv itself comes from PyPI by pip, checked against the hashes in locks/uv.txt.
UV_VENV := .venv-uv
UV      := $(UV_VENV)/bin/uv
SAM_VENV    := .venv-sam
DEPLOY_VENV := .venv-deploy
# uv takes the Python make was given and never downloads one of its own.
export UV_PYTHON := $(PYTHON)
export UV_PYTHON_DOWNLOADS := never
# sam builds a boto3 session even offline; dummy credentials keep it from hunting for real
# ones (validate and build never call AWS), and telemetry off keeps it off the network.
SAM_ENV := AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1 \
	SAM_CLI_TELEMETRY=0
# A lock that no longer matches what it was made from is refused with a sentence: `uv lock
# --check --offline` fails whenever it would have to resolve anything.
define check_lock
	@$(UV) lock --check --offline --quiet $(1) >/dev/null 2>&1 || { \
		echo "$(2) and its lock disagree (a dependency was added or changed without"; \
		echo "re-locking). Run 'make lock' and commit the lock files it changes."; exit 1; }
endef

.PHONY: install run backend test bench bench-lambda lint lint-template check-deploy \
	lock update-deps relock sam-build desktop-entry clean translations screenshots dist bundle check-dist \
	check-web

# Translations: resources/i18n/thumbdrop_<lang>.ts is compiled to its .qm (built, not
# committed), only when the .ts changed. `make translations` refreshes the .ts from the sources
# (the CLI and the launcher stay English: they run without Qt's translators). The API's
# error sentences are declared once in backend/common/error_codes.py; the app translates them.
TS_FILES := $(wildcard resources/i18n/*.ts)
QM_FILES := $(TS_FILES:.ts=.qm)
TRANSLATED_SOURCES := $(filter-out desktop/cli.py desktop/launcher.py, \
	$(wildcard desktop/*.py desktop/client/*.py desktop/ui/*/*.py)) backend/common/error_codes.py

$(UV): locks/uv.txt
	test -x $(UV_VENV)/bin/python || $(PYTHON) -m venv $(UV_VENV)
	$(UV_VENV)/bin/python -m pip install --quiet --require-hashes --no-deps -r locks/uv.txt
	touch $@

# The app with its dev and bench extras, editable, exactly as uv.lock says (also removes
# whatever the lock does not name).
$(STAMP): pyproject.toml uv.lock $(UV)
	$(call check_lock,,pyproject.toml)
	$(UV) sync --frozen --all-extras --quiet
	touch $@

install: $(STAMP) $(QM_FILES)

resources/i18n/%.qm: resources/i18n/%.ts | $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

# The README's screenshots (docs/screenshots/*-light.png, *-dark.png), taken from a virtual X
# server with a window manager and tray: needs xvfb-run, and openbox + tint2 where wanted
# (Debian: apt install xvfb libxcb-cursor0 openbox tint2).
screenshots: install
	xvfb-run -a -s "-screen 0 1440x900x24" $(BIN)/python tools/screenshots.py
	xvfb-run -a -s "-screen 0 1440x900x24" $(BIN)/python tools/screenshots.py --language de
	QT_SCALE_FACTOR=2 xvfb-run -a -s "-screen 0 2880x1800x24" $(BIN)/python tools/screenshots.py
	QT_SCALE_FACTOR=2 xvfb-run -a -s "-screen 0 2880x1800x24" $(BIN)/python tools/screenshots.py --language de

translations: $(STAMP)
	$(BIN)/pyside6-lupdate -no-obsolete -locations relative $(TRANSLATED_SOURCES) \
		-ts $(TS_FILES)

run: install
	$(BIN)/thumbdrop $(ARGS)

backend: install
	$(BIN)/thumbdrop-backend $(ARGS)

# One pytest worker per core (TEST_WORKERS=0: all in this process); a test file stays on one worker,
# so its module-scoped backend starts once.
TEST_WORKERS ?= auto
test: install
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider \
		-n $(TEST_WORKERS) --dist loadfile
	$(MAKE) --no-print-directory lint-template

bench: install
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/python -m bench

# Resize time against the CPU share of 512, 1024 and 1769 MB Lambdas (docs/scale.md). Root
# gets an exact cgroup CPU quota; others a SIGSTOP/SIGCONT duty cycle.
bench-lambda: install
	$(BIN)/python -m bench.lambda_sizing

lint: install
	$(BIN)/ruff check desktop backend tests bench tools packaging

SAM_STAMP := $(SAM_VENV)/.installed
$(SAM_STAMP): locks/sam/pyproject.toml locks/sam/uv.lock $(UV)
	$(call check_lock,--project locks/sam,locks/sam/pyproject.toml)
	UV_PROJECT_ENVIRONMENT=$(abspath $(SAM_VENV)) $(UV) sync --frozen --quiet --project locks/sam
	touch $@

# Plain `sam validate` runs the SAM translator (errors inside AWS::Serverless::* resources);
# --lint runs sam's bundled cfn-lint; the project's cfn-lint checks with its own rule set.
lint-template: install $(SAM_STAMP)
	$(SAM_ENV) $(SAM_VENV)/bin/sam validate --region us-east-1 --template backend/template.yaml
	$(SAM_ENV) $(SAM_VENV)/bin/sam validate --region us-east-1 --template backend/template.yaml --lint
	$(BIN)/cfn-lint backend/template.yaml

DEPLOY_STAMP := $(DEPLOY_VENV)/.installed
$(DEPLOY_STAMP): locks/deploy/pyproject.toml locks/deploy/uv.lock $(UV)
	$(call check_lock,--project locks/deploy,locks/deploy/pyproject.toml)
	UV_PROJECT_ENVIRONMENT=$(abspath $(DEPLOY_VENV)) $(UV) sync --frozen --quiet \
		--project locks/deploy
	touch $@

# The slow offline deploy checks (tests/deploy/, marked deploy_tools): checkov on the template
# with its documented skip list, and a real `sam build` into a temporary dir (Lambda wheels from
# PyPI). `make test` runs the fast ones (translation, cfn-lint, IAM policies under moto).
check-deploy: install $(SAM_STAMP) $(DEPLOY_STAMP)
	THUMBDROP_DEPLOY_TOOLS=1 THUMBDROP_SAM=$(abspath $(SAM_VENV))/bin/sam \
		THUMBDROP_CHECKOV=$(abspath $(DEPLOY_VENV))/bin/checkov \
		$(BIN)/python -m pytest -q -p no:cacheprovider -m deploy_tools tests/deploy

# `make lock` after changing a dependency (pyproject.toml, locks/*/pyproject.toml, a
# requirements.in): re-locks what changed and keeps every other pin. `make update-deps` to take
# new releases: re-resolves every lock to the newest versions the ranges allow (uv itself to
# the version locks/uv.in names). Both then pin the Lambda requirements for the Lambda platform
# (python3.12, arm64) within the app's lock, so the handlers run on AWS with the versions the
# tests ran them with. Afterwards run `make test` and commit the lock files that changed.
lock: $(UV)
	$(MAKE) --no-print-directory relock UPGRADE=

update-deps: $(UV)
	$(MAKE) --no-print-directory relock UPGRADE=--upgrade

relock:
	$(UV) pip compile --quiet --universal --generate-hashes locks/uv.in -o locks/uv.txt
	$(UV) lock $(UPGRADE)
	$(UV) lock $(UPGRADE) --project locks/sam
	$(UV) lock $(UPGRADE) --project locks/deploy
	$(UV) export --quiet --frozen --all-extras --no-hashes --no-emit-project \
		--output-file $(VENV)-lambda-constraints.txt
	for fn in presign resize; do \
		$(UV) pip compile --quiet --python-version 3.12 \
			--python-platform aarch64-manylinux_2_28 --generate-hashes \
			--constraint $(VENV)-lambda-constraints.txt \
			--output-file backend/$$fn/requirements.txt backend/$$fn/requirements.in || exit 1; \
	done
	rm -f $(VENV)-lambda-constraints.txt

# Packages the three functions for Lambda into backend/.aws-sam/build (wheels for the Lambda
# platform come from PyPI; no Docker needed). Deploy from there: see docs/DEPLOY.md.
# backend/Makefile installs the wheels with the SAM venv's pip, which surely exists.
sam-build: $(SAM_STAMP)
	cd backend && $(SAM_ENV) PIP="$(abspath $(SAM_VENV))/bin/python -m pip" ../$(SAM_VENV)/bin/sam build

# --- what people install: the wheel, the sdist and the desktop bundle ------------------------
VERSION := $(shell sed -n 's/^VERSION = "\(.*\)"$$/\1/p' backend/common/version.py)
WHEEL   := dist/thumbdrop-$(VERSION)-py3-none-any.whl
SDIST   := dist/thumbdrop-$(VERSION).tar.gz
BUNDLE  := dist/thumbdrop-$(VERSION)-linux-$(shell uname -m).tar.gz
BUNDLE_DIR := build/bundle
# uv.lock's versions as constraints: what a wheel is installed with in the bundle's build venv
# and in check-dist's throwaway venvs (from uv's cache, which make install filled).
CONSTRAINTS := build/constraints.txt

$(CONSTRAINTS): uv.lock $(UV)
	mkdir -p $(dir $@)
	$(UV) export --quiet --frozen --all-extras --no-hashes --no-emit-project --output-file $@

# The sdist first, then the wheel built from the unpacked sdist (python -m build's way), so the
# wheel proves the sdist complete: the translations (.qm) are built before and ship in both.
# --no-isolation: setuptools comes from uv.lock (in .venv), not resolved afresh. A
# thumbdrop.egg-info left by an earlier build would feed its file list into the next sdist.
dist: install
	rm -rf dist/thumbdrop-* thumbdrop.egg-info
	mkdir -p build
	$(BIN)/python -m build --no-isolation --outdir dist . > build/dist.log 2>&1 || \
		{ cat build/dist.log; exit 1; }
	@ls -l $(WHEEL) $(SDIST)

# The one-folder Linux bundle (PyInstaller), packed as .tar.gz: built in a venv holding only
# the wheel and its runtime dependencies (packaging/bundle.py says why). The licence and the
# third-party notices, generated from that venv's packages, lie beside the programs.
bundle: dist $(CONSTRAINTS)
	rm -rf $(BUNDLE_DIR)
	$(UV) venv --quiet $(BUNDLE_DIR)/venv
	$(UV) pip install --quiet --python $(BUNDLE_DIR)/venv/bin/python \
		--constraint $(CONSTRAINTS) $(WHEEL) pyinstaller
	cd $(BUNDLE_DIR) && venv/bin/pyinstaller --noconfirm --log-level ERROR --distpath out \
		--workpath work $(abspath packaging/thumbdrop-linux.spec)
	$(BUNDLE_DIR)/venv/bin/python -m desktop.notices $(BUNDLE_DIR)/out/thumbdrop/THIRD-PARTY-NOTICES.txt
	cp LICENSE $(BUNDLE_DIR)/out/thumbdrop/LICENSE
	tar -C $(BUNDLE_DIR)/out -czf $(BUNDLE) thumbdrop
	@ls -l $(BUNDLE)

# The slow packaging checks (tests/dist/, run only with THUMBDROP_DIST=1): the wheel installed
# into a throwaway venv outside the checkout, the bundle unpacked into a temporary folder, each
# run with nothing of ours on PATH or PYTHONPATH: --version, the built-in backend, one upload
# through thumbdrop-cli to ready, the app offscreen. Start times are written to
# build/start-times.txt (measured, never asserted).
check-dist: dist bundle $(CONSTRAINTS)
	rm -f build/start-times.txt
	THUMBDROP_DIST=1 THUMBDROP_WHEEL=$(abspath $(WHEEL)) THUMBDROP_SDIST=$(abspath $(SDIST)) \
		THUMBDROP_BUNDLE=$(abspath $(BUNDLE)) THUMBDROP_UV=$(abspath $(UV)) \
		THUMBDROP_CONSTRAINTS=$(abspath $(CONSTRAINTS)) THUMBDROP_DEV_BIN=$(abspath $(BIN)) \
		THUMBDROP_START_TIMES=$(abspath build/start-times.txt) \
		$(BIN)/python -m pytest -q -p no:cacheprovider tests/dist
	@cat build/start-times.txt

# The share page in a real browser (tests/web/, run only with THUMBDROP_WEB=1): headless
# Chromium through Selenium against the built-in backend. Debian's chromium and
# chromium-driver are installed when missing (root, as on CI); others are told the command.
check-web: install
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get install -y -q chromium chromium-driver >/dev/null; \
		else \
			echo "check-web needs Chromium: sudo apt-get install chromium chromium-driver"; \
			exit 1; \
		fi; \
	fi
	QT_QPA_PLATFORM=offscreen THUMBDROP_WEB=1 THUMBDROP_WEB_SHOTS=$(abspath build/web) \
		$(BIN)/python -m pytest -q -p no:cacheprovider tests/web

# Adds Thumbdrop to the desktop's application menu (and "Open with") for this user, running
# the app from this checkout's .venv (what `thumbdrop --install-desktop-entry` does anywhere).
desktop-entry: install
	$(abspath $(BIN))/thumbdrop --install-desktop-entry

clean:
	rm -rf $(VENV) $(SAM_VENV) $(DEPLOY_VENV) $(UV_VENV) .pytest_cache build dist *.egg-info
