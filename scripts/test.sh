#!/usr/bin/env bash
# The whole suite: SQLite always, PostgreSQL when TEST_DATABASE_URL is set, browser tests when Chromium is
# present. Prints what it skipped and why. With STRICT=1 (CI), any skip is a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export DJANGO_SETTINGS_MODULE=config.settings.test
mkdir -p artifacts
skipped=()
status=0

if [ -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
else
  skipped+=("browser tests: Chromium not found at ${CHROMIUM:-/usr/bin/chromium} (apt-get install chromium fonts-noto-cjk)")
fi

echo "== lint (ruff check, ruff format --check) and migrations (makemigrations --check)"
$BIN/ruff check . || status=1
$BIN/ruff format --check . || { echo "unformatted files: run make format"; status=1; }
$BIN/python manage.py makemigrations --check --dry-run -v 0 || { echo "a model change has no migration: run manage.py makemigrations"; status=1; }

run_suite() {
  local name=$1; shift
  echo "== tests on $name"
  # One test process per core (pytest-xdist); each gets its own test database.
  $BIN/pytest -q -rs -p no:cacheprovider -n "${TEST_WORKERS:-auto}" "$@" || status=1
}

echo "== note: tests marked 'postgresql' run only in the PostgreSQL suite, tests marked 'sqlite' only in the SQLite one"
# Coverage is measured on the SQLite run (the PostgreSQL run covers the same code) and summarised per app.
run_suite SQLite --cov --cov-report=
echo "== coverage (SQLite run)"
$BIN/python scripts/coverage_summary.py
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  DATABASE_URL="$TEST_DATABASE_URL" run_suite PostgreSQL
else
  skipped+=("PostgreSQL suite: TEST_DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)")
fi

# The schema-driven fuzz run of the whole API (core/tests/test_api_fuzz.py): a live server on a scratch SQLite
# database, the widest and the narrowest staff user, FUZZ_EXAMPLES examples per operation; it prints the operations
# it exercised, the requests it sent and their statuses, and fails on any 5xx or answer that breaks the schema.
echo "== fuzz: schemathesis against a live server (every operation, FUZZ_EXAMPLES=${FUZZ_EXAMPLES:-3})"
fuzz_started=$SECONDS
env -u DATABASE_URL FUZZ=1 $BIN/pytest -q -p no:cacheprovider -p no:xdist core/tests/test_api_fuzz.py || status=1
echo "== fuzz took $((SECONDS - fuzz_started)) s"

if [ ${#skipped[@]} -gt 0 ]; then
  echo "== skipped"
  for s in "${skipped[@]}"; do echo "  - $s"; done
  if [ "${STRICT:-0}" = "1" ]; then echo "STRICT=1: nothing may be skipped"; status=1; fi
fi
exit $status
