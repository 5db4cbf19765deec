"""Merge duplicate outlets or origins into a survivor, and undo such merges."""

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core import serializers
from django.db import models, router, transaction
from django.db.models.deletion import Collector
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from kbase.cache import content_changed
from sources.history import recreate_with_history
from sources.models import Article, Merge, Origin, Outlet


class MergeError(ValueError):
    """A merge or an undo that cannot be done as asked; nothing has been changed."""


def record_fields(obj: models.Model) -> dict:
    """The record's own field values as JSON-ready data, times to the microsecond (the JSON
    serialiser would cut them to milliseconds)."""
    fields = serializers.serialize("python", [obj])[0]["fields"]
    return {
        name: value.isoformat() if isinstance(value, datetime.date) else value
        for name, value in fields.items()
    }


def merge_preview(*, model: type[Outlet] | type[Origin], ids: Iterable[int]) -> dict[int, dict]:
    """What would move from each record: {id: {"articles": n, "claims": n}}."""
    from claims.models import Claim

    ids = list(ids)
    preview = {pk: {"articles": 0, "claims": 0} for pk in ids}
    if model is Outlet:
        counted = Outlet.objects.filter(pk__in=ids).with_counts()
        for outlet in counted:
            preview[outlet.pk] = {"articles": outlet.article_count, "claims": outlet.claim_count}
    elif model is Origin:
        rows = (
            Claim.objects.filter(origin_id__in=ids)
            .values("origin_id")
            .annotate(n=models.Count("pk"))
            .order_by()
        )
        for row in rows:
            preview[row["origin_id"]]["claims"] = row["n"]
    else:
        raise TypeError(f"{model.__name__} records cannot be merged")
    return preview


@transaction.atomic
def outlets_merge(
    *, survivor: Outlet, others: Iterable[Outlet], user: AbstractBaseUser | None
) -> Merge:
    """Move the others' articles to the survivor, delete the others, and record it all."""
    from claims.models import Claim

    survivor, others = _lock(Outlet, survivor, others)
    articles = list(Article.objects.filter(outlet__in=others).defer("text").order_by("pk"))
    claim_rows = list(
        Claim.objects.filter(article__in=[a.pk for a in articles]).values_list("pk", "article_id")
    )
    claims_by_article: dict[int, list[int]] = {}
    for claim_id, article_id in claim_rows:
        claims_by_article.setdefault(article_id, []).append(claim_id)
    records = []
    for other in others:
        moved = [a.pk for a in articles if a.outlet_id == other.pk]
        records.append(
            {
                "id": other.pk,
                "fields": record_fields(other),
                "articles": moved,
                "claims": sorted(c for a in moved for c in claims_by_article.get(a, [])),
            }
        )
    reason = f"merged into outlet #{survivor.pk}"
    _move(Article, articles, "outlet", survivor, user=user, reason=reason)
    merge = _record(Merge.Model.OUTLET, survivor, records, user=user)
    _delete(others, user=user, reason=f"merge #{merge.pk}: {reason}")
    _relink([c for c, _ in claim_rows])
    return merge


@transaction.atomic
def origins_merge(
    *, survivor: Origin, others: Iterable[Origin], user: AbstractBaseUser | None
) -> Merge:
    """Move the claims attributed to the others to the survivor, delete the others, record it."""
    from claims.models import Claim

    survivor, others = _lock(Origin, survivor, others)
    claims = list(Claim.objects.filter(origin__in=others).order_by("pk"))
    records = [
        {
            "id": other.pk,
            "fields": record_fields(other),
            "articles": [],
            "claims": [c.pk for c in claims if c.origin_id == other.pk],
        }
        for other in others
    ]
    reason = f"merged into origin #{survivor.pk}"
    _move(Claim, claims, "origin", survivor, user=user, reason=reason)
    merge = _record(Merge.Model.ORIGIN, survivor, records, user=user)
    _delete(others, user=user, reason=f"merge #{merge.pk}: {reason}")
    _relink([c.pk for c in claims])
    return merge


