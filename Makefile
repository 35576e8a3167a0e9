# Two commands on a fresh machine:  make run   (set up Python and system packages, then extract corpus/ into output/)
#                                   make test  (set up, then lint, check the schema and run the tests)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: setup sysdeps sysdeps-run run test bench bench-formats bench-instructions bench-ocr bench-archive eval clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e '.[test]'
	touch $@

# the corpus has a .doc (LibreOffice) and a scan (Tesseract): `run` installs what extraction needs first
run: setup sysdeps-run
	$(BIN)/mtcl extract corpus -o output
	$(BIN)/mtcl eval output tests/gold

sysdeps:
	bash scripts/system-deps.sh

sysdeps-run:
	bash scripts/system-deps.sh run

test: setup sysdeps
	$(BIN)/ruff check .
	$(BIN)/mtcl schema --check
	$(BIN)/pytest

bench: setup
	$(BIN)/python bench/run.py

bench-formats: setup sysdeps
	$(BIN)/python bench/formats.py

bench-instructions: setup
	$(BIN)/python bench/instructions.py

bench-ocr: setup sysdeps
	$(BIN)/python bench/ocr.py

bench-archive: setup sysdeps
	$(BIN)/python bench/archive.py

clean:
	rm -rf $(VENV) output/json output/csv output/*.jsonl output/*.csv
