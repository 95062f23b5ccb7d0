"""What the editorial-notes tests share: the notes page's address and posting a note."""

from django.urls import reverse


def notes_url(article):
    return reverse("admin:articles_article_notes", args=[article.pk])


def post_note(client, article, body, captured, **extra):
    with captured(execute=True):
        return client.post(notes_url(article), {"body": body, **extra})
