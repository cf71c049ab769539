# Quick start: `make demo` (set up .venv and extract the bundled corpus), `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-all test-pdf test-pdf-no-fonts fuzz bench bench-report bench-ingest eval corpus schema docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

# Scanned PDFs need the OCR extra and .doc/.xls need LibreOffice: without them the demo shows
# their clear errors (exit code 1/2 of those commands is expected then) and goes on.
demo: $(STAMP)
	-$(BIN)/extractor extract corpus/ -o demo.jsonl
	@echo "wrote demo.jsonl: $$(wc -l < demo.jsonl) records"
	$(BIN)/extractor extract corpus/hongshan_jiuye_2025.txt -o demo-sample.json
	head -40 demo-sample.json
	-$(BIN)/extractor check corpus/ --fail-on never

test: $(STAMP)
	$(BIN)/ruff check extractor tests bench corpus/make
	$(BIN)/mypy
	$(BIN)/pytest -q

# Everything, nothing skipped: the optional extras too, and a missing tool fails the run.
# Needs the Debian packages that .ci/run installs (LibreOffice, Chromium, CJK fonts).
test-all: $(STAMP)
	$(BIN)/pip install -q -e '.[test,ocr,dask]'
	$(BIN)/ruff check extractor tests bench corpus/make
	$(BIN)/mypy
	EXTRACTOR_REQUIRE_ALL=1 $(BIN)/pytest -q

# The PDF tests alone; CI runs them a second time with no system font visible (.ci/run), since
# what a PDF says must not depend on the fonts the machine has.
PDF_TESTS := tests/test_reader_pdf.py tests/test_reader_pdf_borderless.py tests/test_pdf_fonts.py \
	tests/test_wraps.py tests/test_reader_ocr.py tests/test_sample.py tests/test_corpus.py
test-pdf: $(STAMP)
	$(BIN)/pytest -q $(PDF_TESTS) -k "not test_corpus or pdf"

test-pdf-no-fonts: $(STAMP)
	.ci/without_fonts $(MAKE) --no-print-directory test-pdf

# The long fuzz run (README, Reliability): 600 mutants per format (PDF, XLSX, text, HTML, DOCX),
# each in a child under 20 s and 1 GiB, then every kept regression case; ~40 min on 2 cores.
# `make test` runs a quick 150 of them and the quick regression cases.
fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzz --per-format 600 --jobs 2 --save fuzz-found

eval: $(STAMP)
	$(BIN)/extractor eval corpus/

# `make bench BASE=../base` also times another checkout (e.g. `git worktree add ../base <commit>`)
# against this one, in the same run, on the same inputs (bench/bench_commits.py), then stage by stage
# (bench/bench_stages.py).
bench: $(STAMP)
	$(BIN)/python bench/bench_extract.py
	$(BIN)/python bench/bench_pdf_fonts.py
	$(if $(BASE),$(BIN)/python bench/bench_commits.py $(BASE))
	$(if $(BASE),$(BIN)/python bench/bench_stages.py $(BASE))

bench-report: $(STAMP)
	$(BIN)/python bench/bench_report.py

bench-ingest: $(STAMP)
	$(BIN)/python bench/bench_ingest.py

schema: $(STAMP)
	$(BIN)/extractor schema > docs/record.schema.json

# The CLI reference, made from the code (tests/test_cli_reference.py checks it is current).
docs: schema
	$(BIN)/python -m extractor.cli_reference > docs/cli.md

corpus: $(STAMP)
	$(BIN)/python corpus/make/build.py
	$(BIN)/python corpus/make/build_reportlab.py

clean:
	rm -rf $(VENV) demo.jsonl demo-sample.json bench/out fuzz-found
