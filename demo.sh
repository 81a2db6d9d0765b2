#!/usr/bin/env bash
# One-command initwatch demo: a local KRaft broker, the three services as separate processes, and the
# lesson's experiment (a deep ReLU and a deep tanh network under zeros, N(0,0.01²), N(0,1), Xavier and He).
# Ctrl-C (or SIGTERM, or any error) stops every process this script started. See docs/deploy.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

usage() {
  cat <<'EOF'
Usage: ./demo.sh [--small | --large] [--no-build] [--no-experiment] [--ports-base N] [--help]

Starts a local Kafka broker (no Docker), the trainer, monitor and dashboard, then trains the lesson's
experiment: the same deep network with ReLU and with tanh under zeros, small-normal N(0,0.01²),
standard-normal N(0,1), xavier-normal and he-normal. Open the dashboard address it prints.
Ctrl-C stops everything.

Options:
  --small           a quick demo (10 hidden layers of 16, 300 samples, 8 epochs)
  --large           a slower, deeper demo (50 hidden layers of 64, 2000 samples, 40 epochs)
                    (default: 30 hidden layers of 32, 600 samples, 12 epochs)
                    all on 3-class Gaussian blobs with Adam (learning rate 0.001)
  --no-build        never run Maven to build the services (fails if they were never built)
  --no-experiment   start the system only; start runs from the dashboard
  --ports-base N    dashboard N, trainer N+1, monitor N+2, Kafka N+1012 (8080 gives the defaults)
  --help            this text

Environment:
  DASHBOARD_PORT (8080) TRAINER_PORT (8081) MONITOR_PORT (8082) KAFKA_PORT (9092)
  INITWATCH_TRAINER_API_TOKEN    token protecting the trainer's run API; a random one is made when unset
  INITWATCH_DASHBOARD_API_TOKEN  token the dashboard's page asks for before it starts runs; random when unset
  INITWATCH_DEMO_DIR             logs, broker data and pids (default: .demo in the repository)
  JAVA_HOME / JAVA_OPTS          the Java 17+ to use and extra JVM options for every process
Logs: <demo dir>/logs/{kafka,trainer,monitor,dashboard}.log
EOF
}

# ---- options -------------------------------------------------------------------------------------------
size=default
build=auto
experiment=yes
ports_base=""
while [ $# -gt 0 ]; do
  case "$1" in
    --small) size=small ;;
    --large) size=large ;;
    --no-build) build=no ;;
    --no-experiment) experiment=no ;;
    --ports-base)
      [ $# -ge 2 ] || { echo "demo.sh: --ports-base needs a number" >&2; exit 2; }
      ports_base="$2"; shift ;;
    --ports-base=*) ports_base="${1#*=}" ;;
    -h|--help) usage; exit 0 ;;
    *) echo "demo.sh: unknown option '$1' (see ./demo.sh --help)" >&2; exit 2 ;;
  esac
  shift
done

is_port() { [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -ge 1 ] && [ "$1" -le 65535 ]; }

if [ -n "$ports_base" ]; then
  [[ "$ports_base" =~ ^[0-9]+$ ]] && is_port "$((ports_base + 1012))" \
    || { echo "demo.sh: --ports-base must be a number from 1 to 64523, got '$ports_base'" >&2; exit 2; }
  DASHBOARD_PORT="$ports_base"
  TRAINER_PORT="$((ports_base + 1))"
  MONITOR_PORT="$((ports_base + 2))"
  KAFKA_PORT="$((ports_base + 1012))"
fi
DASHBOARD_PORT="${DASHBOARD_PORT:-8080}"
TRAINER_PORT="${TRAINER_PORT:-8081}"
MONITOR_PORT="${MONITOR_PORT:-8082}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
for p in "$DASHBOARD_PORT" "$TRAINER_PORT" "$MONITOR_PORT" "$KAFKA_PORT"; do
  is_port "$p" || { echo "demo.sh: '$p' is not a port number" >&2; exit 2; }
done

