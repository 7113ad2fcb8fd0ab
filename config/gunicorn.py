"""gunicorn's configuration for the site in production (`deploy/quehuong-web.service`).

    gunicorn -c config/gunicorn.py config.wsgi

Every value can be changed from the environment file (/etc/quehuong/env, `deploy/env.example`);
`gunicorn --check-config -c config/gunicorn.py config.wsgi` checks it without serving.

Choices:
- **gthread workers**: a request here mostly waits (PostgreSQL, Elasticsearch, Redis, a mail
  server), so a few threads per process serve more at once than one process each, for far less
  memory. nginx buffers slow clients, so no worker waits on a phone's upload. Each thread holds
  its own database connection: a machine opens up to workers × threads of them (see
  `CONN_MAX_AGE` and PostgreSQL's `max_connections` in README, "Deploying").
- **preload**: the application is imported once, in the master, before the workers fork. A
  broken release stops at start-up (systemd sees it fail) instead of workers failing in a loop,
  and a worker restarted after `max_requests` starts in milliseconds instead of importing Wagtail
  again. The price: new code needs `systemctl restart`, not `reload`.
- **Access log without query strings**: a staff search's words (a person's name) travel in the
  query string, and so may a referrer; the line keeps method, path, status, size, duration and
  the request id (config/logging.py), nothing a person typed.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.cache import caches
from django.db import connections

from config.env import envint, envstr

# Loopback only: nginx on the same machine is the one client. Another machine's proxy: bind the
# private address and list the proxy in FORWARDED_ALLOW_IPS.
bind = envstr("GUNICORN_BIND", "127.0.0.1:8000").split(",")

# 2 × cores + 1, the usual rule for a mostly-waiting application, capped at 8: each worker holds
# its own copy of the site (~200 MB), and threads add concurrency more cheaply than processes.
# The cores this process may run on (systemd's CPUAffinity, a container's cpuset), not the host's.
cores = len(os.sched_getaffinity(0))
workers = envint("GUNICORN_WORKERS", min(2 * cores + 1, 8), minimum=1)
worker_class = "gthread"
threads = envint("GUNICORN_THREADS", 4, minimum=1)

# A request still running after this is killed (its worker restarted) and nginx answers 502.
# The slowest legitimate ones are a large registry's deferred counts (~5 s at a million members)
# and an export; nginx waits a little longer (proxy_read_timeout 65s, deploy/nginx/quehuong.conf).
timeout = envint("GUNICORN_TIMEOUT", 60, minimum=5)
graceful_timeout = 30  # on restart, requests under way get this long to finish
keepalive = 5  # nginx keeps connections to the upstream open between requests

# Restart each worker after about this many requests (jitter: not all at once), so that memory
# a library keeps growing is given back.
max_requests = envint("GUNICORN_MAX_REQUESTS", 1000, minimum=0)
max_requests_jitter = max(max_requests // 10, 1) if max_requests else 0

preload_app = True

# A staff search with many wards and facets makes a long request line; 8190 is gunicorn's most.
limit_request_line = 8190

# The proxy's word on the scheme is trusted only from these addresses (nginx's). Django reads the
# same header when BEHIND_TLS_PROXY is on; gunicorn sets `wsgi.url_scheme` from it.
forwarded_allow_ips = envstr("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}

# Both logs to stdout/stderr: systemd's journal keeps them (journalctl -u quehuong-web).
accesslog = "-"
errorlog = "-"
loglevel = envstr("LOG_LEVEL", "INFO").lower()
# %(U)s is the path alone; %(r)s, %(q)s and the referrer (%(f)s) would carry query strings.
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms request_id=%({x-request-id}o)s'
if envstr("LOG_FORMAT", "plain") == "json":
    # The same lines as JSON objects, through the site's own formatter and filters.
    logconfig_dict: dict[str, Any] = {
        "formatters": {"json": {"()": "config.logging.JsonFormatter"}},
        "filters": {
            "request_id": {"()": "config.logging.RequestId"},
            "no_query_strings": {"()": "config.logging.NoQueryStrings"},
        },
        "handlers": {
            name: {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "filters": ["request_id", "no_query_strings"],
                "stream": stream,
            }
            for name, stream in (("access", "ext://sys.stdout"), ("error", "ext://sys.stderr"))
        },
        # Not passed on to the root logger as well, which Django's LOGGING writes out too.
        "root": {"level": "INFO", "handlers": ["error"]},
        "loggers": {
            f"gunicorn.{name}": {"level": "INFO", "handlers": [name], "propagate": False}
            for name in ("access", "error")
        },
    }

# systemd manages the processes: no `gunicornc` control socket in the service's home.
control_socket_disable = True


def post_fork(server: Any, worker: Any) -> None:
    """Nothing the master opened while preloading is shared with a worker: each opens its own
    database and cache connections on first use."""
    connections.close_all()
    caches.close_all()
