"""The load benchmark (issue 15, item 10): production settings, gunicorn, PostgreSQL, Redis, wrk.

For each data set (bench/large_data.py: *city*, a large city's ten years, and *stress*, the
10,000-consultation set) it builds a database (the demo data plus the set), starts gunicorn
(sync workers, one per core and one more, as docs/deploy.md runs it) three times and measures,
with wrk, the static file the same app serves (the limit) and each public page type:

- *cached*: the anonymous page cache on (pages in the shared cache, Redis);
- *uncached*: the page cache off, whatever else the code keeps per process or in Redis warm
  (production between two publishes);
- *cold*: the page cache off and every cache emptied before each request
  (bench/settings/every_cache.py, cold_settings.py): the issue's "every cache empty".

The static file is measured on the same server just before and just after each page, so each
ratio compares figures of the same moment (the machine's speed drifts, other work runs on it). SQL
queries and in-process cold timings come from bench/query_counts.py. The figures go into
bench/results.md as the section named by BENCH_LABEL (replaced if it is there, other sections
left as they are); the raw figures into bench/output/load-<label>.json.

Environment: BENCH_SECONDS (per URL and mode, default 5), BENCH_SCALES (default "city,stress"),
BENCH_MODES (default "cached,uncached,cold"), BENCH_SKIP_DATA=1 to reuse the databases of the
previous run, BENCH_LABEL (the section's title), BENCH_DATABASE_URL / BENCH_REDIS_URL (harness.py).
`python load.py --from-json bench/output/load-<label>.json` writes the section again from those
figures (BENCH_LABEL, BENCH_MODES and BENCH_SECONDS as in that run).
"""

import datetime
import json
import os
import platform
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from harness import (
    PG_URL,
    PYTHON,
    ROOT,
    app_env,
    database_url,
    ensure_postgres,
    ensure_redis,
    gunicorn,
    manage,
    recreate_database,
    stop_redis,
    wrk,
)

SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
SCALES = [scale for scale in os.environ.get("BENCH_SCALES", "city,stress").split(",") if scale]
MODES = [mode for mode in os.environ.get("BENCH_MODES", "cached,uncached,cold").split(",") if mode]
WARM_UP_SECONDS = 2
STATIC_SECONDS = 3
# A page that answers fewer requests than this in SECONDS is measured again for LONG_SECONDS.
MIN_REQUESTS = 20
LONG_SECONDS = 30
# As docs/deploy.md runs it on a machine of this size: a sync worker per core and one more.
WORKERS = (os.cpu_count() or 1) + 1
# Responses larger than this also get a static file of their own size to compare with.
LARGE_RESPONSE_BYTES = 100_000
# The floors, at city scale: cached >= 0.9x the static file, cold >= 3 % of it.
FLOORS = {"cached": 0.9, "cold": 0.03}
SCALE_TEXT = {
    "city": "demo plus a large city's ten years: 600 consultations, 200 meetings (50 recurring), 1,000 documents",
    "stress": "demo plus 10,000 consultations, 500 recurring meetings, 2,000 documents",
}
MODE_SETTINGS = {
    "cached": {},
    "uncached": {"PAGE_CACHE_ENABLED": "false"},
    "cold": {"DJANGO_SETTINGS_MODULE": "cold_settings", "PAGE_CACHE_ENABLED": "false"},
}

RESULTS = ROOT / "bench" / "results.md"
OUTPUT = ROOT / "bench" / "output"


def git_commit():
    found = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return found.stdout.strip() or "?"


LABEL = os.environ.get("BENCH_LABEL") or f"Load benchmark ({git_commit()})"


def sized_file(name):
    return f"bench-sized-{name.replace(' ', '-').lower()}.txt"


def build_database(scale):
    """The demo data once (a template), then a copy of it with the data set of `scale`."""
    url = database_url(scale)
    if not build_database.demo_built:
        recreate_database(PG_URL)
        env = app_env(DATABASE_URL=PG_URL)
        manage("migrate", "--noinput", env=env, capture_output=True)
        manage("load_demo_data", env=env, capture_output=True)
        build_database.demo_built = True
    recreate_database(url, template=PG_URL)
    subprocess.run([PYTHON, "bench/large_data.py", scale], cwd=ROOT, env=app_env(DATABASE_URL=url), check=True)


build_database.demo_built = False


def page_cache_header(url):
    """What the page cache said about this URL (its X-Page-Cache header), if anything."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - loopback only
            return response.headers.get("X-Page-Cache", "-")
    except OSError:
        return "error"


def drain(base, static_path):
    """Wait until the server is idle again: sync workers go on answering the requests wrk had
    sent when it stopped (16 of them; seconds of work for a cold page), and the next figure must
    not pay for them."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        started = time.monotonic()
        with urllib.request.urlopen(base + static_path, timeout=120) as response:  # noqa: S310 - loopback only
            response.read()
        if time.monotonic() - started < 0.1:
            return
        time.sleep(0.2)


