# Site search finds productions by their title, platform and synopsis through this index
# (reader/search.py), instead of reading every production's words on each search.

from django.db import migrations

from core.search_indexes import create_words_index


class Migration(migrations.Migration):
    dependencies = [("productions", "0005_image_library")]

    operations = [
        create_words_index(
            "production_words_gin", "productions_production", "title", "platform", "synopsis"
        )
    ]
