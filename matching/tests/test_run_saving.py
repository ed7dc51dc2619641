"""What a run writes and reads comes back as it was: proposals saved in bulk, availability in any shape."""

import gc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.engine.data import parse_slots
from matching.models import Proposal
from matching.tests.factories import make_need, make_volunteer, run


def parse_slots_by_splitting(availability):
    """The rule as it was written first: split every time at the colon, int() each part."""
    slots = []
    for slot in availability or []:
        try:
            sh, sm = (int(x) for x in str(slot["start"]).split(":"))
            eh, em = (int(x) for x in str(slot["end"]).split(":"))
            day = int(slot["day"])
        except (KeyError, TypeError, ValueError):
            continue
        if 0 <= day <= 6 and sh * 60 + sm < eh * 60 + em:
            slots.append((day, sh * 60 + sm, eh * 60 + em))
    return slots


times = st.one_of(
    st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 99), st.integers(0, 99)),
    st.sampled_from(
        ["9:00", " 9:00", "24:00", "-1:30", "1_0:00", "13:00:00", "ab:cd", "١٣:00", ""]
    ),
    st.integers(-5, 30),
    st.none(),
    st.lists(st.integers(), max_size=1),
)
days = st.one_of(st.integers(-2, 8), st.sampled_from(["3", "x", 2.0, True, None]))
entries = st.one_of(
    st.fixed_dictionaries({"day": days, "start": times, "end": times}),
    st.dictionaries(st.sampled_from(["day", "start", "end"]), times, max_size=2),
    st.sampled_from(["junk", 7, None]),
)


@settings(deadline=None)
@given(st.one_of(st.none(), st.lists(entries, max_size=6)))
def test_availability_in_any_shape_reads_as_the_splitting_rule_reads_it(availability):
    assert parse_slots(availability) == parse_slots_by_splitting(availability)


@pytest.mark.django_db
def test_a_meeting_place_whose_name_has_backslashes_quotes_and_tabs_is_saved_as_it_is(birthe):
    from maps.models import Facility, Layer

    name = 'Stien "ved" C:\\Åen\tog \\n mere\\'
    trails = Layer.objects.get_or_create(slug="trails", defaults={"name_da": "Stier og ruter"})[0]
    Facility.objects.create(
        name=name,
        layer=trails,
        wheelchair=True,
        geometry={"type": "Point", "coordinates": [9.7011, 55.7760]},
    )
    make_need()
    make_volunteer(km_north=1)
    run(birthe)
    proposal = Proposal.objects.get(status=Proposal.Status.PENDING)
    assert proposal.meeting == {
        "kind": "outdoor",
        "name": name,
        "facility": proposal.meeting["facility"],
        "km": proposal.meeting["km"],
    }
    assert proposal.decision_reason == ""
    assert proposal.created_at is not None


@pytest.mark.django_db
def test_a_run_leaves_the_garbage_collector_on(birthe):
    make_need()
    make_volunteer(km_north=1)
    run(birthe)
    assert gc.isenabled()
