"""History plumbing: keep a deleted article's text, and recreate records with their history."""

from collections.abc import Sequence

from django.db import models
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record


class ArticleHistoryBase(models.Model):
    """Extra columns of the historical article model.

    The text is left out of article history because it is big and rarely changes; only the
    record written when an article is deleted keeps it, so the article can be restored.
    """

    deleted_text = models.TextField(
        blank=True, default="", help_text="the article's text, kept on its deletion record only"
    )

    class Meta:
        abstract = True


# Receivers, not services: deletions reach history through simple-history's own post_delete
# signal, whatever deleted the article (admin, API, cascade, shell).
@receiver(pre_delete, dispatch_uid="kbase_load_text_of_deleted_article")
def load_text_of_deleted_article(sender, instance, **kwargs):
    # After the DELETE the text can no longer be read, so a deferred text is loaded now.
    if sender._meta.label == "sources.Article" and "text" not in instance.__dict__:
        instance.text = (
            sender._base_manager.filter(pk=instance.pk).values_list("text", flat=True).first() or ""
        )


@receiver(pre_create_historical_record, dispatch_uid="kbase_keep_text_of_deleted_article")
def keep_text_of_deleted_article(sender, instance, history_instance, **kwargs):
    if isinstance(history_instance, ArticleHistoryBase) and history_instance.history_type == "-":
        history_instance.deleted_text = instance.__dict__.get("text") or ""


def recreate_with_history(
    model: type[models.Model], objs: Sequence[models.Model], *, user, reason: str
) -> list[models.Model]:
    """Insert records under their old primary keys, keep their `created`, and record history.

    bulk_create stamps auto_now_add fields with the current time, so `created` is put back
    with a bulk_update before the history rows are written from the final values.
    """
    objs = list(objs)
    if not objs:
        return []
    created = [getattr(obj, "created", None) for obj in objs]
    model._default_manager.bulk_create(objs)
    if hasattr(objs[0], "created"):
        for obj, value in zip(objs, created, strict=True):
            if value is not None:
                obj.created = value
        model._default_manager.bulk_update(objs, ["created"])
    model.history.bulk_history_create(objs, default_user=user, default_change_reason=reason)
    return objs
