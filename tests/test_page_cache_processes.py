"""Two app servers sharing the page cache (the default set-up without Redis: the database cache),
and a change made by a third process (cron, a shell): neither server serves the old page."""

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.db import connection

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONFIG_VARIABLES = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "PAGE_CACHE_ENABLED", "SECRET_KEY"}
PUBLISH = (
    "from home.models import HomePage; page = HomePage.objects.get(depth=2); "
    "page.hero_title = 'Hasło opublikowane z crona'; page.save_revision().publish()"
)

pytestmark = pytest.mark.django_db


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port, path="/"):
    # One host name for both, as behind a load balancer.
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": "localhost"})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - our own server
        return response.headers.get("X-Page-Cache"), response.read().decode()


def wait_until_serving(port, process, deadline):
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(process.stderr.read())
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"the server on port {port} did not start")


@pytest.fixture
def database_file(tmp_path):
    """A file copy of the migrated test database, which other processes can open."""
    if connection.vendor != "sqlite":
        pytest.skip("needs SQLite: other processes open a file copy of the migrated test database")
    path = tmp_path / "db.sqlite3"
    target = sqlite3.connect(path)
    connection.ensure_connection()
    connection.connection.backup(target)
    target.close()
    return path


@pytest.fixture
def environment(database_file):
    clean = {key: value for key, value in os.environ.items() if key not in CONFIG_VARIABLES}
    return {
        **clean,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": f"sqlite:///{database_file}",
        "PAGE_CACHE_ENABLED": "true",
    }


def manage(environment, *args):
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=environment,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_change_from_a_third_process_reaches_both_servers_sharing_the_cache(environment):
    ports = [free_port(), free_port()]
    make_table = manage(environment, "createcachetable")
    servers = [manage(environment, "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}") for port in ports]
    try:
        assert make_table.wait(timeout=60) == 0, make_table.stderr.read()
        deadline = time.monotonic() + 60
        for port, server in zip(ports, servers, strict=True):
            wait_until_serving(port, server, deadline)
        # Server A stores the home page (the first request also creates the site settings, a
        # change: then once more); server B is served A's copy from the shared cache.
        get(ports[0])
        state, before = get(ports[0])
        if state != "hit":
            state, before = get(ports[0])
        assert state == "hit"
        assert get(ports[1])[0] == "hit"

        publish = manage(environment, "shell", "-c", PUBLISH)
        assert publish.wait(timeout=60) == 0, publish.stderr.read()

        for port in ports:
            state, html = get(port)
            assert "Hasło opublikowane z crona" in html, f"server on port {port} served the old page"
        assert "Hasło opublikowane z crona" not in before
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=10)
