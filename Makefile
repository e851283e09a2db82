# 铜仁案例库 — every target installs what it needs into .venv from exact pins.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell $(PYTHON) -c "import hashlib,sys;print(hashlib.sha256(open('requirements.txt','rb').read()).hexdigest()[:12])")
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install validate site serve test offline verify-offline bench clean

install: $(STAMP) node_modules/.package-lock.json

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $@

validate: install
	$(BIN)/python scripts/validate.py

# Build into a scratch folder and swap it in only when the build succeeded:
# a failed build never leaves a half-written site/.
site: install
	rm -rf .site.tmp
	$(BIN)/mkdocs build --strict --quiet --site-dir .site.tmp || { rm -rf .site.tmp; exit 1; }
	rm -rf site && mv .site.tmp site
	@echo "网站已生成：site/"

serve: install
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

# The USB edition: dist/tongren-kb-offline-<version>.zip
offline: install
	$(BIN)/python scripts/build_offline.py

verify-offline: install
	@test -n "$(DIR)" || { echo "用法: make verify-offline DIR=离线版文件夹"; exit 2; }
	$(BIN)/python scripts/verify_offline.py "$(DIR)"

# Benchmark against plain mkdocs-material; SIZES=100,1000 to change the sizes.
SIZES ?= 100,1000,3000
bench: install
	$(BIN)/python scripts/bench.py --sizes $(SIZES)

test: install
	$(BIN)/python -m pytest -q tests

clean:
	rm -rf site .site.tmp dist .pytest_cache bench-results
