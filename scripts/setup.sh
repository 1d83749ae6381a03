# Shared set-up for scripts/demo and scripts/test (sourced, not run).
# Checks Python, installs or names the Debian packages the app needs, makes .venv
# and installs the project into it. Safe to run any number of times.
# Usage inside a script:  MODE=app|test; source scripts/setup.sh

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf '\033[31mError:\033[0m %s\n' "$*" >&2; exit 1; }

# --- Python 3.11 or newer ------------------------------------------------------
PYTHON=""
for candidate in "${PYTHON_BIN:-}" python3.13 python3.12 python3.11 python3; do
  [ -n "$candidate" ] || continue
  if command -v "$candidate" >/dev/null 2>&1 &&
     "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
    PYTHON="$(command -v "$candidate")"; break
  fi
done
[ -n "$PYTHON" ] || fail "Python 3.11 or newer is needed. On Debian/Ubuntu: sudo apt-get install python3 python3-venv"

# --- system packages -----------------------------------------------------------
# WeasyPrint needs Pango and HarfBuzz; letters in every script need the Noto fonts.
# fonts-noto-core has every script the closings list uses (Urdu in Nastaliq, Myanmar, Khmer,
# Sinhala, Ethiopic…); fonts-noto-color-emoji prints emoji in colour instead of empty boxes.
PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig fonts-noto-core fonts-noto-cjk
          fonts-noto-color-emoji)
if [ "${MODE:-app}" = "test" ]; then
  # Browser tests: Debian's Chromium, and libatomic1 for Playwright's driver (its bundled node).
  # poppler-utils: pdftotext measures where words sit on the page; faketime: runs the suite
  # with the machine's clock years away, to prove no test depends on today's date;
  # redis-server: sign-in limits are tested on Redis storage too.
  PACKAGES+=(chromium libatomic1 poppler-utils faketime redis-server)
  # The test run starts its own PostgreSQL; only the server programs are needed.
  if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    PACKAGES+=(postgresql)
  fi
fi
if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
  PACKAGES+=("python3-venv")
fi

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = "0" ]; then
      say "Installing system packages: ${missing[*]}"
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq || fail "apt-get update failed; check the network, then run this again."
      apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
        fail "Could not install: ${missing[*]}. Try: apt-get install ${missing[*]}"
    else
      fail "These system packages are missing: ${missing[*]}
Install them, then run this command again:

    sudo apt-get install ${missing[*]}
"
    fi
  fi
else
  say "Not a Debian/Ubuntu system: make sure Pango, HarfBuzz, the Noto fonts$( [ "${MODE:-app}" = test ] && echo ', Chromium and the PostgreSQL server' ) are installed."
fi

# --- virtual environment ---------------------------------------------------------
if [ ! -x .venv/bin/python ]; then
  say "Creating the virtual environment in .venv"
  "$PYTHON" -m venv .venv || fail "Could not create .venv. On Debian/Ubuntu: sudo apt-get install python3-venv"
fi
EXTRAS=""
[ "${MODE:-app}" = "test" ] && EXTRAS="[test]"
STAMP=".venv/.installed-${MODE:-app}"
WANT="$(cat pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANT" ]; then
  say "Installing the project and its Python packages"
  .venv/bin/python -m pip install --quiet --upgrade pip >/dev/null
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${EXTRAS}" ||
    fail "pip could not install the project; see the messages above."
  echo "$WANT" > "$STAMP"
fi
export PATH="$ROOT/.venv/bin:$PATH"
