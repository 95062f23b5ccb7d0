"""The outbox gets its own app: first, which subscription and comment a mail is about moves
out of the mail's row into the discussion's own table (`SubscriptionMail`), and a mail about a
subscription keeps its address in `to` like every other mail. The mail rows stay where they
are; 0012 hands the model to the outbox (state only)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def link_subscription_mail(apps, schema_editor):
    MailDelivery = apps.get_model("discussion", "MailDelivery")
    Subscription = apps.get_model("discussion", "Subscription")
    SubscriptionMail = apps.get_model("discussion", "SubscriptionMail")
    about_subscriptions = MailDelivery.objects.filter(subscription__isnull=False)
    about_subscriptions.filter(to="").update(
        to=Subquery(Subscription.objects.filter(pk=OuterRef("subscription_id")).values("email")[:1])
    )
    links = (
        SubscriptionMail(
            delivery_id=pk, subscription_id=subscription_id, comment_id=comment_id
        )
        for pk, subscription_id, comment_id in about_subscriptions.values_list(
            "pk", "subscription_id", "comment_id"
        ).iterator()
    )
    SubscriptionMail.objects.bulk_create(links, batch_size=2000)


def unlink_subscription_mail(apps, schema_editor):
    MailDelivery = apps.get_model("discussion", "MailDelivery")
    SubscriptionMail = apps.get_model("discussion", "SubscriptionMail")
    for link in SubscriptionMail.objects.iterator():
        MailDelivery.objects.filter(pk=link.delivery_id).update(
            subscription_id=link.subscription_id, comment_id=link.comment_id, to=""
        )


class Migration(migrations.Migration):

    dependencies = [
        ('discussion', '0010_comment_spoils_up_to'),
    ]

    operations = [
        migrations.CreateModel(
            name='SubscriptionMail',
            fields=[
                ('delivery', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='subscription_mail', serialize=False, to='discussion.maildelivery')),
                ('comment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='mails', to='discussion.comment')),
                ('subscription', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='mails', to='discussion.subscription')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('subscription', 'comment'), name='subscription_mail_one_per_comment')],
            },
        ),
        migrations.RunPython(link_subscription_mail, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name='maildelivery',
            name='delivery_one_notification_per_comment',
        ),
        migrations.RemoveConstraint(
            model_name='maildelivery',
            name='delivery_one_pending_confirmation',
        ),
        migrations.RemoveConstraint(
            model_name='maildelivery',
            name='delivery_notification_has_comment',
        ),
        migrations.RemoveConstraint(
            model_name='maildelivery',
            name='delivery_has_recipient',
        ),
        # Going back, the links are copied into the mail rows once their columns exist again.
        migrations.RunPython(migrations.RunPython.noop, unlink_subscription_mail),
        migrations.RemoveField(
            model_name='maildelivery',
            name='comment',
        ),
        migrations.RemoveField(
            model_name='maildelivery',
            name='subscription',
        ),
        migrations.AddConstraint(
            model_name='maildelivery',
            constraint=models.CheckConstraint(condition=models.Q(('to', ''), _negated=True), name='delivery_has_recipient'),
        ),
    ]
