"""One list table for every page: the scrolling wrapper, caption and column headers are written once."""

from django import template
from django.template.base import token_kwargs
from django.template.loader import render_to_string

register = template.Library()


class TableNode(template.Node):
    def __init__(self, headers, options, nodelist):
        self.headers = headers
        self.options = options
        self.nodelist = nodelist

    def render(self, context):
        options = {name: value.resolve(context) for name, value in self.options.items()}
        rows = self.nodelist.render(context)
        # A loop over nothing renders only white space: then the page says so in words.
        if not rows.strip() and options.get("empty"):
            return render_to_string("_table_empty.html", {"text": options["empty"]})
        headers = [header.resolve(context) for header in self.headers]
        return render_to_string(
            "_table.html",
            {
                "headers": headers,
                "caption": options.get("caption", ""),
                "caption_class": options.get("caption_class", ""),
                "table_class": options.get("class", "table"),
                "rows": rows if rows.strip() else "",
                "empty_row": options.get("empty_row", ""),
                "columns": len(headers),
            },
        )


@register.tag
def table(parser, token):
    """`{% table _("Tid") _("Lokale") caption=_("Bookinger") empty_row=_("Ingen") %}rows{% endtable %}`.

    Without rows, `empty` shows a paragraph instead of the table, `empty_row` one row across all columns.
    """
    bits = token.split_contents()[1:]
    headers = []
    while bits and "=" not in bits[0].split('"')[0].split("(")[0]:
        headers.append(parser.compile_filter(bits.pop(0)))
    options = token_kwargs(bits, parser)
    if bits:
        raise template.TemplateSyntaxError(f"table: cannot read {' '.join(bits)!r}")
    unknown = set(options) - {"caption", "caption_class", "class", "empty", "empty_row"}
    if unknown:
        raise template.TemplateSyntaxError(f"table: unknown option {', '.join(sorted(unknown))}")
    nodelist = parser.parse(("endtable",))
    parser.delete_first_token()
    return TableNode(headers, options, nodelist)
