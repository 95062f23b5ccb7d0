"""Offers carry an ISO country (blank: worldwide) and an offer type instead of a free-text
region. Regions people typed ("UK", "United Kingdom", "USA", "Worldwide", "gbr") become codes
(core.countries.parse_region); one that names no known country, or that would duplicate
another offer once read, stays as typed in `region_note` with the country blank, and the
admin lists it under "Country not understood". Nothing typed is lost, either way."""

import django_countries.fields
from django.db import migrations, models

from core.countries import parse_region


def regions_to_countries(apps, schema_editor):
    Availability = apps.get_model("productions", "Availability")
    taken = set()
    offers = list(Availability.objects.order_by("pk"))
    for offer in offers:
        code, understood = parse_region(offer.region)
        same = (offer.production_id, offer.platform, code, offer.offer_type, offer.available_from)
        if understood and same not in taken:
            taken.add(same)
            offer.country, offer.region_note = code, ""
        else:
            offer.country, offer.region_note = "", offer.region.strip() or "worldwide"
        Availability.objects.filter(pk=offer.pk).update(
            country=offer.country, region_note=offer.region_note
        )


def countries_to_regions(apps, schema_editor):
    Availability = apps.get_model("productions", "Availability")
    taken = set()
    for offer in Availability.objects.order_by("pk"):
        region = offer.region_note if offer.region_note != "worldwide" else ""
        region = region or offer.country
        same = (offer.production_id, offer.platform, region, offer.available_from)
        if same in taken:
            # Two offers told apart only by their type: the old region names which.
            region = f"{region} ({offer.get_offer_type_display()}, {offer.pk})"
        taken.add((offer.production_id, offer.platform, region, offer.available_from))
        Availability.objects.filter(pk=offer.pk).update(region=region)


class Migration(migrations.Migration):

    dependencies = [
        ('productions', '0008_release_times'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='availability',
            name='availability_unique_offer',
        ),
        migrations.AddField(
            model_name='availability',
            name='country',
            field=django_countries.fields.CountryField(blank=True, db_index=True, help_text='Where the offer holds. Blank means worldwide.', max_length=2),
        ),
        migrations.AddField(
            model_name='availability',
            name='offer_type',
            field=models.CharField(choices=[('subscription', 'Subscription'), ('free', 'Free'), ('ads', 'Free with ads'), ('rent', 'Rent'), ('buy', 'Buy'), ('cinema', 'In cinemas')], default='subscription', max_length=12),
        ),
        migrations.AddField(
            model_name='availability',
            name='region_note',
            field=models.CharField(blank=True, help_text='The free-text region this offer had before countries were codes, kept because it was not understood (or read as another offer\'s country): choose the country above, then empty this.', max_length=100, verbose_name='region as typed'),
        ),
        migrations.RunPython(regions_to_countries, countries_to_regions),
        migrations.RemoveField(
            model_name='availability',
            name='region',
        ),
        migrations.AddConstraint(
            model_name='availability',
            constraint=models.UniqueConstraint(fields=('production', 'platform', 'country', 'offer_type', 'available_from', 'region_note'), name='availability_unique_offer'),
        ),
    ]
