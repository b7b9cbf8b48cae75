"""send_alerts with 20,000 subscribers against a local SMTP server: does a run fit the 15-minute
cron period?

Builds a throwaway SQLite database (or uses BENCH_DATABASE_URL, e.g. a PostgreSQL database that
is dropped and made again) with the migrations, a live sign-up page, 12 topics, 9 districts,
6 consultations that make events today (published as planned, opened, results) and 20,000
confirmed subscribers (a third every consultation, a third a topic, a third a district, so each
gets one digest). A local SMTP server (aiosmtpd, in its own process) accepts and counts every
message. `python manage.py send_alerts` runs as cron runs it (a fresh process, dev settings with
EMAIL_HOST set, so it sends by SMTP); a second run right after must send nothing.

    .venv/bin/python bench/alerts.py            # BENCH_SUBSCRIBERS=20000
"""

import multiprocessing
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUBSCRIBERS = int(os.environ.get("BENCH_SUBSCRIBERS", "20000"))
CRON_PERIOD = 15 * 60


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def smtp_sink(port, count, ready):
    """A local SMTP server that accepts every message and counts it."""
    from aiosmtpd.controller import Controller

    class Counter:
        async def handle_DATA(self, server, session, envelope):
            with count.get_lock():
                count.value += 1
            return "250 OK"

    controller = Controller(Counter(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    while True:
        time.sleep(3600)


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def manage(env, *args):
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )


SETUP = f"""
import datetime
from django.utils import timezone
from wagtail.models import Site
from alerts.models import AlertsPage, Subscriber
from consultation.models import ConsultationIndexPage, ConsultationPage, District, Topic
from consultation.models.status import warsaw_today
from home.models import HomePage

today = warsaw_today()
home = HomePage.objects.get(depth=2)
site = Site.objects.get(is_default_site=True)
site.hostname, site.port = "konsultacje.bedzin.pl", 443
site.save()
register = ConsultationIndexPage(title="Konsultacje", slug="konsultacje")
home.add_child(instance=register)
home.add_child(instance=AlertsPage(title="Powiadomienia", slug="powiadomienia"))
topics = Topic.objects.bulk_create([Topic(name=f"Temat {{n}}", slug=f"temat-{{n}}") for n in range(12)])
districts = District.objects.bulk_create([District(name=f"Dzielnica {{n}}", slug=f"dzielnica-{{n}}") for n in range(9)])
day = lambda offset: today + datetime.timedelta(days=offset)
for number, (start, end, results) in enumerate([(5, 30, None), (9, 40, None), (0, 20, None), (-2, 25, None), (-40, -10, -1), (-60, -30, -3)]):
    page = ConsultationPage(
        title=f"Konsultacja {{number}}", slug=f"konsultacja-{{number}}", lead="Krótki opis konsultacji dla mieszkańców.",
        legal_basis="Zarządzenie", start_date=day(start), end_date=day(end), methods=["survey"],
        results_summary="<p>Wyniki</p>" if results is not None else "",
        results_published_on=day(results) if results is not None else None,
    )
    register.add_child(instance=page)
    page.topics.set(topics[number * 2 : number * 2 + 2])
    page.districts.set(districts[number * 3 % 9 : number * 3 % 9 + 3])
    page.save_revision().publish()
confirmed = timezone.now() - datetime.timedelta(days=30)
people = Subscriber.objects.bulk_create(
    [Subscriber(email=f"mieszkaniec{{n}}@example.com", all_consultations=n % 3 == 0, language="en" if n % 10 == 0 else "pl",
                consented_at=confirmed, confirmed_at=confirmed) for n in range({SUBSCRIBERS})],
    batch_size=2000,
)
Subscriber.topics.through.objects.bulk_create(
    [Subscriber.topics.through(subscriber_id=s.pk, topic_id=topics[n % 12].pk) for n, s in enumerate(people) if n % 3 == 1], batch_size=5000)
Subscriber.districts.through.objects.bulk_create(
    [Subscriber.districts.through(subscriber_id=s.pk, district_id=districts[n % 9].pk) for n, s in enumerate(people) if n % 3 == 2], batch_size=5000)
print(Subscriber.objects.count())
"""


def main():
    port = free_port()
    count = multiprocessing.Value("i", 0)
    ready = multiprocessing.Event()
    sink = multiprocessing.Process(target=smtp_sink, args=(port, count, ready), daemon=True)
    sink.start()
    ready.wait(10)
    with tempfile.TemporaryDirectory(prefix="alerts-bench-") as folder:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3"),
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(port),
            "LOG_LEVEL": "WARNING",
        }
        if "BENCH_DATABASE_URL" in os.environ:
            manage(env, "flush", "--no-input")
        started = time.perf_counter()
        manage(env, "migrate", "--no-input")
        made = manage(env, "shell", "--no-imports", "-c", SETUP).stdout.strip().splitlines()[-1]
        print(f"Set up {made} subscribers in {time.perf_counter() - started:.0f} s; SMTP sink on port {port}.")
        started, cpu = time.perf_counter(), children_cpu()
        first = manage(env, "send_alerts").stdout.strip()
        first_time, first_cpu = time.perf_counter() - started, children_cpu() - cpu
        sent = count.value
        started, cpu = time.perf_counter(), children_cpu()
        second = manage(env, "send_alerts").stdout.strip()
        second_time, second_cpu = time.perf_counter() - started, children_cpu() - cpu
    sink.terminate()
    print(f"Load average during the runs: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(
        f"First run:  {first_time:.1f} s ({first_cpu:.1f} s CPU), {sent} messages accepted by the SMTP server ({first})"
    )
    print(f"Second run: {second_time:.1f} s ({second_cpu:.1f} s CPU), {count.value - sent} more messages ({second})")
    print(
        f"{SUBSCRIBERS} subscribers: {first_time:.1f} s of a {CRON_PERIOD} s cron period "
        f"({100 * first_time / CRON_PERIOD:.1f} %), {sent / first_time:.0f} mails/s"
    )


if __name__ == "__main__":
    main()
