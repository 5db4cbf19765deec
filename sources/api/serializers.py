"""Serializers of outlets, origins and articles for the API."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sources.models import Article, DatePrecision, Origin, Outlet


class OutletSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Outlet
        fields = ["id", "name", "kind"]
        read_only_fields = fields


class OutletSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="outlet-detail")
    article_count = serializers.IntegerField(read_only=True)
    claim_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Outlet
        fields = [
            "id",
            "url",
            "name",
            "key",
            "kind",
            "country",
            "homepage",
            "notes",
            "article_count",
            "claim_count",
            "created",
            "updated",
        ]
        read_only_fields = fields


class OriginSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Origin
        fields = ["id", "name", "key"]
        read_only_fields = fields


class OriginSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="origin-detail")
    claim_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Origin
        fields = ["id", "url", "name", "key", "notes", "claim_count", "created", "updated"]
        read_only_fields = fields


class ArticleSummarySerializer(serializers.ModelSerializer):
    """What a claim says about the article it comes from."""

    outlet = OutletSummarySerializer(read_only=True)

    class Meta:
        model = Article
        fields = ["id", "title", "url", "outlet", "published"]
        read_only_fields = fields


class ArticleSerializer(serializers.ModelSerializer):
    api_url = serializers.HyperlinkedIdentityField(view_name="article-detail")
    page_url = serializers.SerializerMethodField()
    outlet = OutletSummarySerializer(read_only=True)
    claim_count = serializers.IntegerField(read_only=True)
    claims_url = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id",
            "api_url",
            "page_url",
            "title",
            "url",
            "outlet",
            "author",
            "published",
            "published_precision",
            "language",
            "wire",
            "sha256",
            "claim_count",
            "claims_url",
            "created",
            "updated",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_page_url(self, article: Article) -> str:
        return _absolute(self.context, article.get_absolute_url())

    @extend_schema_field(serializers.CharField())
    def get_claims_url(self, article: Article) -> str:
        return claims_url(self.context, article.pk)


class ArticleDetailSerializer(ArticleSerializer):
    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "text"]
        read_only_fields = fields


class ArticleCreateSerializer(serializers.Serializer):
    """The JSON an article is posted as; the ingest rules validate it, this describes it."""

    title = serializers.CharField(max_length=500)
    text = serializers.CharField(help_text="the article's plain text")
    url = serializers.URLField(max_length=1000, required=False, allow_blank=True)
    outlet = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="the outlet's name"
    )
    outlet_kind = serializers.ChoiceField(choices=Outlet.Kind.choices, required=False)
    published = serializers.CharField(
        required=False, allow_blank=True, help_text="YYYY-MM-DD, YYYY-MM or YYYY"
    )
    published_precision = serializers.ChoiceField(choices=DatePrecision.choices, required=False)
    author = serializers.CharField(max_length=300, required=False, allow_blank=True)
    wire = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text="the wire report this article relays, if any",
    )
    language = serializers.CharField(max_length=12, required=False, help_text="e.g. en")
    retrieved = serializers.DateTimeField(required=False, help_text="ISO 8601 date-time")


class ArticleIngestResultSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=["imported", "updated", "unchanged"], help_text="what the ingest did"
    )
    detail = serializers.CharField(help_text="why an article was left unchanged, if it was")
    article = ArticleSerializer()
    claims_url = serializers.CharField(help_text="where this article's claims appear")


def claims_url(context: dict, article_id: int) -> str:
    return _absolute(context, f"{reverse('claim-list')}?article={article_id}")


def _absolute(context: dict, path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path
