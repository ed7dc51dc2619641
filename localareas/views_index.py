"""The involvement index for the city council: a choropleth map and a table with trends."""

from django.shortcuts import render

from localareas.involvement import involvement_table, quarter_labels

GROUPS = 5


def involvement(request):
    rows = involvement_table()
    ranked = sorted((r["index"] for r in rows if r["index"] is not None), reverse=True)
    # Five groups (quintiles) by rank for the map's colours: 5 is the highest fifth.
    for r in rows:
        if r["index"] is None:
            r["group"] = None
        else:
            r["group"] = GROUPS - min(GROUPS - 1, GROUPS * ranked.index(r["index"]) // len(ranked))
    return render(
        request,
        "localareas/involvement.html",
        {
            "rows": rows,
            "colours": {r["area"].slug: r["group"] for r in rows},
            "groups": list(range(GROUPS, 0, -1)),
            "quarters": quarter_labels(),
        },
    )
