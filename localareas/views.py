from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.access import localareas as area_access
from community.models import Role
from community.page_cache import public_page
from hearings.selectors import open_hearings_for_area
from localareas import selectors, services
from localareas.forms import CouncilForm, CouncilMemberAddForm, CouncilMemberTitleForm
from localareas.models import CouncilInvitation, LocalArea, LocalCouncil


@public_page
def area_list(request):
    return render(request, "localareas/area_list.html", {"rows": selectors.area_list_rows()})


@public_page
def area_detail(request, slug):
    area = get_object_or_404(LocalArea.objects.defer("geometry"), slug=slug)
    context = {"area": area, **selectors.area_page(area)}
    context["open_hearings"] = open_hearings_for_area(area.pk)
    context["can_edit"] = [
        c for c in context["councils"] if area_access.can_edit_council(request.user, c)
    ]
    return render(request, "localareas/area_detail.html", context)


def area_report(request, slug):
    """A one-page report on the area for politicians, made to be printed (or saved as PDF)."""
    area = get_object_or_404(LocalArea.objects.defer("geometry"), slug=slug)
    return render(
        request,
        "localareas/area_report.html",
        {"area": area, "today": timezone.localdate(), **selectors.area_report(area)},
    )


def assignments(request):
    if not area_access.can_see_assignments(request.user):
        raise PermissionDenied
    rows = selectors.assignment_rows()
    problems = [r for r in rows if not r["ok"]]
    return render(request, "localareas/assignments.html", {"rows": rows, "problems": problems})


def _editable_council(request, slug) -> LocalCouncil:
    council = get_object_or_404(LocalCouncil, slug=slug)
    if not area_access.can_edit_council(request.user, council):
        raise PermissionDenied
    return council


def _council_page(request, council, *, form=None, add_form=None, status=200):
    members = (
        Role.objects.filter(kind=Role.Kind.COUNCIL_MEMBER, council=council)
        .select_related("user")
        .order_by("user__first_name", "user__email")
    )
    return render(
        request,
        "localareas/council_edit.html",
        {
            "council": council,
            "form": form or CouncilForm(instance=council),
            "add_form": add_form or CouncilMemberAddForm(prefix="ny"),
            "invitations": council.invitations.select_related("invited_by"),
            "members": [
                (m, CouncilMemberTitleForm(initial={"title": m.title}, prefix=f"m{m.pk}"))
                for m in members
            ],
        },
        status=status,
    )


def council_edit(request, slug):
    council = _editable_council(request, slug)
    form = CouncilForm(request.POST or None, instance=council)
    if request.method == "POST" and form.is_valid():
        services.council_update(
            council=council,
            **{k: form.cleaned_data[k] for k in services.COUNCIL_FIELDS},
            actor=request.user,
        )
        messages.success(request, _("Lokalrådets side er gemt."))
        area = council.areas.order_by("name").first()
        if area:
            return redirect("localareas:area-detail", slug=area.slug)
        return redirect("localareas:area-list")
    return _council_page(request, council, form=form)


@require_POST
def council_member_add(request, slug):
    council = _editable_council(request, slug)
    form = CouncilMemberAddForm(request.POST, prefix="ny")
    if form.is_valid():
        try:
            services.council_member_add(
                council=council,
                email=form.cleaned_data["email"],
                title=form.cleaned_data["title"],
                actor=request.user,
            )
        except services.MembershipError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request,
                _(
                    "Vi har sendt en invitation til %(email)s. Personen bliver vist som medlem, "
                    "når de har sagt ja."
                )
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("localareas:council-edit", slug=council.slug)
    return _council_page(request, council, add_form=form, status=400)


@require_POST
def council_invitation_withdraw(request, slug, pk):
    council = _editable_council(request, slug)
    invitation = get_object_or_404(CouncilInvitation, pk=pk, council=council)
    services.council_invitation_withdraw(invitation=invitation, actor=request.user)
    messages.success(
        request, _("Invitationen til %(email)s er trukket tilbage.") % {"email": invitation.email}
    )
    return redirect("localareas:council-edit", slug=council.slug)


def council_invitation(request, token):
    """The mailed link: GET asks (link scanners open links too), POST says yes."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "localareas/council_invitation.html", {"invalid": True}, status=400)
    error = None
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            services.council_invitation_accept(invitation=invitation, user=request.user)
        except services.MembershipError as exc:
            error = str(exc)
        else:
            messages.success(
                request,
                _("Du er nu medlem af %(council)s.") % {"council": invitation.council.name},
            )
            area = invitation.council.areas.order_by("name").first()
            if area:
                return redirect("localareas:area-detail", slug=area.slug)
            return redirect("localareas:council-edit", slug=invitation.council.slug)
    return render(
        request,
        "localareas/council_invitation.html",
        {
            "invitation": invitation,
            "error": error,
            "wrong_account": request.user.is_authenticated
            and request.user.email.lower() != invitation.email.lower(),
        },
        status=400 if error else 200,
    )


def _member(council, pk) -> Role:
    return get_object_or_404(Role, pk=pk, kind=Role.Kind.COUNCIL_MEMBER, council=council)


@require_POST
def council_member_remove(request, slug, pk):
    council = _editable_council(request, slug)
    role = _member(council, pk)
    try:
        services.council_member_remove(role=role, actor=request.user)
    except services.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(name)s er ikke længere medlem.")
            % {"name": role.user.get_full_name() or role.user.email},
        )
    return redirect("localareas:council-edit", slug=council.slug)


@require_POST
def council_member_title(request, slug, pk):
    council = _editable_council(request, slug)
    role = _member(council, pk)
    form = CouncilMemberTitleForm(request.POST, prefix=f"m{role.pk}")
    if form.is_valid():
        services.council_member_set_title(
            role=role, title=form.cleaned_data["title"], actor=request.user
        )
        messages.success(request, _("Titlen er gemt."))
    return redirect("localareas:council-edit", slug=council.slug)
