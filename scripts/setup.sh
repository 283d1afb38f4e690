#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian/Ubuntu machine: system packages, a virtualenv in .venv,
# and the project installed into it (editable, with the dev extras).
# Re-running is cheap: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  python3-venv python3-dev build-essential
  libzbar0                                  # QR/barcode decoding (pyzbar)
  libsane1 libsane-dev sane-utils           # document scanners (python-sane builds against libsane)
  tesseract-ocr tesseract-ocr-ind           # OCR suggestions of the NIK
  postgresql                                # production server database; tests start throwaway clusters
  xvfb xauth                                # a virtual screen for GUI runs without a display
  libegl1 libgl1 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1   # Qt's xcb platform plugin
  libpulse0                                 # Qt multimedia / speech
  speech-dispatcher espeak-ng libspeechd2   # self-service voice guidance (Indonesian voice)
  libwayland-client0 libwayland-cursor0 libwayland-egl1   # Qt's wayland platform plugin
  poppler-utils fonts-dejavu-core
  desktop-file-utils nsis                   # installers: menu entry check, makensis (Windows)
  chromium                                  # back-office browser tests (pip playwright drives it)
  firefox-esr                               # back-office browser tests in Firefox (WebDriver BiDi, no driver binary)
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "[setup] Memasang paket sistem / installing system packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    echo "[setup] Memasang paket sistem / installing system packages: ${missing[*]}"
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "[setup] Paket sistem belum terpasang dan tidak ada hak root." >&2
    echo "[setup] System packages are missing and this user cannot install them. Ask an administrator to run:" >&2
    echo "    sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "[setup] Python 3.11 atau lebih baru diperlukan / Python 3.11+ is required (found $("$PYTHON" --version))." >&2
  exit 1
fi
if [[ ! -x .venv/bin/python ]]; then
  echo "[setup] Membuat virtualenv / creating .venv"
  "$PYTHON" -m venv .venv
fi

stamp=.venv/.setup-stamp
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
  echo "[setup] Memasang dependensi Python / installing Python dependencies"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[dev]'
  echo "$want" > "$stamp"
fi