# Blobs with Adam: a problem any well-initialized net solves in a few epochs, so what stalls is the
# initialization's fault (plain SGD at 0.01 barely moves even a He-initialized 30-layer net on spirals).
DATASET=blobs
OPTIMIZER=adam
LEARNING_RATE=0.001
case "$size" in
  small)   LAYERS=10; WIDTH=16; SAMPLES=300;  EPOCHS=8 ;;
  default) LAYERS=30; WIDTH=32; SAMPLES=600;  EPOCHS=12 ;;
  large)   LAYERS=50; WIDTH=64; SAMPLES=2000; EPOCHS=40 ;;
esac

DEMO_DIR="${INITWATCH_DEMO_DIR:-$ROOT/.demo}"
LOG_DIR="$DEMO_DIR/logs"
PID_FILE="$DEMO_DIR/pids"
BROKER_CLASSPATH_FILE="$DEMO_DIR/kafka-broker.classpath"
SERVICES=(trainer monitor dashboard)
service_module() { case "$1" in trainer) echo trainer-service ;; monitor) echo monitor-service ;; *) echo "$1" ;; esac; }
service_port() { case "$1" in trainer) echo "$TRAINER_PORT" ;; monitor) echo "$MONITOR_PORT" ;; *) echo "$DASHBOARD_PORT" ;; esac; }

say() { printf '%s\n' "$*" || true; }
fail() { printf 'demo.sh: %s\n' "$*" >&2; exit 1; }

# ---- prerequisites -------------------------------------------------------------------------------------
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  JAVA="$JAVA_HOME/bin/java"
elif command -v java >/dev/null 2>&1; then
  JAVA="$(command -v java)"
else
  fail "Java was not found. Install a JDK 17 or newer (e.g. https://adoptium.net) and put it on PATH or set JAVA_HOME."
fi
java_version="$("$JAVA" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)"
java_major="${java_version%%[.+-]*}"
[ "$java_major" = "1" ] && java_major="$(printf '%s' "$java_version" | cut -d. -f2)"
if ! [[ "$java_major" =~ ^[0-9]+$ ]] || [ "$java_major" -lt 17 ]; then
  fail "initwatch needs Java 17 or newer, but $JAVA is version '${java_version:-unknown}'. Install a JDK 17+ or point JAVA_HOME at one."
fi
command -v curl >/dev/null 2>&1 || fail "curl was not found; the demo uses it to wait for the services and start the experiment."

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

check_ports_free() {
  local name port taken=""
  for name in kafka "${SERVICES[@]}"; do
    if [ "$name" = kafka ]; then port="$KAFKA_PORT"; else port="$(service_port "$name")"; fi
    if port_in_use "$port"; then
      taken="$taken  port $port (wanted by $name) is already in use"$'\n'
    fi
  done
  [ -z "$taken" ] && return 0
  printf 'demo.sh: cannot start, ports are taken:\n%s' "$taken" >&2
  if [ -f "$PID_FILE" ]; then
    local leftovers=""
    local pid svc
    while read -r svc pid; do
      if kill -0 "$pid" 2>/dev/null; then leftovers="$leftovers $pid($svc)"; fi
    done <"$PID_FILE"
    [ -n "$leftovers" ] && printf '  a previous demo seems to be still running:%s\n  stop it with: kill%s\n' \
      "$leftovers" "$(printf '%s' "$leftovers" | sed 's/([a-z]*)//g')" >&2
  fi
  printf '  free them, or choose other ports, e.g. ./demo.sh --ports-base 18080 (or DASHBOARD_PORT=... TRAINER_PORT=... MONITOR_PORT=... KAFKA_PORT=...)\n' >&2
  exit 1
}

# ---- build what is missing -----------------------------------------------------------------------------
service_jar() { echo "$ROOT/$(service_module "$1")/target/quarkus-app/quarkus-run.jar"; }
SOURCES=(pom.xml events/pom.xml events/src kafka-broker/pom.xml kafka-broker/src)
for svc in "${SERVICES[@]}"; do SOURCES+=("$(service_module "$svc")/pom.xml" "$(service_module "$svc")/src"); done

