from __future__ import annotations

import math
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_POST

from community import ratelimit
from community.access import maps as maps_access
from community.http import client_ip
from community.municipality import current_municipality
from localareas.models import LocalArea
from maps import gpx, selectors, services
from maps.filters import ProblemReportFilterSet
from maps.forms import ProblemReportForm
from maps.models import ATTRIBUTE_FIELDS, Facility, Layer, ProblemReport
from maps.rendering import render_map

DEFAULT_ZOOM = 10
REPORT_WINDOW_S = 3600


def _view_params(request) -> tuple[tuple[float, float] | None, int | None]:
    """centre=lat,lon and zoom from the URL, ignored when they make no sense."""
    center = zoom = None
    raw = request.GET.get("center", "")
    try:
        lat, lon = (float(v) for v in raw.split(","))
        if 54 <= lat <= 58.5 and 7 <= lon <= 16:
            center = (lat, lon)
    except ValueError:
        pass
    try:
        zoom = int(request.GET.get("zoom", ""))
        zoom = zoom if 5 <= zoom <= 19 else None
    except ValueError:
        zoom = None
    return center, zoom


def _area_or_404(slug: str) -> LocalArea | None:
    if not slug:
        return None
    return get_object_or_404(LocalArea, slug=slug)


def _map_context(request, f: selectors.FacilityFilter, area: LocalArea | None, *, embed: bool):
    layers = list(Layer.objects.all())
    shown = set(f.layers) or {layer.slug for layer in layers if layer.shown_by_default}
    api_params = f.query_params(include_layers=False)
    language = translation.get_language()
    if language and not language.startswith("da"):
        api_params["lang"] = "en"
    center, zoom = _view_params(request)
    config = {
        "apiUrl": reverse("maps:api-facilities") + "?" + urlencode(api_params),
        "areasUrl": reverse("maps:api-areas"),
        "detailUrl": reverse("maps:facility-detail", args=[0]),
        "layers": [
            {"slug": layer.slug, "name": layer.name, "icon": layer.icon, "colour": layer.colour}
            for layer in layers
        ],
        "shown": sorted(shown),
        "fitBounds": None,
        "deepLink": not embed,
        "embed": embed,
        "collapsed": embed,
        "labels": {
            "areas": _("Lokalområder"),
            "status": {k: str(v) for k, v in Facility.Status.choices},
            "attributes": {
                name: str(Facility._meta.get_field(name).verbose_name) for name in ATTRIBUTE_FIELDS
            },
            "capacity": _("Antal personer"),
            "yes": _("ja"),
            "no": _("nej"),
            "directions": _("Rutevejledning"),
            "details": _("Detaljer og meld et problem"),
            # Danish and English have one singular: the page picks "1 sted" or this plural form.
            "shownOne": ngettext("%(count)s sted på kortet", "%(count)s steder på kortet", 1),
            "shown": ngettext("%(count)s sted på kortet", "%(count)s steder på kortet", 2),
            "loading": _("Henter steder …"),
            "failed": _("Stederne kunne ikke hentes. Prøv igen senere."),
            "area": _("Lokalområde"),
            "youAreHere": _("Du er her"),
            "nearMe": _("Kortet viser nu steder nær dig."),
            "noPosition": _(
                "Din position kunne ikke findes. Tillad positionen i browseren, eller søg efter navn."
            ),
        },
    }
    if area and embed and request.GET.get("steder") == "1":
        # On an area's own page the map also shows rooms, associations' activities and volunteer tasks.
        config["extraUrl"] = reverse("maps:api-places") + "?" + urlencode({"area": area.slug})
        config["extraLayers"] = selectors.place_layers()
        config["labels"]["more"] = _("Læs mere")
    municipality = current_municipality()
    if area and not center:
        config["fitBounds"] = [[area.min_lat, area.min_lon], [area.max_lat, area.max_lon]]
    elif not center and zoom is None:
        # The whole municipality at any width (a phone, a narrow embed), not a zoom that fits one screen.
        config["fitBounds"] = municipality.bounds or selectors.municipality_bounds()
    rendered = render_map(
        config=config,
        center=center or (area and (area.centroid_lat, area.centroid_lon)) or municipality.center,
        zoom=zoom or (12 if area else DEFAULT_ZOOM),
        embed=embed,
    )
    return {
        "map": rendered,
        "filter": f,
        "layers": layers,
        "shown": shown,
        "area": area,
        "areas": LocalArea.objects.only("name", "slug"),
        "attribute_fields": [
            (name, Facility._meta.get_field(name).verbose_name) for name in ATTRIBUTE_FIELDS
        ],
        # The layers the map shows (the default ones when the URL names none), with its filters.
        "download_url": reverse("maps:api-facilities-download")
        + "?"
        + urlencode({**api_params, "layers": ",".join(sorted(shown))}),
        "list_url": reverse("maps:facility-list") + "?" + urlencode(f.query_params()),
    }


