"""Analyst pages for claims, topics and search."""

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Count
from django.db.models.functions import Left
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe

from claims.display import claim_source_key, count_independent
from claims.forms import (
    ClaimFilterForm,
    browse,
    facet_counts,
    set_facet_choices,
    set_sort_choices,
)
from claims.highlight import Span, excerpt, highlight, paragraph_around
from claims.jsonld import claim_jsonld, topic_jsonld
from claims.models import Claim, ClaimLink, Kind, ReviewStatus, Topic
from claims.pages import jsonld_script, page_urls, paginate, reads_allowed, site_urls
from claims.topic_page import choose_topic, claim_topic_url, topic_figures, topics_for
from claims.topic_reads import TopicTable
from kbase.cache import cached
from kbase.search import search_terms
from sources.models import Article, Origin, Outlet

HISTORY_LIMIT = 20
LINKS_PER_PAGE = 50
SEARCH_MAX = 200
# Link groups on a claim page: (relation, this claim is from_claim?) -> heading, explanation.
LINK_GROUPS = (
    (("contradicts", None), "Contradicted by", "figures for the same subject and time that differ"),
    (("supersedes", True), "Supersedes", "older figures this later one replaces"),
    (("supersedes", False), "Superseded by", "later figures that replace this one"),
    (("agrees", None), "Agrees with", "figures from other sources within the tolerance"),
    (("repeats", None), "Repeated by the same source", "the same source's figure, relayed"),
)
HISTORY_SKIP = {"updated", "created"}
# Foreign keys a history entry names rather than numbers: field -> its model's manager.
HISTORY_NAMED = {
    "origin": lambda: Origin.objects,
    "reviewed_by": lambda: get_user_model().objects,
}


def _claims_only(qs):
    return qs.with_sources().with_link_counts().defer("article__text")


def _home_counts() -> dict:
    """The counts the home page shows: whole-table counts, the costly part at scale."""
    by_kind = dict(
        Claim.objects.order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    return {
        "counts": {
            "articles": Article.objects.count(),
            "claims": sum(by_kind.values()),
            "outlets": Outlet.objects.count(),
            "origins": Origin.objects.count(),
            "topics": Topic.objects.count(),
        },
        "by_kind": [(value, label, by_kind.get(value, 0)) for value, label in Kind.choices],
    }


@reads_allowed
def home(request):
    context = {
        **cached("home-counts", _home_counts),
        "contested": Topic.objects.with_open_contradictions()
        .with_best_claim()
        .defer("best_claim__article__text")[:8],
        "latest_claims": _claims_only(Claim.objects.order_by("-id"))[:10],
        "latest_articles": Article.objects.with_outlet()
        .with_claim_counts()
        .defer("text")
        .order_by("-created", "-id")[:6],
    }
    return render(request, "claims/home.html", context)


@reads_allowed
def claim_list(request):
    form = ClaimFilterForm(request.GET or None)
    values = form.values() if request.GET else {}
    claims, sort = browse(values)
    if form.is_bound and not values.get("sort"):
        # Show the sort in effect, not the first of the list.
        form.data = form.data.copy()
        form.data["sort"] = sort
    # Facet counts group the whole filtered set: the costliest part of the page at scale.
    facet_key = sorted((k, str(v)) for k, v in values.items() if k != "sort")
    facets = cached("claim-facets", lambda: facet_counts(values), facet_key)
    set_facet_choices(form, facets, values)
    set_sort_choices(form, searching=bool(values.get("q")))
    page = paginate(request, claims)
    return render(
        request,
        "claims/claim_list.html",
        {"form": form, "page": page, "sort": sort, "filtered": bool(values)},
    )


def _quote_in_context(claim):
    """The claim's paragraph with its quote marked, or None when the quote is not in the text."""
    text = claim.article.text
    start, end = claim.start, claim.end
    note = ""
    if claim.orphaned:
        return None, ""
    if text[start:end] != claim.quote:
        found = text.find(claim.quote) if claim.quote else -1
        if found < 0:
            return None, ""
        start, end = found, found + len(claim.quote)
        note = "The stored offsets are out of date; the quote was found elsewhere in the text."
    a, b = paragraph_around(text, start, end)
    span = Span(start, end, claim.pk, css=f"hl-{claim.kind} hl-current")
    return highlight(text, [span], a, b), note


def _link_groups(claim, links):
    groups = {key: [] for key, *_ in LINK_GROUPS}
    for link in links:
        outgoing = link.from_claim_id == claim.pk
        other = link.to_claim if outgoing else link.from_claim
        key = (link.relation, outgoing if link.relation == "supersedes" else None)
        if key in groups:
            groups[key].append({"link": link, "other": other})
    return [
        {"relation": key[0], "title": title, "help": help_text, "items": groups[key]}
        for key, title, help_text in LINK_GROUPS
        if groups[key]
    ]


def _history(claim):
    records = list(
        claim.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : HISTORY_LIMIT + 1
        ]
    )
    entries = []
    ids = {field: set() for field in HISTORY_NAMED}
    for i, record in enumerate(records[:HISTORY_LIMIT]):
        previous = records[i + 1] if i + 1 < len(records) else None
        changes = []
        if previous is not None:
            for change in record.diff_against(previous).changes:
                if change.field in HISTORY_SKIP:
                    continue
                changes.append(change)
                if change.field in ids:
                    ids[change.field].update(v for v in (change.old, change.new) if v)
        entries.append({"record": record, "changes": changes, "first": previous is None})
    # Related rows are named in one query per kind, and only when a change refers to them.
    names = {
        field: {pk: str(obj) for pk, obj in HISTORY_NAMED[field]().in_bulk(found).items()}
        for field, found in ids.items()
        if found
    }
    verbose = {
        f.name: f.verbose_name for f in Claim._meta.get_fields() if hasattr(f, "verbose_name")
    }
    for entry in entries:
        entry["changes"] = [
            {
                "field": verbose.get(c.field, c.field),
                "old": names.get(c.field, {}).get(c.old, c.old),
                "new": names.get(c.field, {}).get(c.new, c.new),
            }
            for c in entry["changes"]
        ]
    return entries, len(records) > HISTORY_LIMIT


