# Two commands on a fresh machine: `make demo` and `make test`. Both create .venv when absent.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.coopkg-installed
DEMO_STORE ?= coopkg-store

.PHONY: demo test bench exports clean install

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -qq --upgrade pip
	@$(BIN)/python -m pip install -qq -e '.[test,serve]'
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/coopkg build --store $(DEMO_STORE)
	$(BIN)/coopkg query plans --store $(DEMO_STORE)

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m bench.load
	$(BIN)/python -m bench

exports: $(STAMP)
	$(BIN)/python -m kg_build.release exports

clean:
	rm -rf $(VENV) coopkg-store .coopkg-store.* site build dist
