from localareas.index import involvement_index


def test_the_index_on_known_data():
    result = involvement_index(
        {
            "a": {"population": 1000, "volunteers": 10, "answers": 20, "bookings": 5, "matches": 2},
            "b": {"population": 2000, "volunteers": 10, "answers": 40, "bookings": 0, "matches": 4},
            "c": {"population": None, "volunteers": 3},
        }
    )
    # a: rates 10, 20, 5, 2 -> highest on all four -> 100.
    assert result["a"]["index"] == 100.0
    # b: rates 5, 20, 0, 2 -> scaled 0.5, 1, 0, 1 -> mean 0.625.
    assert result["b"]["rates"] == {
        "volunteers": 5.0,
        "answers": 20.0,
        "bookings": 0.0,
        "matches": 2.0,
    }
    assert result["b"]["index"] == 62.5
    assert result["c"] == {"rates": None, "index": None}


def test_the_index_is_zero_when_nobody_is_involved_anywhere():
    result = involvement_index({"a": {"population": 500}, "b": {"population": 800}})
    assert result["a"]["index"] == 0.0 and result["b"]["index"] == 0.0
