"""Bring deleted outlets, origins, articles, claims and links back from their history."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from claims.models import Claim, ClaimLink
from kbase.cache import content_changed
from sources.hashing import text_sha256
from sources.history import recreate_with_history
from sources.models import Article, Origin, Outlet

RESTORABLE = (Outlet, Origin, Article, Claim, ClaimLink)
# Records deleted this long before a record (by the cascade of its deletion) come back with it.
CASCADE_WINDOW = timedelta(minutes=10)


class RestoreError(ValueError):
    """A record that cannot be restored as asked; nothing has been changed."""


@dataclass
class RestorePlan:
    """What restoring one deleted record brings back."""

    record: models.Model  # its last historical record, the deletion
    claims: list = field(default_factory=list)  # historical records of claims deleted with it
    links: list = field(default_factory=list)  # historical records of links deleted with them
    reattach: list = field(default_factory=list)  # live claims whose origin was this record
    problems: list[str] = field(default_factory=list)


def deleted_records(model: type[models.Model]):
    """The deletion record of each record of `model` that is still deleted, newest first."""
    history = model.history.model
    latest = (
        history.objects.filter(id=OuterRef("id"))
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    live = model._base_manager.filter(pk=OuterRef("id"))
    return (
        history.objects.filter(history_type="-", history_id=Subquery(latest))
        .filter(~Exists(live))
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )


def restore_plan(*, model: type[models.Model], pk: int) -> RestorePlan:
    """Work out what restoring record `pk` of `model` would bring back, and what stops it."""
    if model not in RESTORABLE:
        raise RestoreError(f"{model._meta.verbose_name_plural} cannot be restored from history.")
    record = deleted_records(model).filter(id=pk).first()
    if record is None:
        if model._base_manager.filter(pk=pk).exists():
            raise RestoreError(f"{model._meta.verbose_name} #{pk} is not deleted.")
        raise RestoreError(f"{model._meta.verbose_name} #{pk} has no history to restore from.")
    plan = RestorePlan(record=record)
    since = record.history_date - CASCADE_WINDOW
    until = record.history_date + timedelta(seconds=1)
    if model is Article:
        plan.claims = list(_deleted_between(Claim, Q(article_id=pk), since, until))
    if model is Claim:
        plan.claims = [record]
    if model in (Article, Claim):
        ids = [c.id for c in plan.claims]
        touching = Q(from_claim_id__in=ids) | Q(to_claim_id__in=ids)
        plan.links = list(_deleted_between(ClaimLink, touching, since, until))
    if model is ClaimLink:
        plan.links = [record]
    if model is Origin:
        plan.reattach = list(_claims_last_seen_with_origin(pk))
    plan.problems = _problems(model, plan)
    return plan


@transaction.atomic
def record_restore(*, model: type[models.Model], pk: int, user: AbstractBaseUser | None) -> dict:
    """Restore a deleted record under its old id, with what was deleted along with it.

    Returns counts {"records", "claims", "links", "reattached"}.
    """
    plan = restore_plan(model=model, pk=pk)
    if plan.problems:
        raise RestoreError(" ".join(plan.problems))
    content_changed()
    reason = f"restored from history #{plan.record.history_id}"
    counts = {"records": 1, "claims": 0, "links": 0, "reattached": 0}
    if model in (Outlet, Origin, Article):
        instance = plan.record.history_object
        if model is Article:
            instance.text = plan.record.deleted_text
            instance.sha256 = text_sha256(instance.text)
        recreate_with_history(model, [instance], user=user, reason=reason)
    if plan.claims:
        live_origins = set(
            Origin.objects.filter(pk__in={c.origin_id for c in plan.claims}).values_list(
                "pk", flat=True
            )
        )
        claims = [c.history_object for c in plan.claims]
        for claim in claims:
            if claim.origin_id not in live_origins:
                claim.origin_id = None
        recreate_with_history(Claim, claims, user=user, reason=reason)
        counts["claims"] = len(claims) if model is not Claim else 0
    if plan.links:
        recreate_with_history(
            ClaimLink, [r.history_object for r in plan.links], user=user, reason=reason
        )
        counts["links"] = len(plan.links) if model is not ClaimLink else 0
    if plan.reattach:
        now = timezone.now()
        for claim in plan.reattach:
            claim.origin_id = pk
            claim.updated = now
        bulk_update_with_history(
            plan.reattach,
            Claim,
            ["origin", "updated"],
            default_user=user,
            default_change_reason=reason,
        )
        counts["reattached"] = len(plan.reattach)
    from claims import services

    relink = [c.id for c in plan.claims] + [c.pk for c in plan.reattach]
    if relink:
        services.links_update_for_claims(claims=Claim.objects.filter(pk__in=relink))
    elif model is ClaimLink:
        # Not relinked: the rules would drop again a suggested link they no longer propose.
        ends = Claim.objects.filter(pk__in=[plan.record.from_claim_id, plan.record.to_claim_id])
        services.topics_refresh(keys=set(ends.values_list("subject_key", flat=True)))
    return counts


def _deleted_between(model, condition: Q, since, until) -> list:
    return list(
        deleted_records(model)
        .filter(condition, history_date__gte=since, history_date__lte=until)
        .order_by("history_id")
    )


def _claims_last_seen_with_origin(origin_id: int):
    """Claims without an origin whose last history still names this one (deleting an origin
    clears its claims' origin in one UPDATE that leaves no history)."""
    last_origin = (
        Claim.history.model.objects.filter(id=OuterRef("pk"))
        .order_by("-history_date", "-history_id")
        .values("origin_id")[:1]
    )
    return (
        Claim.objects.filter(origin__isnull=True)
        .annotate(last_origin=Subquery(last_origin))
        .filter(last_origin=origin_id)
    )


def _problems(model, plan: RestorePlan) -> list[str]:
    """Why the plan cannot be carried out (a clash with a live record, a missing parent)."""
    record, problems = plan.record, []
    if model is Outlet:
        clash = Outlet.objects.filter(Q(name=record.name) | Q(key=record.key)).first()
        if clash:
            problems.append(f"Outlet #{clash.pk} “{clash}” now has this name; rename it first.")
    if model is Origin:
        clash = Origin.objects.filter(key=record.key).first()
        if clash:
            problems.append(f"Origin #{clash.pk} “{clash}” now has this key; merge or rename it.")
    if model is Article:
        if not record.deleted_text:
            problems.append(
                "Its history has no text (it was deleted before texts were kept); import it again."
            )
        if not Outlet.objects.filter(pk=record.outlet_id).exists():
            problems.append(f"Its outlet #{record.outlet_id} is deleted; restore it first.")
        sha = text_sha256(record.deleted_text) if record.deleted_text else record.sha256
        q = Q(sha256=sha) | (Q(url=record.url) if record.url else Q(pk__in=[]))
        clash = Article.objects.filter(q).only("pk", "title").first()
        if clash:
            problems.append(
                f"Article #{clash.pk} “{clash}” has the same text or URL now; imported again."
            )
    if model is Claim and not Article.objects.filter(pk=record.article_id).exists():
        problems.append(f"Its article #{record.article_id} is deleted; restore the article first.")
    if plan.links:
        coming = {c.id for c in plan.claims}
        ends = {e for r in plan.links for e in (r.from_claim_id, r.to_claim_id)} - coming
        live = set(Claim.objects.filter(pk__in=ends).values_list("pk", flat=True))
        plan.links = [r for r in plan.links if {r.from_claim_id, r.to_claim_id} <= coming | live]
        if model is ClaimLink and not plan.links:
            problems.append("One of its claims is deleted; restore the claim first.")
        pairs = Q(pk__in=[])
        for r in plan.links:
            pairs |= Q(from_claim_id=r.from_claim_id, to_claim_id=r.to_claim_id)
            pairs |= Q(from_claim_id=r.to_claim_id, to_claim_id=r.from_claim_id)
        taken = {
            frozenset(p)
            for p in ClaimLink.objects.filter(pairs).values_list("from_claim_id", "to_claim_id")
        }
        if model is ClaimLink and taken:
            problems.append("The two claims are linked again now; decide that link instead.")
        plan.links = [
            r for r in plan.links if frozenset((r.from_claim_id, r.to_claim_id)) not in taken
        ]
    return problems
