#!/usr/bin/env python
"""`make bench-import`: how fast `import_wordpress` brings in a real export's posts, and that
its memory does not grow with the export.

Not a test. It writes exports of 1,000 and 10,000 posts made from the posts of a real
WordPress export (tests/wordpress_exports.py), imports each into a new SQLite database in a
temporary folder with `manage.py import_wordpress`, and prints posts per second and the
largest resident memory of each run. BENCH_IMPORT_POSTS="500 5000" changes the sizes.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from tests.wordpress_exports import write_large_export  # noqa: E402


def out(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


SIZES = [int(n) for n in os.environ.get("BENCH_IMPORT_POSTS", "1000 10000").split()]


#: Runs manage.py, then says the most memory its own process held (ru_maxrss, in KB).
_MEASURED = """
import resource, runpy, sys
sys.argv = sys.argv[1:]
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
finally:
    sys.stderr.write(f"peak-rss-kb {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n")
"""


def run(args, env):
    """Runs a manage.py command in a new process; returns (seconds, its peak RSS in MB)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED, str(PROJECT / "manage.py"), *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    seconds = time.perf_counter() - started
    peak = int(done.stderr.rsplit("peak-rss-kb ", 1)[1].split()[0])
    return seconds, peak / 1024


def main():
    out(f"{'posts':>7} {'file MB':>8} {'seconds':>8} {'posts/s':>8} {'peak RSS MB':>12}")
    for posts in sorted(SIZES):
        with tempfile.TemporaryDirectory() as folder:
            folder = Path(folder)
            export = write_large_export(folder / "export.xml", posts)
            env = os.environ | {
                "DEBUG": "true",
                "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
                "MEDIA_ROOT": str(folder / "media"),
                "REDIS_URL": "",
            }
            run(["migrate", "--verbosity", "0"], env)
            seconds, peak = run(["import_wordpress", str(export)], env)
            size = export.stat().st_size / 1e6
            out(f"{posts:>7} {size:8.1f} {seconds:8.1f} {posts / seconds:8.1f} {peak:12.0f}")


if __name__ == "__main__":
    main()
