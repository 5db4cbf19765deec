"""Serializers of claims, links and topics for the API."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.models import Claim, ClaimLink, Topic
from claims.services.review import CORRECTABLE_FIELDS, MAX_FIGURE
from kbase.api_support import ObjectURLField
from sources.api.serializers import (
    STRICT_FIELD_MAPPING,
    ArticleSummarySerializer,
    ModelOutputSerializer,
    OriginSummarySerializer,
    RejectUnknownFieldsMixin,
)
from sources.models import Origin

# Decimals go out as JSON numbers: the figures are what analysts compute with.
NUMBER = {"max_digits": 20, "decimal_places": 4, "coerce_to_string": False}
# A corrected figure is bounded as claim_correct bounds it (see MAX_FIGURE there).
CORRECTED_FIGURE = {**NUMBER, "min_value": 0, "max_value": MAX_FIGURE}


class ClaimSerializer(ModelOutputSerializer):
    api_url = ObjectURLField("claim-detail")
    page_url = ObjectURLField("claims:claim")
    article = ArticleSummarySerializer(read_only=True)
    origin = OriginSummarySerializer(read_only=True, allow_null=True)
    value_low = serializers.DecimalField(read_only=True, allow_null=True, **NUMBER)
    value_high = serializers.DecimalField(read_only=True, allow_null=True, **NUMBER)
    reviewed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    agree_count = serializers.IntegerField(read_only=True, help_text="standing agreeing links")
    contradict_count = serializers.IntegerField(
        read_only=True, help_text="standing contradicting links"
    )

    class Meta:
        model = Claim
        fields = [
            "id",
            "api_url",
            "page_url",
            "kind",
            "measure",
            "quote",
            "prefix",
            "suffix",
            "start",
            "end",
            "orphaned",
            "value_low",
            "value_high",
            "qualifier",
            "unit",
            "period",
            "place",
            "as_of",
            "as_of_precision",
            "attributed_to",
            "origin",
            "instrument",
            "provision",
            "subject_key",
            "article",
            "method",
            "extractor_version",
            "confidence",
            "review_status",
            "reviewed_by",
            "reviewed_at",
            "agree_count",
            "contradict_count",
            "created",
            "updated",
        ]
        read_only_fields = fields


class ClaimUpdateSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    """A curator's review status and corrections; a correction also accepts the claim."""

    serializer_field_mapping = STRICT_FIELD_MAPPING

    origin = serializers.PrimaryKeyRelatedField(
        queryset=Origin.objects.all(), allow_null=True, required=False
    )
    value_low = serializers.DecimalField(required=False, allow_null=True, **CORRECTED_FIGURE)
    value_high = serializers.DecimalField(required=False, allow_null=True, **CORRECTED_FIGURE)

    class Meta:
        model = Claim
        fields = ["review_status", *sorted(CORRECTABLE_FIELDS)]
        extra_kwargs = {name: {"required": False} for name in fields}

    def validate(self, attrs):
        low = attrs.get("value_low", getattr(self.instance, "value_low", None))
        high = attrs.get("value_high", getattr(self.instance, "value_high", None))
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError({"value_high": ["Must not be below value_low."]})
        return attrs


class ClaimBriefSerializer(ModelOutputSerializer):
    """A claim as one end of a link."""

    article = ArticleSummarySerializer(read_only=True)
    value_low = serializers.DecimalField(read_only=True, allow_null=True, **NUMBER)
    value_high = serializers.DecimalField(read_only=True, allow_null=True, **NUMBER)

    class Meta:
        model = Claim
        fields = [
            "id",
            "quote",
            "value_low",
            "value_high",
            "qualifier",
            "unit",
            "place",
            "as_of",
            "subject_key",
            "review_status",
            "article",
        ]
        read_only_fields = fields


class ClaimLinkSerializer(ModelOutputSerializer):
    from_claim = ClaimBriefSerializer(read_only=True)
    to_claim = ClaimBriefSerializer(read_only=True)
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ClaimLink
        fields = [
            "id",
            "from_claim",
            "to_claim",
            "relation",
            "score",
            "rationale",
            "method",
            "decision",
            "decided_by",
            "decided_at",
            "created",
            "updated",
        ]
        read_only_fields = fields


class ClaimLinkCreateSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    """A curator's own link; for supersedes, from_claim is the newer claim."""

    from_claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all())
    to_claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all())
    relation = serializers.ChoiceField(choices=ClaimLink.Relation.choices)
    rationale = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)

    def validate(self, attrs):
        if attrs["from_claim"].pk == attrs["to_claim"].pk:
            raise serializers.ValidationError({"to_claim": ["A claim cannot be linked to itself."]})
        return attrs


class ClaimLinkDecisionSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    decision = serializers.ChoiceField(choices=ClaimLink.Decision.choices, required=False)


class TopicSerializer(ModelOutputSerializer):
    api_url = serializers.HyperlinkedIdentityField(view_name="topic-detail", lookup_field="key")
    page_url = serializers.SerializerMethodField()
    best_claim = ClaimBriefSerializer(read_only=True, allow_null=True)
    spread_low = serializers.DecimalField(read_only=True, allow_null=True, **NUMBER)
    spread_high = serializers.DecimalField(read_only=True, allow_null=True, **NUMBER)
    claims_url = serializers.SerializerMethodField()

    class Meta:
        model = Topic
        fields = [
            "key",
            "api_url",
            "page_url",
            "label",
            "kind",
            "measure",
            "place",
            "unit",
            "instrument",
            "provision",
            "claim_count",
            "independent_origins",
            "open_contradictions",
            "best_claim",
            "spread_low",
            "spread_high",
            "first_as_of",
            "last_as_of",
            "claims_url",
            "updated",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_page_url(self, topic: Topic) -> str:
        return _absolute(self.context, topic.get_absolute_url())

    @extend_schema_field(serializers.CharField())
    def get_claims_url(self, topic: Topic) -> str:
        return _absolute(self.context, f"{reverse('claim-list')}?topic={topic.key}")


def _absolute(context: dict, path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path
