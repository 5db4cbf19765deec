"""Analyst pages for claims and topics."""

from django.urls import path

from claims import views

app_name = "claims"

urlpatterns = [
    path("", views.home, name="home"),
    path("claims/<int:pk>/", views.claim_detail, name="claim"),
    path("topics/<str:kind>/<str:place>/", views.topic_detail, name="topic"),
]