# Prints why a build is needed; prints nothing when every artifact is newer than every source.
build_reason() {
  local svc jar newer
  for svc in "${SERVICES[@]}"; do
    jar="$(service_jar "$svc")"
    [ -f "$jar" ] || { echo "$(service_module "$svc") was never built"; return; }
    newer="$(find "${SOURCES[@]}" -newer "$jar" -type f -print -quit 2>/dev/null || true)"
    [ -z "$newer" ] || { echo "$newer changed since $(service_module "$svc") was built"; return; }
  done
  [ -f kafka-broker/target/classes/io/initwatch/kafka/LocalKafkaBroker.class ] || echo "kafka-broker was never built"
}

check_ports_free   # before a build that may take minutes; again right before starting
reason="$(build_reason)"
if [ -n "$reason" ] && [ "$build" = no ]; then
  case "$reason" in
    *"never built") fail "--no-build was given but $reason. Run ./mvnw -B install -DskipTests (or drop --no-build)." ;;
    *) say "==> Warning: $reason; running the old build because of --no-build" ;;
  esac
elif [ -n "$reason" ]; then
  say "==> Building initwatch ($reason); the first build downloads dependencies and takes a few minutes"
  ./mvnw -B -q -Dstyle.color=never install -DskipTests || fail "the build failed; see the Maven output above."
fi

mkdir -p "$LOG_DIR"
if [ ! -s "$BROKER_CLASSPATH_FILE" ] || [ -n "$(find pom.xml kafka-broker/pom.xml -newer "$BROKER_CLASSPATH_FILE" 2>/dev/null)" ]; then
  say "==> Resolving the Kafka broker's classpath"
  ./mvnw -B -q -Dstyle.color=never -pl kafka-broker dependency:build-classpath -Dmdep.includeScope=runtime \
      -Dmdep.outputFile="$BROKER_CLASSPATH_FILE" >"$LOG_DIR/maven-classpath.log" 2>&1 \
    || fail "cannot resolve the broker's classpath; see $LOG_DIR/maven-classpath.log"
fi

check_ports_free

# ---- process bookkeeping and clean shutdown ------------------------------------------------------------
# Every process starts in a process group of its own (job control on for the launch only), so a stop
# signal reaches it and anything it spawned, and Ctrl-C in the terminal reaches only this script, which
# then stops the services before the broker they need for a clean shutdown.
NAMES=()
PIDS=()

STOP_TIMEOUT_SECONDS=30

# Stops a process and everything in its process group: SIGTERM (graceful), SIGKILL after the timeout.
stop_process() {
  local name="$1" pid="$2" start="$SECONDS"
  printf '    stopping %s (pid %s) ' "$name" "$pid"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null && [ $((SECONDS - start)) -lt "$STOP_TIMEOUT_SECONDS" ]; do
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
      printf 'still running after %ss, killing it ' "$STOP_TIMEOUT_SECONDS"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
  printf 'done (%ss)\n' "$((SECONDS - start))"
}

stopping=no
sleeper=""
stop_all() {
  local status="$1" i
  [ "$stopping" = yes ] && return
  stopping=yes
  # Nothing may interrupt the cleanup: not another signal, not a failing command, not a closed terminal.
  trap '' INT TERM HUP PIPE
  set +e
  [ -n "$sleeper" ] && kill "$sleeper" 2>/dev/null
  if [ "${#PIDS[@]}" -gt 0 ]; then
    say ""
    say "==> Stopping initwatch"
    for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
      stop_process "${NAMES[$i]}" "${PIDS[$i]}"
    done
    rm -f "$PID_FILE"
    say "==> Stopped; logs are in $LOG_DIR"
  fi
  exit "$status"
}
# A closed terminal must not kill this script before it has stopped its processes: writes then fail
# (and end the script through the EXIT trap) instead of raising SIGPIPE.
trap '' PIPE
trap 'stop_all $?' EXIT
trap 'stop_all 130' INT
trap 'stop_all 143' TERM
trap 'stop_all 129' HUP

