# Services for the test suite, sourced by .ci/run before `pnpm test` (bash, set -euo pipefail).
#
# Redis for the distributed tests (issue 7): Debian's redis-server, installed when missing, started
# on 127.0.0.1 on a free port with no persistence, exported as CORPUS_TEST_REDIS_URL, and stopped
# by its PID when the sourcing shell exits. Idempotent: sourcing it again while that Redis answers
# does nothing.

corpus_redis_ping() {
  # $1 = port; true when a Redis answers PONG there.
  [ "$(redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null || true)" = "PONG" ]
}

corpus_start_redis() {
  if [ -n "${CORPUS_TEST_REDIS_URL:-}" ] && [ -n "${CORPUS_REDIS_PORT:-}" ] && corpus_redis_ping "$CORPUS_REDIS_PORT"; then
    echo "services: Redis already running at $CORPUS_TEST_REDIS_URL"
    return 0
  fi
  if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
    local sudo=""
    if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then sudo="sudo"; fi
    echo "services: installing redis-server (Debian)"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server >/dev/null
  fi

  local dir port pid i
  dir="$(mktemp -d "${TMPDIR:-/tmp}/corpus-redis.XXXXXX")"
  # A free port: the kernel picks one for a throwaway listener.
  port="$(node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close() })')"
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --maxmemory-policy noeviction \
    --daemonize yes --pidfile "$dir/redis.pid" --dir "$dir" --logfile "$dir/redis.log"
  for i in $(seq 1 100); do
    if [ -s "$dir/redis.pid" ] && corpus_redis_ping "$port"; then break; fi
    sleep 0.05
  done
  if ! corpus_redis_ping "$port"; then
    echo "services: redis-server did not start on 127.0.0.1:$port; log:" >&2
    cat "$dir/redis.log" >&2 || true
    return 1
  fi
  pid="$(cat "$dir/redis.pid")"
  export CORPUS_TEST_REDIS_URL="redis://127.0.0.1:$port"
  export CORPUS_REDIS_PORT="$port"
  CORPUS_REDIS_PID="$pid"
  CORPUS_REDIS_DIR="$dir"
  echo "services: Redis $(redis-server --version | sed -n 's/.*v=\([0-9.]*\).*/\1/p') at $CORPUS_TEST_REDIS_URL (pid $pid)"

  # Stop it by its PID when the shell that sourced this file exits (keeping any earlier EXIT trap).
  local previous
  previous="$(trap -p EXIT | sed -e "s/^trap -- '//" -e "s/' EXIT\$//")"
  # shellcheck disable=SC2064
  trap "${previous:+$previous; }corpus_stop_redis" EXIT
}

corpus_stop_redis() {
  if [ -n "${CORPUS_REDIS_PID:-}" ] && kill -0 "$CORPUS_REDIS_PID" 2>/dev/null; then
    kill "$CORPUS_REDIS_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$CORPUS_REDIS_PID" 2>/dev/null || break; sleep 0.05; done
    kill -9 "$CORPUS_REDIS_PID" 2>/dev/null || true
  fi
  if [ -n "${CORPUS_REDIS_DIR:-}" ]; then rm -rf "$CORPUS_REDIS_DIR"; fi
  CORPUS_REDIS_PID=""
}

corpus_start_redis
