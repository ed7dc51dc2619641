from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from community.forms import DateInput
from hearings.models import AgeBand, Hearing, Question

SCALE_LABELS = {
    1: _("1 - meget lidt / meget uenig"),
    2: "2",
    3: "3",
    4: "4",
    5: _("5 - meget / meget enig"),
}


class AnswerForm(forms.Form):
    """The hearing's questions as fields; an e-mail address when the person is not logged in."""

    def __init__(self, *args, hearing: Hearing, questions, anonymous: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for q in self.questions:
            self.fields[f"q{q.pk}"] = self._field(q)
        self.fields["age_band"] = forms.ChoiceField(
            label=_("Hvor gammel er du?"),
            help_text=_("Frivilligt. Vi bruger det kun til at se, om alle aldre bliver hørt."),
            choices=[("", _("Vil ikke oplyse"))] + list(AgeBand.choices),
            required=False,
        )
        if anonymous:
            self.fields["email"] = forms.EmailField(
                label=_("Din e-mail"),
                help_text=_(
                    "Vi sender et link, som du klikker på for at bekræfte dit svar. Så tæller hver person "
                    "kun én gang. Vi gemmer kun din e-mail, hvis du vil følge høringen."
                ),
            )
        self.fields["follow"] = forms.BooleanField(
            label=_("Følg høringen: send mig en e-mail, når resultatet og beslutningen kommer"),
            help_text=_("Du kan altid stoppe igen med linket i e-mailen."),
            required=False,
        )

    @staticmethod
    def _field(q: Question):
        common = {"label": q.text, "required": q.required}
        options = [(o, o) for o in q.options]
        if q.kind == Question.Kind.SINGLE:
            return forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)
        if q.kind == Question.Kind.MULTIPLE:
            return forms.MultipleChoiceField(
                choices=options, widget=forms.CheckboxSelectMultiple, **common
            )
        if q.kind == Question.Kind.SCALE:
            return forms.TypedChoiceField(
                choices=list(SCALE_LABELS.items()),
                coerce=int,
                empty_value=None,
                widget=forms.RadioSelect,
                **common,
            )
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=4000, **common)

    def answers(self) -> dict[int, object]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}


class HearingForm(forms.ModelForm):
    class Meta:
        model = Hearing
        fields = [
            "kind",
            "title",
            "intro",
            "local_area",
            "council",
            "opens_on",
            "closes_on",
            "results_public",
            "decision",
        ]
        widgets = {
            "opens_on": DateInput,
            "closes_on": DateInput,
            "intro": forms.Textarea(attrs={"rows": 5}),
            "decision": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["decision"]  # a new hearing has nothing decided yet
        self.fields["local_area"].queryset = areas
        self.fields["council"].queryset = (
            self.fields["council"].queryset.filter(areas__in=areas).distinct()
        )

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("Høringen skal lukke samme dag eller efter, den åbner."))
        council, area = data.get("council"), data.get("local_area")
        if council and area and not council.areas.filter(pk=area.pk).exists():
            self.add_error("council", _("Lokalrådet dækker ikke det valgte lokalområde."))
        return data


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Spørgsmål"), max_length=300)
    kind = forms.ChoiceField(label=_("Svartype"), choices=Question.Kind.choices)
    options = forms.CharField(
        label=_("Svarmuligheder"),
        help_text=_('Én pr. linje. Kun til "Vælg ét svar" og "Vælg et eller flere svar".'),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    required = forms.BooleanField(label=_("Skal besvares"), required=False)

    def clean(self):
        data = super().clean()
        lines = [line.strip() for line in data.get("options", "").splitlines() if line.strip()]
        if data.get("kind") in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            if len(lines) < 2:
                self.add_error("options", _("Skriv mindst to svarmuligheder, én pr. linje."))
            if len(set(lines)) != len(lines):
                self.add_error("options", _("To svarmuligheder er ens."))
        else:
            lines = []
        data["options"] = lines
        return data


class BaseQuestionFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not kept:
            raise ValidationError(_("Tilføj mindst ét spørgsmål."))

    def questions(self) -> list[dict]:
        return [
            {k: f.cleaned_data[k] for k in ("text", "kind", "options", "required")}
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]


QuestionFormSet = forms.formset_factory(
    QuestionForm, formset=BaseQuestionFormSet, extra=3, can_delete=True, max_num=30
)


ADD_QUESTION = "add_question"


def with_one_more_question(data):
    """The posted page again with one empty question more and nothing saved (the "add a question"
    button, which works without JavaScript). Nothing was wrong yet, so no errors are shown."""
    data = data.copy()
    total = int(data.get("q-TOTAL_FORMS") or 0)
    data["q-TOTAL_FORMS"] = str(min(total + 1, QuestionFormSet.max_num))
    return data


def hide_errors(*forms_and_formsets) -> None:
    for item in forms_and_formsets:
        if item is None:
            continue
        if isinstance(item, forms.BaseFormSet):
            item._errors, item._non_form_errors = [], item.error_class()
            for form in item.forms:
                form._errors = forms.utils.ErrorDict()
        else:
            item._errors = forms.utils.ErrorDict()


def question_formset(data, *, hearing, locked: bool):
    """The question forms, or None when the questions are not edited here.

    A page shown before the questions locked still sends them; they go to the service, which refuses
    them if someone has answered since (so the editor is told, not silently ignored)."""
    shown = data is not None and "q-TOTAL_FORMS" in data
    if locked and not shown:
        return None
    initial = [
        {"text": q.text, "kind": q.kind, "options": "\n".join(q.options), "required": q.required}
        for q in (hearing.questions.all() if hearing else [])
    ]
    return QuestionFormSet(data, initial=initial or None, prefix="q")
