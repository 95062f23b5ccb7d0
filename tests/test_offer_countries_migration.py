"""Free-text regions typed before offers carried countries become ISO codes; anything not
understood (or that would duplicate another offer once read) stays as typed, for an editor."""

import datetime

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

import pytest

from productions.models import Availability

BEFORE = [("productions", "0008_release_times")]
AFTER = [("productions", "0009_offer_countries")]
DAY = datetime.date(2026, 1, 1)

TYPED = {
    "Netflix": "",
    "Prime Video": "UK",
    "Apple TV": "United Kingdom",
    "Hulu": "USA",
    "Peacock": " united states ",
    "Max": "Worldwide",
    "Crave": "Canada",
    "Stan": "AUS",
    "Sky": "UK & Ireland",
    "Joyn": "DACH",
    "NOW": "uk",
}


@pytest.mark.migrations
@pytest.mark.django_db(transaction=True)
def test_messy_regions_become_countries_and_nothing_typed_is_lost():
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    try:
        apps = executor.loader.project_state(BEFORE).apps
        production = apps.get_model("productions", "Production").objects.create(
            title="Run Away", slug="run-away", kind="series"
        )
        Old = apps.get_model("productions", "Availability")
        for platform, region in TYPED.items():
            Old.objects.create(
                production=production, platform=platform, region=region, available_from=DAY
            )
        # The same offer typed twice: one becomes GB, the other keeps its text.
        Old.objects.create(
            production=production, platform="BBC iPlayer", region="UK", available_from=DAY
        )
        Old.objects.create(
            production=production, platform="BBC iPlayer", region="GB", available_from=DAY
        )

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        executor.loader.build_graph()
        executor.migrate(leaves)

        found = {
            (offer.platform, offer.country.code or "", offer.region_note)
            for offer in Availability.objects.all()
        }
        assert found == {
            ("Netflix", "", ""),
            ("Prime Video", "GB", ""),
            ("Apple TV", "GB", ""),
            ("Hulu", "US", ""),
            ("Peacock", "US", ""),
            ("Max", "", ""),
            ("Crave", "CA", ""),
            ("Stan", "AU", ""),
            ("Sky", "", "UK & Ireland"),
            ("Joyn", "", "DACH"),
            ("NOW", "GB", ""),
            ("BBC iPlayer", "GB", ""),
            ("BBC iPlayer", "", "GB"),
        }

        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        apps = executor.loader.project_state(BEFORE).apps
        back = dict(
            apps.get_model("productions", "Availability")
            .objects.exclude(platform="BBC iPlayer")
            .values_list("platform", "region")
        )
        assert back["Sky"] == "UK & Ireland" and back["Hulu"] == "US" and back["Max"] == ""
    finally:
        MigrationExecutor(connection).migrate(leaves)
