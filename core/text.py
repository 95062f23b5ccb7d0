"""The site-wide single-line text rule: titles, names, captions and addresses stay on one line.

A carriage return in a title made its notification mail's subject invalid (the mail was
dropped), a line break in a guest's name forged lines in mail bodies, and a right-to-left
override in a name reversed the text around it. Every single-line model field uses one of
the field classes below, so admin forms, public forms and code that saves models directly
all store the same normalised value. (This lives in `core`, below every app, because every
app needs it.)
"""

import re

from django import forms
from django.db import models

# Line and paragraph breaks (and tabs) become one space: the words on either side stay apart.
_BREAKS = re.compile(r"[\t\n\v\f\r\x1c-\x1e\x85\u2028\u2029]+")
# Other C0/C1 controls and DEL have no visible meaning in a one-line field.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")
# Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) can reverse the text
# around a name; readers' names are isolated with <bdi> in templates instead.
_BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def single_line(value):
    """The value as one clean line: breaks become a space, controls and bidi overrides go."""
    if not isinstance(value, str):
        return value
    value = _BREAKS.sub(" ", value)
    value = _CONTROLS.sub("", value)
    value = _BIDI_CONTROLS.sub("", value)
    return value.strip()


def _single_line_input(value):
    # A NUL in typed input stays, so the form refuses it with Django's own message (a
    # garbled submission is worth telling the reader about); the rest is normalised.
    if isinstance(value, str) and "\x00" in value:
        return value
    return single_line(value)


class SingleLineFormField(forms.CharField):
    """A form field that hands its form one clean line, whatever was typed or pasted."""

    def to_python(self, value):
        return super().to_python(_single_line_input(value))


class SingleLineEmailFormField(forms.EmailField):
    """An address field that hands its form one clean line before validating it."""

    def to_python(self, value):
        return super().to_python(_single_line_input(value))


class _SingleLineMixin:
    """Normalise in every path: form cleaning, `full_clean()` and any `save()`."""

    form_class = SingleLineFormField

    def to_python(self, value):
        return single_line(super().to_python(value))

    def pre_save(self, model_instance, add):
        value = single_line(super().pre_save(model_instance, add))
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        if not self.choices:
            kwargs.setdefault("form_class", self.form_class)
        return super().formfield(**kwargs)

    def deconstruct(self):
        # The rule is Python behaviour, not schema: migrations see the plain Django field,
        # so adopting (or moving) this module never needs a migration.
        name, _path, args, kwargs = super().deconstruct()
        base = next(cls for cls in type(self).__mro__ if cls.__module__.startswith("django."))
        return name, f"django.db.models.{base.__name__}", args, kwargs


class SingleLineCharField(_SingleLineMixin, models.CharField):
    """A title, name, caption, credit or SEO field: always stored as one clean line."""


class SingleLineEmailField(_SingleLineMixin, models.EmailField):
    """An email address: always stored as one clean line."""

    form_class = SingleLineEmailFormField


class SingleLineSlugField(_SingleLineMixin, models.SlugField):
    """A slug: always stored as one clean line (the slug validator then refuses the rest)."""

    def formfield(self, **kwargs):
        # SlugField's own form field validates the slug; the model's to_python normalises.
        return models.SlugField.formfield(self, **kwargs)
