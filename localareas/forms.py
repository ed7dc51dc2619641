from django import forms

from localareas.models import LocalCouncil


class CouncilForm(forms.ModelForm):
    website = forms.URLField(
        label=LocalCouncil._meta.get_field("website").verbose_name,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "form-input"}),
    )

    class Meta:
        model = LocalCouncil
        fields = ["description", "email", "phone", "website"]
        widgets = {
            "description": forms.Textarea(attrs={"class": "form-input", "rows": 5}),
            "email": forms.EmailInput(attrs={"class": "form-input"}),
            "phone": forms.TextInput(attrs={"class": "form-input"}),
            "website": forms.URLInput(attrs={"class": "form-input"}),
        }
