"""The playmakers' workspace: views check access, validate a form, call one service, redirect."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from community.access import localareas as area_access
from community.filters import id_param
from community.service_calls import call_service, show_refusal
from localareas import selectors, services
from localareas.forms import (
    ContactLogForm,
    DecisionFormSet,
    MeetingForm,
    ProjectForm,
    ResourceForm,
    playmaker_users,
)
from localareas.models import CoordinationMeeting, LocalArea


def _login_then(allowed, message=""):
    """View decorator: log in first, then `allowed(user)` must hold (403 with the message otherwise)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not allowed(request.user):
                raise PermissionDenied(str(message))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# Only playmakers and administrators; coordinators may read the coordination meetings.
workspace_required = _login_then(
    area_access.can_use_workspace, gettext_lazy("Arbejdsrummet er for playmakere.")
)
meetings_required = _login_then(area_access.can_see_meetings)


def _area_for(request, slug) -> LocalArea:
    area = get_object_or_404(LocalArea.objects.defer("geometry"), slug=slug)
    if not area_access.is_playmaker_for(request.user, area):
        raise Http404
    return area


def _back(request, area):
    """Back to the page the action was taken on (a safe `next`), else the area's workspace page."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("localareas:workspace-area", slug=area.slug)


def _fields(form) -> dict:
    """The form's plain fields; the many-to-many ones go to the service as arguments of their own."""
    model = form._meta.model._meta
    return {
        name: form.cleaned_data[name]
        for name in form._meta.fields
        if not model.get_field(name).many_to_many
    }


@workspace_required
def workspace(request):
    areas = list(area_access.workspace_areas(request.user).only("id", "name", "slug"))
    chosen = None
    slug = request.GET.get("omraade")
    if slug:
        chosen = next((a for a in areas if a.slug == slug), None)
    overview = selectors.workspace_overview(request.user, area_ids={chosen.pk} if chosen else None)
    return render(
        request,
        "localareas/workspace.html",
        {
            **overview,
            "areas": areas,
            "chosen": chosen,
            "show_filter": len(areas) > 1,
        },
    )


@workspace_required
def workspace_area(request, slug):
    area = _area_for(request, slug)
    return render(
        request,
        "localareas/workspace_area.html",
        {"area": area, **selectors.area_workspace(area)},
    )


def _resource_form(request, area, resource=None):
    form = ResourceForm(request.POST or None, instance=resource)
    if request.method == "POST" and form.is_valid():
        core_tasks = form.cleaned_data["core_tasks"]
        try:
            if resource is None:
                saved = services.resource_create(
                    area=area, fields=_fields(form), core_tasks=core_tasks, actor=request.user
                )
            else:
                saved = services.resource_update(
                    resource=resource,
                    fields=_fields(form),
                    core_tasks=core_tasks,
                    actor=request.user,
                )
        except ValidationError as error:
            show_refusal(request, error, form)
        else:
            done = _("%(name)s er tilføjet.") if resource is None else _("%(name)s er gemt.")
            messages.success(request, done % {"name": saved.name})
            return redirect("localareas:workspace-area", slug=area.slug)
    if resource is None:
        title = _("Ny ressource i %(area)s") % {"area": area}
    else:
        title = _("Ret %(name)s") % {"name": resource.name}
    return render(
        request,
        "localareas/workspace_form.html",
        {"area": area, "form": form, "title": title, "resource": resource},
    )


@workspace_required
def resource_create(request, slug):
    return _resource_form(request, _area_for(request, slug))


@workspace_required
def resource_edit(request, pk):
    resource = get_object_or_404(area_access.resources_visible_to(request.user), pk=pk)
    return _resource_form(request, resource.area, resource)


@workspace_required
def resource_delete(request, pk):
    resource = get_object_or_404(
        area_access.resources_visible_to(request.user).select_related("area"), pk=pk
    )
    area = resource.area
    if request.method == "POST":
        services.resource_delete(resource=resource, actor=request.user)
        messages.success(request, _("%(name)s er slettet.") % {"name": resource.name})
        return redirect("localareas:workspace-area", slug=area.slug)
    return render(request, "localareas/resource_delete.html", {"resource": resource, "area": area})


@require_POST
@workspace_required
def resource_verify(request, pk):
    resource = get_object_or_404(
        area_access.resources_visible_to(request.user).select_related("area"), pk=pk
    )
    services.resource_verify(resource=resource, actor=request.user)
    messages.success(
        request, _("Oplysningerne om %(name)s er bekræftet i dag.") % {"name": resource.name}
    )
    return _back(request, resource.area)


