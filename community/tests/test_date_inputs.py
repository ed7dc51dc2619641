"""Every date field of every form in every app renders an ISO value (2027-01-12): a browser drops a
date input's Danish value (12.01.2027) and shows the field empty."""

import importlib
import inspect
from datetime import date

import django_filters
import pytest
from django import forms
from django.apps import apps
from django.utils import translation

from community.forms import DateInput


def _form_classes():
    for config in apps.get_app_configs():
        if config.name.split(".")[0] not in {
            "community",
            "bookings",
            "hearings",
            "localareas",
            "maps",
            "matching",
            "volunteers",
        }:
            continue
        for module_name in ("forms", "filters"):
            try:
                module = importlib.import_module(f"{config.name}.{module_name}")
            except ModuleNotFoundError:
                continue
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__ == module.__name__:
                    yield cls


def _date_fields(cls):
    if issubclass(cls, forms.BaseForm):
        for name, field in cls.base_fields.items():
            if isinstance(field, forms.DateField):
                yield name, field.widget
    elif issubclass(cls, django_filters.FilterSet):
        for name, f in cls.base_filters.items():
            if isinstance(f, django_filters.DateFilter):
                yield name, f.field.widget


def test_every_date_field_of_every_form_uses_the_one_iso_date_input():
    found = {
        f"{cls.__module__}.{cls.__name__}.{name}": widget
        for cls in _form_classes()
        for name, widget in _date_fields(cls)
    }
    assert len(found) > 10
    wrong = [key for key, widget in found.items() if not isinstance(widget, DateInput)]
    assert wrong == []


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_date_input_carries_an_iso_value_in_danish_and_english(language):
    with translation.override(language):
        html = DateInput().render("day", date(2027, 1, 12))
    assert 'type="date"' in html and 'value="2027-01-12"' in html
