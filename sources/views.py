"""Analyst pages for articles, outlets and origins."""

from django.shortcuts import get_object_or_404, render

from sources.models import Article, Origin, Outlet


def article_detail(request, pk: int):
    article = get_object_or_404(Article.objects.with_outlet(), pk=pk)
    return render(request, "sources/article_detail.html", {"article": article})


def outlet_detail(request, pk: int):
    outlet = get_object_or_404(Outlet, pk=pk)
    return render(request, "sources/outlet_detail.html", {"outlet": outlet})


def origin_detail(request, pk: int):
    origin = get_object_or_404(Origin, pk=pk)
    return render(request, "sources/origin_detail.html", {"origin": origin})
