#!/usr/bin/env python
"""`make bench`: Marquee under load as production runs it, and every page's cost at two sizes.

Not a test. In one run it builds the demo (and, with PostgreSQL, a large synthetic site
from `make_load_data`) in persistent bench databases, collects static files, starts
gunicorn with deploy/gunicorn.conf.py, nginx with deploy/nginx/marquee.conf and Varnish
(deploy/varnish/marquee.vcl, or a minimal VCL until it exists) on free loopback ports,
drives them with wrk and prints two tables: throughput against a static file of the same
size, and single-request time, HTML size and queries per page. Every request says
`Accept-Encoding: gzip, br`, as browsers do (one row leaves it out, for comparison).

Variables: BENCH_QUICK=1 (short run, small data), BENCH_ARTICLES / BENCH_COMMENTS (size of
the large site, default 10000 / 100000), BENCH_DATABASE_URL (else PostgreSQL on
127.0.0.1:5432, databases marquee_bench and, for the demo, marquee_bench_demo, kept for the
next run; SQLite for the demo without PostgreSQL), BENCH_DIR (default .bench/).
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import servers, wrk
from benchlib.report import out, print_load, print_pages
from benchlib.wrk import BROWSER_ENCODINGS

PROJECT = servers.PROJECT
QUICK = os.environ.get("BENCH_QUICK", "").lower() in {"1", "true", "yes", "on"}
SECONDS = 2 if QUICK else 8
REQUESTS = 5 if QUICK else 15
SEQUENTIAL = 10 if QUICK else 30
ARTICLES = int(os.environ.get("BENCH_ARTICLES") or (1000 if QUICK else 10_000))
COMMENTS = int(os.environ.get("BENCH_COMMENTS") or (10_000 if QUICK else 100_000))
BENCH_DIR = Path(os.environ.get("BENCH_DIR") or PROJECT / ".bench")
STATIC_FILE = "bench/article.html"


def note(line):
    sys.stderr.write(f"bench: {line}\n")


def build(env, log, *, load=False):
    """Migrate and load the demo (and the load data); each command skips what exists."""
    servers.manage(env, "migrate", "--noinput", log=log)
    servers.manage(env, "load_demo", log=log)
    servers.manage(env, "load_demo_discussion", log=log)
    if load:
        servers.manage(
            env, "make_load_data", f"--articles={ARTICLES}", f"--comments={COMMENTS}", log=log
        )


def page_costs(env, workdir, name, article_html=None):
    """Facts and per-page costs, measured in a Django subprocess on `env`'s database."""
    result = workdir / f"pages-{name}.json"
    command = [servers.PYTHON, "scripts/benchlib/pages.py", str(result), f"--requests={REQUESTS}"]
    if article_html:
        command.append(f"--article-html={article_html}")
    subprocess.run(command, cwd=PROJECT, env=env, check=True)
    return json.loads(result.read_text())


#: A reader with this cookie is never served from, nor stored in, the page cache (the voter
#: cookie makes a visit personal): the "uncached" rows. A unique query string no longer
#: misses, since a page is stored by the parameters it reads (core/parameters.py).
UNCACHED_COOKIE = "marquee_voter=bench"


def fetch(url, accept=BROWSER_ENCODINGS, cookie=None):
    """One GET as a browser sends it; the response, read (its body not decoded)."""
    headers = {"Accept-Encoding": accept} if accept else {}
    if cookie:
        headers["Cookie"] = cookie
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            return response
    except urllib.error.HTTPError as error:
        error.read()
        return error


def sequential_ms(url, count):
    """Median milliseconds of `count` one-at-a-time requests, each past the page cache."""
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        fetch(url, cookie=UNCACHED_COOKIE)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def cacheable(url):
    """Whether the app lets a shared cache keep this page: public max-age and no cookie."""
    response = fetch(url)
    control = (response.headers.get("Cache-Control") or "").lower()
    cookie = response.headers.get("Set-Cookie")
    ok = "max-age" in control and not any(w in control for w in ("private", "no-", "max-age=0"))
    return ok and not cookie


