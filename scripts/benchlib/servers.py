"""The production front for the bench: gunicorn, nginx and Varnish on free loopback ports."""

import contextlib
import os
import platform
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(database_url, static_root, media_root):
    """The variables production sets, made safe for plain http on loopback."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_"))}
    env.update(
        DEBUG="false",
        SECRET_KEY="bench-only-not-a-secret",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_COOKIES="false",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        DATABASE_CONN_MAX_AGE="60",
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(media_root),
        STATIC_MANIFEST="true",
        # The POST rows come from many readers, told apart by the header a proxy sets.
        TRUSTED_PROXY_HOPS="1",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        LOG_LEVEL="ERROR",
    )
    return env


def manage(env, *args, log):
    """Run a manage.py command, its output into the log; stop the bench if it fails."""
    with open(log, "a") as out:
        out.write(f"\n$ manage.py {' '.join(args)}\n")
        out.flush()
        result = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=PROJECT, env=env, stdout=out, stderr=out
        )
    if result.returncode:
        sys.exit(f"bench: manage.py {' '.join(args)} failed, see {log}")


def wait_for(url, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"bench: the server for {url} exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"bench: nothing answered at {url} within {seconds} s")


def settle(base, seconds=600):
    """Wait until the server has worked through what the last run queued."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        with contextlib.suppress(OSError):
            urllib.request.urlopen(f"{base}/robots.txt", timeout=seconds).read()
        if time.monotonic() - started < 0.5:
            return
        time.sleep(0.5)


def start_gunicorn(env, port, log):
    env = {
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_ACCESS_LOG": "off",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    command = [PYTHON, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"]
    process = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT)
    wait_for(f"http://127.0.0.1:{port}/robots.txt", process)
    return process


def start_redis(log):
    """A private Redis on a free port, as production's shared cache (never the machine's own
    Redis, which other work uses): (process, url), or (None, "") where redis-server is missing
    (the app servers then keep their caches in their own memory, and the bench says so)."""
    binary = shutil.which("redis-server")
    if binary is None:
        return None, ""
    port = free_port()
    command = [binary, "--port", str(port), "--bind", "127.0.0.1"]
    command += ["--save", "", "--appendonly", "no"]
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return process, f"redis://127.0.0.1:{port}/0"
        time.sleep(0.1)
    stop(process)
    return None, ""


def start_nginx(prefix, port, upstream_port, static_root, media_root, log):
    """nginx with deploy/nginx/marquee.conf in a temporary prefix, in the foreground."""
    sys.path.insert(0, str(PROJECT / "deploy"))
    from render_nginx import standalone

    prefix.mkdir(parents=True, exist_ok=True)
    conf = prefix / "nginx.conf"
    conf.write_text(
        standalone(
            prefix,
            {
                "MARQUEE_LISTEN": f"127.0.0.1:{port}",
                "MARQUEE_UPSTREAM_SERVERS": f"server 127.0.0.1:{upstream_port};",
                "MARQUEE_STATIC_ROOT": str(static_root),
                "MARQUEE_MEDIA_ROOT": str(media_root),
            },
        )
    )
    command = ["nginx", "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(conf)]
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    wait_for(f"http://127.0.0.1:{port}/robots.txt", process)
    return process


#: Until deploy/varnish/marquee.vcl exists: what the bench needs of it, and no more. Anonymous
#: GETs are kept as long as the app's `s-maxage` says (a page without one is not kept), one copy
#: per encoding; a request with a cookie goes to the app; `PURGE` with an `xkey-purge` header
#: drops every copy tagged with one of its keys (the app's `xkey` header).


def varnish_vcl(upstream_ports):
    """deploy/varnish/marquee.vcl filled by deploy/render_varnish.py for these app servers."""
    sys.path.insert(0, str(PROJECT / "deploy"))
    from render_varnish import render

    servers = " ".join(f"127.0.0.1:{port}" for port in upstream_ports)
    return render({"MARQUEE_VARNISH_SERVERS": servers, "MARQUEE_VARNISH_PROBE_HOST": "localhost"})


def varnish_source():
    """Where start_varnish takes its VCL from, for the bench's header line."""
    return "deploy/varnish/marquee.vcl"


def varnish_installed():
    return Path(shutil.which("varnishd") or "/usr/sbin/varnishd").exists()


def start_varnish(prefix, port, upstream_ports, log):
    """A private varnishd in folder `prefix` in front of `upstream_ports`, in the foreground;
    None where varnishd is not installed (the bench then leaves out the Varnish rows)."""
    if not varnish_installed():
        return None
    binary = shutil.which("varnishd") or "/usr/sbin/varnishd"
    prefix = Path(prefix)
    prefix.mkdir(parents=True, exist_ok=True)
    vcl = varnish_vcl(list(upstream_ports))
    (prefix / "marquee.vcl").write_text(vcl)
    command = [binary, "-F", "-n", str(prefix / "state"), "-a", f"127.0.0.1:{port}"]
    command += ["-f", str(prefix / "marquee.vcl"), "-s", "malloc,256m"]
    # The app's brotli and gzip copies are stored as they come (as deploy/ runs it).
    command += ["-p", "http_gzip_support=off"]
    # As root, varnishd hands its work to the varnish users, who cannot enter a private
    # temporary folder ("Cannot read -f file ... (Permission denied)"): no jail, as the bench.
    if os.geteuid() == 0:
        command += ["-j", "none"]
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    wait_for(f"http://127.0.0.1:{port}/robots.txt", process)
    return process


def stop(process):
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def machine():
    """nproc, CPU model and memory, for the line above the tables."""
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal:")
        )
        memory = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        memory = "unknown memory"
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    cpus = f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))})"
    return f"{cpus}, {model}, {memory}; load average {load} (other work shares the machine)"


def postgres_url(name):
    """BENCH_DATABASE_URL, else a database `name` on a local PostgreSQL (created if missing)."""
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    try:
        import psycopg
    except ImportError:
        return None
    try:
        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True, connect_timeout=3
        ) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if not exists:
                connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error:
        return None
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def drop_postgres(name):
    import psycopg

    with psycopg.connect(
        "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
