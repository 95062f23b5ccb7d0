from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Reader accounts"

    def ready(self):
        # Registries in lower apps, called explicitly by their services (no signals):
        # a first publish queues follow mail; a reader's preference decides reply mail; a
        # tag merge moves the merged tags' followers to the kept tag.
        from articles.hooks import register_first_publish, register_tag_merge
        from discussion.hooks import register_reply_mail_check

        from .services.follow_mail import follow_mail_on_first_publish
        from .services.follows import follows_move_to_kept_tag
        from .services.profile import wants_reply_mail

        register_first_publish(follow_mail_on_first_publish)
        register_reply_mail_check(wants_reply_mail)
        register_tag_merge(follows_move_to_kept_tag)

        # The outbox sends our mail; these are the kinds it keeps for us.
        from .mail import register_mail_kinds

        register_mail_kinds()
