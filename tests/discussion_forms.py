"""What a person's browser posts through the discussion forms (a stamp shown a minute ago)."""

import time

from django.urls import reverse

from discussion.forms import fill_stamp


def comment_data(**overrides):
    data = {
        "body": "I had no idea the park scene was filmed in Manchester.",
        "name": "Ada",
        "email": "ada@example.com",
        "stamp": fill_stamp(at=time.time() - 60),
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def post_url(article):
    return reverse("discussion:comment_post", args=[article.pk])


def vote_url(comment):
    return reverse("discussion:vote", args=[comment.pk])


def rate_url(article):
    return reverse("discussion:rate", args=[article.pk])


def page(client, article, query=""):
    """The article page's HTML as `client` sees it (`query` like "?sort=newest")."""
    return client.get(article.get_absolute_url() + query).content.decode()
