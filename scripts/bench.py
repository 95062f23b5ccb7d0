#!/usr/bin/env python
"""Time Marquee's public pages on the demo data plus a few hundred generated explainers.

Not a test: it prints a table (URL, status, median and 95th-percentile
milliseconds, database queries on the first and on later requests) so a
change that slows a page or adds queries per row shows up. It builds a
throwaway SQLite database and media folder in a temporary directory, so it
never touches db.sqlite3. Run it with `make bench`; `--requests` and
`--articles` change the sample.
"""

import argparse
import datetime
import logging
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def out(line=""):
    """The table is this script's output, so it writes to stdout."""
    sys.stdout.write(f"{line}\n")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30, help="requests per URL (default 30)")
    parser.add_argument(
        "--articles", type=int, default=200, help="generated explainers (default 200)"
    )
    return parser.parse_args()


def configure(workdir):
    """Point Django at the throwaway database and media folder before it starts."""
    sys.path.insert(0, str(PROJECT))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("STATIC_MANIFEST", "false")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.pop("REDIS_URL", None)  # measure the app, not a shared cache's state
    # Pages not built yet are listed once at the end, not logged per request.
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    logging.getLogger("django.request").setLevel(logging.ERROR)


def build_data(article_count):
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from articles.models import Article, ArticleBlock
    from people.models import Person, Quote
    from productions.models import Production

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115

    series = Production.objects.get(slug="run-away")
    people = list(Person.objects.all())
    quotes = list(Quote.objects.all())
    paragraph = (
        "<p>A generated paragraph about a series, its cast and what really happened, long "
        "enough to look like the body of an explainer that a reader scrolls through.</p>"
    ) * 3
    now = timezone.now()
    with transaction.atomic():
        articles = Article.objects.bulk_create(
            Article(
                title=f"Generated explainer {number}",
                slug=f"generated-explainer-{number}",
                standfirst="A generated standfirst for the benchmark.",
                kind=Article.Kind.ENDING_EXPLAINED,
                status=Article.Status.PUBLISHED,
                publish_at=now - datetime.timedelta(hours=number + 1),
                first_published_at=now - datetime.timedelta(hours=number + 1),
            )
            for number in range(article_count)
        )
        blocks = []
        kind = ArticleBlock.Kind
        for article in articles:
            blocks += [
                ArticleBlock(article=article, position=1, kind=kind.RICH_TEXT, text=paragraph),
                ArticleBlock(article=article, position=2, kind=kind.HEADING, heading="First"),
                ArticleBlock(article=article, position=3, kind=kind.RICH_TEXT, text=paragraph),
                ArticleBlock(article=article, position=4, kind=kind.QUOTE, quote=quotes[0]),
                ArticleBlock(article=article, position=5, kind=kind.AD_SLOT),
                ArticleBlock(article=article, position=6, kind=kind.HEADING, heading="Second"),
                ArticleBlock(article=article, position=7, kind=kind.RICH_TEXT, text=paragraph),
                ArticleBlock(article=article, position=8, kind=kind.QUOTE, quote=quotes[-1]),
            ]
        ArticleBlock.objects.bulk_create(blocks)
        Article.productions.through.objects.bulk_create(
            Article.productions.through(article_id=article.pk, production_id=series.pk)
            for article in articles
        )
        Article.people.through.objects.bulk_create(
            Article.people.through(article_id=article.pk, person_id=person.pk)
            for article in articles
            for person in people[:2]
        )
        for article in articles[:50]:
            article.tags.add("netflix", "generated")
    return articles


def candidate_urls(articles):
    from articles.demo import CAST_GUIDE_SLUG, TRUE_STORY_SLUG
    from people.models import Quote

    quote = Quote.objects.order_by("pk").first()
    return [
        "/",
        "/?page=2",
        f"/{TRUE_STORY_SLUG}/",
        f"/{CAST_GUIDE_SLUG}/",
        f"/{articles[len(articles) // 2].slug}/",
        "/people/harlan-coben/",
        "/people/james-nesbitt/",
        "/productions/run-away/",
        "/productions/run-away-novel/",
        f"/quotes/{quote.pk}/",
        "/tags/netflix/",
        "/search/?q=run+away",
        "/feed/",
        "/productions/run-away/feed/",
        "/tags/netflix/feed/",
        "/sitemap.xml",
        "/robots.txt",
    ]


def measure(url, requests):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    timings, queries = [], []
    status = None
    for _ in range(requests):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
        status = response.status_code
        if status != 200:
            return status, None
        timings.append(elapsed)
        queries.append(len(captured.captured_queries))
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return status, (statistics.median(timings), p95, queries[0], statistics.median(queries))


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="marquee-bench-") as workdir:
        started = time.perf_counter()
        configure(Path(workdir))
        articles = build_data(args.articles)
        out(
            f"Marquee bench: demo + {len(articles)} generated explainers, "
            f"{args.requests} requests per URL, SQLite, local-memory cache "
            f"(set up in {time.perf_counter() - started:.1f}s)\n"
        )
        header = f"{'URL':<44} {'median ms':>10} {'p95 ms':>8} {'queries 1st':>12} {'later':>6}"
        out(header)
        out("-" * len(header))
        skipped = []
        for url in candidate_urls(articles):
            status, result = measure(url, args.requests)
            if result is None:
                skipped.append(f"{url} ({status})")
                continue
            median, p95, first, later = result
            out(f"{url:<44} {median:>10.1f} {p95:>8.1f} {first:>12} {later:>6g}")
        if skipped:
            out("\nNot measured (no page there yet): " + ", ".join(skipped))
        out(f"\nTotal {time.perf_counter() - started:.1f}s")


if __name__ == "__main__":
    main()
