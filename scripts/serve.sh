#!/usr/bin/env bash
# `make run`'s server: gunicorn for the pages and the API, plus one background-task worker (imports, exports)
# when tasks use the database backend. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
worker=""
if [ "${TASK_BACKEND:-database}" = "database" ]; then
  $BIN/python manage.py db_worker --no-reload --interval 1 -v 0 &
  worker=$!
  trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
fi
$BIN/gunicorn config.wsgi -c config/gunicorn.py
