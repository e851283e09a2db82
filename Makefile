# 铜仁案例库 — every target installs what it needs into .venv from exact pins.
# requirements.txt is the runtime (validate, site, serve, pdf, offline);
# requirements-test.txt adds what make test and make bench need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
hash    = $(shell $(PYTHON) -c "import hashlib,os;p='$(1)';print(hashlib.sha256(open(p,'rb').read()).hexdigest()[:12] if os.path.exists(p) else 'none')")
STAMP  := $(VENV)/.installed-$(call hash,requirements.txt)
TEST_STAMP := $(VENV)/.installed-test-$(call hash,requirements-test.txt)
PIP    := $(BIN)/pip install --quiet --disable-pip-version-check --no-deps
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: desk desk-user stage install install-python install-test install-npm system-packages validate site serve test offline verify-offline bench clean new-case new-course schemas pdf epub new-handbook bench-pdf import

# Python is all that validate, site and serve need; node/npm only for the USB
# edition (search shim, polyfill), the tests and the benchmark.
install: install-python install-npm
install-python: $(STAMP)
install-test: $(TEST_STAMP)
install-npm: node_modules/.package-lock.json

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# The runtime pins, then the kb package itself in editable mode (its console
# scripts: kb-validate, kb-pdf, ...), built by the pinned setuptools.
$(STAMP): requirements.txt $(wildcard pyproject.toml)
	$(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements.txt
	$(PIP) --no-build-isolation --editable .
	rm -f $(VENV)/.installed-* && touch $@

$(TEST_STAMP): requirements-test.txt $(STAMP)
	$(PIP) -r requirements-test.txt
	rm -f $(VENV)/.installed-test-* && touch $@

# Chromium, Noto CJK, Pango, HarfBuzz, poppler-utils: installed with apt as
# root, otherwise the one command to run is shown.
system-packages:
	@bash scripts/system_packages.sh

validate: install-python
	$(BIN)/kb-validate

# The pipeline (scripts/kb/cli/site.py): stage -> engine -> finish.
# make site ENGINE=zensical renders with Zensical; each stage writes beside
# its folder and swaps it in, so a failed build keeps the last good site/.
# EDITION=teacher: the teacher edition (teaching notes; site-teacher/, build/teacher/).
ENGINE ?= mkdocs
EDITION ?= trainee
PORT ?= 8000
stage: install-python
	$(BIN)/kb-site stage --engine $(ENGINE) --edition $(EDITION)

site: install-python
	$(BIN)/kb-site site --engine $(ENGINE) --edition $(EDITION)

# Rebuilds on every content change; http://127.0.0.1:$(PORT)
serve: install-python
	$(BIN)/kb-site serve --engine $(ENGINE) --port $(PORT) --edition $(EDITION)

# The USB edition: dist/tongren-kb-offline-<version>.zip
offline: install
	$(BIN)/kb-offline --engine $(ENGINE) --edition $(EDITION)

verify-offline: install-python
	@test -n "$(DIR)" || { echo "用法: make verify-offline DIR=离线版文件夹（或解压 zip 得到的文件夹）"; exit 2; }
	$(BIN)/kb-verify-offline "$(DIR)"

# Print editions: dist/pdf/<handbook>.pdf and dist/pdf/cases/<case>.pdf
# (A4; make pdf PAPER=A5 writes dist/pdf/A5/; EDITION=teacher writes
# dist/pdf/teacher/ with each case's teaching note). Needs fonts-noto-cjk and Pango (apt).
PAPER ?= A4
pdf: install-python
	$(BIN)/kb-pdf --paper $(PAPER) --edition $(EDITION)

# EPUB 3 for phone reading apps: dist/epub/<handbook>.epub (the USB edition carries them too).
epub: install-python
	$(BIN)/kb-epub

# Benchmark against plain mkdocs-material; SIZES=100,1000 to change the sizes.
SIZES ?= 100,1000,3000
# Only the PDF part (one handbook of 30, 100, 300 cases): make bench-pdf
bench-pdf: install-python
	$(BIN)/kb-bench --pdf

bench: system-packages install-test install-npm
	$(BIN)/kb-bench --sizes $(SIZES)

# Skeletons of new content (kb-new, kb/cli/new_item.py): never overwrite anything.
new-case: install-python
	@$(BIN)/kb-new case "$(ID)" "$(TITLE)" $(if $(SOURCE),--source "$(SOURCE)")

new-course: install-python
	@$(BIN)/kb-new course "$(ID)" "$(TITLE)" $(if $(SOURCE),--source "$(SOURCE)")

new-handbook: install-python
	@$(BIN)/kb-new handbook "$(ID)" "$(TITLE)" $(if $(SOURCE),--source "$(SOURCE)")

# A Word file as a draft case (kb-import, kb/importer/): cases/<ID>/ with case.md, its pictures and the
# case.yml skeleton; ID defaults to the file name in pinyin. Never overwrites anything.
import: install-python
	@test -n "$(FILE)" || { echo "用法: make import FILE=案例.docx [ID=案例id]（不写 ID 时按文件名的拼音取一个；不会覆盖已有的案例）"; exit 2; }
	@$(BIN)/kb-import "$(FILE)" $(if $(ID),--id "$(ID)") --root .

# JSON Schemas for the editor (schemas/), generated from kb/content/models.py.
schemas: install-python
	$(BIN)/kb-schemas

# 编辑台, the editing desk (kb/desk): http://127.0.0.1:$(DESK_PORT)/ by default.
# HOST=<address> serves other computers too, and needs users (make desk-user).
DESK_PORT ?= 8100
HOST ?= 127.0.0.1
desk: install
	$(BIN)/kb-desk serve --host $(HOST) --port $(if $(filter command line,$(origin PORT)),$(PORT),$(DESK_PORT))

desk-user: install-python
	@$(BIN)/kb-desk user "$(NAME)"

test: system-packages install-test install-npm
	$(BIN)/python -m pytest -q -n auto --dist loadfile --durations=12 tests

clean:
	rm -rf site site.tmp build dist .pytest_cache bench-results
