"""The production front for the bench: gunicorn, nginx and Varnish on free loopback ports."""

import contextlib
import os
import platform
import re
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
INLINE_VCL = """vcl 4.1;

import directors;
import std;
import xkey;

%(backends)s

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_init {
    new app = directors.round_robin();
%(directors)s
}

sub vcl_recv {
    set req.backend_hint = app.backend();
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "PURGE needs an xkey-purge header"));
        }
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone));
    }
    # Varnish itself turns any Accept-Encoding into "gzip" after vcl_recv; brotli survives
    # as this header, which names the copy and goes to the app on a miss.
    unset req.http.X-Marquee-Encoding;
    if (req.http.Accept-Encoding ~ "\\bbr\\b") {
        set req.http.X-Marquee-Encoding = "br";
    } elsif (req.http.Accept-Encoding ~ "\\bgzip\\b") {
        set req.http.X-Marquee-Encoding = "gzip";
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Cookie || req.http.Authorization) {
        return (pass);
    }
    return (hash);
}

sub vcl_hash {
    if (req.http.X-Marquee-Encoding) {
        hash_data(req.http.X-Marquee-Encoding);
    }
}

sub vcl_backend_fetch {
    if (bereq.http.X-Marquee-Encoding) {
        set bereq.http.Accept-Encoding = bereq.http.X-Marquee-Encoding;
    } else {
        unset bereq.http.Accept-Encoding;
    }
    unset bereq.http.X-Marquee-Encoding;
}

sub vcl_backend_response {
    # Only what the app offers shared caches: s-maxage, no cookie.
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control !~ "s-maxage") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
}

sub vcl_deliver {
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.xkey;
}
"""


def varnish_vcl(upstream_ports):
    """deploy/varnish/marquee.vcl with its placeholders filled, or INLINE_VCL until it exists."""
    template = PROJECT / "deploy" / "varnish" / "marquee.vcl"
    first = upstream_ports[0]
    if not template.exists():
        backends = "\n".join(
            f'backend app{n} {{ .host = "127.0.0.1"; .port = "{port}"; }}'
            for n, port in enumerate(upstream_ports)
        )
        directors = "\n".join(f"    app.add_backend(app{n});" for n in range(len(upstream_ports)))
        return INLINE_VCL % {"backends": backends, "directors": directors}
    # The names a template may use, as deploy/render_nginx.py's do for nginx.
    values = {
        "MARQUEE_BACKEND_HOST": "127.0.0.1",
        "MARQUEE_BACKEND_PORT": str(first),
        "MARQUEE_UPSTREAM_HOST": "127.0.0.1",
        "MARQUEE_UPSTREAM_PORT": str(first),
        "MARQUEE_UPSTREAM_SERVERS": " ".join(f"127.0.0.1:{port}" for port in upstream_ports),
        "MARQUEE_PURGE_ACL": '"127.0.0.1"; "::1";',
    }
    renderer = PROJECT / "deploy" / "render_varnish.py"
    if renderer.exists():
        sys.path.insert(0, str(PROJECT / "deploy"))
        from render_varnish import render

        text = render(values)
    else:
        text = re.sub(
            r"\$\{(MARQUEE_[A-Z_]+)\}",
            lambda m: values.get(m.group(1), m.group(0)),
            template.read_text(),
        )
    if left := sorted(set(re.findall(r"\$\{(MARQUEE_[A-Z_]+)\}", text))):
        sys.exit(
            f"bench: {template.relative_to(PROJECT)} uses {', '.join(left)}, which "
            "scripts/benchlib/servers.py does not fill yet"
        )
    return text


def varnish_source():
    """Where start_varnish takes its VCL from, for the bench's header line."""
    template = PROJECT / "deploy" / "varnish" / "marquee.vcl"
    return str(template.relative_to(PROJECT)) if template.exists() else "inline VCL"


def start_varnish(prefix, port, upstream_ports, log):
    """A private varnishd in folder `prefix` in front of `upstream_ports`, in the foreground;
    None where varnishd is not installed (the bench then leaves out the Varnish rows)."""
    binary = shutil.which("varnishd") or "/usr/sbin/varnishd"
    if not Path(binary).exists():
        return None
    prefix = Path(prefix)
    prefix.mkdir(parents=True, exist_ok=True)
    vcl = varnish_vcl(list(upstream_ports))
    (prefix / "marquee.vcl").write_text(vcl)
    command = [binary, "-F", "-n", str(prefix / "state"), "-a", f"127.0.0.1:{port}"]
    command += ["-f", str(prefix / "marquee.vcl"), "-s", "malloc,256m"]
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
