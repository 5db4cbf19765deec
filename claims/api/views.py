"""API views of claims, links and topics, with exports and JSON-LD."""

import functools

from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from claims.api.exports import EXPORT_RENDERERS, export_response
from claims.api.filters import ClaimFilter, ClaimLinkFilter, TopicFilter
from claims.api.serializers import (
    ClaimLinkCreateSerializer,
    ClaimLinkDecisionSerializer,
    ClaimLinkSerializer,
    ClaimSerializer,
    ClaimUpdateSerializer,
    TopicSerializer,
)
from claims.jsonld import claim_jsonld, topic_jsonld
from claims.models import Claim, ClaimLink, Topic
from claims.services import claim_correct, claim_review, link_create_manual, link_decide
from kbase.api_rows import ListRows
from kbase.api_support import JSONErrorsMixin, ReadOpenWriteCurator, single_param

CLAIM_ROWS = ListRows(ClaimSerializer)
LINK_ROWS = ListRows(ClaimLinkSerializer)

# A topic's JSON-LD lists the articles of at most this many claims, earliest first.
TOPIC_JSONLD_MAX_CLAIMS = 2000


@functools.cache
def _claims_with_counts():
    # An article's text is no part of a claim's answer, and is most of its row.
    return (
        Claim.objects.with_sources()
        .with_link_counts()
        .select_related("reviewed_by")
        .defer("article__text")
    )


class JSONLDRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


JSONLD_RESPONSES = {
    (200, media_type): OpenApiResponse(
        OpenApiTypes.OBJECT, description="schema.org ClaimReview of a Claim"
    )
    for media_type in ("application/ld+json", "application/json")
}


