"""Pictures, galleries and embeds in a WordPress post's HTML: every picture becomes an image
block in order, wherever it sits, and every embed a link (WordPress's own theme test data,
tests/fixtures/wordpress/public/)."""

import pytest

from tests.wordpress_exports import (
    IMAGE,
    RICH_TEXT,
    images,
    kinds,
    mapped,
    pictures_in,
    post_html,
    rich_text,
)

THEME = "theme-unit-test-data.xml"
A11Y = "a11y-unit-test-data.xml"


# --- Galleries -------------------------------------------------------------------------------


def test_a_gallery_block_gives_one_image_block_per_picture_in_order_with_captions():
    html = post_html(THEME, "Block: Gallery")

    found = images(mapped(html))

    assert len(found) == html.count("<img ")
    assert found[0]["src"].endswith("/canola2.jpg")
    assert found[0]["attachment_id"] == 611
    assert all(not image["attached"] for image in found)


def test_a_gallery_among_other_blocks_keeps_each_caption():
    html = post_html(THEME, "Block category: Common")

    found = images(mapped(html))

    assert len(found) == pictures_in(html)
    gallery = found[1:7]
    assert [image["attachment_id"] for image in gallery] == [769, 768, 767, 770, 807, 766]
    assert gallery[0]["caption"] == "Jericoacoara Ceara Brasil"
    assert gallery[4]["caption"] == ""


def test_newer_gallery_blocks_with_a_figure_per_picture_keep_every_picture():
    html = post_html(THEME, "WP 6.1 Media category blocks")

    mapping = mapped(html)

    assert len(images(mapping)) == pictures_in(html)
    assert mapping.counts["gallery pictures"] > 0


def test_classic_gallery_markup_gives_one_image_block_per_picture():
    html = (
        '<div id="gallery-1" class="gallery galleryid-5 gallery-columns-2">'
        '<dl class="gallery-item"><dt class="gallery-icon"><a href="/a"><img src="/a.jpg" '
        'class="attachment-thumbnail" alt="A"></a></dt><dd class="gallery-caption">First</dd></dl>'
        '<figure class="gallery-item"><div class="gallery-icon"><img src="/b.jpg" '
        'class="wp-image-12"></div><figcaption class="gallery-caption">Second</figcaption>'
        "</figure></div>"
    )

    found = images(mapped(html))

    assert [(i["src"], i["caption"], i["attachment_id"]) for i in found] == [
        ("/a.jpg", "First", None),
        ("/b.jpg", "Second", 12),
    ]


def test_a_gallery_shortcode_with_ids_names_each_attachment():
    mapping = mapped('<p>Before</p>\n[gallery columns="3" ids="12, 7,40"]\n<p>After</p>')

    assert kinds(mapping) == [RICH_TEXT, IMAGE, IMAGE, IMAGE, RICH_TEXT]
    assert [image["attachment_id"] for image in images(mapping)] == [12, 7, 40]
    assert all(image["src"] == "" and not image["attached"] for image in images(mapping))
    assert "gallery of 3 pictures → 3 image blocks" in mapping.notes


def test_a_gallery_shortcode_without_ids_asks_for_every_attached_picture():
    mapping = mapped(post_html(THEME, "Post Format: Gallery"))

    assert images(mapping)[0] == {
        "attached": True,
        "src": "",
        "alt": "",
        "caption": "",
        "attachment_id": None,
    }


# --- Pictures inside wrappers ----------------------------------------------------------------


def test_columns_keep_their_pictures_and_text_in_document_order():
    html = (
        '<div class="wp-block-columns"><div class="wp-block-column"><p>Left words.</p>'
        '<figure class="wp-block-image"><img src="/l.jpg" class="wp-image-3" alt="L"></figure>'
        '</div><div class="wp-block-column"><div class="wp-block-group"><p>Right words.</p>'
        "</div></div></div>"
    )

    mapping = mapped(html)

    assert kinds(mapping) == [RICH_TEXT, IMAGE, RICH_TEXT]
    assert mapping.drafts[1].image["attachment_id"] == 3
    assert mapping.drafts[1].image["src"] == "/l.jpg"


def test_real_column_layouts_keep_every_picture():
    for file in (THEME, A11Y):
        html = post_html(file, "Block: Columns")

        assert len(images(mapped(html))) == html.count("<img ")


def test_a_cover_gives_its_background_picture_then_its_words():
    html = post_html(THEME, "Block: Cover")

    mapping = mapped(html)

    assert mapping.drafts[0].kind == IMAGE
    assert mapping.drafts[0].image["src"].endswith("/dsc20050102_192118_51.jpg")
    assert mapping.drafts[1].kind == RICH_TEXT
    assert len(images(mapping)) == pictures_in(html)