def measure(base, urls, static_path=None, mode=None):
    """wrk against each URL after a warm-up. With `static_path`, the static file is measured on
    the same server just before and just after each page too: that row's own limit."""
    rows = {}
    for name, path in urls.items():
        wrk(base + path, seconds=WARM_UP_SECONDS)  # first renders, renditions, what a process keeps
        if static_path:
            drain(base, static_path)
        limit = wrk(base + static_path, seconds=STATIC_SECONDS) if static_path else None
        if mode == "cached":
            header = page_cache_header(base + path)
        rows[name] = wrk(base + path, seconds=SECONDS)
        if rows[name]["rps"] * SECONDS < MIN_REQUESTS:
            # Too few answers for a figure (a cold feed of the stress set takes seconds): longer.
            if static_path:
                drain(base, static_path)
            rows[name] = wrk(base + path, seconds=LONG_SECONDS)
        line = f"  {name:<24} {rows[name]['rps']:>9.1f} req/s  p50 {rows[name]['p50']:.1f} ms"
        if limit:
            drain(base, static_path)
            after = wrk(base + static_path, seconds=STATIC_SECONDS)
            rows[name]["static_before"], rows[name]["static_after"] = limit["rps"], after["rps"]
            line += f"  (static file just before and after: {limit['rps']:.0f}, {after['rps']:.0f} req/s)"
        if mode == "cached":
            rows[name]["page_cache"] = header
            line += f"  X-Page-Cache: {header}"
        print(line, flush=True)
    return rows


