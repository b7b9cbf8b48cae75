"""The load benchmark of issue 8: production settings, gunicorn, PostgreSQL, Redis, wrk.

Builds the bench database (demo data plus 10,000 consultations, 500 recurring meetings and
2,000 documents), starts two gunicorn servers on loopback (page cache on, page cache off),
measures a static file served by the same app (the limit) and each page with wrk, and writes
a table of requests/s, p50/p95 latency, SQL queries and the ratio to the static file into
bench/results.md. Environment: BENCH_SECONDS (per URL, default 10), BENCH_SKIP_DATA=1 to
reuse the database from the previous run.
"""

import datetime
import json
import os
import platform
import subprocess
from pathlib import Path

from harness import PYTHON, ROOT, app_env, ensure_postgres, ensure_redis, gunicorn, manage, recreate_database, wrk

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
WARM_UP_SECONDS = 3
STATIC_SECONDS = max(3, SECONDS // 2)
# As docs/deploy.md runs it on a machine of this size: a sync worker per core and one more.
WORKERS = (os.cpu_count() or 1) + 1
# Responses larger than this also get a static file of their own size to compare with.
LARGE_RESPONSE_BYTES = 100_000


def sized_file(name):
    return f"bench-sized-{name.replace(' ', '-').lower()}.txt"


RESULTS = ROOT / "bench" / "results.md"


def build_database(env):
    recreate_database()
    manage("migrate", "--noinput", env=env, capture_output=True)
    manage("load_demo_data", env=env, capture_output=True)
    subprocess.run([PYTHON, "bench/large_data.py"], cwd=ROOT, env=env, check=True)


def measure(base, urls, static_path=None):
    """wrk against each URL after a warm-up. With `static_path`, the static file is measured on
    the same server just before each page too: that row's own limit, taken under the same
    conditions (the machine's speed drifts during a run; see write_results)."""
    rows = {}
    for name, path in urls.items():
        # Warm up (first renders, renditions, per-process caches, autovacuum after the load).
        wrk(base + path, seconds=WARM_UP_SECONDS)
        limit = wrk(base + static_path, seconds=STATIC_SECONDS) if static_path else None
        rows[name] = wrk(base + path, seconds=SECONDS)
        line = f"  {name:<20} {rows[name]['rps']:>9.1f} req/s  p50 {rows[name]['p50']:.1f} ms"
        if limit:
            rows[name]["static_before"] = limit["rps"]
            line += f"  (static file just before: {limit['rps']:.0f} req/s)"
        print(line)
    return rows


def main():
    (ROOT / "bench" / "output").mkdir(exist_ok=True)
    ensure_postgres()
    ensure_redis()
    env = app_env()
    if not os.environ.get("BENCH_SKIP_DATA"):
        build_database(env)
    manage("collectstatic", "--noinput", env=env, capture_output=True)
    counted = json.loads(
        subprocess.run(
            [PYTHON, "bench/query_counts.py"], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    urls, queries, sizes = counted["urls"], counted["queries"], counted["sizes"]
    static_path = "/static/" + next(
        line.split('"')[3]
        for line in (Path(env["STATIC_ROOT"]) / "staticfiles.json").read_text().split(",")
        if '"css/portal.css"' in line
    )
    # A second limit for the responses far larger than the static file (the feed, the calendar
    # of a large city): a static file of their size (written before the server starts:
    # WhiteNoise indexes the static files at start-up).
    large = {name: size for name, size in sizes.items() if size > LARGE_RESPONSE_BYTES}
    for name, size in large.items():
        (Path(env["STATIC_ROOT"]) / sized_file(name)).write_bytes(b"X" * size)
    results = {"static_size": (Path(env["STATIC_ROOT"]) / static_path.removeprefix("/static/")).stat().st_size}
    with gunicorn(env, workers=WORKERS) as base:
        print("Static files of the large responses' sizes:")
        results["sized"] = measure(base, {name: f"/static/{sized_file(name)}" for name in large})
        print("Static file (the limit):")
        first = measure(base, {"static file": static_path})["static file"]
        print("Cached (shared Redis page cache):")
        results["cached"] = measure(base, urls, static_path)
        print("Static file again:")
        again = measure(base, {"static file": static_path})["static file"]
        # The limit is the better of the two: a busy moment must not flatter the pages' ratios.
        results["static"] = max(first, again, key=lambda row: row["rps"])
        results["static_runs"] = (first["rps"], again["rps"])
    with gunicorn(app_env(PAGE_CACHE_ENABLED="false"), workers=WORKERS) as base:
        print("Uncached:")
        results["uncached"] = measure(base, urls, static_path)
    write_results(results, urls, queries, sizes)


def write_results(results, urls, queries, sizes):
    limit = results["static"]["rps"]
    lines = [
        "# Load benchmark",
        "",
        f"`make bench`, {datetime.date.today():%Y-%m-%d}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"gunicorn ({WORKERS} sync workers, production settings), PostgreSQL, Redis; wrk 2 threads, 16 connections, "
        f"{SECONDS} s per URL. Data: demo plus 10,000 consultations, 500 recurring meetings, 2,000 documents.",
        "",
        "*cached*: the anonymous page cache on (pages in Redis; each process also keeps its last pages in",
        "memory and re-reads the content generation from Redis at most once a second). *uncached*: the page",
        "cache off, so every request runs Django and Wagtail (routing, view restrictions, settings, templates)",
        "and its SQL queries; what is kept per content generation comes from each process's memory (the site",
        "and the pages a URL passes through, header, menu, footer, the home page's sections, a register",
        "page's cards, filter forms, the calendar's month and upcoming dates, the results page of a search",
        "made before) or from Redis (the feed; what another process computed), as in production.",
        "",
        "Two ratios per row: to the static file measured on the same server just before that page",
        "(*ratio*: the same moment, so the machine's drift during the run cancels out) and to the best",
        "static run of the whole benchmark (*ratio to best*: the harsher one).",
        "",
        "| page | mode | requests/s | p50 ms | p95 ms | SQL queries | size kB | static just before | ratio | ratio to best |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| static file `{'portal.css'}` | — | {limit:.0f} | {results['static']['p50']:.1f} | "
        f"{results['static']['p95']:.1f} | 0 | {results['static_size'] / 1000:.0f} | | 1.00 | 1.00 |",
    ]
    first, again = results["static_runs"]
    before = [row["static_before"] for mode in ("cached", "uncached") for row in results[mode].values()]
    best = max([limit, *before])
    for mode in ("cached", "uncached"):
        for name in urls:
            row = results[mode][name]
            lines.append(
                f"| {name} | {mode} | {row['rps']:.0f} | {row['p50']:.1f} | {row['p95']:.1f} | "
                f"{0 if mode == 'cached' else queries[name]} | {sizes[name] / 1000:.0f} | {row['static_before']:.0f} | "
                f"{row['rps'] / row['static_before']:.3f} | {row['rps'] / best:.3f} |"
            )
    errors = sum(row["errors"] for mode in ("cached", "uncached") for row in results[mode].values())
    lines += [
        "",
        f"The static file's own rows were measured before and after the cached pages ({first:.0f} and {again:.0f}",
        f"req/s; the table shows the better); before each page it served {min(before):.0f}–{max(before):.0f} req/s.",
        f"The best static run of all, the divisor of *ratio to best*: {best:.0f} req/s.",
        "",
        "Responses far larger than the static file, against a static file of their own size served by the",
        "same app:",
        "",
        *[
            f"- {name} ({sizes[name] / 1000:.0f} kB): static file of that size {row['rps']:.0f} req/s; "
            f"cached {results['cached'][name]['rps'] / row['rps']:.2f}×, uncached {results['uncached'][name]['rps'] / row['rps']:.2f}×."
            for name, row in results["sized"].items()
        ],
        "",
        "*uncached* search: the same search again within a content generation is answered by the",
        "view's memo of its results page (search/views.py), so only counting it in the admin's search",
        f"statistics queries the database; a search not made before runs {queries['search, not made before']} queries "
        "(bench/search.py times that case).",
        "",
        f"Non-2xx/3xx responses during the run: {errors}.",
        "",
    ]
    RESULTS.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
