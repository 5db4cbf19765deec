"""Set up the load-test database (migrate, demo and synthetic corpus); pick request targets."""

import argparse
import os
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent

# Words an analyst would type; a few match nothing, as real searches sometimes do.
SEARCH_WORDS = [
    "Kuwait",
    "Qatar",
    "Russia",
    "China",
    "Poland",
    "construction",
    "remittances",
    "sanctions",
    "workers",
    "repatriated",
    "shipyard",
    "wages",
    "2375",
    "2397",
    "Vladivostok",
    "logging",
    "restaurants",
    "visas",
    "seafood",
    "labour camp",
    "North Korean workers",
    "zanzibar",
]


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database named in `url` if it does not exist yet."""
    import dj_database_url
    import psycopg2
    from psycopg2 import sql

    config = dj_database_url.parse(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        sys.exit(f"the load run needs PostgreSQL, not {config['ENGINE']} ({url})")
    params = {"USER": "user", "PASSWORD": "password", "HOST": "host", "PORT": "port"}
    admin = psycopg2.connect(
        dbname="postgres", **{arg: config[key] for key, arg in params.items() if config[key]}
    )
    admin.autocommit = True  # CREATE DATABASE cannot run in a transaction
    try:
        with admin.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
            if cursor.fetchone() is None:
                print(f"creating database {config['NAME']}", flush=True)
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
    finally:
        admin.close()


def setup_corpus(*, articles: int, claims_per_article: int, seed: int) -> None:
    """Migrate, import the demo articles, and generate the synthetic corpus once."""
    from django.core.management import call_command
    from django.db import connection

    from sources.models import Article

    call_command("migrate", interactive=False, verbosity=0)
    # The demo import is idempotent: unchanged articles are left alone.
    call_command("import_articles", str(REPO / "fixtures/demo/articles.jsonl"), verbosity=0)
    # The prefix docs/operations.md documents for a seed's synthetic articles.
    prefix = f"https://synthetic.kbase.invalid/{seed}/"
    stored = Article.objects.filter(url__startswith=prefix).count()
    if stored:
        print(f"synthetic corpus of seed {seed} already stored: {stored} articles", flush=True)
        return
    call_command(
        "generate_corpus",
        articles=articles,
        claims_per_article=claims_per_article,
        seed=seed,
        links=True,
        batch=2000,
    )
    # Planner statistics now, not whenever autovacuum gets to the freshly copied rows.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def lua_list(values) -> str:
    return "{" + ", ".join(lua_string(str(v)) for v in values) + "}"


def pick_targets(out: Path, *, sample: int, seed: int) -> dict[str, int]:
    """Write a Lua file of ids, topic paths and searches for scripts/load/mix.lua."""
    from claims.models import Claim, Kind, Topic
    from sources.models import Article

    rng = random.Random(seed)
    claim_ids = list(Claim.objects.values_list("id", flat=True))
    article_ids = list(Article.objects.values_list("id", flat=True))
    topics = list(Topic.objects.values_list("key", "kind", "place"))
    if not claim_ids or not article_ids or not topics:
        sys.exit("the database has no claims, articles or topics to request")
    claims = rng.sample(claim_ids, min(sample, len(claim_ids)))
    articles = rng.sample(article_ids, min(sample, len(article_ids)))
    topic_pages = sorted({f"{kind}/{place or '-'}" for _, kind, place in topics})
    topic_keys = sorted(key for key, _, _ in topics)
    places = sorted({place for _, _, place in topics if place})
    out.write_text(
        "-- Written by scripts/load/prepare.py: request targets picked from the database.\n"
        "return {\n"
        f"  claims = {lua_list(claims)},\n"
        f"  articles = {lua_list(articles)},\n"
        f"  topic_pages = {lua_list(topic_pages)},\n"
        f"  topic_keys = {lua_list(topic_keys)},\n"
        f"  kinds = {lua_list(Kind.values)},\n"
        f"  places = {lua_list(places)},\n"
        f"  searches = {lua_list(SEARCH_WORDS)},\n"
        "}\n"
    )
    return {
        "claims in database": len(claim_ids),
        "articles in database": len(article_ids),
        "topics in database": len(topics),
        "claim ids picked": len(claims),
        "article ids picked": len(articles),
        "topic pages": len(topic_pages),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", type=Path, help="Lua file to write the request targets to")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--claims-per-article", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sample", type=int, default=2_000, help="ids picked of each kind")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url:
        sys.exit("DATABASE_URL must name the PostgreSQL database of the load run")
    ensure_database(url)

    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kbase.settings")
    import django

    django.setup()
    setup_corpus(articles=args.articles, claims_per_article=args.claims_per_article, seed=args.seed)
    for name, count in pick_targets(args.data, sample=args.sample, seed=args.seed).items():
        print(f"{name}: {count:,}")


if __name__ == "__main__":
    main()
