# The two commands a new user needs: `make run` and `make test`.  CI runs `make ci` through .ci/run.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test lint typecheck migrations-check deploy-check ci clean lock

$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed (found %s)" % sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --requirement requirements.lock
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python -m workbench.run

# Tests get their own Celery queue so a running workbench's worker never takes their tasks.
test: install
	CELERY_QUEUE=workbench-test $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy .

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

# `check --deploy` under a production-style environment must print no warning.
deploy-check: install
	DEBUG=false SECRET_KEY=deploy-check-$$(head -c 48 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	SECURE_SSL_REDIRECT=true SECURE_HSTS_SECONDS=31536000 SECURE_HSTS_INCLUDE_SUBDOMAINS=true SECURE_HSTS_PRELOAD=true \
	ALLOWED_HOSTS=workbench.example.org \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

ci: lint typecheck migrations-check deploy-check test

# Re-pin every dependency after editing pyproject.toml.
lock: install
	$(BIN)/python -m pip install --quiet --upgrade ".[dev]"
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^attribution-workbench' > requirements.lock

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
