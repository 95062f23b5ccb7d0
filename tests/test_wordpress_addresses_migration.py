"""Addresses and import records made before WordPress sites were told apart keep working."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

import pytest

from exchange.models import ImportedItem, LegacyURL

BEFORE = [("exchange", "0001_initial")]


@pytest.mark.migrations
@pytest.mark.django_db(transaction=True)
def test_old_addresses_and_import_records_survive_the_migration_and_back(client):
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    try:
        # Every other app as it is now, the import app before this change.
        state = BEFORE + [leaf for leaf in leaves if leaf[0] != "exchange"]
        apps = executor.loader.project_state(state).apps
        OldArticle = apps.get_model("articles", "Article")
        article = OldArticle.objects.create(
            title="Old post",
            slug="old-post",
            status="published",
            standfirst="Words.",
            publish_at=timezone.now(),
            first_published_at=timezone.now(),
        )
        Legacy = apps.get_model("exchange", "LegacyURL")
        Legacy.objects.create(path="/", query_p="101", article=article)
        Legacy.objects.create(path="/2024/05/old-post/", query_p="", article=article)
        apps.get_model("exchange", "ImportedItem").objects.create(
            site="https://Screentruths.example/blog/", kind="post", wp_id=101, article=article
        )

        executor = MigrationExecutor(connection)
        executor.migrate(leaves)

        assert set(LegacyURL.objects.values_list("path", "query")) == {
            ("/", "p=101"),
            ("/2024/05/old-post/", ""),
        }
        (record,) = ImportedItem.objects.all()
        assert record.site == "screentruths.example/blog"  # http or https: one site
        assert client.get("/?p=101")["Location"] == "/old-post/"

        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        apps = executor.loader.project_state(state).apps
        back = apps.get_model("exchange", "LegacyURL").objects.get(path="/")
        assert back.query_p == "101"
    finally:
        MigrationExecutor(connection).migrate(leaves)
