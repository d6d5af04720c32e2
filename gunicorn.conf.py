"""gunicorn's settings for `make serve` (gunicorn reads ./gunicorn.conf.py by itself).

Sized for the 2-core machine the city's figures are measured on (SPEC §2.6), where PostgreSQL and
the task worker share the cores with the web server:

- 3 worker processes (WEB_CONCURRENCY): one per core plus one to cover the time a process waits
  on PostgreSQL; more processes only add memory and context switches once both cores are busy.
- sync workers, one request at a time per process: Django's ORM is synchronous and an intake is
  mostly CPU (validation, encryption, templates of the notification), so threads would queue on
  the GIL. A slow client cannot pin a worker because the server listens on loopback only, behind
  the city's reverse proxy (nginx buffers requests and responses).
- each process keeps its own connection pool (settings: SHILIU_DB_POOL_MAX_SIZE, 4 by default):
  3 processes hold at most 12 PostgreSQL connections, plus one for each of the two task workers.

- statements bound and prepared by PostgreSQL (SHILIU_DB_SERVER_BINDING, settings.py): planned
  once per connection instead of at every call.

Override with WEB_CONCURRENCY, GUNICORN_THREADS (gthread workers), SHILIU_BIND.
"""

import os

os.environ.setdefault("SHILIU_DB_SERVER_BINDING", "1")  # the web server's processes only

bind = os.environ.get("SHILIU_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
wsgi_app = "shiliu.wsgi:application"
pythonpath = "src"
backlog = 256
timeout = 30  # a request still running after 30 s is a bug: the worker is restarted
graceful_timeout = 20
keepalive = 5  # the proxy in front keeps connections open between requests
max_requests = 20000  # recycle processes now and then (slow leaks), at staggered moments
max_requests_jitter = 2000
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None  # "-" to log each request
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "shiliu"
