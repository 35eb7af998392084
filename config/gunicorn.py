"""gunicorn settings for `make run` (and a starting point for production behind nginx)."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("WEB_THREADS", 2))
worker_class = "gthread"
# A worker accepts only as many connections as it has threads, so a burst waits in the kernel's listen queue, which
# every worker takes from in turn, rather than piling up behind one busy worker's threads. In the registration rush
# (bench/rush.py) this cut p99 from ~1.4 s to ~0.6 s, for about a fifth less throughput. With no spare slots a
# connection is not kept alive after its request; behind nginx (production) each carries one request anyway.
# WEB_CONNECTIONS raises the limit (and turns keep-alive back on).
worker_connections = int(os.environ.get("WEB_CONNECTIONS", threads))
keepalive = 2 if worker_connections > threads else 0
timeout = 60
graceful_timeout = 30
max_requests = 5000
max_requests_jitter = 500
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}o)s'
