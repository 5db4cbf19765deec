"""Analyst pages for articles, outlets and origins."""

from collections import Counter

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from claims.display import KIND_NAMES, claim_value
from claims.highlight import Span, highlight
from claims.models import Claim, Kind
from claims.pages import paginate, reads_allowed
from sources.models import Article, Origin, Outlet

# Fields the highlighter reads from every claim of an article.
SPAN_FIELDS = (
    "id",
    "article_id",
    "kind",
    "start",
    "end",
    "quote",
    "orphaned",
    "review_status",
    "value_low",
    "value_high",
    "qualifier",
    "unit",
    "period",
    "instrument",
    "provision",
)


def _claims_only(qs):
    return qs.with_sources().with_link_counts().defer("article__text")


def _link_stats(claims) -> dict:
    """How many of these claims another source corroborates, contradicts, or neither."""
    stats = claims.with_link_counts().aggregate(
        total=Count("pk"),
        corroborated=Count("pk", filter=Q(agree_count__gt=0)),
        contradicted=Count("pk", filter=Q(contradict_count__gt=0)),
    )
    total = stats["total"] or 0
    for name in ("corroborated", "contradicted"):
        stats[f"{name}_pct"] = round(100 * stats[name] / total) if total else 0
    return stats


def _spans(article: Article, claims) -> tuple[list[Span], list]:
    spans, unanchored = [], []
    text = article.text
    for claim in claims:
        if claim.orphaned or text[claim.start : claim.end] != claim.quote or not claim.quote:
            unanchored.append(claim)
            continue
        css = f"hl-{claim.kind}" + (" hl-rejected" if claim.review_status == "rejected" else "")
        title = f"{KIND_NAMES.get(claim.kind, claim.kind)}: {claim_value(claim)} (claim {claim.pk})"
        if claim.review_status == "rejected":
            title += ", rejected by a curator"
        spans.append(
            Span(
                claim.start,
                claim.end,
                claim.pk,
                css=css,
                title=title,
                href=claim.get_absolute_url(),
            )
        )
    return spans, unanchored


@reads_allowed
def article_list(request):
    articles = Article.objects.with_outlet().with_claim_counts().defer("text")
    outlet = None
    chosen = request.GET.get("outlet", "")
    # ASCII only: str.isdigit() also takes '²', which the database refuses.
    if chosen.isascii() and chosen.isdigit():
        outlet = get_object_or_404(Outlet, pk=chosen)
        articles = articles.for_outlet(outlet)
    page = paginate(request, articles.order_by("-published", "-id"))
    return render(request, "sources/article_list.html", {"page": page, "outlet": outlet})


@reads_allowed
def article_detail(request, pk: int):
    article = get_object_or_404(Article.objects.with_outlet(), pk=pk)
    every = list(article.claims.only(*SPAN_FIELDS).order_by("start", "id"))
    spans, unanchored = _spans(article, every)
    kinds = Counter(c.kind for c in every)
    # `wire` is the slug of the relayed outlet's name key (sources.keys.slug_key).
    wire_key = article.wire.replace("-", " ")
    wire_outlet = Outlet.objects.filter(key=wire_key).first() if article.wire else None
    page = paginate(
        request, _claims_only(article.claims.all()).order_by("start", "id"), per_page=50
    )
    return render(
        request,
        "sources/article_detail.html",
        {
            "article": article,
            "text_html": highlight(article.text, spans),
            "kinds": [(value, label, kinds.get(value, 0)) for value, label in Kind.choices],
            "unanchored": unanchored,
            "claim_total": len(every),
            "wire_outlet": wire_outlet,
            "page": page,
        },
    )


@reads_allowed
def outlet_list(request):
    outlets = Outlet.objects.with_counts()
    kind = request.GET.get("kind", "")
    if kind in Outlet.Kind.values:
        outlets = outlets.filter(kind=kind)
    else:
        kind = ""
    page = paginate(request, outlets.order_by("name"), per_page=50)
    return render(
        request,
        "sources/outlet_list.html",
        {"page": page, "kind": kind, "kinds": Outlet.Kind.choices},
    )


@reads_allowed
def outlet_detail(request, pk: int):
    outlet = get_object_or_404(Outlet.objects.with_counts(), pk=pk)
    claims = Claim.objects.filter(article__outlet=outlet)
    articles = Article.objects.for_outlet(outlet).with_claim_counts().defer("text")
    origins = (
        Origin.objects.filter(claims__article__outlet=outlet)
        .annotate(n=Count("claims"))
        .order_by("-n", "name")[:10]
    )
    return render(
        request,
        "sources/outlet_detail.html",
        {
            "outlet": outlet,
            "stats": _link_stats(claims),
            "articles": paginate(request, articles.order_by("-published", "-id"), param="apage"),
            "claims": paginate(request, _claims_only(claims).order_by("-id"), param="cpage"),
            "origins": origins,
        },
    )


@reads_allowed
def origin_list(request):
    origins = Origin.objects.with_counts()
    q = request.GET.get("q", "").strip()[:200]
    if "\x00" in q:
        # No stored name holds NUL (validation refuses it), and PostgreSQL cannot take one.
        origins = origins.none()
    elif q:
        origins = origins.filter(name__icontains=q)
    page = paginate(request, origins.order_by("-claim_count", "name"), per_page=50)
    return render(request, "sources/origin_list.html", {"page": page, "q": q})


@reads_allowed
def origin_detail(request, pk: int):
    origin = get_object_or_404(Origin.objects.with_counts(), pk=pk)
    claims = Claim.objects.filter(origin=origin)
    articles = Article.objects.filter(claims__origin=origin).distinct().with_outlet().defer("text")
    outlets = (
        Outlet.objects.filter(articles__claims__origin=origin)
        .annotate(n=Count("articles__claims"))
        .order_by("-n", "name")[:10]
    )
    return render(
        request,
        "sources/origin_detail.html",
        {
            "origin": origin,
            "stats": _link_stats(claims),
            "articles": paginate(request, articles.order_by("-published", "-id"), param="apage"),
            "claims": paginate(request, _claims_only(claims).order_by("-id"), param="cpage"),
            "outlets": outlets,
        },
    )
