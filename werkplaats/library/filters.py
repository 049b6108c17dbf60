"""The GET filter of /bibliotheek/ (a plain form: it works without JavaScript)."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import PracticeKind, ProductKind
from .selectors import ALL_PRACTICE, ALL_PRODUCTS


def kind_choices():
    """Grouped: all products, each kind of product; all practice knowledge, each kind."""
    return [
        ("", _("All products and practice knowledge")),
        (
            _("Products"),
            [(ALL_PRODUCTS, _("All products"))]
            + [(value, capfirst(label)) for value, label in ProductKind.choices],
        ),
        (
            _("Practice knowledge"),
            [(ALL_PRACTICE, _("All practice knowledge"))]
            + [(value, capfirst(label)) for value, label in PracticeKind.choices],
        ),
    ]


class LibraryFilterForm(forms.Form):
    """Unknown values are ignored rather than refused, like the other list filters: a filter
    link that no longer matches (a theme renamed, a year emptied) simply shows everything."""

    soort = forms.ChoiceField(label=_("Kind"), required=False)
    thema = forms.ChoiceField(label=_("Theme"), required=False)
    gemeente = forms.ChoiceField(label=_("Municipality"), required=False)
    jaar = forms.ChoiceField(label=_("Year"), required=False)

    def __init__(self, *args, themes=(), municipalities=(), years=(), **kwargs):
        """`themes`, `municipalities`: (slug, name) pairs; `years`: ints, newest first."""
        super().__init__(*args, **kwargs)
        self.fields["soort"].choices = kind_choices()
        self.fields["thema"].choices = [("", _("All themes"))] + list(themes)
        self.fields["gemeente"].choices = [("", _("All municipalities"))] + list(municipalities)
        self.fields["jaar"].choices = [("", _("All years"))] + [
            (str(year), str(year)) for year in years
        ]

    def _valid(self, name):
        value = self.data.get(name, "")
        return value if self.fields[name].valid_value(value) else ""

    def filters(self):
        """The filters as keyword arguments for selectors.library_entries; invalid ones are
        dropped."""
        year = self._valid("jaar")
        return {
            "kind": self._valid("soort"),
            "theme": self._valid("thema"),
            "municipality": self._valid("gemeente"),
            "year": int(year) if year else None,
        }

    def understood(self):
        """{parameter: value} of the filters given and understood: what the fields show. A
        value left out is said by ignored(), not by marking its field invalid."""
        return {name: value for name in self.fields if (value := self._valid(name))}

    def ignored(self):
        """The labels of the filters that were given but not understood, to say so."""
        return [
            self.fields[name].label
            for name in self.fields
            if self.data.get(name, "") and not self._valid(name)
        ]
