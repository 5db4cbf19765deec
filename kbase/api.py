"""The one REST router of kbase; each app registers its viewsets here."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
