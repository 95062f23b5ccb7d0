"""What an editor typed but has not saved yet, kept apart from the article readers see."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.http import QueryDict

from .article import Article

#: The largest autosave kept, in bytes of posted JSON: a long explainer is far below it.
AUTOSAVE_MAX_BYTES = 1024 * 1024


class ArticleAutosaveQuerySet(models.QuerySet):
    def for_form(self, *, user, article=None, client_key=""):
        """The autosave of this user's form: the article's, or a new article's by its key."""
        if article is not None:
            return self.filter(user=user, article=article)
        return self.filter(user=user, article__isnull=True, client_key=client_key)

    def newer_than_article(self, *, user, article):
        """This user's autosave of `article` typed after its last save, if any."""
        return self.filter(user=user, article=article, saved_at__gt=article.modified_at).first()

    def latest_new_article(self, *, user):
        """The newest autosave of a new article this user never saved, if any."""
        return self.filter(user=user, article__isnull=True).order_by("-saved_at").first()


class ArticleAutosave(models.Model):
    """The article form as an editor left it, offered back as "Restore" until they save."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="article_autosaves"
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="autosaves"
    )
    #: Names the unsaved new article an autosave belongs to (a form opened on the add page).
    client_key = models.CharField(max_length=64, blank=True)
    #: The form's fields as posted: {"title": ["…"], "blocks-0-text": ["…"], …}.
    data = models.JSONField(default=dict)
    saved_at = models.DateTimeField()

    objects = ArticleAutosaveQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"],
                condition=Q(article__isnull=False),
                name="autosave_one_per_article_and_user",
            ),
            models.UniqueConstraint(
                fields=["user", "client_key"],
                condition=Q(article__isnull=True),
                name="autosave_one_per_new_article_form",
            ),
            models.CheckConstraint(
                condition=Q(article__isnull=False) | ~Q(client_key=""),
                name="autosave_names_its_form",
            ),
        ]

    def __str__(self):
        return f"Autosave of {self.article or 'a new article'} by {self.user}"

    @staticmethod
    def new_client_key():
        """A key for the form of a new article, so its autosaves find each other."""
        return uuid.uuid4().hex

    def as_form_data(self):
        """The stored fields as the QueryDict a form is bound to."""
        data = QueryDict(mutable=True)
        for name, values in self.data.items():
            data.setlist(name, [str(value) for value in values])
        return data
