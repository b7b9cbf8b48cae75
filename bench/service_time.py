"""Cold service time, before and after: each public page type's time in one process with every
cache empty, for a baseline revision and for the working tree, measured in one run.

    python bench/service_time.py BASELINE_REVISION [ROUNDS]

The cold rows of bench/load.py say how many requests per second a page reaches next to the static
file; this says how much of a page's own time a change saved, which those rows hide in the
machine's noise. Both versions of the code run bench/query_counts.py of their own tree (the page
cache off, every cache emptied before each request, Django's test client, production settings)
against the same city-scale database (built by `BENCH_SCALES=city make bench`), taking turns
(baseline, working tree, baseline, ...) so both see the same machine. Prints, per page type, the
median over the rounds of each version's median time, the ratio of the working tree's to the
baseline's, and both versions' queries. Each run freezes its start-up heap out of the garbage
collector first, as the app servers do (portal/wsgi.py). The baseline is checked out with `git worktree` in a
temporary directory and removed afterwards (it shares the working tree's collected static
files). Needs PostgreSQL and Redis (started if need be).
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from harness import PYTHON, ROOT, app_env, database_url, ensure_postgres, ensure_redis, stop_redis


def measure(tree, env):
    """One run of query_counts.py in `tree`: per page type, its cold p50 and its queries."""
    run_env = {**env, "PYTHONPATH": os.pathsep.join([str(tree), str(tree / "bench" / "settings")])}
    # As portal/wsgi.py does in every app server: the start-up heap frozen out of the garbage
    # collector's passes (else each full pass walks Django's and Wagtail's start-up objects).
    script = "import gc, query_counts; gc.collect(); gc.freeze(); query_counts.main()"
    run_env["PYTHONPATH"] += os.pathsep + str(tree / "bench")
    output = subprocess.run([PYTHON, "-c", script], cwd=tree, env=run_env, check=True, capture_output=True, text=True)
    return json.loads(output.stdout.strip().splitlines()[-1])


def main():
    if len(sys.argv) not in (2, 3):
        raise SystemExit(__doc__)
    baseline, rounds = sys.argv[1], int(sys.argv[2]) if len(sys.argv) == 3 else 3
    commit = subprocess.run(
        ["git", "rev-parse", "--short", baseline], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    ensure_postgres()
    started_redis = ensure_redis()
    env = app_env(DATABASE_URL=database_url("city"), BENCH_COLD_SAMPLES=os.environ.get("BENCH_COLD_SAMPLES", "30"))
    with tempfile.TemporaryDirectory(prefix="konsultacje-baseline-") as temporary:
        tree = Path(temporary) / "baseline"
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), commit], cwd=ROOT, check=True)
        try:
            runs = {"baseline": [], "now": []}
            for number in range(rounds):
                for version, where in (("baseline", tree), ("now", ROOT)):
                    runs[version].append(measure(where, env))
                    print(f"round {number + 1}/{rounds}: {version} measured", file=sys.stderr, flush=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=True)
            if started_redis:
                stop_redis()
    print(
        f"Cold service time in process, ms (median of {rounds} rounds of {env['BENCH_COLD_SAMPLES']} requests each): baseline {commit}, now"
    )
    print()
    print("| page | baseline ms | now ms | now / baseline | queries baseline | queries now |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name in runs["now"][0]["urls"]:
        before = statistics.median(run["cold_times"][name]["p50"] for run in runs["baseline"])
        after = statistics.median(run["cold_times"][name]["p50"] for run in runs["now"])
        queries = [runs[version][0]["cold_queries"][name] for version in ("baseline", "now")]
        print(f"| {name} | {before:.1f} | {after:.1f} | {after / before:.2f} | {queries[0]} | {queries[1]} |")


if __name__ == "__main__":
    main()
