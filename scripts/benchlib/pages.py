"""Run inside Django (a subprocess of scripts/bench.py): pick the URLs, time every page.

`python scripts/benchlib/pages.py OUT.json --requests N` with DATABASE_URL set writes the
facts the load test needs (article URL and id, a comment to vote on, a form stamp) and,
per page, the median of N sequential requests through the test client (the page cache
bypassed, the parts a page keeps warm), the same with every cache emptied first, its HTML
size (uncompressed, and as sent to a browser asking for `gzip, br`) and its query count.
Every request says `Accept-Encoding: gzip, br`, as browsers do, so the times include the
compression. `--article-html PATH` also saves the article's HTML there, uncompressed, as the
static file of the same size that wrk uses as a reference.
"""

import argparse
import json
import logging
import os
import statistics
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
BROWSER_ENCODINGS = "gzip, br"
#: A word in every generated explainer (the spoiler block's heading "The ending", the busy
#: person's quote): at 10k a search that matches thousands of them.
COMMON_WORD = "ending"


def setup():
    sys.path.insert(0, str(PROJECT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    logging.getLogger("django.request").setLevel(logging.CRITICAL)


def busiest(queryset, relation):
    """The row with the most `relation` (the heaviest page of its kind), or None."""
    from django.db.models import Count

    return queryset.annotate(n=Count(relation)).order_by("-n", "pk").first()


def pick_urls():
    """(label, url) per page kind: the demo's pages, or the busiest generated ones."""
    from django.contrib.auth import get_user_model

    from taggit.models import Tag

    from articles.models import Article
    from discussion.models import Comment
    from people.models import Person, Quote
    from productions.models import Production

    demo = Article.objects.published().exclude(slug__startswith="load-")
    article = busiest(demo, "comments")
    generated = Person.objects.filter(slug__startswith="load-").exists()
    people = Person.objects.filter(slug__startswith="load-" if generated else "")
    productions = Production.objects.filter(slug__startswith="load-" if generated else "")
    tags = Tag.objects.filter(slug__startswith="load-" if generated else "")
    person = busiest(people, "articles")
    quote = busiest(Quote.objects.filter(speaker=person), "blocks") or Quote.objects.first()
    production = busiest(productions, "articles")
    tag = busiest(tags, "taggit_taggeditem_items")
    approved = Comment.objects.filter(status="approved").order_by("pk")
    # load_demo_discussion comments on the oldest explainer, which may be a generated one.
    comment = (
        approved.filter(article=article).first()
        or approved.filter(article__in=Article.objects.published()).first()
    )
    urls = [
        ("home", "/"),
        ("article", article.get_absolute_url()),
        ("person", person.get_absolute_url()),
        ("production", production.get_absolute_url()),
        ("quote", quote.get_absolute_url()),
        ("tag", f"/tags/{tag.slug}/"),
        ("search", "/search/?q=true+story"),
        ("search, common word", f"/search/?q={COMMON_WORD}"),
        ("feed", "/feed/"),
        ("production feed", f"/productions/{production.slug}/feed/"),
        ("tag feed", f"/tags/{tag.slug}/feed/"),
        ("sitemap", "/sitemap.xml"),
        ("admin articles", "/admin/articles/article/"),
        ("admin comments", "/admin/discussion/comment/"),
    ]
    hot = Article.objects.filter(slug="load-article-000000").first()
    if hot is not None:
        urls.insert(2, ("article, hot discussion", hot.get_absolute_url()))
    facts = {
        "article_url": article.get_absolute_url(),
        "article_id": article.pk,
        "comment_id": comment.pk if comment else None,
        "articles": Article.objects.count(),
        "comments": Comment.objects.count(),
        "superuser": get_user_model().objects.filter(is_superuser=True).exists(),
    }
    return urls, facts


def sent_and_html(response):
    """(bytes on the wire, bytes of the HTML after decoding, Content-Encoding or "")."""
    import gzip

    import brotli

    sent = b"".join(response.streaming_content) if response.streaming else response.content
    encoding = response.get("Content-Encoding", "")
    decode = {"br": brotli.decompress, "gzip": gzip.decompress}.get(encoding, bytes)
    return sent, decode(sent), encoding


def time_page(client, url, requests):
    """Median milliseconds of `requests` sequential GETs, bytes and queries of the last one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, response, queries = [], None, 0
    for _ in range(requests):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        queries = len(captured.captured_queries)
        if len(timings) >= 3 and sum(timings) > 20_000:
            break  # a page this slow is measured well enough; the run stays bounded
    sent, html, encoding = sent_and_html(response)
    return {
        "url": url,
        "status": response.status_code,
        "ms": statistics.median(timings),
        "cold_ms": cold_ms(client, url, min(requests, 5)),
        "bytes": len(html),
        "sent_bytes": len(sent),
        "encoding": encoding,
        "queries": queries,
    }


def cold_ms(client, url, requests):
    """Median milliseconds with every cache emptied first: the page built from nothing, as
    after a deploy or right after a change to what it shows (the bench's cache is local)."""
    from django.core.cache import cache

    timings = []
    for _ in range(requests):
        cache.clear()
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        if len(timings) >= 3 and sum(timings) > 20_000:
            break
    return statistics.median(timings)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("--article-html")
    args = parser.parse_args()
    setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from discussion.forms import fill_stamp

    urls, facts = pick_urls()
    # A comment form shown a minute ago, so the bench's posts pass the "typed too fast" check.
    facts["stamp"] = fill_stamp(at=time.time() - 60)
    anonymous = Client(HTTP_ACCEPT_ENCODING=BROWSER_ENCODINGS)
    staff = Client(HTTP_ACCEPT_ENCODING=BROWSER_ENCODINGS)
    if args.article_html:
        _, html, _ = sent_and_html(anonymous.get(facts["article_url"]))
        Path(args.article_html).parent.mkdir(parents=True, exist_ok=True)
        Path(args.article_html).write_bytes(html)
    # A session cookie makes every page the reader's own: rendered each time, never from
    # the page cache, so the table shows what a page costs to build.
    anonymous.cookies[settings.SESSION_COOKIE_NAME] = "bench"
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    if admin is not None:
        staff.force_login(admin)
    pages = {}
    for label, url in urls:
        client = staff if url.startswith("/admin/") else anonymous
        pages[label] = time_page(client, url, args.requests)
    Path(args.out).write_text(json.dumps({"facts": facts, "pages": pages}, indent=1))


if __name__ == "__main__":
    main()