def test_media_and_text_gives_the_picture_then_the_text():
    html = post_html(THEME, "Block category: Layout Elements")

    mapping = mapped(html)

    position = kinds(mapping).index(IMAGE)
    assert mapping.drafts[position].image["alt"] == "Boardwalk"
    assert mapping.drafts[position].image["attachment_id"] == 757
    assert mapping.drafts[position + 1].fields["text"].startswith("<p>Media &amp;Text</p>")


def test_a_picture_in_a_paragraph_with_words_is_kept_beside_them():
    mapping = mapped('<p><img src="/x.jpg" class="alignleft wp-image-9" alt="X">Words after.</p>')

    assert kinds(mapping) == [IMAGE, RICH_TEXT]
    assert mapping.drafts[1].fields["text"] == "<p>Words after.</p>"


def test_a_caption_with_no_picture_keeps_its_words_and_says_so():
    mapping = mapped('[caption id="x" align="alignleft"]Only words here[/caption]')

    assert rich_text(mapping) == "<p>Only words here</p>"
    assert "caption “Only words here” has no picture" in mapping.notes


# --- Embeds, audio, video, iframes -----------------------------------------------------------


def test_embed_blocks_become_links_naming_their_provider():
    mapping = mapped(post_html(THEME, "Block category: Embeds"))

    text = rich_text(mapping)
    assert (
        '<a href="https://youtu.be/ex8fMxXJDJw" rel="noopener noreferrer">YouTube: YouTube</a>'
        in text
    )
    assert ">Twitter: Twitter, wide width</a>" in text
    assert ">WordPress.tv: WordPress TV, full width</a>" in text
    assert mapping.counts["embeds"] == 5
    assert "YouTube embed https://youtu.be/ex8fMxXJDJw kept as a link" in mapping.notes


def test_a_bare_address_on_its_own_line_is_an_embed_link():
    mapping = mapped(post_html(THEME, "Post Format: Video (YouTube)"))

    assert rich_text(mapping).startswith(
        '<p><a href="https://www.youtube.com/watch?v=SQEQr7c0-dw" rel="noopener noreferrer">'
        "YouTube: https://www.youtube.com/watch?v=SQEQr7c0-dw</a></p>"
    )
    assert mapping.counts["embeds"] == 1


def test_the_embed_shortcode_becomes_a_link():
    mapping = mapped("<p>[embed width=400]https://vimeo.com/22439234[/embed]</p>")

    assert rich_text(mapping) == (
        '<p><a href="https://vimeo.com/22439234" rel="noopener noreferrer">'
        "Vimeo: https://vimeo.com/22439234</a></p>"
    )


@pytest.mark.parametrize(
    ("shortcode", "label"),
    [
        ('[audio mp3="https://example.com/a.mp3"][/audio]', "Audio"),
        ("[audio https://example.com/a.mp3]", "Audio"),
        ('[audio src="https://example.com/a.mp3" loop="on"]', "Audio"),
        ('[video width="640" mp4="https://example.com/a.mp3"][/video]', "Video"),
    ],
)
def test_audio_and_video_shortcodes_become_links_to_the_file(shortcode, label):
    mapping = mapped(f"<p>Listen:</p>\n\n{shortcode}")

    assert rich_text(mapping) == (
        '<p>Listen:</p><p><a href="https://example.com/a.mp3" rel="noopener noreferrer">'
        f"{label}: https://example.com/a.mp3</a></p>"
    )
    assert mapping.counts["audio and video"] == 1


def test_audio_and_video_blocks_become_links_with_their_caption():
    text = rich_text(mapped(post_html(THEME, "Block category: Common")))

    assert ">Video: This is a video block caption.</a>" in text
    assert 'href="https://wpthemetestdata.files.wordpress.com/2008/06/originaldixie' in text


def test_an_iframe_becomes_a_link_and_a_note_says_so():
    mapping = mapped(
        '<p>See:</p><iframe src="https://maps.example.com/x?y=1" title="Map"></iframe>'
    )

    assert rich_text(mapping) == (
        '<p>See:</p><p><a href="https://maps.example.com/x?y=1" rel="noopener noreferrer">'
        "maps.example.com: Map</a></p>"
    )
    assert "iframe from https://maps.example.com/x?y=1 kept as a link" in mapping.notes
    assert mapping.counts["iframes"] == 1
