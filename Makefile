# MAPPA Desk: `make run` opens the app, `make test` runs the tests. Both create .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test reliability demo screenshots bench bench-docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/mappa-desk

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m "not slow"

# The proof of issue 6 at full size (minutes): figures in docs/RELIABILITY.md. `make test` runs the same tests small.
reliability: $(STAMP)
	MAPPA_RELIABILITY_FULL=1 MAPPA_FUZZ_EXAMPLES=10000 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q \
		tests/reliability tests/core/test_handover.py

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

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis
