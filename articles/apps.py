from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from .richtext import silence_ckeditor_version_check

        silence_ckeditor_version_check()
