# Two commands for a newcomer: `make run` and `make test`. Everything else is a helper for those two.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .stamps
NODE_DIR := tools/node
UV_VERSION := 0.13.8

.PHONY: run test lint typecheck pytest venv node lock token bench clean

$(STAMPS)/venv: requirements.lock pyproject.toml
	@mkdir -p $(STAMPS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip sync -q --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install -q --python $(BIN)/python --no-deps -e .
	@touch $@

$(STAMPS)/node: $(NODE_DIR)/package.json $(NODE_DIR)/package-lock.json
	@mkdir -p $(STAMPS)
	cd $(NODE_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

venv: $(STAMPS)/venv
node: $(STAMPS)/node

## Re-pin every Python dependency after editing pyproject.toml.
lock:
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -q -o requirements.lock

## Start the whole system on SQLite and print its URLs.
run: venv
	$(BIN)/python -m devstack

## Print a development token: make token SUB=alice SCOPE="wallet:credit"
token: venv
	@$(BIN)/python -m subgraphs.shared.devtoken --sub "$(or $(SUB),alice)" --scope "$(SCOPE)"

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: venv
	$(BIN)/mypy router subgraphs registry devstack tests

pytest: venv node
	$(BIN)/pytest

test: lint typecheck pytest

bench: venv node
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) $(STAMPS) $(NODE_DIR)/node_modules .dev