@transaction.atomic
def merge_undo(*, merge: Merge, user: AbstractBaseUser | None) -> Merge:
    """Recreate the merged records under their old ids and move back what still sits on the
    survivor; what has moved elsewhere or gone since is left and counted as skipped."""
    from claims.models import Claim

    merge = Merge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise MergeError(f"merge #{merge.pk} was already undone on {merge.undone_at:%Y-%m-%d}.")
    model = Outlet if merge.model == Merge.Model.OUTLET else Origin
    records = merge.merged.get("records", [])
    recreated = _recreatable(model, records)
    reason = f"undo of merge #{merge.pk}"
    recreate_with_history(model, recreated, user=user, reason=reason)
    by_id = {obj.pk: obj for obj in recreated}

    if model is Outlet:
        owner_of = {a: r["id"] for r in records for a in r["articles"]}
        items = list(
            Article.objects.filter(pk__in=owner_of, outlet_id=merge.survivor_id).defer("text")
        )
        field, wanted = "outlet", sum(len(r["articles"]) for r in records)
    else:
        owner_of = {c: r["id"] for r in records for c in r["claims"]}
        items = list(Claim.objects.filter(pk__in=owner_of, origin_id=merge.survivor_id))
        field, wanted = "origin", sum(len(r["claims"]) for r in records)
    now = timezone.now()
    for item in items:
        setattr(item, field, by_id[owner_of[item.pk]])
        item.updated = now
    if items:
        bulk_update_with_history(
            items,
            type(items[0]),
            [field, "updated"],
            default_user=user,
            default_change_reason=reason,
        )
    if model is Outlet:
        moved_claims = list(
            Claim.objects.filter(article__in=[a.pk for a in items]).values_list("pk", flat=True)
        )
    else:
        moved_claims = [c.pk for c in items]
    merge.undone_at = now
    merge.undone_by = user
    merge.merged = {
        **merge.merged,
        "undo": {"moved_back": len(items), "skipped": wanted - len(items)},
    }
    merge.save(update_fields=["undone_at", "undone_by", "merged"])
    _relink(moved_claims)
    return merge


def _lock(model, survivor, others):
    """Check the request and lock the rows, so nothing moves onto a record being deleted."""
    others = list(others)
    if not isinstance(survivor, model) or survivor.pk is None:
        raise MergeError(f"the survivor must be a saved {model._meta.verbose_name}.")
    if any(not isinstance(o, model) for o in others):
        raise MergeError(f"only {model._meta.verbose_name_plural} can be merged together.")
    other_ids = {o.pk for o in others if o.pk is not None} - {survivor.pk}
    if not other_ids:
        raise MergeError("choose at least one record besides the survivor to merge into it.")
    rows = model.objects.select_for_update().filter(pk__in=[*other_ids, survivor.pk])
    locked = {o.pk: o for o in rows}
    missing = ({survivor.pk} | other_ids) - set(locked)
    if missing:
        raise MergeError(f"no longer there: #{', #'.join(str(pk) for pk in sorted(missing))}.")
    return locked[survivor.pk], [locked[pk] for pk in sorted(other_ids)]


def _move(model, items, field, target, *, user, reason):
    if not items:
        return
    now = timezone.now()
    for item in items:
        setattr(item, field, target)
        item.updated = now
    bulk_update_with_history(
        items, model, [field, "updated"], default_user=user, default_change_reason=reason
    )


def _record(kind, survivor, records, *, user) -> Merge:
    return Merge.objects.create(
        model=kind,
        survivor_id=survivor.pk,
        merged={
            "survivor": {"id": survivor.pk, "name": survivor.name},
            "records": records,
        },
        merged_by=user,
    )


def _delete(others, *, user, reason):
    for other in others:
        other._history_user = user
        other._change_reason = reason
    # A collector of these very instances (not a queryset, which would fetch fresh ones), so
    # the deletion records simple-history writes from post_delete carry the user and reason.
    collector = Collector(using=router.db_for_write(type(others[0])))
    collector.collect(others)
    collector.delete()


def _recreatable(model, records) -> list:
    """Build the merged records back, refusing when their id, name or key is taken now."""
    ids = [r["id"] for r in records]
    taken = set(model.objects.filter(pk__in=ids).values_list("pk", flat=True))
    if taken:
        raise MergeError(
            f"#{', #'.join(map(str, sorted(taken)))} exists again (restored from history?); "
            "nothing was undone."
        )
    label = model._meta.label_lower
    data = [{"model": label, "pk": r["id"], "fields": r["fields"]} for r in records]
    objs = [item.object for item in serializers.deserialize("python", data)]
    unique = ["name", "key"] if model is Outlet else ["key"]
    for field in unique:
        values = [getattr(o, field) for o in objs]
        clash = list(model.objects.filter(**{f"{field}__in": values}).values_list(field, flat=True))
        if clash:
            raise MergeError(
                f"another {model._meta.verbose_name} now has the {field} "
                f"{', '.join(repr(v) for v in sorted(clash))}; rename it first. Nothing was undone."
            )
    return objs


def _relink(claim_ids: list[int]) -> None:
    """Recompute the links of the claims that moved: independence depends on outlet and origin."""
    content_changed()
    if not claim_ids:
        return
    from claims import services
    from claims.models import Claim

    services.links_update_for_claims(claims=Claim.objects.filter(pk__in=claim_ids))
