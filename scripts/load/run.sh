#!/usr/bin/env bash
# The documented load run of kbase (docs/load.md): PostgreSQL database with the demo and a synthetic
# corpus, gunicorn with the production settings on loopback, wrk with scripts/load/mix.lua.
#
#   scripts/load/run.sh                 # everything: set up the database if needed, run, report
#
# Environment (all optional):
#   KBASE_LOAD_DATABASE_URL  postgres://postgres@127.0.0.1:5432/kbase_load
#   KBASE_LOAD_ARTICLES      10000 synthetic articles (x KBASE_LOAD_CLAIMS_PER_ARTICLE=10 claims)
#   KBASE_LOAD_PORT          8077            KBASE_LOAD_WORKERS  4 gunicorn workers
#   KBASE_LOAD_CONNECTIONS   50              KBASE_LOAD_THREADS  2 wrk threads
#   KBASE_LOAD_DURATION      60s             KBASE_LOAD_WARMUP   10s (0 to skip)
#   KBASE_LOAD_REDIS_URL     redis://127.0.0.1:6379/7 (the shared cache; "none" for local memory)
#   KBASE_LOAD_ACCESS_LOG    a file for gunicorn's access log with request times (off by default)
# Exits 1 if any response was not 2xx/3xx, any socket error or timeout happened, or the server
# logged an error.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
cd "$REPO"
PYTHON=${PYTHON:-$REPO/.venv/bin/python}
GUNICORN=$(dirname "$PYTHON")/gunicorn
DATABASE=${KBASE_LOAD_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kbase_load}
ARTICLES=${KBASE_LOAD_ARTICLES:-10000}
CLAIMS_PER_ARTICLE=${KBASE_LOAD_CLAIMS_PER_ARTICLE:-10}
PORT=${KBASE_LOAD_PORT:-8077}
WORKERS=${KBASE_LOAD_WORKERS:-4}
CONNECTIONS=${KBASE_LOAD_CONNECTIONS:-50}
THREADS=${KBASE_LOAD_THREADS:-2}
DURATION=${KBASE_LOAD_DURATION:-60s}
WARMUP=${KBASE_LOAD_WARMUP:-10s}
REDIS=${KBASE_LOAD_REDIS_URL:-redis://127.0.0.1:6379/7}

if ! command -v wrk >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "== installing wrk (Debian package)"
        apt-get install -y wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y wrk >/dev/null; }
    else
        echo "wrk is not installed: run 'sudo apt-get install -y wrk' (Debian/Ubuntu) and try again" >&2
        exit 2
    fi
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kbase-load.XXXXXX")
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID"
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# The production settings, as docs/deployment.md gives them; only the rates of the API throttles
# are raised, because all 50 clients share one address (127.0.0.1) and would be throttled as one.
unset DJANGO_DEBUG KBASE_PLAIN_STATIC KBASE_REQUIRE_LOGIN_FOR_READS DJANGO_SECURE_SSL_REDIRECT \
    DJANGO_SECURE_COOKIES DJANGO_SECURE_HSTS_SECONDS REDIS_URL
SECRET_KEY=$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(50))')
export SECRET_KEY
export DATABASE_URL=$DATABASE
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export DJANGO_STATIC_ROOT=$WORK/static
export DJANGO_LOG_LEVEL=WARNING
export KBASE_TASKS_BACKEND=immediate
export KBASE_THROTTLE_ANON=1000000/minute KBASE_THROTTLE_USER=1000000/minute
if [ "$REDIS" != none ]; then export REDIS_URL=$REDIS; fi
export KBASE_LOAD_DATA=$WORK/targets.lua

echo "== database $DATABASE"
"$PYTHON" scripts/load/prepare.py "$KBASE_LOAD_DATA" \
    --articles "$ARTICLES" --claims-per-article "$CLAIMS_PER_ARTICLE"
"$PYTHON" manage.py collectstatic --no-input -v 0
"$PYTHON" manage.py check --deploy --fail-level WARNING

if "$PYTHON" -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $PORT)) != 0)"; then
    echo "port $PORT is already in use: set KBASE_LOAD_PORT" >&2
    exit 2
fi

ACCESS=()
if [ -n "${KBASE_LOAD_ACCESS_LOG:-}" ]; then
    # %(M)s: request time in milliseconds.
    : >"$KBASE_LOAD_ACCESS_LOG"
    ACCESS=(--access-logfile "$KBASE_LOAD_ACCESS_LOG" --access-logformat '%(s)s %(M)s %(r)s')
fi
echo "== gunicorn kbase.wsgi, $WORKERS workers on 127.0.0.1:$PORT"
"$GUNICORN" kbase.wsgi --workers "$WORKERS" --bind "127.0.0.1:$PORT" --timeout 60 \
    --error-logfile - "${ACCESS[@]}" 2>"$WORK/server.log" &
SERVER_PID=$!
"$PYTHON" - "$PORT" <<'EOF'
import http.client, sys, time
deadline = time.monotonic() + 60
while True:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=5)
        conn.request("GET", "/healthz")
        if conn.getresponse().status == 200:
            break
    except OSError:
        pass
    if time.monotonic() > deadline:
        sys.exit("gunicorn did not answer /healthz within 60 s")
    time.sleep(0.2)
EOF

URL=http://127.0.0.1:$PORT
if [ "$WARMUP" != 0 ]; then
    echo "== warm-up: $WARMUP (not counted)"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" --timeout 30s -s scripts/load/mix.lua "$URL" \
        | grep '^RESULT'
fi

echo "== conditions"
echo "cores: $(nproc); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency --timeout 30s -s scripts/load/mix.lua $URL"
echo "== run"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency --timeout 30s \
    -s scripts/load/mix.lua "$URL" | tee "$WORK/wrk.txt"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

kill -TERM "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=""

if [ -n "${KBASE_LOAD_ACCESS_LOG:-}" ]; then
    echo "== time in gunicorn by path (ms; from $KBASE_LOAD_ACCESS_LOG, warm-up included)"
    echo "    mean  count  total_s  path"
    # Ids, page numbers and topic subjects folded, so each kind of request is one line.
    awk '{ split($4, part, "?"); path = part[1]; gsub(/[0-9]+/, "N", path);
           if (path ~ /^\/topics\/[a-z_]+\//) path = "/topics/KIND/PLACE/";
           if (path ~ /^\/api\/vN\/topics\/./) path = "/api/vN/topics/KEY/";
           if (part[2] ~ /(^|&)q=/) path = path "?q=";
           total[path] += $2; count[path]++ }
         END { for (p in total) printf "%8.0f %6d %8.1f  %s\n", total[p] / count[p], count[p], total[p] / 1000, p }' \
        "$KBASE_LOAD_ACCESS_LOG" | sort -k3 -rn
fi

status=0
result=$(grep '^RESULT' "$WORK/wrk.txt")
case "$result" in
    *" non_2xx_3xx=0 "*" socket_errors=0"*) ;;
    *) echo "FAILED: some requests failed" >&2; status=1 ;;
esac
if grep -E 'Traceback|ERROR|Internal Server Error|WORKER TIMEOUT' "$WORK/server.log" >/dev/null; then
    echo "FAILED: the server logged errors:" >&2
    grep -E -A20 'Traceback|ERROR|Internal Server Error|WORKER TIMEOUT' "$WORK/server.log" | head -80 >&2
    status=1
fi
[ "$status" = 0 ] && echo "OK: no errors"
exit "$status"
