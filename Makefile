# MAPPA Desk: `make run` opens the app, `make test` runs the tests. Both create .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test schema reliability demo screenshots bench bench-docs bundle bundle-test clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/mappa-desk

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m "not slow"

# The interchange JSON Schema, rewritten from the record's declarations (domain.record); a test fails while the
# committed mappa_desk/interchange/meeting.schema.json differs from it.
schema: $(STAMP)
	$(BIN)/python -m mappa_desk.interchange.schema

# The reliability proof at full size (minutes), then every attack the vault must withstand, printed as the
# attack table (tests marked `attack`): figures and table in docs/RELIABILITY.md. `make test` runs all of it small.
reliability: $(STAMP)
	MAPPA_RELIABILITY_FULL=1 MAPPA_FUZZ_EXAMPLES=10000 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q \
		tests/reliability tests/services/test_handover.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m "attack and not slow" tests

demo: $(STAMP)
	$(BIN)/mappa-desk demo

screenshots: $(STAMP)
	$(BIN)/python tools/screenshots.py

# The performance figures against their targets (docs/PERFORMANCE.md). Not part of `make test`: the first
# run builds a synthetic vault of 5,000 individuals and 50,000 meetings (cached in .bench-cache/).
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/bench.py

bench-docs: $(STAMP)
	$(BIN)/python benchmarks/bench_docs.py

# The desktop bundle (docs/PACKAGING.md): dist/mappa-desk/, built by PyInstaller from build.spec in a
# virtual environment of its own with the exact versions of tools/bundle-constraints.txt and no test tools.
BUNDLE_VENV  := .venv-bundle
BUNDLE_STAMP := $(BUNDLE_VENV)/.installed-stamp

$(BUNDLE_STAMP): pyproject.toml tools/bundle-constraints.txt
	$(PYTHON) -m venv $(BUNDLE_VENV)
	$(BUNDLE_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BUNDLE_VENV)/bin/python -m pip install --quiet -c tools/bundle-constraints.txt -e . pyinstaller pyinstaller-hooks-contrib
	touch $(BUNDLE_STAMP)

bundle: $(BUNDLE_STAMP)
	rm -rf build/bundle dist/mappa-desk
	$(BUNDLE_VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN --workpath build/bundle --distpath dist build.spec
	@echo "Built dist/mappa-desk/ ($$(du -sb dist/mappa-desk | cut -f1) bytes). Check it: dist/mappa-desk/mappa-desk --self-test"

# Builds the bundle and runs its self-test offscreen (tests/bundle, marked slow): part of CI, not of `make test`.
bundle-test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m slow tests/bundle

clean:
	rm -rf $(VENV) $(BUNDLE_VENV) build dist *.egg-info .pytest_cache .hypothesis