@reads_allowed
def claim_detail(request, pk: int):
    claim = get_object_or_404(
        Claim.objects.with_sources().with_link_counts().select_related("reviewed_by"), pk=pk
    )
    links = list(
        ClaimLink.objects.for_claim(claim)
        .with_claims()
        .select_related("decided_by")
        .defer("from_claim__article__text", "to_claim__article__text")
        .order_by("-score", "id")
    )
    standing = [link for link in links if link.decision != ClaimLink.Decision.REJECTED]
    # A claim a curator rejected, or whose quote is gone, backs nothing, whatever its links say.
    backing = [claim] + [
        other
        for link in standing
        if link.relation in (ClaimLink.Relation.AGREES, ClaimLink.Relation.REPEATS)
        for other in [link.to_claim if link.from_claim_id == claim.pk else link.from_claim]
        if other.review_status != ReviewStatus.REJECTED and not other.orphaned
    ]
    repeats = [
        (link.from_claim_id, link.to_claim_id)
        for link in standing
        if link.relation == ClaimLink.Relation.REPEATS
    ]
    independent = count_independent({c.pk: claim_source_key(c) for c in backing}, repeats)
    link_page = Paginator(links, LINKS_PER_PAGE).get_page(request.GET.get("links"))
    link_page.urls = page_urls(request, link_page, "links")
    context_html, anchor_note = _quote_in_context(claim)
    history, history_more = _history(claim)
    topic = Topic.objects.filter(key=claim.subject_key).first() if claim.subject_key else None
    return render(
        request,
        "claims/claim_detail.html",
        {
            "claim": claim,
            "context_html": context_html,
            "anchor_note": anchor_note,
            "link_groups": _link_groups(claim, link_page.object_list),
            "link_page": link_page,
            "link_count": len(links),
            "independent": independent,
            "backing_count": len(backing),
            "history": history,
            "history_more": history_more,
            "topic": topic,
            "topic_url": claim_topic_url(claim),
            "jsonld": jsonld_script(claim_jsonld(claim, absolute=request.build_absolute_uri)),
        },
    )


@reads_allowed
def topic_index(request):
    kind = request.GET.get("kind", "")
    if kind and kind not in Kind.values:
        kind = ""
    topics = Topic.objects.with_best_claim().defer("best_claim__article__text")
    if kind:
        topics = topics.filter(kind=kind)
    page = paginate(request, topics.order_by("kind", "place", "measure", "key"), per_page=50)
    pending = None
    if not page.paginator.count:
        # No summaries computed yet: list the subjects the claims name, so nothing hides.
        subjects = Claim.objects.exclude(subject_key="")
        if kind:
            subjects = subjects.filter(kind=kind)
        pending = paginate(
            request,
            subjects.order_by()
            .values("kind", "place", "subject_key")
            .annotate(n=Count("pk"))
            .order_by("kind", "place", "subject_key"),
            per_page=50,
        )
    return render(
        request,
        "claims/topic_index.html",
        {"page": page, "kind": kind, "kinds": Kind.choices, "pending": pending},
    )


@reads_allowed
def topic_detail(request, kind: str, place: str):
    if kind not in Kind.values:
        raise Http404("No such kind of claim.")
    place = "" if place == "-" else place
    topics = cached("topics", lambda: topics_for(kind, place), kind, place)
    if not topics:
        raise Http404("No claims about this subject yet.")
    topic = choose_topic(topics, request.GET)
    if topic is None:
        raise Http404("No topic matches these parameters.")
    figures = cached("topic-figures", lambda: topic_figures(topic), topic.key)
    # The figures carry the topic they summarised (a stand-in's counts filled in), cached or not.
    topic = figures.topic
    topics = [topic if t.key == topic.key else t for t in topics]
    page = paginate(request, TopicTable(topic.key), per_page=50)
    superseded = {claim.pk for claim in page.object_list if claim.superseded}
    jsonld = topic_jsonld(topic, figures.live, absolute=site_urls(request))
    return render(
        request,
        "claims/topic_detail.html",
        {
            "kind": kind,
            "kind_label": Kind(kind).label,
            "place": place,
            "topics": topics,
            "topic": topic,
            "figures": figures,
            "chart": mark_safe(figures.chart),
            "page": page,
            "superseded": superseded,
            "jsonld": jsonld_script(jsonld),
        },
    )


@reads_allowed
def search(request):
    q = request.GET.get("q", "").strip()
    error = ""
    if len(q) > SEARCH_MAX:
        error = f"Search for at most {SEARCH_MAX} characters."
        q = ""
    terms = search_terms(q)
    articles = claims = None
    if terms:
        article_qs = (
            Article.objects.search(q)
            .with_outlet()
            .defer("text")
            .annotate(head=Left("text", 20_000))
            .order_by("-rank", "-published", "-id")
        )
        articles = paginate(request, article_qs, param="apage", per_page=10)
        for article in articles.object_list:
            article.excerpt = excerpt(article.head, terms)
        claims = paginate(
            request,
            _claims_only(Claim.objects.search(q)).order_by("-rank", "-id"),
            param="cpage",
            per_page=20,
        )
    elif q:
        error = "Type a word or a number to search for."
    return render(
        request,
        "claims/search.html",
        {"q": q, "error": error, "articles": articles, "claims": claims},
    )
