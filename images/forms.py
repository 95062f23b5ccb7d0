"""The library's image form: a refused form keeps the picture chosen, offered back by name."""

from django import forms
from django.utils.html import format_html

from . import stash
from .models import Image

KEEP_FIELD = "keep_file"


class ImageAdminForm(forms.ModelForm):
    """Upload or edit one library image; a refused upload is kept (see images/stash.py)."""

    keep_file = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Image
        fields = [
            "file",
            "focal_x",
            "focal_y",
            "alt",
            "is_decorative",
            "credit",
            "caption",
        ]
        widgets = {
            "focal_x": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
            "focal_y": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A kept file stands in for a new upload; clean() asks for one only if neither is there.
        self.fields["file"].required = False
        self.stashed = None

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload and "file" in self.changed_data:
            return cleaned
        kept = stash.read(cleaned.get(KEEP_FIELD))
        if kept and not self.instance.file:
            self.stashed = kept
            cleaned["file"] = stash.load(kept[0])
        elif not self.instance.file and "file" not in self.errors:
            self.add_error("file", "Choose a picture to upload.")
        return cleaned

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or not self._errors:
            return
        # Refused: keep the picture for the next try, whichever way it came.
        upload = self.cleaned_data.get("file")
        kept = self.stashed
        if upload and "file" in self.changed_data and "file" not in self._errors:
            original = getattr(self.files.get(self.add_prefix("file")), "name", "")
            token = stash.put(upload, original_name=original)
            kept = stash.read(token)
        elif kept:
            token = self.cleaned_data.get(KEEP_FIELD)
        else:
            return
        self.data = self.data.copy()
        self.data[self.add_prefix(KEEP_FIELD)] = token
        self.stashed = kept
        message = format_html(
            "<strong>Keep the file you chose: {}</strong> — it is saved with the form unless "
            "you choose another.",
            kept[1],
        )
        self.fields["file"].help_text = message
        self["file"].help_text = message  # the bound field read its text when it was made
