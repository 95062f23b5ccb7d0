"""A free slug to suggest when the one typed is taken: every admin form that can clash on a
slug (productions, people, articles, tags) names the same suggestion."""

from django.utils.text import slugify

#: Numbered suggestions tried after the hints, before giving up ("-2" … "-99").
NUMBERED_TRIES = 99


def free_slug(instance, field_name="slug"):
    """A slug like `instance`'s that no other row of its model holds, or "" if none is found.

    Words the model offers in `slug_hints()` come first (a novel beside its series gets
    "missing-you-novel", a remake "missing-you-2025"), then "missing-you-2", "-3"…
    """
    model = type(instance)
    field = model._meta.get_field(field_name)
    base = getattr(instance, field.attname) or ""
    if not base:
        return ""
    hints = [slugify(str(hint)) for hint in getattr(instance, "slug_hints", list)() if hint]
    hints = [hint for hint in hints if hint and not base.endswith(f"-{hint}")]
    wanted = [*hints, "-".join(hints)] if len(hints) > 1 else hints
    suffixes = [*dict.fromkeys(wanted), *(str(n) for n in range(2, NUMBERED_TRIES + 1))]
    candidates = []
    for suffix in suffixes:
        cut = field.max_length - len(suffix) - 1 if field.max_length else None
        candidates.append(f"{base[:cut].rstrip('-')}-{suffix}")
    others = model._default_manager.filter(**{f"{field_name}__in": candidates})
    if instance.pk is not None:
        others = others.exclude(pk=instance.pk)
    taken = set(others.values_list(field_name, flat=True))
    return next((slug for slug in candidates if slug not in taken), "")