# launch NAME COMMAND...: runs COMMAND in the background with its output in logs/NAME.log
launch() {
  local name="$1"; shift
  set -m
  "$@" >"$LOG_DIR/$name.log" 2>&1 </dev/null &
  set +m
  NAMES+=("$name")
  PIDS+=("$!")
  printf '%s %s\n' "$name" "$!" >>"$PID_FILE"
}

# Fails with the end of the process's log when it died.
require_alive() {
  local name="$1" pid="$2"
  if ! kill -0 "$pid" 2>/dev/null; then
    printf 'demo.sh: %s exited during startup; last lines of %s:\n' "$name" "$LOG_DIR/$name.log" >&2
    tail -n 25 "$LOG_DIR/$name.log" >&2 || true
    exit 1
  fi
}

STARTUP_TIMEOUT_SECONDS="${INITWATCH_DEMO_STARTUP_TIMEOUT:-180}"

# Waits until the check succeeds, printing a dot a second, and the time it took.
await() {
  local name="$1" pid="$2" what="$3"; shift 3
  local start="$SECONDS"
  printf '    waiting for %s (%s) ' "$name" "$what"
  until "$@"; do
    require_alive "$name" "$pid"
    if [ $((SECONDS - start)) -ge "$STARTUP_TIMEOUT_SECONDS" ]; then
      printf '\n'
      fail "$name was not ready after ${STARTUP_TIMEOUT_SECONDS}s; see $LOG_DIR/$name.log"
    fi
    printf '.'
    sleep 1
  done
  printf ' ready (%ss)\n' "$((SECONDS - start))"
}

is_ready() { curl -fsS -o /dev/null --max-time 2 "http://localhost:$1/q/health/ready" 2>/dev/null; }
broker_ready() { grep -q 'Kafka broker ready' "$LOG_DIR/kafka.log" 2>/dev/null && port_in_use "$KAFKA_PORT"; }

# ---- start ---------------------------------------------------------------------------------------------
T0="$SECONDS"
rm -f "$PID_FILE"
rm -rf "$DEMO_DIR/kafka"   # each demo starts from empty topics
random_token() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; }
token="${INITWATCH_TRAINER_API_TOKEN:-$(random_token)}"
# The dashboard holds the trainer's token; whoever starts runs through its page needs this one of their own.
dashboard_token="${INITWATCH_DASHBOARD_API_TOKEN:-$(random_token)}"
# shellcheck disable=SC2206 # JAVA_OPTS is a list of words on purpose
java_opts=(${JAVA_OPTS:-})

say "==> Starting initwatch (logs in $LOG_DIR)"
launch kafka "$JAVA" ${java_opts[@]+"${java_opts[@]}"} -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "$ROOT/kafka-broker/target/classes:$(cat "$BROKER_CLASSPATH_FILE")" \
  io.initwatch.kafka.LocalKafkaBroker --port "$KAFKA_PORT" --partitions 3 --data-dir "$DEMO_DIR/kafka"
await kafka "${PIDS[0]}" "localhost:$KAFKA_PORT" broker_ready

# Quarkus hands every KAFKA_* variable to the services' Kafka clients (KAFKA_SASL_JAAS_CONFIG becomes
# sasl.jaas.config). The demo broker is local and PLAINTEXT, so settings meant for another cluster, or
# KAFKA_PORT above, must not reach the services.
kafka_env_unset=()
while IFS= read -r var; do
  [ -n "$var" ] && kafka_env_unset+=(-u "$var")
done < <(compgen -e | grep '^KAFKA_' || true)

for svc in "${SERVICES[@]}"; do
  launch "$svc" env ${kafka_env_unset[@]+"${kafka_env_unset[@]}"} \
    KAFKA_BOOTSTRAP_SERVERS="localhost:$KAFKA_PORT" \
    QUARKUS_HTTP_PORT="$(service_port "$svc")" \
    INITWATCH_TRAINER_API_TOKEN="$token" \
    INITWATCH_DASHBOARD_TRAINER_URL="http://localhost:$TRAINER_PORT" \
    INITWATCH_DASHBOARD_TRAINER_TOKEN="$token" \
    INITWATCH_DASHBOARD_API_TOKEN="$dashboard_token" \
    "$JAVA" ${java_opts[@]+"${java_opts[@]}"} -jar "$(service_jar "$svc")"
