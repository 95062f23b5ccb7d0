from tests.factories import ArticleFactory, BlockFactory


def test_home_lists_published_articles_only(client, db):
    published = ArticleFactory(published=True, title="Is Run Away a true story?")
    BlockFactory(article=published)
    ArticleFactory(title="A draft nobody sees")

    response = client.get("/")

    assert response.status_code == 200
    assert "Is Run Away a true story?" in response.content.decode()
    assert "A draft nobody sees" not in response.content.decode()


def test_admin_redirects_anonymous_to_login(client, db):
    assert client.get("/admin/").status_code == 302
