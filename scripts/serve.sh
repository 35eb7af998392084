#!/usr/bin/env bash
# `make run`'s server: gunicorn for the pages and the API, plus one background-task worker (imports, exports)
# when tasks use the database backend, and the scheduler of periodic jobs (appeal escalation). Ctrl-C stops all.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
worker=""
$BIN/python manage.py run_periodic -v 0 &
periodic=$!
trap 'kill $periodic $worker 2>/dev/null || true' EXIT INT TERM
if [ "${TASK_BACKEND:-database}" = "database" ]; then
  $BIN/python manage.py db_worker --no-reload --interval 1 -v 0 &
  worker=$!
fi
$BIN/gunicorn config.wsgi -c config/gunicorn.py