def map_view(request, area_slug: str = ""):
    f = selectors.FacilityFilter.from_params(request.GET)
    area = _area_or_404(area_slug or f.area)
    if area:
        f.area = area.slug
    context = _map_context(request, f, area, embed=False)
    return render(request, "maps/map.html", context)


@xframe_options_exempt
def embed(request):
    """The one page other sites may frame (see FrameAncestorsMiddleware and EMBED_FRAME_ANCESTORS)."""
    language = "en" if request.GET.get("lang") == "en" else "da"
    with translation.override(language):
        f = selectors.FacilityFilter.from_params(request.GET)
        area = LocalArea.objects.filter(slug=f.area).first() if f.area else None
        if f.area and area is None:
            f.area = ""
        context = _map_context(request, f, area, embed=True)
        context["language"] = language
        return render(request, "maps/embed.html", context)


def share(request):
    layers = list(Layer.objects.all())
    f = selectors.FacilityFilter.from_params(request.GET)
    return render(
        request,
        "maps/share.html",
        {
            "layers": layers,
            "areas": LocalArea.objects.only("name", "slug"),
            "filter": f,
            "embed_url": request.build_absolute_uri(reverse("maps:embed")),
        },
    )


def facility_list(request):
    f = selectors.FacilityFilter.from_params(request.GET)
    qs = (
        selectors.facilities_filtered(f)
        .select_related("layer", "local_area")
        .order_by("layer__order", "name")
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    params = f.query_params()
    return render(
        request,
        "maps/facility_list.html",
        {
            "page": page,
            "filter": f,
            "layers": selectors.layers_with_counts(),
            "areas": LocalArea.objects.only("name", "slug"),
            "attribute_fields": [
                (name, Facility._meta.get_field(name).verbose_name) for name in ATTRIBUTE_FIELDS
            ],
            "query": urlencode(params),
            "map_url": reverse("maps:map") + ("?" + urlencode(params) if params else ""),
        },
    )


def facility_detail(request, pk: int):
    facility = get_object_or_404(
        Facility.objects.select_related(
            "layer", "local_area", "owner_association"
        ).prefetch_related("photos"),
        pk=pk,
    )
    form = ProblemReportForm()
    return _detail(request, facility, form)


def facility_gpx(request, pk: int):
    """The facility for a GPS: a trail as a track to follow, a place as a waypoint."""
    facility = get_object_or_404(Facility, pk=pk)
    body = gpx.facility_gpx(
        name=facility.name,
        geometry=facility.geometry,
        point=(facility.lon, facility.lat),
        url=request.build_absolute_uri(reverse("maps:facility-detail", args=[facility.pk])),
    )
    response = HttpResponse(body, content_type="application/gpx+xml")
    response["Content-Disposition"] = (
        f'attachment; filename="{slugify(facility.name) or facility.pk}.gpx"'
    )
    return response


def _small_map(request, facility):
    """The place on a small map among the others of its layer, with no layer control of its own."""
    f = selectors.FacilityFilter.from_params({"layers": facility.layer.slug})
    small = _map_context(request, f, None, embed=False)["map"]
    pad = 0.004  # about 400 m around a point, so its neighbourhood shows
    small.spec["layers"].update(
        deepLink=False,
        control=False,
        fitBounds=[
            [facility.min_lat - pad, facility.min_lon - pad],
            [facility.max_lat + pad, facility.max_lon + pad],
        ],
    )
    small.height_class = "samskab-map-small"
    return small


def _detail(request, facility, form, status=200):
    can_handle = maps_access.can_handle_problem(request.user, facility)
    problems = selectors.problems_for_facility(facility) if can_handle else None
    open_count = facility.problems.exclude(status=ProblemReport.Status.FIXED).count()
    return render(
        request,
        "maps/facility_detail.html",
        {
            "facility": facility,
            "map": _small_map(request, facility),
            "form": form,
            "can_handle": can_handle,
            "problems": problems,
            "open_count": open_count,
        },
        status=status,
    )


@require_POST
def problem_create(request, pk: int):
    facility = get_object_or_404(Facility.objects.select_related("layer", "local_area"), pk=pk)
    form = ProblemReportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, facility, form, status=400)
    limit_key = _report_limit_key(request)
    if ratelimit.count(limit_key) >= settings.MAPS_PROBLEM_REPORTS_PER_HOUR:
        wait_s = ratelimit.retry_after_s(limit_key, REPORT_WINDOW_S)
        minutes = math.ceil(wait_s / 60)
        form.add_error(
            None,
            ngettext(
                "Du har sendt mange meldinger på kort tid. Prøv igen om %(minutes)s minut.",
                "Du har sendt mange meldinger på kort tid. Prøv igen om %(minutes)s minutter.",
                minutes,
            )
            % {"minutes": minutes},
        )
        response = _detail(request, facility, form, status=429)
        response["Retry-After"] = str(wait_s)
        return response
    try:
        services.problem_report_create(
            facility=facility,
            description=form.cleaned_data["description"],
            photo=form.cleaned_data.get("photo"),
            reporter_email=form.cleaned_data.get("reporter_email", ""),
            reporter=request.user,
            language=translation.get_language() or "da",
        )
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
        return _detail(request, facility, form, status=400)
    ratelimit.record(limit_key, REPORT_WINDOW_S)
    messages.success(request, _("Tak! Din melding er modtaget, og den viser sig nu på kortet."))
    return redirect("maps:facility-detail", pk=facility.pk)


