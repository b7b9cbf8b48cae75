"""The WSGI entry point app servers import."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_app_servers_load_the_polish_dictionary_before_the_first_request():
    script = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'portal.settings.test'; "
        "import simplemma; "
        "calls = []; real = simplemma.lemmatize; "
        "simplemma.lemmatize = lambda *a, **k: calls.append(a) or real(*a, **k); "
        "import portal.wsgi; print(len(calls))"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "1"


def test_app_servers_keep_what_they_loaded_out_of_the_garbage_collectors_passes():
    script = (
        "import os, gc; os.environ['DJANGO_SETTINGS_MODULE'] = 'portal.settings.test'; "
        "import portal.wsgi; print(gc.get_freeze_count())"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    # Django, Wagtail and the app amount to hundreds of thousands of objects.
    assert int(done.stdout.strip().splitlines()[-1]) > 100_000
