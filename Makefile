# Two commands for a fresh Debian machine (run as root, or with sudo available):
#   make run    set up and launch the app
#   make test   set up and run the full test suite
# Both create .venv, install the pinned Python packages and any missing Debian libraries Qt needs.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

# Qt offscreen (tests), a real X window (the app, screenshots under Xvfb), PDF checks, PyInstaller.
DEB_QT   := libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 fonts-dejavu-core
DEB_X11  := xvfb xauth libxkbcommon-x11-0 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 \
            libxcb-keysyms1 libxcb-image0 libxcb-randr0 libxcb-render-util0 libxcb-shape0 \
            libxcb-shm0 libxcb-sync1 libxcb-xfixes0 libxcb-xkb1
# The bundle's numpy is compiled without BLAS (build_spec/bundle_numpy.py): C/C++ and headers.
DEB_BUILD := g++ python3-dev
# Fonts for names in other scripts (tests/unit/test_scripts_pdf.py): Chinese and Japanese
# (TrueType), Korean (a TrueType collection), Devanagari (TrueType), Thai (CFF outlines); ~13 MB.
DEB_TEST := poppler-utils binutils python3-venv fonts-droid-fallback fonts-wqy-microhei \
            fonts-lohit-deva fonts-tlwg-garuda-otf $(DEB_BUILD)

.PHONY: run test check venv system-run system-test build bundle-numpy screenshots bench clean

# Byte-compile our modules as pip does for an installed package (the editable install does
# not, and with PYTHONDONTWRITEBYTECODE=1 every start would compile them again: ~0.2 s).
run: system-run $(STAMP)
	$(PY) -m compileall -q desktop_app >/dev/null
	$(VENV)/bin/presacral-consult

test: system-test $(STAMP) check bundle-numpy
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

# Lint, import contracts and types (configured in pyproject.toml); `make test` runs them first.
check: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache --no-logo
	$(VENV)/bin/mypy

venv: $(STAMP)

$(STAMP): pyproject.toml build_spec/constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24"
	$(PY) -m pip install --quiet -c build_spec/constraints.txt -e ".[test,lint,package]"
	touch $(STAMP)

system-run:
	sh build_spec/debian_deps.sh $(DEB_QT) $(DEB_X11)

system-test:
	sh build_spec/debian_deps.sh $(DEB_QT) $(DEB_X11) $(DEB_TEST)

# One-folder executable in dist/presacral-consult/ (see README, "For IT").
build: system-test $(STAMP) bundle-numpy
	$(PY) -m PyInstaller --noconfirm --clean build_spec/presacral_consult.spec

# Linux: numpy without BLAS/LAPACK for the bundle (27 MiB less), compiled once into ~/.cache.
bundle-numpy: system-test $(STAMP)
	$(PY) build_spec/bundle_numpy.py

# PNGs to look at, in screenshots/NAME/; e.g. make screenshots ARGS="--size 1366x768 --only window"
screenshots: system-test $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.screenshots --out screenshots $(ARGS)

bench: system-test $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/startup.py

clean:
	rm -rf build dist screenshots .pytest_cache