def problem_photo(request, pk: int):
    """A report's photo, only for those who may see the report (there is no public URL)."""
    report = get_object_or_404(maps_access.problems_visible_to(request.user), pk=pk)
    if not report.photo:
        raise Http404
    content_type = "image/jpeg" if report.photo.name.endswith(".jpg") else "image/png"
    response = FileResponse(report.photo.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _report_limit_key(request) -> str:
    """Anyone may report without logging in, so each address gets a number of reports per hour."""
    return f"maps:reports:{client_ip(request)}"


@login_required
def problem_list(request):
    reports = (
        maps_access.problems_visible_to(request.user)
        .select_related("facility", "facility__layer", "facility__local_area", "handled_by")
        .order_by("status", "-created_at")
    )
    filterset = ProblemReportFilterSet(request.GET, queryset=reports)
    reports = filterset.qs
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "maps/problem_list.html",
        {
            "page": page,
            "status": filterset.form.cleaned_data["status"],
            "statuses": ProblemReport.Status.choices,
        },
    )


@require_POST
@login_required
def problem_advance(request, pk: int):
    report = get_object_or_404(ProblemReport.objects.select_related("facility"), pk=pk)
    if not maps_access.can_handle_problem(request.user, report.facility):
        raise Http404(_("Meldingen findes ikke, eller du kan ikke behandle den."))
    try:
        services.problem_report_advance(report=report, user=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(
            request,
            _("Meldingen om %(facility)s er nu: %(status)s.")
            % {"facility": report.facility.name, "status": report.get_status_display()},
        )
    if request.htmx:
        return render(request, "maps/_problem_row.html", {"report": report, "show_facility": True})
    return redirect(request.POST.get("next") or reverse("maps:problem-list"))
