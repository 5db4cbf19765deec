"""Analyst pages for claims, topics and search."""

from django.urls import path

from claims import views

app_name = "claims"

urlpatterns = [
    path("", views.home, name="home"),
    path("claims/", views.claim_list, name="claims"),
    path("claims/<int:pk>/", views.claim_detail, name="claim"),
    path("topics/", views.topic_index, name="topics"),
    path("topics/<str:kind>/<str:place>/", views.topic_detail, name="topic"),
    path("search/", views.search, name="search"),
]
