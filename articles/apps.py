from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from django.db.models.signals import pre_save

        from taggit.models import Tag

        from . import catalogue_requests, editorial_mail
        from .richtext import silence_ckeditor_version_check
        from .tags import fill_tag_slug

        silence_ckeditor_version_check()
        editorial_mail.register_mail_kinds()
        catalogue_requests.register_mail_kinds()
        # taggit's own Tag model: tags are created through `article.tags.add()`, admin and
        # imports alike, and this is the one hook all of them pass through.
        pre_save.connect(fill_tag_slug, sender=Tag, dispatch_uid="articles.fill_tag_slug")
