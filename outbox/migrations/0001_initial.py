"""The outbox takes over `MailDelivery` from the discussion (discussion 0011 and 0012): state
only, the table keeps its name (`discussion_maildelivery`) and its rows."""

import django.utils.timezone
from django.db import migrations, models

import core.text


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('discussion', '0011_subscription_mail'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='MailDelivery',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(max_length=20)),
                        ('to', core.text.SingleLineEmailField(db_index=True, max_length=254)),
                        ('subject', models.CharField(blank=True, max_length=300)),
                        ('body', models.TextField(blank=True)),
                        ('headers', models.JSONField(blank=True, default=dict)),
                        ('status', models.CharField(choices=[('pending', 'Waiting to be sent'), ('sent', 'Sent'), ('failed', 'Gave up after every retry'), ('cancelled', 'No longer needed')], default='pending', max_length=10)),
                        ('attempts', models.PositiveSmallIntegerField(default=0)),
                        ('next_attempt_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('last_error', models.CharField(blank=True, max_length=300)),
                        ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                        ('ip', models.GenericIPAddressField(blank=True, null=True)),
                        ('sent_at', models.DateTimeField(blank=True, null=True)),
                    ],
                    options={
                        'verbose_name_plural': 'mail deliveries',
                        'db_table': 'discussion_maildelivery',
                        'indexes': [models.Index(fields=['status', 'next_attempt_at'], name='discussion__status_a5b3d7_idx')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('to', ''), _negated=True), name='delivery_has_recipient')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
