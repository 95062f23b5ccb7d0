# Site search finds people by their name and bio through this index (reader/search.py),
# instead of reading every person's words on each search.

from django.db import migrations

from core.search_indexes import create_words_index


class Migration(migrations.Migration):
    dependencies = [("people", "0006_quote_and_person_word_indexes")]

    operations = [create_words_index("person_words_gin", "people_person", "name", "bio")]
