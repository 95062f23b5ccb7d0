from django.apps import AppConfig


class DiscussionConfig(AppConfig):
    name = "discussion"
    verbose_name = "Discussion"

    def ready(self):
        # The outbox (below us) sends the discussion's mails; it asks us how to write them.
        from .services.mail import register_mail_kinds

        register_mail_kinds()
