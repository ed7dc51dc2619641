"""A view's call of a write service: success shown, or the refusal shown where the person looks."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from community.service_calls import call_service


class NameForm(forms.Form):
    name = forms.CharField()


def _request():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _refuse(**kwargs):
    raise ValidationError({"name": "Navnet er taget.", "other": "Prøv igen senere."})


def test_a_refusal_that_names_a_field_is_shown_at_that_field_and_the_rest_above_the_form():
    form = NameForm({"name": "Mette"})
    form.is_valid()
    assert call_service(_request(), _refuse, "Gemt.", form=form) is None
    assert form.errors["name"] == ["Navnet er taget."]
    assert form.non_field_errors() == ["Prøv igen senere."]


def test_without_a_form_the_refusal_is_a_message_and_no_success_is_shown():
    request = _request()
    assert call_service(request, _refuse, "Gemt.") is None
    assert [str(m) for m in get_messages(request)] == ["Navnet er taget. Prøv igen senere."]


def test_a_service_that_returns_nothing_still_counts_as_done_and_its_success_is_shown():
    request = _request()
    assert call_service(request, lambda **kw: None, "Gemt.", x=1) is True
    assert [str(m) for m in get_messages(request)] == ["Gemt."]
