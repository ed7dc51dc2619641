from django import forms
from django.utils.translation import gettext_lazy as _

from maps.importers import FORMATS
from maps.importers.profiles import PROFILE_LABELS
from maps.models import Layer, ProblemReport

MAX_PHOTO_BYTES = 5 * 1024 * 1024


class ProblemReportForm(forms.ModelForm):
    class Meta:
        model = ProblemReport
        fields = ["description", "photo", "reporter_email"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4, "class": "form-input"})}
        # The field template adds "(valgfrit)"; the model's name says "(frivillig)" too.
        labels = {"reporter_email": _("Din e-mail")}
        help_texts = {
            "photo": _("Valgfrit. Et billede (JPEG eller PNG) på højst 5 MB."),
            "reporter_email": _("Valgfrit. Så kan vi svare dig."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].widget.attrs["class"] = "form-input"
        self.fields["reporter_email"].widget.attrs["class"] = "form-input"

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and getattr(photo, "size", 0) > MAX_PHOTO_BYTES:
            raise forms.ValidationError(_("Billedet er for stort; højst 5 MB."))
        return photo


class FacilityUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fil"),
        help_text=_(
            "GeoJSON, GPX, KML, CSV (lon/lat eller x/y i EPSG:25832), zippet shapefil eller GeoPackage."
        ),
    )
    source = forms.SlugField(
        label=_("Kilde"),
        max_length=100,
        help_text=_(
            "Et fast navn for kilden, f.eks. osm-shelters. Samme kilde igen opdaterer i stedet for at oprette."
        ),
    )
    profile = forms.ChoiceField(label=_("Feltprofil"), choices=list(PROFILE_LABELS.items()))
    default_layer = forms.ModelChoiceField(
        label=_("Kortlag for steder uden kendt lag"),
        queryset=Layer.objects.all(),
        required=False,
    )
    retire_missing = forms.BooleanField(
        label=_("Marker steder, som kilden ikke længere har, som udgået"),
        required=False,
        initial=True,
    )
    leave_outside = forms.BooleanField(
        label=_("Udelad steder uden for kommunen"),
        help_text=_(
            "Et sted uden for alle lokalområder ligger uden for kommunen, f.eks. i en landsdækkende fil."
        ),
        required=False,
        initial=True,
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return upload
        name = upload.name.lower()
        if not any(name.endswith(ext) for ext in FORMATS):
            raise forms.ValidationError(
                _(
                    "Filtypen kan ikke importeres. Brug GeoJSON, GPX, KML, CSV, zip (shapefil) eller GeoPackage."
                )
            )
        return upload
