"""The bench's two tables: load against the static file, and each page's single-request cost."""

import sys

from .wrk import BROWSER_ENCODINGS


def out(line=""):
    """The tables are the bench's output, so they go to stdout."""
    sys.stdout.write(f"{line}\n")
    sys.stdout.flush()


def print_load(results, single_ms, header, sequential):
    out(header)
    line = (
        f"{'row':<51} {'enc':>5} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>8}"
        f" {'429s':>5}  note"
    )
    out(line)
    out("-" * len(line))
    for label, r, encoding, remark in results:
        p50 = f"{r['p50']:.1f}" if r["p50"] is not None else "-"
        p99 = f"{r['p99']:.1f}" if r["p99"] is not None else "-"
        errors = f"{r['errors']}/{r['requests']}"
        figures = f"{r['rps']:>8.0f} {p50:>8} {p99:>8} {errors:>8} {r['limited']:>5}"
        out(f"{label:<51} {encoding:>5} {figures}  {remark}")
    rps = {label: r["rps"] for label, r, _, _ in results}

    def ratio(name, top, bottom, target):
        if top not in rps:
            out(f"  {name:<52} {'-':>6}  (target ≥ {target:.0%}: not measured)")
            return
        value = rps[top] / rps[bottom] if rps[bottom] else 0
        verdict = "meets" if value >= target else "below"
        out(f"  {name:<52} {value:>6.1%}  (target ≥ {target:.0%}: {verdict})")

    out()
    out("Ratios (same run):")
    static_g = "static file, article's size (gunicorn)"
    static_n = "static file, article's size (nginx)"
    ratio("cached article / static via gunicorn", "article, page cache (gunicorn)", static_g, 0.8)
    ratio("article via Varnish / static via nginx", "article via Varnish", static_n, 0.6)
    ratio("uncached article / static via gunicorn", "article, uncached (gunicorn)", static_g, 0.08)
    verdict = "meets" if single_ms <= 15 else "below"
    out(
        f"  {'uncached article, one request at a time (median of ' + str(sequential) + ')':<52} "
        f"{single_ms:>5.1f} ms (target ≤ 15 ms: {verdict})"
    )


def print_pages(small, large, large_label, requests):
    out()
    out(
        f"Single requests: median of {requests} sequential requests (Django test client, "
        f"Accept-Encoding: {BROWSER_ENCODINGS}; fewer, at least 3, once a page has taken 20 s), "
        "HTML size (kB uncompressed, and as sent), queries"
    )
    columns = f"{'demo ms':>8} {'cold':>6} {'kB':>5} {'sent':>5} {'q':>3}"
    if large:
        columns += (
            f" | {large_label + ' ms':>9} {'cold':>6} {'kB':>5} {'sent':>5} {'q':>3} {'ratio':>6}"
        )
    line = f"{'page':<24} {columns}  marks"
    out(line)
    out("-" * len(line))

    def sizes(page):
        return f"{page['bytes'] / 1000:>5.0f} {page['sent_bytes'] / 1000:>5.1f}"

    for label in (large or small)["pages"]:
        s = small["pages"].get(label)
        cells = (
            f"{s['ms']:>8.1f} {s['cold_ms']:>6.1f} {sizes(s)} {s['queries']:>3}"
            if s and s["status"] == 200
            else f"{'-' if not s else s['status']:>8} {'':>6} {'':>5} {'':>5} {'':>3}"
        )
        marks = []
        worst = s
        if large:
            b = large["pages"][label]
            worst = b
            factor = b["ms"] / s["ms"] if s and s["status"] == 200 else None
            cells += f" | {b['ms']:>9.1f} {b['cold_ms']:>6.1f} {sizes(b)} {b['queries']:>3}"
            cells += f" {factor:>5.1f}×" if factor else f" {'':>6}"
            if b["status"] != 200:
                marks.append(f"status {b['status']}")
            if factor and factor > 2:
                marks.append(">2×")
        if worst and worst["ms"] > 150:
            marks.append(">150 ms")
        if worst and worst["bytes"] > 200_000:
            marks.append(">200 kB")
        if worst and worst["status"] == 200 and worst["encoding"] != "br":
            marks.append(f"sent {worst['encoding'] or 'uncompressed'}")
        out(f"{label:<24} {cells}  {' '.join(marks)}")
