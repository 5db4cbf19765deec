"""The one REST router of kbase; each app registers its viewsets here."""

from rest_framework.routers import DefaultRouter

from claims.api.views import ClaimLinkViewSet, ClaimViewSet, TopicViewSet
from sources.api.views import ArticleViewSet, OriginViewSet, OutletViewSet

router = DefaultRouter()
router.register("outlets", OutletViewSet, basename="outlet")
router.register("origins", OriginViewSet, basename="origin")
router.register("articles", ArticleViewSet, basename="article")
router.register("claims", ClaimViewSet, basename="claim")
router.register("links", ClaimLinkViewSet, basename="link")
router.register("topics", TopicViewSet, basename="topic")
