from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from django.db.models.signals import pre_save

        from reversion.signals import post_revision_commit
        from taggit.models import Tag

        from . import catalogue_requests, editorial_mail
        from .revisions import record_revision_names
        from .richtext import silence_ckeditor_version_check
        from .tags import fill_tag_slug

        silence_ckeditor_version_check()
        editorial_mail.register_mail_kinds()
        catalogue_requests.register_mail_kinds()
        # taggit's own Tag model: tags are created through `article.tags.add()`, admin and
        # imports alike, and this is the one hook all of them pass through.
        pre_save.connect(fill_tag_slug, sender=Tag, dispatch_uid="articles.fill_tag_slug")
        # Revisions are kept by the admin, the workflow, tag merges, duplicates and imports:
        # the one place all of them pass is reversion's commit, where the revision gets the
        # names it points at (tags, which it does not serialise, and every picked row's).
        post_revision_commit.connect(
            record_revision_names, dispatch_uid="articles.record_revision_names"
        )
