"""API views of outlets, origins and articles."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from kbase.api_support import JSONErrorsMixin, ReadOpenWriteCurator
from sources.api.filters import ArticleFilter, OriginFilter, OutletFilter
from sources.api.serializers import (
    ArticleCreateSerializer,
    ArticleDetailSerializer,
    ArticleIngestResultSerializer,
    ArticleSerializer,
    OriginSerializer,
    OutletSerializer,
    claims_url,
)
from sources.models import Article, Origin, Outlet
from sources.services import IMPORTED, article_ingest
from sources.validation import ArticleInputError, article_input_from_mapping


class OutletViewSet(JSONErrorsMixin, viewsets.ReadOnlyModelViewSet):
    """Publishers of articles: newspapers, wire services, governments, NGOs."""

    serializer_class = OutletSerializer
    permission_classes = [ReadOpenWriteCurator]
    filterset_class = OutletFilter
    ordering_fields = ["name", "id", "article_count", "claim_count"]
    ordering = ["name"]

    def get_queryset(self):
        # No relations to load: the counts are annotations.
        return Outlet.objects.with_counts()


class OriginViewSet(JSONErrorsMixin, viewsets.ReadOnlyModelViewSet):
    """Bodies and people figures are attributed to, normalised by key."""

    serializer_class = OriginSerializer
    permission_classes = [ReadOpenWriteCurator]
    filterset_class = OriginFilter
    ordering_fields = ["name", "id", "claim_count"]
    ordering = ["name"]

    def get_queryset(self):
        return Origin.objects.with_counts()


@extend_schema_view(
    create=extend_schema(
        summary="Add an article (curators)",
        description=(
            "Validates and stores an article; its claims are extracted and linked in the "
            "background and appear at `claims_url`. A new article answers 201 with status "
            "`imported`; the same text again answers 200 with status `unchanged`, and a new "
            "text for a known URL answers 200 with status `updated`."
        ),
        request=ArticleCreateSerializer,
        responses={
            201: ArticleIngestResultSerializer,
            200: ArticleIngestResultSerializer,
            400: OpenApiResponse(description="field errors: {field: [messages]}"),
        },
    )
)
class ArticleViewSet(
    JSONErrorsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Articles with their outlet; the detail includes the text."""

    permission_classes = [ReadOpenWriteCurator]
    filterset_class = ArticleFilter
    ordering_fields = ["published", "created", "title", "id"]
    ordering = ["-published"]

    def get_queryset(self):
        queryset = Article.objects.with_outlet().with_claim_counts()
        if self.action == "list":
            queryset = queryset.defer("text")
        return queryset

    def get_parsers(self):
        return [JSONParser()]

    def get_serializer_class(self):
        if self.action == "retrieve":
            return ArticleDetailSerializer
        if self.action == "create":
            return ArticleCreateSerializer
        return ArticleSerializer

    def create(self, request, *args, **kwargs):
        # The documented shape first (types, lengths, choices), then the ingest's own rules.
        ArticleCreateSerializer(data=request.data).is_valid(raise_exception=True)
        try:
            data = article_input_from_mapping(request.data)
        except ArticleInputError as exc:
            raise ValidationError(exc.errors) from exc
        result = article_ingest(data=data, defer=True)
        article = self.get_queryset().get(pk=result.article.pk)
        context = self.get_serializer_context()
        body = {
            "status": result.status,
            "detail": result.detail,
            "article": ArticleSerializer(article, context=context).data,
            "claims_url": claims_url(context, article.pk),
        }
        created = result.status == IMPORTED
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
