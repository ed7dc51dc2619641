import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.urls import reverse
from django.utils import translation

from community.models import AuditEntry
from community.tests.factories import administrator


def _render(source: str, **context) -> str:
    return Template("{% load i18n samskab_tables %}" + source).render(Context(context))


def test_a_table_has_its_caption_column_headers_and_rows_in_order():
    html = _render(
        '{% table _("Navn") _("Lokalområde") caption=_("Borgere") caption_class="sr-only" %}'
        "{% for name in names %}<tr><td>{{ name }}</td></tr>{% endfor %}{% endtable %}",
        names=["Alice", "<b>Bob</b>"],
    )
    assert '<div class="samskab-table-wrap">' in html
    assert '<caption class="sr-only">Borgere</caption>' in html
    assert '<th scope="col">Navn</th><th scope="col">Lokalområde</th>' in html
    assert html.index("<thead>") < html.index("<td>Alice</td>") < html.index("</tbody>")
    assert "<td>&lt;b&gt;Bob&lt;/b&gt;</td>" in html


def test_the_column_headers_follow_the_language_of_the_page():
    with translation.override("en"):
        html = _render('{% table _("Navn") caption=_("Borgere") %}{% endtable %}')
    assert '<th scope="col">Name</th>' in html
    assert "<caption>Citizens</caption>" in html


def test_a_table_without_a_caption_writes_no_empty_caption():
    html = _render('{% table _("Tid") class="table table--compact" %}{% endtable %}')
    assert "<caption" not in html
    assert '<table class="table table--compact">' in html


def test_a_misspelt_option_stops_the_template_with_its_name():
    with pytest.raises(TemplateSyntaxError, match="captoin"):
        _render('{% table _("Tid") captoin=_("Borgere") %}{% endtable %}')


@pytest.mark.django_db
def test_the_audit_log_shows_its_entries_under_the_five_column_headers(client):
    AuditEntry.objects.create(action="maps.facility.retired", actor_label="alice")
    client.force_login(administrator())

    html = client.get(reverse("community:audit-list")).text

    headers = ["Tid", "Bruger", "Handling", "Objekt", "Formål"]
    assert "".join(f'<th scope="col">{h}</th>' for h in headers) in html
    assert html.index("</thead>") < html.index("maps.facility.retired") < html.index("</tbody>")


def test_a_table_with_no_rows_says_so_in_a_paragraph_instead_of_an_empty_table():
    source = (
        '{% table _("Tid") empty=_("Ingen bookinger venter.") %}'
        "{% for b in queue %}<tr><td>{{ b }}</td></tr>{% endfor %}{% endtable %}"
    )
    assert _render(source, queue=[]).strip() == "<p>Ingen bookinger venter.</p>"
    assert "<td>kl. 19</td>" in _render(source, queue=["kl. 19"])


def test_an_empty_row_spans_every_column_and_goes_once_there_are_rows():
    source = (
        '{% table _("Navn") _("Lokalområde") _("Åbn") empty_row=_("Ingen borgere.") %}'
        "{% for c in page %}<tr><td>{{ c }}</td></tr>{% endfor %}{% endtable %}"
    )
    assert '<tr><td colspan="3">Ingen borgere.</td></tr>' in _render(source, page=[])
    assert "Ingen borgere." not in _render(source, page=["Alice"])
