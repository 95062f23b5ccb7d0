"""`manage.py run_worker`: django-tasks' database worker that outlives a database outage.

`manage.py db_worker` (django-tasks-db) exits with a traceback as soon as PostgreSQL stops
answering, and relies on a supervisor to start it again. This command runs the same worker
loop, but when the database goes away it closes its connections, logs one line, and asks
again with backoff (1, 2, 4 … up to `--retry-interval-max` seconds) until the database
answers; then it logs one line and takes tasks again. SIGTERM and SIGINT stop it at once
while it waits, and after the running task otherwise, as with `db_worker`. Every option of
`db_worker` is accepted; with `--batch` (a cron job working off the queue) an outage still
ends the run with an error, so that the next run retries.
"""

import logging
import os
import time
from argparse import ArgumentTypeError

from django.core.management import CommandError
from django.db import DatabaseError, InterfaceError, OperationalError, connections, router
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader

from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

#: What a stopped, restarting or unreachable database raises.
DATABASE_DOWN = (OperationalError, InterfaceError)


def at_least_a_second(value):
    seconds = db_worker.valid_interval(value)
    if seconds < 1:
        raise ArgumentTypeError("Must be 1 or more")
    return seconds


def _first_line(error):
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def close_connections():
    """Drop every open connection, dead ones included, so the next query opens a new one."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DatabaseError:
            connection.connection = None


class _QuietRestart(logging.Filter):
    """Hides django-tasks-db's "Starting worker" line when the worker resumes after an outage."""

    def __init__(self, worker):
        super().__init__()
        self.worker = worker

    def filter(self, record):
        return not (self.worker.resumed and str(record.msg).startswith("Starting worker"))


class PatientWorker(db_worker.Worker):
    """django-tasks-db's worker, waiting for the database instead of exiting when it is down."""

    def __init__(self, *, retry_interval_max, **options):
        super().__init__(**options)
        self.retry_interval_max = retry_interval_max
        self.resumed = False
        #: A task whose outcome could not be written before the database went away, and why.
        self.unrecorded = None

    def run(self):
        quiet = _QuietRestart(self)
        db_worker.logger.addFilter(quiet)
        try:
            while True:
                try:
                    self.record_interrupted_task()
                    return super().run()
                except DATABASE_DOWN as error:
                    if self.batch:
                        raise
                    self.wait_for_database(error)
                    self.resumed, self.startup_delay = True, False
        finally:
            db_worker.logger.removeFilter(quiet)

    def run_task(self, db_task_result):
        try:
            super().run_task(db_task_result)
        except DATABASE_DOWN as error:
            self.unrecorded = (db_task_result, error)
            raise

    def wait_for_database(self, error):
        """Ask the database with backoff until it answers: one log line now, one at the end."""
        close_connections()
        logger.warning(
            "Database unavailable (%s); retrying every 1 s, backing off to every %g s.",
            _first_line(error),
            self.retry_interval_max,
        )
        down_since, delay = time.monotonic(), 1
        while True:
            time.sleep(delay)
            if self.database_answers():
                break
            delay = min(delay * 2, self.retry_interval_max)
        logger.info(
            "Database available again after %d s; taking tasks again.",
            round(time.monotonic() - down_since),
        )

    def database_answers(self):
        """Whether a query gets an answer: a connection object alone proves nothing."""
        try:
            with connections[router.db_for_write(DBTaskResult)].cursor() as cursor:
                cursor.execute("SELECT 1")
        except DATABASE_DOWN:
            close_connections()
            return False
        return True

    def record_interrupted_task(self):
        """The task the outage interrupted is recorded as failed with the database's error,
        as django-tasks-db records any task that raises (it could not write that itself)."""
        if self.unrecorded is None:
            return
        task_result, error = self.unrecorded
        task_result.set_failed(error)
        self.unrecorded = None
        logger.warning("Task id=%s was interrupted by the outage: marked failed.", task_result.id)


class Command(db_worker.Command):
    help = "Run the database task worker, waiting for the database whenever it is unavailable"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--retry-interval-max",
            type=at_least_a_second,
            default=30,
            help="Longest wait (seconds) between two attempts to reach a database that is "
            "down; attempts start 1 s apart and double (default: %(default)r)",
        )

    def configure_logging(self, verbosity):
        super().configure_logging(verbosity)
        logger.setLevel(db_worker.logger.level)
        if not logger.hasHandlers():
            logger.addHandler(logging.StreamHandler(self.stderr))

    def handle(self, *, verbosity, queue_name, exclude_queues, reload, batch, **options):
        # db_worker's handle() builds its own Worker: the same steps, with ours.
        self.configure_logging(verbosity)
        if reload and batch:
            logger.warning("--reload and --batch cannot be used together: not reloading.")
            reload = False
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = PatientWorker(
            queue_names=queue_names,
            excluded_queue_names=excluded,
            batch=batch,
            **{
                name: options[name]
                for name in (
                    "interval",
                    "backend_name",
                    "startup_delay",
                    "max_tasks",
                    "worker_id",
                    "retry_interval_max",
                )
            },
        )
        if not reload:
            worker.configure_signals()
            worker.run()
            return
        if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            worker.configure_signals()
        run_with_reloader(worker.run)
