"""Forms of the "Netwerk" menu in /beheer/ that do more than the model form.

A photo a coordinator uploads for someone gets the same treatment as one the member uploads on
their profile (services.update_profile): only a real JPEG, PNG or WebP of at most 5 MB, stored
re-encoded (upright, at most 1200 px, without EXIF) under a random name, and the old file is
deleted once the change is committed.
"""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from werkplaats.core.files import delete_after_commit

from .images import reencoded_photo, validate_photo
from .models import Person


class PersonAdminForm(WagtailAdminModelForm):
    # A plain file field: the image checks and their Dutch messages are validate_photo's.
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("A JPEG, PNG or WebP image of at most 5 MB."),
    )

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "content_type"):  # a new upload, not the stored file
            validate_photo(photo)
        return photo

    def save(self, commit=True):
        old_photo = (
            Person.objects.filter(pk=self.instance.pk).values_list("photo", flat=True).first()
            if self.instance.pk
            else ""
        )
        person = super().save(commit=False)
        upload = self.cleaned_data.get("photo")
        if upload and hasattr(upload, "content_type"):
            person.photo = reencoded_photo(upload)
        if commit:
            with transaction.atomic():
                person.save()
                self.save_m2m()
                if old_photo and old_photo != person.photo.name:
                    delete_after_commit(person.photo.storage, old_photo)
        return person
