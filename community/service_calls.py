"""How a view calls one write service: what it made, with a success message; or its refusal, shown
where the person is looking (at the form's fields when there is a form, else as a message)."""

from django.contrib import messages
from django.core.exceptions import ValidationError


def show_refusal(request, exc: ValidationError, form=None) -> None:
    """A service's ValidationError on the form, at the field it names; without a form, a message."""
    if form is None:
        messages.error(request, " ".join(exc.messages))
    elif hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def call_service(request, service, /, success: str | None = None, *, form=None, **kwargs):
    """`service(**kwargs)` after which `success` is shown: what it returned (True when it returns
    nothing), or None when it refused, after showing why."""
    try:
        result = service(**kwargs)
    except ValidationError as exc:
        show_refusal(request, exc, form)
        return None
    if success:
        messages.success(request, success)
    return True if result is None else result