@workspace_required
def contact_create(request, slug):
    area = _area_for(request, slug)
    initial = {}
    if (resource_id := id_param(request.GET.get("ressource"))) is not None:
        initial["resource"] = resource_id
    form = ContactLogForm(request.POST or None, area=area, initial=initial)
    if request.method == "POST" and form.is_valid():
        if call_service(
            request,
            services.contact_log_add,
            _("Samtalen er skrevet i kontaktloggen."),
            form=form,
            area=area,
            fields=_fields(form),
            actor=request.user,
        ):
            return redirect("localareas:workspace-area", slug=area.slug)
    return render(
        request,
        "localareas/workspace_form.html",
        {
            "area": area,
            "form": form,
            "title": _("Skriv i kontaktloggen for %(area)s") % {"area": area},
        },
    )


@require_POST
@workspace_required
def contact_follow_up_done(request, pk):
    entry = get_object_or_404(
        area_access.contact_log_visible_to(request.user).select_related("area"), pk=pk
    )
    services.contact_follow_up_done(entry=entry, actor=request.user)
    messages.success(request, _("Opfølgningen er markeret som klaret."))
    return _back(request, entry.area)


def _project_form(request, project=None):
    areas = list(area_access.workspace_areas(request.user).only("id", "name", "slug"))
    initial = {}
    if project is None and request.GET.get("omraade"):
        initial["areas"] = [a.pk for a in areas if a.slug == request.GET["omraade"]]
    form = ProjectForm(request.POST or None, instance=project, areas=areas, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.project_save(
                project=project,
                fields=_fields(form),
                areas=form.cleaned_data["areas"],
                core_tasks=form.cleaned_data["core_tasks"],
                partner_resources=form.cleaned_data["partner_resources"],
                actor=request.user,
                allowed_area_ids=area_access.workspace_area_ids(request.user),
            )
        except ValidationError as error:
            show_refusal(request, error, form)
        else:
            messages.success(request, _("Projektet %(title)s er gemt.") % {"title": saved.title})
            first = saved.areas.order_by("name").first()
            if first and area_access.is_playmaker_for(request.user, first):
                return redirect("localareas:workspace-area", slug=first.slug)
            return redirect("localareas:workspace")
    title = _("Ret %(name)s") % {"name": project.title} if project else _("Nyt projekt")
    return render(
        request, "localareas/workspace_form.html", {"form": form, "title": title, "area": None}
    )


@workspace_required
def project_create(request):
    return _project_form(request)


@workspace_required
def project_edit(request, pk):
    project = get_object_or_404(area_access.projects_visible_to(request.user), pk=pk)
    return _project_form(request, project)


@meetings_required
def meeting_list(request):
    return render(
        request,
        "localareas/meeting_list.html",
        {**selectors.meetings_split(), "can_edit": area_access.can_edit_meetings(request.user)},
    )


@meetings_required
def meeting_detail(request, pk):
    meeting = get_object_or_404(
        CoordinationMeeting.objects.prefetch_related("attendees", "decisions__owner"), pk=pk
    )
    return render(
        request,
        "localareas/meeting_detail.html",
        {"meeting": meeting, "can_edit": area_access.can_edit_meetings(request.user)},
    )


def _meeting_form(request, meeting=None):
    if not area_access.can_edit_meetings(request.user):
        raise PermissionDenied
    owners = playmaker_users()
    initial = [
        {"text": d.text, "owner": d.owner_id, "due_on": d.due_on, "done": d.done}
        for d in (meeting.decisions.all() if meeting else [])
    ]
    form = MeetingForm(request.POST or None, instance=meeting)
    decisions = DecisionFormSet(
        request.POST or None, initial=initial, prefix="beslutning", form_kwargs={"owners": owners}
    )
    if request.method == "POST" and form.is_valid() and decisions.is_valid():
        rows = [
            {k: d[k] for k in ("text", "owner", "due_on", "done")}
            for d in decisions.cleaned_data
            if d.get("text")
        ]
        try:
            saved = services.meeting_save(
                meeting=meeting,
                fields=_fields(form),
                attendees=form.cleaned_data["attendees"],
                decisions=rows,
                actor=request.user,
            )
        except ValidationError as error:
            show_refusal(request, error, form)
        else:
            messages.success(request, _("Mødet er gemt."))
            return redirect("localareas:meeting-detail", pk=saved.pk)
    title = _("Ret mødet %(date)s") % {"date": meeting.held_on} if meeting else _("Nyt møde")
    return render(
        request,
        "localareas/meeting_form.html",
        {"form": form, "decisions": decisions, "title": title, "meeting": meeting},
    )


@meetings_required
def meeting_create(request):
    return _meeting_form(request)


@meetings_required
def meeting_edit(request, pk):
    meeting = get_object_or_404(CoordinationMeeting, pk=pk)
    return _meeting_form(request, meeting)
