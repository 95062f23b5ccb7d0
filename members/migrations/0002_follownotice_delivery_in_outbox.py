"""A follow notice's digest mail is now the outbox's `MailDelivery` (same table): state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0001_initial'),
        ('outbox', '0001_initial'),
    ]
    # The discussion forgets its MailDelivery once nothing points at it any more.
    run_before = [
        ('discussion', '0012_maildelivery_moves_to_outbox'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='follownotice',
                    name='delivery',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='outbox.maildelivery'),
                ),
            ],
            database_operations=[],
        ),
    ]
