"""schema.org JSON-LD for the article page: NewsArticle and, for verdicts, ClaimReview.

Built as plain dicts in Python and serialised by the `jsonld` filter, never
written as JSON in a template. There is deliberately no AggregateRating: the
reader rating rates the explainer itself, and search engines reject
self-serving ratings on articles.
"""

from django.conf import settings
from django.templatetags.static import static

from people.structured_data import person_reference, source_citation
from productions.structured_data import absolute_url, production_reference


def publisher():
    """The publication itself, with its logo."""
    return {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": f"{settings.SITE_URL}/",
        "logo": {"@type": "ImageObject", "url": absolute_url(static("img/logo.svg"))},
    }


def author_reference(user):
    name = user.get_full_name() or user.get_username()
    return {"@type": "Person", "name": name}


def article_jsonld(article):
    """NewsArticle with its byline, dates, image, publisher and what it is about."""
    url = absolute_url(article.get_absolute_url())
    authors = [author_reference(user) for user in article.authors.all()]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": f"{url}#article",
        "headline": article.title[:110],
        "description": article.seo_description or article.standfirst,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": (article.published_date or article.created_at).isoformat(),
        "dateModified": (article.last_modified or article.modified_at).isoformat(),
        "author": authors or [{"@type": "Organization", "name": settings.SITE_NAME}],
        "publisher": publisher(),
        "articleSection": article.get_kind_display(),
        "about": [production_reference(production) for production in article.productions.all()]
        + [person_reference(person) for person in article.people.all()],
    }
    if article.hero_image:
        data["image"] = [absolute_url(article.hero_image.url)]
    keywords = [tag.name for tag in article.tags.all()]
    if keywords:
        data["keywords"] = keywords
    return data


def claim_review_jsonld(article):
    """ClaimReview for a true-story verdict: the claim, our rating of it and the sources."""
    if not article.verdict:
        return None
    url = absolute_url(article.get_absolute_url())
    productions = list(article.productions.all())
    claim = f"{productions[0].title} is based on a true story" if productions else article.title
    item = {"@type": "Claim", "name": claim}
    sources = [source_citation(source) for source in article.verdict_sources.all()]
    if sources:
        item["appearance"] = sources
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "@id": f"{url}#verdict",
        "url": f"{url}#verdict",
        "claimReviewed": claim,
        "itemReviewed": item,
        "datePublished": (article.published_date or article.created_at).isoformat(),
        "author": publisher(),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": article.verdict_score,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": article.verdict_summary or article.get_verdict_display(),
        },
    }


def article_page_jsonld(article):
    """Everything the article page declares, as one list of JSON-LD objects.

    Block kinds may add their own (articles.blocks `jsonld` hook); none does yet.
    """
    blocks = [block.spec.jsonld(block) for block in article.blocks.all()]
    found = [article_jsonld(article), claim_review_jsonld(article), *blocks]
    return [data for data in found if data]
