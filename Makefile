# 铜仁案例库 — every target installs what it needs into .venv from exact pins.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell $(PYTHON) -c "import hashlib,sys;print(hashlib.sha256(open('requirements.txt','rb').read()).hexdigest()[:12])")
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install install-python install-npm validate site serve test offline verify-offline bench clean new-case new-course schemas pdf new-handbook bench-pdf

# Python is all that validate, site and serve need; node/npm only for the USB
# edition (search shim, polyfill), the tests and the benchmark.
install: install-python install-npm
install-python: $(STAMP)
install-npm: node_modules/.package-lock.json

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $@

validate: install-python
	$(BIN)/python scripts/validate.py

# Build into a scratch folder and swap it in only when the build succeeded:
# a failed build never leaves a half-written site/.
site: install-python
	rm -rf .site.tmp
	$(BIN)/mkdocs build --strict --quiet --site-dir .site.tmp || { rm -rf .site.tmp; exit 1; }
	rm -rf site && mv .site.tmp site
	@echo "网站已生成：site/"

serve: install-python
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

# The USB edition: dist/tongren-kb-offline-<version>.zip
offline: install
	$(BIN)/python scripts/build_offline.py

verify-offline: install-python
	@test -n "$(DIR)" || { echo "用法: make verify-offline DIR=离线版文件夹（或解压 zip 得到的文件夹）"; exit 2; }
	$(BIN)/python scripts/verify_offline.py "$(DIR)"

# Print editions: dist/pdf/<handbook>.pdf and dist/pdf/cases/<case>.pdf
# (A4; make pdf PAPER=A5 for A5). Needs the fonts-noto-cjk and Pango (apt).
PAPER ?= A4
pdf: install-python
	$(BIN)/python scripts/build_pdf.py --paper $(PAPER)

# Benchmark against plain mkdocs-material; SIZES=100,1000 to change the sizes.
SIZES ?= 100,1000,3000
# Only the PDF part (one handbook of 30, 100, 300 cases): make bench-pdf
bench-pdf: install-python
	$(BIN)/python scripts/bench.py --pdf

bench: install
	$(BIN)/python scripts/bench.py --sizes $(SIZES)

# Skeletons of new content (scripts/new_item.py): never overwrite anything.
new-case: $(STAMP)
	@$(BIN)/python scripts/new_item.py case "$(ID)" "$(TITLE)" $(if $(SOURCE),--source "$(SOURCE)")

new-course: $(STAMP)
	@$(BIN)/python scripts/new_item.py course "$(ID)" "$(TITLE)" $(if $(SOURCE),--source "$(SOURCE)")

new-handbook: $(STAMP)
	@$(BIN)/python scripts/new_item.py handbook "$(ID)" "$(TITLE)" $(if $(SOURCE),--source "$(SOURCE)")

# JSON Schemas for the editor (schemas/), generated from kb/models.py.
schemas: $(STAMP)
	$(BIN)/python scripts/gen_schemas.py

test: install
	$(BIN)/python -m pytest -q tests

clean:
	rm -rf site .site.tmp dist .pytest_cache bench-results
