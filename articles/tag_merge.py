"""Merging tags without losing a tagging, and undoing a merge exactly.

taggit's own "Merge selected tags" deleted the tag it was asked to keep when that tag was
one of the selected (the natural way to fill its form): four articles lost "Harlan Coben"
and no revision said so. Here the kept tag is never deleted, every article that held a
merged tag holds the kept one (once), the merge is written in each article's history, the
merged tags' addresses answer 301 to the kept tag, and a `TagMerge` record of which article
held which tag lets an editor undo it.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

import reversion
from taggit.models import Tag, TaggedItem

from core.pagecache import CATALOGUE, LISTING, invalidate, key, keys
from core.text import single_line

from . import hooks
from .models import Article, TagMerge, TagRedirect
from .tags import existing_tag

#: A merge retags articles and removes tags: both rights on tags are needed.
TAG_MERGE_PERMISSIONS = ("taggit.change_tag", "taggit.delete_tag")


def can_merge_tags(user):
    """Whether `user` may merge tags and undo merges (editors; not writers or moderators)."""
    return user.has_perms(TAG_MERGE_PERMISSIONS)


def _authorise(user):
    if not can_merge_tags(user):
        raise PermissionDenied("Merging tags needs the rights to change and delete tags.")


def _taggings():
    return TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(Article))


def _record_in_history(article_ids, *, user, comment):
    """One revision per article (restoring one article's revision never touches another)."""
    for article in Article.objects.filter(pk__in=article_ids).order_by("pk"):
        with reversion.create_revision():
            reversion.add_to_revision(article)
            reversion.set_user(user)
            reversion.set_comment(comment)


def _purge(article_ids, tag_ids):
    articles = Article.objects.filter(pk__in=article_ids)
    invalidate(*keys(*articles), *(key(Tag, pk) for pk in tag_ids), LISTING, CATALOGUE)


def _kept_tag(keep):
    """The tag to keep: a tag, or a typed name (the tag it means, else a new one)."""
    if isinstance(keep, Tag):
        return keep, False
    name = single_line(keep or "")
    if not name:
        raise ValidationError("Choose the tag to keep or type its name.")
    found = existing_tag(name)
    if found is not None:
        return found, False
    return Tag.objects.create(name=name), True


def tags_merge(*, keep, merged, user):
    """Editors see one tag where there were several: every article that held any of `merged`
    holds `keep` (once), the merged tags are gone and their pages answer 301 to it.

    `keep` is a tag (it may be among `merged`; it is never removed) or a typed name, which
    means the existing tag of that name or slug, or a new tag. Each article's history says
    "Tags merged: A, B → C." by `user`. Returns the `TagMerge`, which can be undone.
    """
    _authorise(user)
    with transaction.atomic():
        kept, created = _kept_tag(keep)
        kept = Tag.objects.select_for_update().get(pk=kept.pk)
        tags = list(
            Tag.objects.select_for_update()
            .filter(pk__in=[tag.pk for tag in merged])
            .exclude(pk=kept.pk)
            .order_by("name", "pk")
        )
        if not tags:
            raise ValidationError("Choose at least one tag besides the one to keep.")
        taggings = _taggings()
        kept_articles = sorted(taggings.filter(tag=kept).values_list("object_id", flat=True))
        holders = {tag.pk: [] for tag in tags}
        for tag_id, article_id in taggings.filter(tag__in=tags).values_list("tag_id", "object_id"):
            holders[tag_id].append(article_id)
        earlier = {tag.pk: [] for tag in tags}
        for tag_id, slug in TagRedirect.objects.filter(tag__in=tags).values_list("tag", "old_slug"):
            earlier[tag_id].append(slug)
        # Earlier merges that kept one of these tags lose it (SET_NULL); an undo gives it back.
        kept_before = {tag.pk: [] for tag in tags}
        for merge_id, tag_id in TagMerge.objects.filter(kept__in=tags).values_list("pk", "kept"):
            kept_before[tag_id].append(merge_id)
        entries = [
            {
                "id": tag.pk,
                "name": tag.name,
                "slug": tag.slug,
                "articles": sorted(holders[tag.pk]),
                "redirects": sorted(earlier[tag.pk]),
                "kept_by": sorted(kept_before[tag.pk]),
            }
            for tag in tags
        ]
        record = TagMerge.objects.create(
            kept=kept,
            kept_name=kept.name,
            kept_created=created,
            kept_articles=kept_articles,
            merged=entries,
            merged_by=user,
        )
        held = {article_id for entry in entries for article_id in entry["articles"]}
        content_type = ContentType.objects.get_for_model(Article)
        TaggedItem.objects.bulk_create(
            TaggedItem(content_type=content_type, object_id=article_id, tag=kept)
            for article_id in sorted(held - set(kept_articles))
        )
        # Addresses that led to a merged tag (an earlier merge) now lead to the kept one.
        TagRedirect.objects.filter(tag__in=tags).update(tag=kept)
        for entry in entries:
            TagRedirect.objects.update_or_create(
                old_slug=entry["slug"], defaults={"tag": kept, "merge": record}
            )
        hooks.tags_merging(kept_id=kept.pk, merged_ids=[tag.pk for tag in tags])
        Tag.objects.filter(pk__in=[tag.pk for tag in tags]).delete()
        names = ", ".join(entry["name"] for entry in entries)
        _record_in_history(held, user=user, comment=f"Tags merged: {names} → {kept.name}.")
        _purge(held, [kept.pk, *(tag.pk for tag in tags)])
    return record


def tags_merge_undo(*, merge, user):
    """Editors see the tags as they were before `merge`: the merged tags are back with their
    names, slugs and articles, their addresses are theirs again, and the kept tag leaves the
    articles that only got it from the merge. Each article's history says so.

    A merged tag's followers stay with the kept tag. A kept tag the merge created stays,
    without the articles it got from the merge (delete it in the tag list if it is unused).
    """
    _authorise(user)
    with transaction.atomic():
        merge = TagMerge.objects.select_for_update().get(pk=merge.pk)
        if merge.undone_at is not None:
            raise ValidationError("This merge was already undone.")
        if merge.kept_id is None:
            raise ValidationError(
                f"The tag “{merge.kept_name}” was deleted or merged since; undo that first."
            )
        for entry in merge.merged:
            if Tag.objects.filter(Q(name__iexact=entry["name"]) | Q(slug=entry["slug"])).exists():
                raise ValidationError(
                    f"A tag “{entry['name']}” exists again: merge or rename it before undoing."
                )
        held = {article_id for entry in merge.merged for article_id in entry["articles"]}
        live = set(Article.objects.filter(pk__in=held).values_list("pk", flat=True))
        content_type = ContentType.objects.get_for_model(Article)
        restored = []
        for entry in merge.merged:
            id_free = not Tag.objects.filter(pk=entry["id"]).exists()
            tag = Tag.objects.create(
                pk=entry["id"] if id_free else None, name=entry["name"], slug=entry["slug"]
            )
            restored.append(tag.pk)
            TaggedItem.objects.bulk_create(
                TaggedItem(content_type=content_type, object_id=article_id, tag=tag)
                for article_id in entry["articles"]
                if article_id in live
            )
            TagRedirect.objects.filter(old_slug__in=entry["redirects"]).update(tag=tag)
            TagMerge.objects.filter(pk__in=entry.get("kept_by", [])).update(kept=tag)
        merge.redirects.all().delete()
        _taggings().filter(
            tag_id=merge.kept_id, object_id__in=held - set(merge.kept_articles)
        ).delete()
        merge.undone_at = timezone.now()
        merge.undone_by = user
        merge.save(update_fields=["undone_at", "undone_by"])
        comment = f"Tag merge undone: {merge.kept_name} → {merge.merged_names}."
        _record_in_history(live, user=user, comment=comment)
        _purge(live, [merge.kept_id, *restored])
    return merge
