#!/usr/bin/env bash
# Creates (once) the Python 3.11 virtual environment the training package's tests run train.py in,
# and prints its python's path on the last line. Installs only from this machine's pip mirror
# (the find-links and index folders `pip config list` shows), with --no-index semantics: the public
# index is never asked, so an install does not spend minutes retrying an unreachable host.
# The venv lives outside the checkout (a clean CI clone reuses it) and is rebuilt when
# requirements.txt changes (its sha256 is stamped inside). With --existing it only checks: a missing
# or stale venv is an error (the tests pass it under CI, where .ci/run must have made it).
set -euo pipefail
cd "$(dirname "$0")/.."
REQ=src/portable/training/requirements.txt
VENV="${TRAINING_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/transfer-lab/training-venv}"
PY="${PYTHON311:-python3.11}"
stamp=$(sha256sum "$REQ" | cut -c1-16)
if [ -x "$VENV/bin/python" ] && [ "$(cat "$VENV/.requirements-sha" 2>/dev/null)" = "$stamp" ]; then
  echo "$VENV/bin/python"
  exit 0
fi
if [ "${1:-}" = "--existing" ]; then
  echo "training-venv: no Python venv with src/portable/training/requirements.txt at $VENV; .ci/run creates it (scripts/training-venv.sh)" >&2
  exit 1
fi
command -v "$PY" >/dev/null || { echo "training-venv: $PY not found (the training package needs Python 3.11)" >&2; exit 1; }
rm -rf "$VENV"
"$PY" -m venv "$VENV" >&2
# The mirror: pip's configured find-links and extra index URLs, passed explicitly with --index-url
# replaced, so nothing falls back to pypi.org.
args=(--disable-pip-version-check --no-input --quiet)
for f in $(pip config get global.find-links 2>/dev/null) ${PIP_MIRROR_FIND_LINKS:-}; do args+=(--find-links "$f"); done
urls=$(pip config get global.extra-index-url 2>/dev/null || true)
urls="${PIP_MIRROR_INDEX_URLS:-$urls}"
if [ -z "$urls" ]; then
  args+=(--no-index)
else
  first=1
  for u in $urls; do
    if [ $first = 1 ]; then args+=(--index-url "$u"); first=0; else args+=(--extra-index-url "$u"); fi
  done
fi
log="$VENV/pip-install.log"
# pip warns once per package about the mirror's second index folder lacking it: kept in the log.
"$VENV/bin/python" -m pip install "${args[@]}" -r "$REQ" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
echo "$stamp" > "$VENV/.requirements-sha"
echo "$VENV/bin/python"
