"""Existing pictures move into the image library (and back) without losing a file."""

from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

import pytest

from articles.models import Article
from images.models import Image
from tests.factories import png_file

BEFORE = [
    ("articles", "0011_articles_cover_episodes_spoilers_by_episode"),
    ("people", "0004_credits_and_quotes_per_episode"),
    ("productions", "0004_seasons_and_episodes"),
    ("images", None),
]


@pytest.mark.migrations
@pytest.mark.django_db(transaction=True)
def test_existing_pictures_move_into_the_library_and_back_without_losing_a_file():
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    try:
        apps = executor.loader.project_state(BEFORE[:3]).apps
        OldArticle = apps.get_model("articles", "Article")
        OldBlock = apps.get_model("articles", "ArticleBlock")
        OldPerson = apps.get_model("people", "Person")
        name = default_storage.save("articles/hero.png", png_file(size=(1600, 90)))
        default_storage.save("people/face.png", png_file(size=(30, 40)))
        record = {"source": name, "key": "abc", "widths": [480], "formats": ["webp"]}
        article = OldArticle.objects.create(
            title="Old",
            slug="old",
            standfirst="Old words.",
            hero_image=name,
            hero_image_width=1600,
            hero_image_height=90,
            hero_image_renditions=record,
            hero_alt="A park",
            hero_credit="Image via Netflix",
        )
        OldBlock.objects.create(
            article=article,
            kind="image",
            image=name,
            image_alt="The park again",
            image_credit="Image via Netflix",
            caption="Where it starts.",
        )
        OldPerson.objects.create(name="Ada", slug="ada", photo="people/face.png")

        executor = MigrationExecutor(connection)
        executor.migrate(leaves)

        article = Article.objects.get(slug="old")
        hero = article.hero_image
        assert hero.file.name == name and default_storage.exists(name)
        assert (hero.width, hero.height, hero.file_renditions) == (1600, 90, record)
        assert (hero.alt, hero.credit) == ("A park", "Image via Netflix")
        assert (article.hero_alt, article.hero_credit) == ("", "")
        block = article.blocks.get()
        assert block.image_id == hero.pk  # one file, one library image
        assert (block.image_alt, block.image_credit) == ("The park again", "")
        assert block.caption == "Where it starts."
        photo = Image.objects.get(file="people/face.png")
        assert (photo.alt, photo.is_decorative) == ("Ada", False)
        assert Image.objects.count() == 2

        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        apps = executor.loader.project_state(BEFORE[:3]).apps
        old = apps.get_model("articles", "Article").objects.get(slug="old")
        assert old.hero_image.name == name
        assert (old.hero_image_width, old.hero_image_renditions) == (1600, record)
        assert (old.hero_alt, old.hero_credit) == ("A park", "Image via Netflix")
        old_block = apps.get_model("articles", "ArticleBlock").objects.get()
        assert (old_block.image.name, old_block.image_alt) == (name, "The park again")
        assert apps.get_model("people", "Person").objects.get().photo.name == "people/face.png"
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(leaves)
