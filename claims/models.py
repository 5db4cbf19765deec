"""Claims extracted from articles, the links between them, and topic summaries."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least
from django.urls import reverse
from simple_history.models import HistoricalRecords

from claims.querysets import ClaimLinkQuerySet, ClaimQuerySet, TopicQuerySet
from kbase.reversing import pk_url
from sources.models import Article, DatePrecision, Origin


class Kind(models.TextChoices):
    WORKER_COUNT = "worker_count", "worker count"
    REMITTANCE = "remittance", "remittance or wage"
    SANCTIONS_CLAUSE = "sanctions_clause", "sanctions clause"


class Measure(models.TextChoices):
    STOCK = "stock", "workers present"
    REPATRIATED = "repatriated", "workers sent home"
    INCIDENT = "incident", "workers in one incident"
    VISAS = "visas", "visas or permits issued"
    FORECAST = "forecast", "workers expected"
    PER_WORKER = "per_worker", "pay of one worker"
    TOTAL = "total", "total earned or sent"
    SHARE = "share", "share of pay taken"


class Qualifier(models.TextChoices):
    EXACT = "exact", "exactly"
    APPROXIMATELY = "approximately", "about"
    AT_LEAST = "at_least", "at least"
    MORE_THAN = "more_than", "more than"
    AT_MOST = "at_most", "at most"
    LESS_THAN = "less_than", "less than"
    UP_TO = "up_to", "up to"
    RANGE = "range", "between"
    VAGUE = "vague", "vaguely"


class Period(models.TextChoices):
    YEAR = "year", "a year"
    MONTH = "month", "a month"
    WEEK = "week", "a week"
    DAY = "day", "a day"


class Provision(models.TextChoices):
    CAP_WORK_AUTHORIZATIONS = "cap_work_authorizations", "cap on work authorizations"
    BAN_NEW_WORK_AUTHORIZATIONS = "ban_new_work_authorizations", "ban on new work authorizations"
    REPATRIATION = "repatriation", "repatriation of workers"
    EXPORT_BAN = "export_ban", "export ban"
    NATIONAL_MEASURE = "national_measure", "national measure"
    OTHER = "other", "other"


class ReviewStatus(models.TextChoices):
    PROPOSED = "proposed", "proposed"
    ACCEPTED = "accepted", "accepted"
    REJECTED = "rejected", "rejected"


class Claim(models.Model):
    class Method(models.TextChoices):
        EXTRACTOR = "extractor", "extractor"
        MANUAL = "manual", "manual"

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="claims",
        # claim_article_start (article, start) serves every lookup by article.
        db_index=False,
    )
    kind = models.CharField(max_length=32, choices=Kind)
    measure = models.CharField(max_length=16, choices=Measure, blank=True)
    # W3C Web Annotation TextQuoteSelector (exact, prefix, suffix) and TextPositionSelector.
    quote = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    prefix = models.CharField(max_length=32, blank=True)
    suffix = models.CharField(max_length=32, blank=True)
    orphaned = models.BooleanField(
        default=False, help_text="the quote is no longer found in the article's text"
    )
    value_low = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    value_high = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    qualifier = models.CharField(max_length=16, choices=Qualifier, blank=True)
    unit = models.CharField(max_length=16, blank=True, help_text="workers, ISO 4217 or fraction")
    period = models.CharField(max_length=8, choices=Period, blank=True)
    place = models.CharField(
        max_length=8, blank=True, help_text="ISO 3166-1 alpha-2, world or gulf"
    )
    as_of = models.DateField(null=True, blank=True)
    as_of_precision = models.CharField(max_length=5, choices=DatePrecision, blank=True)
    attributed_to = models.CharField(
        max_length=300, blank=True, help_text="who the text says the figure comes from"
    )
    origin = models.ForeignKey(
        Origin, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    instrument = models.CharField(max_length=40, blank=True)
    provision = models.CharField(max_length=32, choices=Provision, blank=True)
    subject_key = models.CharField(
        max_length=200, blank=True, help_text="claims with one subject key are comparable"
    )
    method = models.CharField(max_length=10, choices=Method, default=Method.EXTRACTOR)
    extractor_version = models.CharField(max_length=20, blank=True)
    confidence = models.FloatField(default=1.0)
    review_status = models.CharField(
        max_length=10, choices=ReviewStatus, default=ReviewStatus.PROPOSED
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_claims",
        # Indexed where set only (see Meta): most rows are the extractor's and have none.
        db_index=False,
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value_low__isnull=True)
                | Q(value_high__isnull=True)
                | Q(value_low__lte=F("value_high")),
                name="claim_value_low_lte_high",
            ),
            models.CheckConstraint(condition=Q(start__lte=F("end")), name="claim_start_lte_end"),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1),
                name="claim_confidence_0_1",
            ),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="claim_kind_valid"),
            models.CheckConstraint(
                condition=Q(review_status__in=ReviewStatus.values),
                name="claim_review_status_valid",
            ),
        ]
        indexes = [
            # A topic's claims newest first (scanned backwards) and counted from the index alone;
            # which of them are live is read from it too (a topic's links joined to its claims).
            models.Index(
                fields=["subject_key", "as_of", "id", "orphaned", "review_status"],
                name="claim_subject_live",
            ),
            # A topic's claims counted (its page's table): a key alone, so PostgreSQL keeps one
            # entry per key with its row ids (deduplication), an eighth of the index above.
            models.Index(fields=["subject_key"], name="claim_subject"),
            # Linking a new claim in a large topic reads its own origin's nearest figures (their
            # ids from the index alone).
            models.Index(
                fields=["subject_key", "origin", "as_of", "id"], name="claim_subject_origin"
            ),
            models.Index(fields=["kind", "place", "-id"], name="claim_kind_place_id"),
            # The claim browser's facets of a kind and place (measure, status, origin, outlet
            # through the article) counted from the index alone. Key columns rather than
            # INCLUDE, which SQLite lacks; a separate index, since more columns would end the
            # deduplication that keeps claim_kind_place_subject small.
            models.Index(
                fields=["kind", "place", "measure", "review_status", "origin", "article"],
                name="claim_kind_place_facets",
            ),
            # The subject keys of a kind and place, one probe per key (topic pages).
            models.Index(fields=["kind", "place", "subject_key"], name="claim_kind_place_subject"),
            models.Index(fields=["measure", "-id"], name="claim_measure_id"),
            models.Index(fields=["instrument", "-id"], name="claim_instrument_id"),
            models.Index(fields=["kind", "-id"], name="claim_kind_id"),
            models.Index(fields=["place", "-id"], name="claim_place_id"),
            models.Index(fields=["review_status", "-id"], name="claim_review_id"),
            models.Index(fields=["as_of"], name="claim_as_of"),
            models.Index(fields=["value_low"], name="claim_value_low"),
            models.Index(fields=["value_high"], name="claim_value_high"),
            models.Index(fields=["confidence"], name="claim_confidence"),
            models.Index(fields=["created"], name="claim_created"),
            models.Index(fields=["article", "start"], name="claim_article_start"),
            models.Index(
                fields=["reviewed_by"],
                condition=Q(reviewed_by__isnull=False),
                name="claim_reviewed_by",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.quote[:60]}"

    def get_absolute_url(self) -> str:
        return pk_url("claims:claim", self.pk)


class ClaimLink(models.Model):
    """A relation between two claims of different sources; for supersedes, from_claim is newer."""

    class Relation(models.TextChoices):
        AGREES = "agrees", "agrees with"
        CONTRADICTS = "contradicts", "contradicts"
        SUPERSEDES = "supersedes", "supersedes"
        REPEATS = "repeats", "repeats"

    class Method(models.TextChoices):
        AUTO = "auto", "automatic"
        MANUAL = "manual", "manual"

    class Decision(models.TextChoices):
        SUGGESTED = "suggested", "suggested"
        CONFIRMED = "confirmed", "confirmed"
        REJECTED = "rejected", "rejected"

    # Each end is looked up by the index that leads with it (see Meta), not one of its own:
    # every automatic link writes each index it has.
    from_claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="links_out", db_index=False
    )
    to_claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="links_in", db_index=False
    )
    relation = models.CharField(max_length=12, choices=Relation)
    score = models.FloatField(default=0.0)
    rationale = models.CharField(max_length=300)
    method = models.CharField(max_length=6, choices=Method, default=Method.AUTO)
    decision = models.CharField(max_length=10, choices=Decision, default=Decision.SUGGESTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decided_links",
        # Indexed where set only (see Meta): most rows are the extractor's and have none.
        db_index=False,
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    # A link's history is read by the link's id; indexes on its claims and curator would only
    # slow the history row every automatic link writes.
    history = HistoricalRecords(no_db_index=["from_claim", "to_claim", "decided_by"])
    objects = ClaimLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        constraints = [
            # The newer claim first: a new link's entry goes at the index's end, not among
            # the links of its older claim.
            models.UniqueConstraint(
                Greatest("from_claim", "to_claim"),
                Least("from_claim", "to_claim"),
                name="claimlink_one_per_pair",
            ),
            models.CheckConstraint(
                condition=~Q(from_claim=F("to_claim")), name="claimlink_not_self"
            ),
            models.CheckConstraint(
                condition=Q(relation__in=["agrees", "contradicts", "supersedes", "repeats"]),
                name="claimlink_relation_valid",
            ),
        ]
        indexes = [
            # A claim's links in (or out), all or of one relation: a topic's supersessions and
            # contradictions and the link counts per claim, read from the index alone.
            models.Index(fields=["to_claim", "relation", "decision"], name="claimlink_to_relation"),
            models.Index(
                fields=["from_claim", "relation", "decision"], name="claimlink_from_relation"
            ),
            models.Index(fields=["decision", "-id"], name="claimlink_decision_id"),
            models.Index(
                fields=["decided_by"],
                condition=Q(decided_by__isnull=False),
                name="claimlink_decided_by",
            ),
            # A topic's strongest contradictions, read in score order until enough are found.
            models.Index(fields=["relation", "-score", "-id"], name="claimlink_relation_score"),
        ]

    def __str__(self) -> str:
        return f"#{self.from_claim_id} {self.relation} #{self.to_claim_id}"

    def get_absolute_url(self) -> str:
        return pk_url("claims:claim", self.from_claim_id) + f"#link-{self.pk}"


class Topic(models.Model):
    """The summary of the claims sharing one subject key, refreshed as they change."""

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=Kind)
    measure = models.CharField(max_length=16, choices=Measure, blank=True)
    place = models.CharField(max_length=8, blank=True)
    unit = models.CharField(max_length=16, blank=True)
    instrument = models.CharField(max_length=40, blank=True)
    provision = models.CharField(max_length=32, choices=Provision, blank=True)
    label = models.CharField(max_length=200)
    claim_count = models.PositiveIntegerField(default=0)
    independent_origins = models.PositiveIntegerField(default=0)
    open_contradictions = models.PositiveIntegerField(default=0)
    best_claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    spread_low = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    spread_high = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    first_as_of = models.DateField(null=True, blank=True)
    last_as_of = models.DateField(null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "place", "measure"]
        indexes = [
            models.Index(fields=["kind", "place"], name="topic_kind_place"),
            models.Index(fields=["-open_contradictions"], name="topic_open_contradictions"),
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("claims:topic", args=[self.kind, self.place or "-"]) + (
            f"?measure={self.measure}" if self.measure else ""
        )


class TopicSource(models.Model):
    """One independent source among a topic's live claims (linking.facts.source_key).

    Kept with the summary, so that new claims tell whether their source is new to the topic
    without reading its other claims.
    """

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="sources")
    source_key = models.CharField(max_length=300)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["topic", "source_key"], name="topic_source_once"),
        ]

    def __str__(self) -> str:
        return f"{self.topic_id}: {self.source_key}"
