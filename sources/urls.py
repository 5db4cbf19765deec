"""Analyst pages for articles, outlets and origins."""

from django.urls import path

from sources import views

app_name = "sources"

urlpatterns = [
    path("articles/", views.article_list, name="articles"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("outlets/", views.outlet_list, name="outlets"),
    path("outlets/<int:pk>/", views.outlet_detail, name="outlet"),
    path("origins/", views.origin_list, name="origins"),
    path("origins/<int:pk>/", views.origin_detail, name="origin"),
]
