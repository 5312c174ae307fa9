# One entry point for developers and CI. Every target creates .venv on first use.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export QT_QPA_PLATFORM ?= offscreen

.PHONY: demo test lint typecheck pytest bench translations lupdate package clean sim

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

translations: $(STAMP)
	$(PY) -m tvox_panel.i18n.build release

lupdate: $(STAMP)
	$(PY) -m tvox_panel.i18n.build update

demo: $(STAMP) translations
	@QT_QPA_PLATFORM= $(PY) -m tvox_panel.desktop.qtlibs
	QT_QPA_PLATFORM= $(VENV)/bin/tvox-panel --demo

sim: $(STAMP)
	$(VENV)/bin/tvox-sim

lint: $(STAMP)
	$(VENV)/bin/ruff check tvox_panel tests benchmarks packaging
	$(VENV)/bin/ruff format --check tvox_panel tests benchmarks packaging

typecheck: $(STAMP)
	$(VENV)/bin/mypy tvox_panel benchmarks

pytest: $(STAMP) translations
	$(PY) -m pytest -q $(PYTEST_ARGS)

test: lint typecheck pytest

bench: $(STAMP) translations
	$(PY) -m benchmarks

package: $(STAMP) translations
	$(VENV)/bin/pyinstaller --noconfirm --clean --distpath dist --workpath build packaging/tvox-panel.spec

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache
