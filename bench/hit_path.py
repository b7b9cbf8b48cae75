"""What a cached page costs next to the static file, and where the difference goes (issue 15's
cached floor: a cached page at least 0.9x the static file's requests/s).

On the demo data (PostgreSQL, Redis, production settings) it measures, for a few pages:

1. **In one process** (Django's WSGI handler called directly: no HTTP server, no other
   processes competing), microseconds per request: the static file (WhiteNoise), a cached page
   (a hit), and the parts of a hit on their own: Django's connection health check (`SELECT 1`,
   once per request that touches the database), the content generation read
   (`portal.page_cache.current_generation`), and the shared cache's GET of the page.
2. **Over HTTP** (gunicorn, 3 sync workers, wrk 2 threads x 16 connections, as bench/load.py),
   requests/s of the static file and of each cached page, the page's ratio to the static file
   measured just before and after it.

Both also for a variant that leaves the generation read out (bench/settings/fixed_generation.py:
a hit is one GET from Redis and nothing else), the cheapest hit any design sharing one cache
between servers can have. It is a measurement only: that variant never purges.

Run: `make bench-hit` (or `cd bench && python hit_path.py`); BENCH_SKIP_DATA=1 reuses the
database of an earlier run. Prints a Markdown section for bench/results.md.
"""

import json
import os
import statistics
import subprocess
import sys
import time

from harness import (
    PG_URL,
    PYTHON,
    ROOT,
    app_env,
    ensure_postgres,
    ensure_redis,
    gunicorn,
    manage,
    recreate_database,
    wrk,
)

PAGES = {"home page": "/", "register": "/konsultacje/", "standard page": "/o-projekcie/"}
SETTINGS = {"as built": "portal.settings.production", "generation read left out": "fixed_generation_settings"}
REQUESTS = int(os.environ.get("BENCH_HIT_REQUESTS", "2000"))
BATCHES = 5
SECONDS = 5


# In one process ------------------------------------------------------------------------------


def _per_request_us(function, count=REQUESTS):
    """Median over BATCHES of the mean time of one call, in microseconds."""
    means = []
    for _ in range(BATCHES):
        started = time.perf_counter()
        for _ in range(count // BATCHES):
            function()
        means.append((time.perf_counter() - started) / (count // BATCHES) * 1e6)
    return statistics.median(means)


def in_process():
    """Run inside the app's environment (a subprocess): print the timings as JSON."""
    import io

    import django

    django.setup()
    from django.core.cache import cache
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import close_old_connections, connection

    from portal import page_cache

    handler = WSGIHandler()

    def get(path):
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
        }
        answer = {}
        body = handler(environ, lambda status, headers, exc_info=None: answer.update(status=status, headers=headers))
        content = b"".join(body)
        body.close()
        return answer["status"], dict(answer["headers"]), content

    static = sys.argv[2]
    results = {"static file": _per_request_us(lambda: get(static))}
    for name, path in PAGES.items():
        get(path)  # stored
        status, headers, _ = get(path)
        if not status.startswith("200") or headers.get("X-Page-Cache") != "hit":
            raise SystemExit(f"{path}: {status}, X-Page-Cache {headers.get('X-Page-Cache')}: not a hit")
        results[name] = _per_request_us(lambda path=path: get(path))
    if os.environ["DJANGO_SETTINGS_MODULE"] == SETTINGS["as built"]:

        def health_check():
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")

        def generation_read():
            close_old_connections()  # a new request: Django checks the connection again
            page_cache.current_generation()

        key = next(iter(cache.keys("page:*")), None) if hasattr(cache, "keys") else None
        results["part: health check (SELECT 1)"] = _per_request_us(health_check)
        results["part: health check + generation read"] = _per_request_us(generation_read)
        if key:
            results["part: GET of a page from the shared cache"] = _per_request_us(lambda: cache.get(key))
    print(json.dumps(results))


# Over HTTP -----------------------------------------------------------------------------------


def over_http(env, static):
    rows = {}
    with gunicorn(env) as base:
        for path in PAGES.values():
            wrk(base + path, seconds=2)  # stored, workers warm
        for name, path in PAGES.items():
            before = wrk(base + static, seconds=SECONDS)["rps"]
            page = wrk(base + path, seconds=SECONDS)["rps"]
            after = wrk(base + static, seconds=SECONDS)["rps"]
            rows[name] = {"rps": page, "static": (before + after) / 2, "ratio": page / ((before + after) / 2)}
            print(f"  {name:<16} {page:8.0f} req/s, static file around it {before:.0f}/{after:.0f}", flush=True)
    return rows


def main():
    ensure_postgres()
    ensure_redis()
    env = app_env(DATABASE_URL=PG_URL)
    if not os.environ.get("BENCH_SKIP_DATA"):
        recreate_database(PG_URL)
        manage("migrate", "--noinput", env=env, capture_output=True)
        manage("load_demo_data", env=env, capture_output=True)
    manage("collectstatic", "--noinput", env=env, capture_output=True)
    manifest = json.loads((ROOT / "bench" / "output" / "static" / "staticfiles.json").read_text())
    static = "/static/" + manifest["paths"]["css/portal.css"]
    timings, http = {}, {}
    for label, module in SETTINGS.items():
        print(f"{label}:", flush=True)
        run_env = {**env, "DJANGO_SETTINGS_MODULE": module}
        ensure_redis()  # empties the bench's Redis database: pages are stored anew
        out = subprocess.run(
            [PYTHON, __file__, "--in-process", static], env=run_env, cwd=ROOT, capture_output=True, text=True
        )
        if out.returncode:
            raise SystemExit(out.stderr[-2000:])
        timings[label] = json.loads(out.stdout.strip().splitlines()[-1])
        http[label] = over_http(run_env, static)
    print_section(timings, http)


def print_section(timings, http):
    print("\n| in one process, µs per request | " + " | ".join(SETTINGS) + " |")
    print("| --- | " + " | ".join("---:" for _ in SETTINGS) + " |")
    rows = list(dict.fromkeys(name for label in SETTINGS for name in timings[label]))
    for name in rows:
        cells = []
        for label in SETTINGS:
            value = timings[label].get(name)
            ratio = timings[label]["static file"] / value if value and name in PAGES else None
            cells.append("" if value is None else f"{value:.0f}" + (f" ({ratio:.2f}x)" if ratio else ""))
        print(f"| {name} | " + " | ".join(cells) + " |")
    print("\n| over HTTP, cached page / static file | " + " | ".join(SETTINGS) + " |")
    print("| --- | " + " | ".join("---:" for _ in SETTINGS) + " |")
    for name in PAGES:
        cells = [f"{http[label][name]['rps']:.0f} req/s, {http[label][name]['ratio']:.2f}x" for label in SETTINGS]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--in-process"]:
        sys.path[:0] = [str(ROOT), str(ROOT / "bench" / "settings")]
        in_process()
    else:
        main()
