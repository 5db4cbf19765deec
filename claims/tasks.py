"""Background tasks: extract and link an article's claims outside the request or import."""

from django.tasks import task

from sources.models import Article
from sources.services import article_analyse


@task()
def article_process(article_id: int) -> dict:
    """Extract and link the claims of one article, atomically; running it twice changes nothing.

    An article deleted before the task runs is reported, not an error: a retry cannot help.
    """
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return {"article_id": article_id, "status": "missing"}
    counts = article_analyse(article=article)
    return {"article_id": article_id, "status": "processed", **counts}
