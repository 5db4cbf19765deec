"""The claim browser's filter form: facets with counts, free-text search and sorting."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, F

from claims.display import place_name
from claims.models import Claim, Kind, Measure, ReviewStatus

NOT_STATED = "-"
FACET_LIMIT = 60
SORTS = {
    "relevance": ("best match", ("-rank", "-id")),
    "newest": ("newest first", ("-id",)),
    "described_desc": ("latest date described", (F("as_of").desc(nulls_last=True), "-id")),
    "described_asc": ("earliest date described", (F("as_of").asc(nulls_last=True), "id")),
    "value_desc": ("largest figure", (F("value_high").desc(nulls_last=True), "-id")),
    "value_asc": ("smallest figure", (F("value_low").asc(nulls_last=True), "-id")),
    "contradicted": ("most contradicted", ("-contradict_count", "-id")),
    "agreed": ("most corroborated", ("-agree_count", "-id")),
}
# facet name -> (field filtered and grouped on, field naming the value or None)
FACETS = {
    "kind": ("kind", None),
    "measure": ("measure", None),
    "place": ("place", None),
    "outlet": ("article__outlet", "article__outlet__name"),
    "origin": ("origin", "origin__name"),
    "review_status": ("review_status", None),
}
ANY = {
    "kind": "any kind",
    "measure": "any measure",
    "place": "any place",
    "outlet": "any outlet",
    "origin": "any origin",
    "review_status": "any status",
}


def _id_or_not_stated(value: str) -> str:
    value = (value or "").strip()
    # ASCII only: str.isdigit() also takes '²' and '١', which int() and the database refuse.
    if value and value != NOT_STATED and not (value.isascii() and value.isdigit()):
        raise ValidationError("Choose one from the list.")
    return value


class ClaimFilterForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=200,
        label="Search quotes",
        widget=forms.SearchInput(attrs={"placeholder": "e.g. Kuwait manpower"}),
    )
    kind = forms.ChoiceField(required=False, choices=[("", ANY["kind"]), *Kind.choices])
    measure = forms.ChoiceField(
        required=False,
        choices=[("", ANY["measure"]), (NOT_STATED, "not stated"), *Measure.choices],
    )
    place = forms.CharField(required=False, max_length=8, widget=forms.Select)
    outlet = forms.CharField(required=False, max_length=12, widget=forms.Select)
    origin = forms.CharField(required=False, max_length=12, widget=forms.Select)
    review_status = forms.ChoiceField(
        required=False, label="Review", choices=[("", ANY["review_status"]), *ReviewStatus.choices]
    )
    live = forms.BooleanField(required=False, label="Hide rejected and orphaned claims")
    contested = forms.BooleanField(required=False, label="Only claims with open contradictions")
    sort = forms.ChoiceField(
        required=False,
        label="Sort by",
        choices=[(key, label) for key, (label, _) in SORTS.items()],
    )

    def clean_outlet(self):
        return _id_or_not_stated(self.cleaned_data.get("outlet"))

    def clean_origin(self):
        return _id_or_not_stated(self.cleaned_data.get("origin"))

    def clean_place(self):
        return (self.cleaned_data.get("place") or "").strip()

    def values(self) -> dict:
        """The valid filters given; an invalid one is reported by the form and left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data[name] for name in self.fields if data.get(name) not in (None, "")}


def _apply(qs, values: dict, *, skip: str | None = None):
    for name, (field, _) in FACETS.items():
        if name == skip or not values.get(name):
            continue
        value = values[name]
        if value == NOT_STATED:
            qs = qs.filter(
                **{f"{field}__isnull": True} if name in ("origin", "outlet") else {field: ""}
            )
        else:
            qs = qs.filter(**{field: value})
    if values.get("live"):
        qs = qs.live()
    if values.get("contested"):
        qs = qs.with_contradictions()
    return qs


def _searched(values: dict):
    q = values.get("q", "")
    return Claim.objects.search(q) if q else Claim.objects.all()


def browse(values: dict):
    """The claims matching the filters, sorted, with sources and link counts loaded."""
    qs = _apply(_searched(values), values).with_sources().with_link_counts().defer("article__text")
    sort = values.get("sort") or ("relevance" if values.get("q") else "newest")
    if sort == "relevance" and not values.get("q"):
        sort = "newest"
    return qs.order_by(*SORTS[sort][1]), sort


def facet_counts(values: dict) -> dict[str, list[tuple[str, str, int]]]:
    """For each facet, its values with how many claims each would leave (one query a facet)."""
    labels = {
        "kind": dict(Kind.choices),
        "measure": dict(Measure.choices),
        "review_status": dict(ReviewStatus.choices),
    }
    result = {}
    for name, (field, name_field) in FACETS.items():
        qs = _apply(_searched(values), values, skip=name)
        columns = (field, name_field) if name_field else (field,)
        rows = qs.order_by().values(*columns).annotate(n=Count("*")).order_by("-n", field)
        options = []
        for row in rows[:FACET_LIMIT]:
            raw = row[field]
            if raw in (None, ""):
                options.append((NOT_STATED, "not stated", row["n"]))
            elif name_field:
                options.append((str(raw), row[name_field], row["n"]))
            elif name == "place":
                options.append((raw, place_name(raw), row["n"]))
            else:
                options.append((raw, labels[name].get(raw, raw), row["n"]))
        result[name] = options
    return result


def set_sort_choices(form: ClaimFilterForm, *, searching: bool) -> None:
    """Offer "best match" only to a search, and first then."""
    choices = [(key, label) for key, (label, _) in SORTS.items() if key != "relevance"]
    if searching:
        choices.insert(0, ("relevance", SORTS["relevance"][0]))
    form.fields["sort"].choices = choices


def set_facet_choices(form: ClaimFilterForm, facets: dict, values: dict) -> None:
    """Show each facet's values with their counts; a chosen value stays listed at zero."""
    for name, options in facets.items():
        choices = [("", ANY[name])]
        seen = set()
        for value, label, count in options:
            choices.append((value, f"{label} ({count:,})"))
            seen.add(value)
        chosen = values.get(name)
        if chosen and chosen not in seen:
            choices.append((chosen, f"{chosen} (0)"))
        form.fields[name].widget.choices = choices
        if isinstance(form.fields[name], forms.ChoiceField):
            form.fields[name].choices = choices
