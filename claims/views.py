"""Analyst pages for claims and topics."""

from django.shortcuts import get_object_or_404, render

from claims.models import Claim, Topic
from sources.models import Article, Origin, Outlet


def home(request):
    context = {
        "counts": {
            "articles": Article.objects.count(),
            "claims": Claim.objects.count(),
            "outlets": Outlet.objects.count(),
            "origins": Origin.objects.count(),
        },
        "latest_claims": Claim.objects.with_sources().order_by("-id")[:10],
    }
    return render(request, "claims/home.html", context)


def claim_detail(request, pk: int):
    claim = get_object_or_404(Claim.objects.with_sources(), pk=pk)
    return render(request, "claims/claim_detail.html", {"claim": claim})


def topic_detail(request, kind: str, place: str):
    topics = Topic.objects.filter(kind=kind, place="" if place == "-" else place)
    return render(request, "claims/topic_detail.html", {"topics": topics})