done
for i in "${!SERVICES[@]}"; do
  svc="${SERVICES[$i]}"
  await "$svc" "${PIDS[$((i + 1))]}" "http://localhost:$(service_port "$svc")/q/health/ready" \
    is_ready "$(service_port "$svc")"
done
say "==> initwatch is up after $((SECONDS - T0))s"

# ---- the lesson's experiment ---------------------------------------------------------------------------
start_experiment() {
  local name="$1" activation="$2" init="$3" body response status
  body="$(cat <<EOF
{"name":"$name","base":{"name":"$name","dataset":"$DATASET","samples":$SAMPLES,"hiddenLayers":$LAYERS,
 "width":$WIDTH,"activation":"$activation","weightInit":"$init","optimizer":"$OPTIMIZER",
 "learningRate":$LEARNING_RATE,"epochs":$EPOCHS,"seed":42},
 "weightInits":["zeros","small-normal","standard-normal","xavier-normal","he-normal"],"seeds":[42]}
EOF
)"
  response="$(curl -sS --max-time 30 -w '\n%{http_code}' -X POST "http://localhost:$TRAINER_PORT/api/experiments" \
    -H 'Content-Type: application/json' -H "Authorization: Bearer $token" --data "$body")" \
    || fail "cannot reach the trainer to start '$name'"
  status="${response##*$'\n'}"
  [ "$status" = 202 ] || fail "the trainer refused experiment '$name' (HTTP $status): ${response%$'\n'*}"
  say "    started '$name': ${response%$'\n'*}"
}

if [ "$experiment" = yes ]; then
  say "==> Starting the experiment ($size: $LAYERS hidden layers of $WIDTH, $SAMPLES samples, $EPOCHS epochs)"
  start_experiment "deep relu, $LAYERS layers" relu he-normal
  start_experiment "deep tanh, $LAYERS layers" tanh xavier-normal
fi

say ""
say "    Dashboard:  http://localhost:$DASHBOARD_PORT   (dashboard token, asked when you start a run: $dashboard_token)"
say "    Trainer:    http://localhost:$TRAINER_PORT/q/swagger-ui   (API token: $token)"
say "    Monitor:    http://localhost:$MONITOR_PORT/api/alerts"
say "    Kafka:      localhost:$KAFKA_PORT"
say ""
say "    Press Ctrl-C to stop everything."

# ---- watch ---------------------------------------------------------------------------------------------
# The title of the oldest alert (the list is newest first), or nothing.
first_alert_title() {
  curl -fsS --max-time 2 "http://localhost:$MONITOR_PORT/api/alerts" 2>/dev/null \
    | sed -n 's/.*"title" *: *"\([^"]*\)".*/\1/p'
}
first_alert_seen=no
while true; do
  for i in "${!PIDS[@]}"; do
    if ! kill -0 "${PIDS[$i]}" 2>/dev/null; then
      printf 'demo.sh: %s stopped unexpectedly; last lines of %s:\n' "${NAMES[$i]}" "$LOG_DIR/${NAMES[$i]}.log" >&2
      tail -n 25 "$LOG_DIR/${NAMES[$i]}.log" >&2 || true
      exit 1
    fi
  done
  if [ "$first_alert_seen" = no ] && [ "$experiment" = yes ]; then
    title="$(first_alert_title || true)"
    if [ -n "$title" ]; then
      first_alert_seen=yes
      say "==> First alert after $((SECONDS - T0))s: $title (more on the dashboard)"
    fi
  fi
  # A background sleep keeps the script responsive: traps run as soon as `wait` is interrupted.
  sleep 2 &
  sleeper="$!"
  wait "$sleeper" || true
done