@extend_schema_view(
    partial_update=extend_schema(
        summary="Review or correct a claim (curators)",
        description=(
            "Send `review_status` to accept or reject a claim; send any correctable field to "
            "correct it, which also accepts it. An empty object changes nothing."
        ),
        request=ClaimUpdateSerializer,
        responses={200: ClaimSerializer},
    ),
)
class ClaimViewSet(
    JSONErrorsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Claims with their quote, article, origin and link counts."""

    http_method_names = ["get", "patch", "head", "options"]
    serializer_class = ClaimSerializer
    permission_classes = [ReadOpenWriteCurator]
    filterset_class = ClaimFilter
    ordering_fields = ["id", "as_of", "value_low", "value_high", "confidence", "created"]
    ordering = ["-id"]

    def get_queryset(self):
        # A copy of one built per process: resolving the link counts' subqueries took a tenth
        # of a list request's CPU.
        return _claims_with_counts().all()

    def get_parsers(self):
        return [JSONParser()]

    def list(self, request, *args, **kwargs):
        # Light rows, not model instances: the same answer in half the CPU (kbase/api_rows.py).
        page = self.paginate_queryset(CLAIM_ROWS.of(self.filter_queryset(self.get_queryset())))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def partial_update(self, request, *args, **kwargs):
        claim = self.get_object()
        serializer = ClaimUpdateSerializer(claim, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        review_status = changes.pop("review_status", None)
        try:
            with transaction.atomic():
                if changes:
                    claim_correct(claim=claim, changes=changes, user=request.user)
                if review_status is not None:
                    claim_review(claims=claim, status=review_status, user=request.user)
        except ValueError as exc:
            raise ValidationError({"non_field_errors": [str(exc)]}) from exc
        claim = self.get_queryset().get(pk=claim.pk)
        return Response(self.get_serializer(claim).data)

    def perform_content_negotiation(self, request, force=False):
        if self.action is None:
            # A method this view does not take: answer the 405 in JSON, whatever ?format= says.
            return JSONRenderer(), JSONRenderer.media_type
        if self.action != "export":
            return super().perform_content_negotiation(request, force)
        # Errors of an export are JSON; the export itself streams past the renderers.
        if not force:
            fmt = self.kwargs.get("format")
            if fmt is None:
                fmt = single_param(request, "format")
                fmt = "csv" if fmt is None else fmt
            if fmt not in EXPORT_RENDERERS:
                raise ValidationError(
                    {"format": [f"Unknown export format {fmt!r}; choose csv or jsonl."]}
                )
            self.export_format = fmt
        return JSONRenderer(), JSONRenderer.media_type

    @extend_schema(
        summary="Export claims as CSV or JSON Lines",
        description=(
            "Every claim the list's filters select, in the list's order, streamed: "
            "`/api/v1/claims/export.csv`, `/api/v1/claims/export.jsonl`, or "
            "`/api/v1/claims/export/?format=csv|jsonl` (CSV by default)."
        ),
        parameters=[
            OpenApiParameter(
                "format", str, enum=sorted(EXPORT_RENDERERS), description="csv (default) or jsonl"
            )
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV with a header"),
            (200, "application/x-ndjson"): OpenApiResponse(
                OpenApiTypes.STR, description="one JSON object a line"
            ),
        },
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def export(self, request, *args, **kwargs):
        queryset = self.filter_queryset(Claim.objects.with_sources().with_link_counts())
        return export_response(queryset, self.export_format)

    @extend_schema(summary="A claim as schema.org JSON-LD", responses=JSONLD_RESPONSES)
    @action(
        detail=True,
        methods=["get"],
        renderer_classes=[JSONLDRenderer, JSONRenderer],
        filter_backends=[],
        pagination_class=None,
    )
    def jsonld(self, request, *args, **kwargs):
        claim = self.get_object()
        return Response(claim_jsonld(claim, absolute=request.build_absolute_uri))


@extend_schema_view(
    create=extend_schema(
        summary="Link two claims (curators)",
        description="A manual link is confirmed at once and replaces any link of the pair.",
        request=ClaimLinkCreateSerializer,
        responses={201: ClaimLinkSerializer},
    ),
    partial_update=extend_schema(
        summary="Confirm or reject a link (curators)",
        request=ClaimLinkDecisionSerializer,
        responses={200: ClaimLinkSerializer},
    ),
)
class ClaimLinkViewSet(
    JSONErrorsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Links between claims of different sources: agrees, contradicts, supersedes, repeats."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    serializer_class = ClaimLinkSerializer
    permission_classes = [ReadOpenWriteCurator]
    filterset_class = ClaimLinkFilter
    ordering_fields = ["id", "score", "created", "decided_at"]
    ordering = ["-id"]

    def get_queryset(self):
        return (
            ClaimLink.objects.with_claims()
            .select_related("decided_by")
            .defer("from_claim__article__text", "to_claim__article__text")
        )

    def get_parsers(self):
        return [JSONParser()]

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(LINK_ROWS.of(self.filter_queryset(self.get_queryset())))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def create(self, request, *args, **kwargs):
        serializer = ClaimLinkCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            link = link_create_manual(**serializer.validated_data, user=request.user)
        except ValueError as exc:
            raise ValidationError({"non_field_errors": [str(exc)]}) from exc
        link = self.get_queryset().get(pk=link.pk)
        return Response(self.get_serializer(link).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        link = self.get_object()
        serializer = ClaimLinkDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # An empty patch changes nothing, as with claims.
        if "decision" in serializer.validated_data:
            decision = serializer.validated_data["decision"]
            link_decide(links=link, decision=decision, user=request.user)
        link = self.get_queryset().get(pk=link.pk)
        return Response(self.get_serializer(link).data)


class TopicViewSet(JSONErrorsMixin, viewsets.ReadOnlyModelViewSet):
    """Summaries of the claims sharing one subject key, looked up by that key."""

    serializer_class = TopicSerializer
    permission_classes = [ReadOpenWriteCurator]
    filterset_class = TopicFilter
    lookup_field = "key"
    lookup_value_regex = r"[^/]+"
    ordering_fields = [
        "id",
        "key",
        "label",
        "claim_count",
        "independent_origins",
        "open_contradictions",
        "last_as_of",
    ]
    ordering = ["kind", "place", "measure"]

    def get_queryset(self):
        return Topic.objects.with_best_claim().defer("best_claim__article__text")

    def get_object(self):
        # Keys are URL-safe; a NUL in one would reach PostgreSQL as an error, not a miss.
        if "\x00" in self.kwargs.get(self.lookup_field, ""):
            raise NotFound()
        return super().get_object()

    @extend_schema(summary="A topic as schema.org JSON-LD", responses=JSONLD_RESPONSES)
    @action(
        detail=True,
        methods=["get"],
        renderer_classes=[JSONLDRenderer, JSONRenderer],
        filter_backends=[],
        pagination_class=None,
    )
    def jsonld(self, request, *args, **kwargs):
        topic = self.get_object()
        claims = (
            Claim.objects.with_sources()
            .for_topic(topic.key)
            .live()
            .order_by("article__published", "id")[:TOPIC_JSONLD_MAX_CLAIMS]
        )
        return Response(topic_jsonld(topic, claims, absolute=request.build_absolute_uri))
