# One entry point for developers and CI. Every target creates .venv on first use.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export QT_QPA_PLATFORM ?= offscreen

# The Debian/Ubuntu packages Qt needs: offscreen (the tests), and on a minimal desktop (the xcb
# platform plugin: X11, xcb and its utility libraries, OpenGL/EGL). README: Quick start.
QT_OFFSCREEN_LIBS := libdbus-1-3 libegl1 libfontconfig1 libglib2.0-0 libxkbcommon0
QT_DESKTOP_LIBS := $(QT_OFFSCREEN_LIBS) libfreetype6 libgl1 libx11-6 libx11-xcb1 libxcb1 \
	libxcb-cursor0 libxcb-glx0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 \
	libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1 \
	libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0

.PHONY: demo test lint typecheck pytest bench translations lupdate package deb test-deb clean \
	sim qt-libs

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,package]'
	touch $(STAMP)

# Print a package list for scripts: make -s qt-libs WHICH=desktop
qt-libs:
	@echo $(if $(filter desktop,$(WHICH)),$(QT_DESKTOP_LIBS),$(QT_OFFSCREEN_LIBS))

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

# The Debian package from the bundle (needs dpkg-dev): dist/tvox-panel_VERSION_ARCH.deb
deb: package
	$(PY) packaging/build_deb.py --bundle dist/tvox-panel --out dist --work build/deb

# Install the package for real (root, Debian/Ubuntu), run it offscreen and on Xvfb with a window
# manager and a tray host, check lintian, remove it. Not part of make test: it builds a package.
test-deb: deb
	$(PY) -m pytest -q tests/system $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache
