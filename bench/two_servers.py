"""Two app servers sharing PostgreSQL and Redis: a page unpublished through one is gone on the other.

Starts gunicorn twice (different ports) with the production settings on the bench database,
warms the shared page cache through server B, unpublishes a page through server A's admin
(a real log-in and POST), and checks that B's very next request answers 404 (the content
generation is a row in the database, read by every cached request), then republishes and
checks B shows it again as soon. Prints what it saw and how long it took, and exits non-zero on
any mismatch.
"""

import http.cookiejar
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from harness import app_env, ensure_postgres, ensure_redis, gunicorn, manage, recreate_database, stop_redis

SLUG = "o-projekcie"
# No server keeps a generation of its own: the first request after the commit must see the change.
MAX_AGE = 0.0


def status_within(url, expected, seconds=MAX_AGE + 0.5):
    """Poll url until it answers `expected`; return (status, seconds it took)."""
    started = time.monotonic()
    while True:
        code = status(url)[0]
        waited = time.monotonic() - started
        if code == expected or waited > seconds:
            return code, waited
        time.sleep(0.05)


def status(url):
    try:
        response = urllib.request.urlopen(url, timeout=10)  # noqa: S310 - loopback only
        return response.status, response.headers.get("X-Page-Cache", "-")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Page-Cache", "-")


class AdminSession:
    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def _unsecure_cookies(self):
        # Production cookies are marked Secure; this bench talks plain HTTP on loopback.
        for cookie in list(self.jar):
            cookie.secure = False

    def csrf(self):
        return next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")

    def get(self, path):
        body = self.opener.open(self.base + path, timeout=30).read().decode()
        self._unsecure_cookies()
        return body

    def post(self, path, data):
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf()}).encode()
        request = urllib.request.Request(  # noqa: S310 - loopback http only
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        response = self.opener.open(request, timeout=30)
        self._unsecure_cookies()
        return response

    def login(self, username, password):
        self.get("/admin/login/")
        self.post("/admin/login/", {"username": username, "password": password, "next": "/admin/"})


def main():
    ensure_postgres()
    started_redis = ensure_redis()
    try:
        check()
    finally:
        if started_redis:
            stop_redis()


def check():
    recreate_database()
    env = app_env()
    manage("migrate", "--noinput", env=env, capture_output=True)
    manage("load_demo_data", env=env, capture_output=True)
    manage("collectstatic", "--noinput", env=env, capture_output=True)
    manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.contrib.auth.models import User; "
        "User.objects.filter(username='bench').exists() or "
        "User.objects.create_superuser('bench', 'bench@localhost', 'bench-password-123')",
        env=env,
    )
    page_id = int(
        manage(
            "shell",
            "--no-imports",
            "-c",
            f"from wagtail.models import Page; print(Page.objects.get(slug='{SLUG}').pk)",
            env=env,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    failures = []
    with gunicorn(env, workers=1) as server_a, gunicorn(env, workers=1) as server_b:
        url_b = f"{server_b}/{SLUG}/"
        status(url_b)
        before = status(url_b)
        print(f"B before: {before[0]} (cache {before[1]})")
        if before[0] != 200 or before[1] not in ("hit", "-"):
            failures.append("B did not serve the page from the shared cache")
        elif before[1] == "-":
            print("(no X-Page-Cache header: whether B served it from the shared cache is not shown)")

        admin = AdminSession(server_a)
        admin.login("bench", "bench-password-123")
        form = admin.get(f"/admin/pages/{page_id}/unpublish/")
        if not re.search(r'name="csrfmiddlewaretoken"', form):
            failures.append("A's unpublish form did not render")
        admin.post(f"/admin/pages/{page_id}/unpublish/", {})
        after = status_within(url_b, 404)
        print(f"B after unpublishing through A: {after[0]} after {after[1]:.2f} s")
        if after[0] != 404:
            failures.append("B still served the unpublished page")

        manage(
            "shell",
            "--no-imports",
            "-c",
            f"from wagtail.models import Page; p = Page.objects.get(pk={page_id}); p.get_latest_revision().publish()",
            env=env,
        )
        again = status_within(url_b, 200)
        print(f"B after republishing: {again[0]} after {again[1]:.2f} s")
        if again[0] != 200:
            failures.append("B did not show the republished page")
    if failures:
        print("FAILED: " + "; ".join(failures))
        sys.exit(1)
    print("OK: both servers agree after every change")


if __name__ == "__main__":
    main()
