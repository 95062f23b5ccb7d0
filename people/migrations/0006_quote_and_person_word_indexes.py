# Site search finds quotes by their words and their speakers by name through these indexes
# (reader/search.py), instead of reading every quote's words on each search.

from django.db import migrations

from core.search_indexes import create_words_index


class Migration(migrations.Migration):
    dependencies = [("people", "0005_image_library")]

    operations = [
        create_words_index("quote_words_gin", "people_quote", "text", "context"),
        create_words_index("person_name_words_gin", "people_person", "name"),
    ]
