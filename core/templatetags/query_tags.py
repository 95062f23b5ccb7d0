"""`{% carry_query %}`: links to another page of a list, carrying what chose this one."""

from urllib.parse import urlencode

from django import template

from core.parameters import carried

register = template.Library()


@register.simple_tag(takes_context=True)
def carry_query(context, **changes):
    """`?…` for this page's address with `changes` (None drops a parameter), carrying only the
    parameters the page read (core/parameters.py): never one it ignored, such as a
    campaign's `utm_source`, so its pages stay one stored copy for every such address."""
    values = dict(carried(context["request"].GET))
    for name, value in changes.items():
        if value is None:
            values.pop(name, None)
        else:
            values[name] = [str(value)]
    return f"?{urlencode(list(values.items()), doseq=True)}"