def precompress(path):
    """The .br and .gz copies beside the bench's static file, made as collectstatic's
    CompressedManifestStaticFilesStorage makes them beside every collected file (whitenoise
    serves the .br to browsers that take it, nginx's gzip_static the .gz)."""
    from whitenoise.compress import Compressor

    for suffix in (".br", ".gz"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return Compressor(quiet=True).compress(str(path))


def sample(url, accept, cookie=None):
    """What one response of a row is like: its Content-Encoding and what a cache says."""
    response = fetch(url, accept, cookie)
    headers = response.headers
    # Varnish's X-Varnish names two requests on a hit (this one and the one that stored it),
    # whatever its VCL adds.
    varnish = headers.get("X-Varnish")
    cache = headers.get("X-Cache-Status") or headers.get("X-Cache")
    if varnish and not cache:
        cache = "HIT" if len(varnish.split()) == 2 else "MISS"
    return {
        "status": response.status,
        "encoding": headers.get("Content-Encoding") or "none",
        "cache": cache,
        "cache_control": headers.get("Cache-Control") or "",
    }


def varnish_remark(found):
    """Whether Varnish answered from its store, and why not when it did not."""
    if found["cache"] == "HIT":
        return "Varnish HIT"
    control = found["cache_control"] or "no Cache-Control"
    why = "" if "s-maxage" in control else ", no s-maxage"
    return f"Varnish {found['cache'] or 'MISS'}: app sends {control}{why}"


def load_rows(gunicorn, nginx, varnish, facts, workdir):
    """One wrk run per row: (label, figures, encoding of a sample response, note)."""
    article = facts["article_url"]
    static = f"/static/{STATIC_FILE}"
    page_cache = cacheable(gunicorn + article)
    for base, paths in ((gunicorn, (article, "/", static)), (nginx, (static,))):
        for path in paths:
            fetch(base + path)
    for _ in range(2 if varnish else 0):  # the first stores the page (when the app allows)
        for path in (article, "/"):
            fetch(varnish + path)
    comment_body, comment_cookie = wrk.csrf_form(
        {
            # Words of this run only: the same words from the same reader and address within
            # ten minutes are one comment posted twice (409), as a rerun would otherwise be.
            "body": "A benchmark comment: the park scene really happened, says the writer. "
            f"(Run {int(time.time())}.)",
            "name": "Bench Reader",
            "email": "bench@example.com",
            "stamp": facts["stamp"],
        }
    )
    vote_body, vote_cookie = wrk.csrf_form({"value": "1"})
    rows = [
        ("static file, article's size (gunicorn)", gunicorn, static, {}, "whitenoise"),
        ("static file, article's size (nginx)", nginx, static, {}, "gzip_static"),
        (
            "article, uncached (gunicorn)",
            gunicorn,
            article,
            {"mode": "unique"},
            "a voter cookie: page cache passed by",
        ),
        (
            "article, page cache (gunicorn)",
            gunicorn,
            article,
            {},
            "" if page_cache else "page cache not built yet: same path, warm",
        ),
        (
            "article, page cache, no Accept-Encoding (gunicorn)",
            gunicorn,
            article,
            {"accept": ""},
            "as wrk sends by default: nothing to compress",
        ),
        ("article via Varnish", varnish, article, {}, None),
        ("home (gunicorn)", gunicorn, "/", {}, ""),
        ("home via Varnish", varnish, "/", {}, None),
        (
            "comment POST (gunicorn)",
            gunicorn,
            f"/discussion/{facts['article_id']}/comment/",
            {"mode": "post", "body": comment_body, "cookie": comment_cookie},
            "no-JS form, one reader per post",
        ),
    ]
    if facts["comment_id"]:
        rows.append(
            (
                "vote POST (gunicorn)",
                gunicorn,
                f"/discussion/comment/{facts['comment_id']}/vote/",
                {"mode": "post", "body": vote_body, "cookie": vote_cookie},
                "no-JS form, one reader per vote",
            )
        )
    # Last, because a slow search leaves a queue behind that would spill into the next row.
    rows.append(("search (gunicorn)", gunicorn, "/search/?q=true+story", {}, ""))
    rows = [row for row in rows if row[1]]  # no Varnish rows without varnishd
    results = []
    for label, base, path, options, remark in rows:
        encoding = "-"
        if options.get("mode") != "post":
            cookie = UNCACHED_COOKIE if options.get("mode") == "unique" else None
            found = sample(base + path, options.get("accept", BROWSER_ENCODINGS), cookie)
            encoding = found["encoding"]
            if remark is None:
                remark = varnish_remark(found)
        note(f"wrk {label}")
        figures = wrk.run(base, path, workdir, seconds=SECONDS, **options)
        results.append((label, figures, encoding, remark or ""))
        if label != rows[-1][0]:
            servers.settle(gunicorn)
    return results


def main():
    started = time.monotonic()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    log = BENCH_DIR / "bench.log"
    log.write_text("")
    static_root, media_root = BENCH_DIR / "static", BENCH_DIR / "media"
    database = "marquee_bench_quick" if QUICK else "marquee_bench"
    large_url = servers.postgres_url(database)
    large_env = large_url and servers.production_env(large_url, static_root, media_root)
    # The demo on the same database engine as the large site, so the two columns differ by
    # size alone (SQLite where there is no PostgreSQL).
    small_url = (
        servers.postgres_url("marquee_bench_demo")
        if large_url and not os.environ.get("BENCH_DATABASE_URL")
        else None
    ) or f"sqlite:///{BENCH_DIR / 'demo.sqlite3'}"
    small_env = servers.production_env(small_url, static_root, media_root)
    note(f"building the demo database (log: {log})")
    build(small_env, log)
    if large_env:
        note(f"building the large database {database} ({ARTICLES} articles, {COMMENTS} comments)")
        build(large_env, log, load=True)
    servers.manage(small_env, "collectstatic", "--noinput", "-v0", log=log)
    env = large_env or small_env
    with tempfile.TemporaryDirectory(prefix="marquee-bench-") as tmp:
        workdir = Path(tmp)
        note("timing single requests")
        main_pages = page_costs(env, workdir, "main", static_root / STATIC_FILE)
        precompress(static_root / STATIC_FILE)
        small = page_costs(small_env, workdir, "demo") if large_env else main_pages
        facts = main_pages["facts"]
        gunicorn_port, nginx_port = servers.free_port(), servers.free_port()
        varnish_port = servers.free_port()
        gunicorn = nginx = varnish = redis = None
        with open(BENCH_DIR / "servers.log", "w") as server_log:
            try:
                redis, redis_url = servers.start_redis(server_log)
                cache_note = "Redis (private)" if redis_url else "each worker's memory"
                app_env = {**env, "REDIS_URL": redis_url} if redis_url else env
                if servers.varnish_installed():
                    # The app names its pages' keys to the Varnish in front and purges it.
                    varnish_url = f"http://127.0.0.1:{varnish_port}"
                    app_env = {**app_env, "EDGE_CACHE": "varnish", "EDGE_VARNISH_URLS": varnish_url}
                gunicorn = servers.start_gunicorn(app_env, gunicorn_port, server_log)
                nginx = servers.start_nginx(
                    workdir / "nginx",
                    nginx_port,
                    gunicorn_port,
                    static_root,
                    media_root,
                    server_log,
                )
                varnish = servers.start_varnish(
                    workdir / "varnish", varnish_port, [gunicorn_port], server_log
                )
                g_base, n_base, v_base = (
                    f"http://127.0.0.1:{port}" for port in (gunicorn_port, nginx_port, varnish_port)
                )
                v_base = v_base if varnish else None
                # On a quiet server, before the load: one reader's wait, not a queue's.
                single = sequential_ms(g_base + facts["article_url"], SEQUENTIAL)
                results = load_rows(g_base, n_base, v_base, facts, workdir)
            finally:
                servers.stop(varnish)
                servers.stop(nginx)
                servers.stop(gunicorn)
                servers.stop(redis)
    where = "PostgreSQL" if large_env else "SQLite"
    size = f"{facts['articles']:,} articles, {facts['comments']:,} comments"
    out(f"Marquee bench{' (BENCH_QUICK)' if QUICK else ''} on {servers.machine()}")
    out()
    print_load(
        results,
        single,
        f"Load: wrk -t2 -c32 -d{SECONDS}s on loopback, Accept-Encoding: {BROWSER_ENCODINGS} "
        "unless a row says otherwise; enc: Content-Encoding of one response fetched before the "
        f"row; gunicorn (deploy/gunicorn.conf.py, 2 workers, DEBUG off, cache in {cache_note}), "
        "nginx (deploy/nginx/marquee.conf, its static files), "
        + (
            f"Varnish in front of that gunicorn ({servers.varnish_source()})"
            if varnish
            else "no Varnish (varnishd not installed)"
        )
        + f"; {where}, {size}; article {facts['article_url']}",
        SEQUENTIAL,
    )
    large_label = f"{facts['articles'] // 1000}k" if large_env else ""
    print_pages(small, main_pages if large_env else None, large_label, REQUESTS)
    out()
    total = time.monotonic() - started
    out(f"Marks: over 2× the demo's time, over 150 ms, over 200 kB. Total {total:.0f} s")


if __name__ == "__main__":
    main()