def static_file_path(env):
    manifest = json.loads((Path(env["STATIC_ROOT"]) / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/portal.css"]


def run_scale(scale):
    url = database_url(scale)
    env = app_env(DATABASE_URL=url)
    if not os.environ.get("BENCH_SKIP_DATA"):
        print(f"== {scale}: building the database", flush=True)
        build_database(scale)
    print(f"== {scale}: SQL queries and in-process cold timings", flush=True)
    counted = json.loads(
        subprocess.run(
            [PYTHON, "bench/query_counts.py"], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    urls, sizes = counted["urls"], counted["sizes"]
    static_path = static_file_path(env)
    # A second limit for the responses far larger than the static file (the feed, a large
    # calendar): a static file of their size (written before the server starts: WhiteNoise
    # indexes the static files at start-up).
    large = {name: size for name, size in sizes.items() if size > LARGE_RESPONSE_BYTES}
    for name, size in large.items():
        (Path(env["STATIC_ROOT"]) / sized_file(name)).write_bytes(b"X" * size)
    result = {
        "scale": scale,
        "commit": git_commit(),
        "date": f"{datetime.date.today():%Y-%m-%d}",
        "counted": counted,
        "static_size": (Path(env["STATIC_ROOT"]) / static_path.removeprefix("/static/")).stat().st_size,
    }
    for mode in MODES:
        ensure_redis()  # empty: nothing kept from the previous mode
        with gunicorn(app_env(DATABASE_URL=url, **MODE_SETTINGS[mode]), workers=WORKERS) as base:
            if mode == MODES[0]:
                print(f"== {scale}: static files", flush=True)
                result["sized"] = measure(base, {name: f"/static/{sized_file(name)}" for name in large})
                result["static"] = measure(base, {"static file": static_path})["static file"]
            print(f"== {scale}: {mode}", flush=True)
            result[mode] = measure(base, urls, static_path, mode=mode)
    return result


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--from-json":
        # Write the section again from a run's raw figures (bench/output/load-*.json).
        write_results(json.loads(Path(sys.argv[2]).read_text()))
        return
    OUTPUT.mkdir(exist_ok=True)
    ensure_postgres()
    started_redis = ensure_redis()
    try:
        manage("collectstatic", "--noinput", env=app_env(), capture_output=True)
        results = [run_scale(scale) for scale in SCALES]
    finally:
        if started_redis:
            stop_redis()
    slug = re.sub(r"[^a-z0-9]+", "-", LABEL.lower()).strip("-")
    (OUTPUT / f"load-{slug}.json").write_text(json.dumps(results, indent=1))
    write_results(results)


def static_around(row):
    """The static file's requests/s around a page's run: the mean of the runs just before and
    just after it (runs of older versions of this script measured only before)."""
    return (row["static_before"] + row.get("static_after", row["static_before"])) / 2


def fmt_ratio(value):
    return f"{value:.3f}" if value < 0.1 else f"{value:.2f}"


def scale_table(result):
    counted = result["counted"]
    urls = counted["urls"]
    lines = [
        f"### {result['scale'].capitalize()} scale: {SCALE_TEXT.get(result['scale'], result['scale'])}",
        "",
        f"Static file `portal.css` ({result['static_size'] / 1000:.0f} kB) at the start: "
        f"{result['static']['rps']:.0f} req/s, p50 {result['static']['p50']:.1f} ms, p95 {result['static']['p95']:.1f} ms. "
        "*ratio*: the page's requests/s over the static file's on the same server around it (the mean of "
        "a run just before and one just after).",
        "",
        *([result["note"], ""] if result.get("note") else []),
        "| page | URL | size kB | SQL uncached | SQL cold | "
        + " | ".join(f"{mode} req/s | {mode} ratio | {mode} p50/p95 ms" for mode in MODES)
        + " | cold in process p50/p95 ms |",
        "| --- | --- | ---: | ---: | ---: | " + " | ".join("---: | ---: | ---:" for _ in MODES) + " | ---: |",
    ]
    below = {mode: [] for mode in FLOORS}
    # Pages the page cache does not keep (a form with its CSRF token) are marked, if the code
    # says so in an X-Page-Cache header at all.
    says_hit = "cached" in MODES and any(row.get("page_cache") == "hit" for row in result["cached"].values())
    for name, url in urls.items():
        cells = [
            name,
            f"`{url}`",
            f"{counted['sizes'][name] / 1000:.0f}",
            str(counted["queries"][name]),
            str(counted["cold_queries"][name]),
        ]
        for mode in MODES:
            row = result[mode][name]
            ratio = row["rps"] / static_around(row)
            mark = ""
            if mode in FLOORS and ratio < FLOORS[mode]:
                below[mode].append(name)
                mark = " ✗"
            if mode == "cached" and says_hit and row.get("page_cache") != "hit":
                mark += " (not kept)"
            if row["rps"]:
                cells += [f"{row['rps']:.1f}" if row["rps"] < 10 else f"{row['rps']:.0f}"]
                cells += [fmt_ratio(ratio) + mark, f"{row['p50']:.0f} / {row['p95']:.0f}"]
            else:
                cells += ["none finished", "0" + mark, "–"]
        cold = counted["cold_times"][name]
        cells.append(f"{cold['p50']:.0f} / {cold['p95']:.0f}")
        lines.append("| " + " | ".join(cells) + " |")
    statics = [
        row[key]
        for mode in MODES
        for row in result[mode].values()
        for key in ("static_before", "static_after")
        if key in row
    ]
    lines.append("")
    if says_hit:
        lines.append(
            "*(not kept)*: the page cache did not keep the page (no `X-Page-Cache: hit` after the warm-up: "
            "a page with a form holds the visitor's CSRF token), so its cached row is rendered each time."
        )
    lines += [
        "",
        f"- Static file around the pages' runs: {min(statics):.0f}–{max(statics):.0f} req/s.",
        f"- Emptying every cache took {counted['clear_ms']:.1f} ms a request (median; inside the cold rows' time).",
    ]
    for mode, floor in FLOORS.items():
        if mode in MODES:
            verdict = ", ".join(below[mode]) if below[mode] else "none"
            lines.append(f"- Below the {mode} floor ({floor:g}× the static file, ✗): {verdict}.")
    if result["sized"]:
        lines += ["", "Responses far larger than the static file, against a static file of their own size:", ""]
        for name, row in result["sized"].items():
            ratios = ", ".join(f"{mode} {fmt_ratio(result[mode][name]['rps'] / row['rps'])}×" for mode in MODES)
            lines.append(
                f"- {name} ({counted['sizes'][name] / 1000:.0f} kB): static file of that size {row['rps']:.0f} req/s; {ratios}."
            )
    errors = sum(row["errors"] for mode in MODES for row in result[mode].values())
    lines += ["", f"Non-2xx/3xx responses and socket errors during the run: {errors}.", ""]
    return lines


def write_results(results):
    section = [
        f"## {LABEL}",
        "",
        f"`make bench`, {results[0].get('date', f'{datetime.date.today():%Y-%m-%d}')}, "
        f"commit {results[0].get('commit', git_commit())}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, gunicorn ({WORKERS} sync workers, production settings), PostgreSQL, "
        f"Redis; wrk 2 threads, 16 connections, {SECONDS} s per URL and mode after a {WARM_UP_SECONDS} s warm-up "
        f"({LONG_SECONDS} s for a page that answered fewer than {MIN_REQUESTS} requests in {SECONDS} s).",
        "",
    ]
    for result in results:
        section += scale_table(result)
    text = RESULTS.read_text() if RESULTS.exists() else "# Load benchmark\n"
    replace_section(text, LABEL, "\n".join(section))
    print("\n".join(section))


def replace_section(text, title, section):
    """results.md with the `## title` section replaced by `section` (added at the end if absent);
    the sections other benchmarks write are left as they are."""
    parts = re.split(r"(?m)^(?=## )", text)
    heading = f"## {title}\n"
    for i, part in enumerate(parts):
        if part.startswith(heading):
            parts[i] = section.rstrip("\n") + "\n\n"
            break
    else:
        parts[-1] = parts[-1].rstrip("\n") + "\n\n"
        parts.append(section.rstrip("\n") + "\n")
    RESULTS.write_text("".join(parts).rstrip("\n") + "\n")


if __name__ == "__main__":
    main()
