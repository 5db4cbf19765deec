"""Analyst pages for articles, outlets and origins."""

from django.urls import path

from sources import views

app_name = "sources"

urlpatterns = [
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("outlets/<int:pk>/", views.outlet_detail, name="outlet"),
    path("origins/<int:pk>/", views.origin_detail, name="origin"),
]
