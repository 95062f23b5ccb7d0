"""`MailDelivery` now belongs to the outbox app (outbox 0001 takes it over, same table): the
discussion forgets it, state only; no row moves."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('discussion', '0011_subscription_mail'),
        ('outbox', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='subscriptionmail',
                    name='delivery',
                    field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='subscription_mail', serialize=False, to='outbox.maildelivery'),
                ),
                migrations.DeleteModel(
                    name='MailDelivery',
                ),
            ],
            database_operations=[],
        ),
    ]
