"""The task worker (`manage.py run_worker`) waits out a PostgreSQL outage instead of exiting.

The `servers` tests run a throwaway PostgreSQL of their own (initdb into a temporary folder, on
a free port) and the worker as a real process against it; the machine's PostgreSQL is never
touched.
"""

import os
import signal
import subprocess
import sys
import time

from django.db import OperationalError

import psycopg
import pytest
from django_tasks_db.models import DBTaskResult

from articles.tasks import review_reminders_send_daily
from core.management.commands import run_worker
from tests.private_servers import PrivatePostgres
from tests.test_settings import PROJECT, clean_env

ENQUEUE = (
    "import django; django.setup();"
    "from articles.tasks import review_reminders_send_daily as task;"
    "print(task.enqueue().id)"
)


@pytest.fixture(scope="module")
def postgres():
    """A migrated PostgreSQL of the module's own; each test leaves it running."""
    server = PrivatePostgres()
    try:
        server.create()
        server.start()
        migrate = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput"],
            cwd=PROJECT,
            env=worker_env(server),
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert migrate.returncode == 0, migrate.stdout + migrate.stderr
        yield server
    finally:
        server.remove()


def worker_env(server):
    env = clean_env(
        DEBUG="false",
        SECRET_KEY="test-only-secret-key-for-the-task-worker-test-0123456789",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{server.port}/postgres",
        DATABASE_CONNECT_TIMEOUT="2",
        TASKS_BACKEND="database",
        LOG_LEVEL="WARNING",
    )
    env["PYTHONPATH"] = os.pathsep.join(sys.path)
    return env


class Worker:
    """`manage.py run_worker` in a process of its own, its output in a file."""

    def __init__(self, server, log_path):
        self.server, self.log_path = server, log_path
        self.log = log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--interval", "0.2"]
            + ["--no-startup-delay", "--no-reload", "--retry-interval-max", "2"],
            cwd=PROJECT,
            env=worker_env(server),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def lines(self):
        return self.log_path.read_text().splitlines()

    def wait_for_line(self, words, seconds):
        deadline = time.monotonic() + seconds
        while not any(words in line for line in self.lines()):
            assert time.monotonic() < deadline, f"no {words!r} in:\n" + "\n".join(self.lines())
            assert self.process.poll() is None, "\n".join(self.lines())
            time.sleep(0.1)

    def enqueue(self):
        """Queue a task (the daily review reminders) as the site would; its id."""
        result = subprocess.run(
            [sys.executable, "-c", ENQUEUE],
            cwd=PROJECT,
            env=worker_env(self.server),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    def status(self, task_id):
        url = f"postgresql://postgres@127.0.0.1:{self.server.port}/postgres"
        with psycopg.connect(url) as connection:
            row = connection.execute(
                "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = %s", [task_id]
            ).fetchone()
        return row[0]

    def wait_until_done(self, task_id, seconds=20):
        deadline = time.monotonic() + seconds
        while (status := self.status(task_id)) not in ("SUCCESSFUL", "FAILED"):
            assert time.monotonic() < deadline, f"task still {status}:\n" + "\n".join(self.lines())
            time.sleep(0.2)
        return status

    def stop(self):
        """SIGTERM, as systemd and docker send: (exit code, seconds it took)."""
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout=15)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            self.log.close()
        return code, time.monotonic() - started


@pytest.fixture
def worker(postgres, tmp_path):
    worker = Worker(postgres, tmp_path / "worker.log")
    try:
        yield worker
    finally:
        if worker.process.poll() is None:
            worker.process.kill()
            worker.process.wait()
        if not postgres.started:
            postgres.start()


@pytest.mark.servers
def test_the_worker_waits_out_a_database_outage_and_runs_tasks_queued_after_it(postgres, worker):
    assert worker.wait_until_done(worker.enqueue()) == "SUCCESSFUL"
    before = len(worker.lines())

    postgres.stop()
    worker.wait_for_line("Database unavailable", seconds=10)
    time.sleep(6)

    assert worker.process.poll() is None
    during = worker.lines()[before:]
    assert len(during) == 1, during
    assert "retrying every 1 s, backing off to every 2 s" in during[0]
    assert "Traceback" not in worker.log_path.read_text()

    postgres.start()
    worker.wait_for_line("Database available again", seconds=15)
    task_id = worker.enqueue()

    assert worker.wait_until_done(task_id) == "SUCCESSFUL"
    after = worker.lines()[before:]
    assert [line for line in after if "Database" in line] == [
        during[0],
        next(line for line in after if "Database available again" in line),
    ]
    assert not any("Starting worker" in line for line in after)
    assert worker.stop()[0] == 0


@pytest.mark.servers
def test_a_worker_waiting_for_the_database_stops_at_once_on_sigterm(postgres, worker):
    worker.wait_until_done(worker.enqueue())
    postgres.stop()
    worker.wait_for_line("Database unavailable", seconds=10)

    code, seconds = worker.stop()

    assert code == 0
    assert seconds < 3
    assert "Traceback" not in worker.log_path.read_text()


def test_a_task_the_outage_interrupted_is_marked_failed_once_the_database_is_back(
    transactional_db, settings, monkeypatch
):
    """Not left "running" for ever: what django-tasks-db could not write, the worker writes."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    task_id = review_reminders_send_daily.enqueue().id
    lost = OperationalError("server closed the connection unexpectedly")
    writes = []

    def database_gone_once(real):
        def write(self, *args):
            writes.append(real.__name__)
            if len(writes) <= 2:
                raise lost
            return real(self, *args)

        return write

    monkeypatch.setattr(
        DBTaskResult, "set_successful", database_gone_once(DBTaskResult.set_successful)
    )
    monkeypatch.setattr(DBTaskResult, "set_failed", database_gone_once(DBTaskResult.set_failed))
    worker = run_worker.PatientWorker(
        queue_names=["default"],
        excluded_queue_names=[],
        interval=0,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=1,
        worker_id="patient",
        retry_interval_max=1,
    )

    worker.run()

    result = DBTaskResult.objects.get(id=task_id)
    assert writes == ["set_successful", "set_failed", "set_failed"]
    assert result.status == "FAILED"
    assert result.exception_class_path == "django.db.utils.OperationalError"
    assert "server closed the connection unexpectedly" in result.traceback
