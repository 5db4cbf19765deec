"""Outlets, origins and the articles they publish."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from kbase.reversing import pk_url
from sources.history import ArticleHistoryBase
from sources.querysets import ArticleQuerySet, OriginQuerySet, OutletQuerySet


class DatePrecision(models.TextChoices):
    DAY = "day", "day"
    MONTH = "month", "month"
    YEAR = "year", "year"


class Outlet(models.Model):
    class Kind(models.TextChoices):
        WIRE = "wire", "wire service"
        NEWSPAPER = "newspaper", "newspaper"
        BROADCASTER = "broadcaster", "broadcaster"
        GOVERNMENT = "government", "government"
        INTERGOVERNMENTAL = "intergovernmental", "intergovernmental body"
        NGO = "ngo", "NGO"
        BLOG = "blog", "blog"
        UNKNOWN = "unknown", "unknown"

    name = models.CharField(max_length=200, unique=True)
    key = models.CharField(max_length=200, unique=True, editable=False)
    homepage = models.URLField(blank=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.UNKNOWN, db_index=True)
    country = models.CharField(max_length=2, blank=True, db_index=True, help_text="ISO 3166-1")
    notes = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = OutletQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        from sources.keys import name_key

        self.key = name_key(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return pk_url("sources:outlet", self.pk)


class Origin(models.Model):
    """The body or person a figure is attributed to."""

    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, unique=True, help_text="normalised name")
    notes = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = OriginQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        from sources.keys import origin_key

        if not self.key:
            self.key = origin_key(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return pk_url("sources:origin", self.pk)


class Article(models.Model):
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="articles")
    title = models.CharField(max_length=500)
    url = models.URLField(max_length=1000, blank=True, default="")
    author = models.CharField(max_length=300, blank=True)
    published = models.DateField(null=True, blank=True, db_index=True)
    published_precision = models.CharField(
        max_length=5, choices=DatePrecision, default=DatePrecision.DAY, blank=True
    )
    retrieved = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=12, default="en")
    text = models.TextField()
    sha256 = models.CharField(max_length=64, unique=True, editable=False)
    wire = models.CharField(
        max_length=200,
        blank=True,
        db_index=True,
        help_text="key of the wire report this article relays, blank when it is original",
    )
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    updated = models.DateTimeField(auto_now=True)

    # The text is kept only on deletion records (ArticleHistoryBase), so a deletion can be undone.
    history = HistoricalRecords(excluded_fields=["text"], bases=[ArticleHistoryBase])
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=~models.Q(url=""),
                name="article_url_unique_when_present",
            ),
            models.CheckConstraint(condition=~models.Q(sha256=""), name="article_sha256_present"),
        ]
        indexes = [
            models.Index(fields=["outlet", "-published"], name="article_outlet_published"),
            models.Index(fields=["-published", "-id"], name="article_published_id"),
            # What linking reads of the article of every claim it compares (outlet, wire, date),
            # from the index alone rather than one table page per claim.
            models.Index(fields=["id", "outlet", "wire", "published"], name="article_link_facts"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        from sources.hashing import text_sha256

        self.sha256 = text_sha256(self.text)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return pk_url("sources:article", self.pk)


class Merge(models.Model):
    """A record of merging a duplicate outlet or origin into a survivor, so it can be undone."""

    class Model(models.TextChoices):
        OUTLET = "outlet", "outlet"
        ORIGIN = "origin", "origin"

    model = models.CharField(max_length=10, choices=Model)
    survivor_id = models.BigIntegerField()
    merged = models.JSONField(help_text="the merged record's fields and the ids moved from it")
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-merged_at"]
        indexes = [models.Index(fields=["model", "survivor_id"], name="merge_model_survivor")]

    def __str__(self) -> str:
        return f"{self.model} merge into #{self.survivor_id} at {self.merged_at:%Y-%m-%d %H:%M}"
