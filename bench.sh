#!/usr/bin/env bash
# Runs initwatch's benchmarks, each against its anchor measured in the same run, prints the table and rewrites
# the generated section of docs/benchmarks.md (between the bench.sh markers; the other sections stay).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

usage() {
  cat <<'EOF'
Usage: ./bench.sh [--smoke] [--only NAME]... [--offline] [--no-doc] [--help]

Runs the benchmarks one Maven command at a time (each module's *Benchmark* classes tagged "benchmark"),
prints one table (median over repetitions with min … max, the ratio to the anchor measured in the same
run, the load average when it was measured) and rewrites the generated section of docs/benchmarks.md.

Benchmarks (--only, repeatable; default all; the table keeps the previous run's rows of the others):
  monitor   monitor throughput against a plain KafkaConsumer (bytes; bytes + JSON), JFR profile
  latency   send() of a NaN loss -> alert on the alerts topic, under 10,000 events/s of background
            telemetry, against a raw producer -> consumer round trip on the same broker
  trainer   training wall and CPU time: telemetry off / every 20 updates / every update, and DL4J's
            StatsListener into InMemoryStatsStorage at the same frequencies
  memory    heap per run of 1,000 concurrent runs of 100 layers x 500 epochs: the monitor's RulesEngine
            and the dashboard's HistoryStore (against its byte cap)
  dashboard the page in headless Chromium: first full render of an experiment of 10 runs x 1,000 epochs
            x 30 layers and the size of GET /api/runs/{id}; live send() -> point drawn (p50/p95); against
            uPlot alone drawing 150,000 points in the same browser
  recovery  the packaged monitor killed (SIGKILL) and restarted on 1,000 runs with 10 minutes, then an
            hour, of history: time to the first new alert and until its state is whole; the hour
            against the 10 minutes (the monitor is packaged in the same run)

Options:
  --smoke     tiny sizes, one repetition (under a minute of measuring; Maven and Quarkus start-up and
              compiling come on top);
              prints the table, leaves docs/benchmarks.md alone
  --offline   pass -o to Maven
  --no-doc    print the table only
  --help      this text
Builds the modules the benchmarks need in the same reactor (-am): nothing has to be installed. Results:
target/bench/results.tsv and
maven.log; the monitor's JFR recording: monitor-service/target/bench/monitor-throughput.jfr.
EOF
}

arguments="$*"
smoke=false
write_doc=true
maven_flags=(-B)
only=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --smoke) smoke=true; write_doc=false ;;
    --only) shift; only+=("${1:?--only needs a name}") ;;
    --offline) maven_flags+=(-o) ;;
    --no-doc) write_doc=false ;;
    --help|-h) usage; exit 0 ;;
    *) echo "bench.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
partial=true
[[ ${#only[@]} -eq 0 ]] && only=(monitor latency trainer memory dashboard recovery) && partial=false

OUT="$ROOT/target/bench"
RESULTS="$OUT/results.tsv"
mkdir -p "$OUT"
PREVIOUS="$OUT/results.previous.tsv"
rm -f "$PREVIOUS"
[[ -f $RESULTS ]] && mv "$RESULTS" "$PREVIOUS"

cores=$(nproc)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
cpu_model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
java_version=$(java -version 2>&1 | head -1)
started=$(date -u '+%Y-%m-%d %H:%M UTC')
commit=${BENCH_COMMIT:-$(git rev-parse --short HEAD 2>/dev/null || echo unknown)}
command="./bench.sh${arguments:+ $arguments}"

echo "bench.sh: $cores cores ($cpu_model), load average $load_start at the start, $java_version"

# One Maven command for all of them (one start-up; --fail-at-end so one module's failure spares the others), with
# the modules they depend on built in the reactor (-am) rather than taken from ~/.m2, where they may be stale.
modules=()
tests=()
for name in "${only[@]}"; do
  case "$name" in
    monitor) modules+=(monitor-service); tests+=(ThroughputBenchmarkTest) ;;
    latency) modules+=(monitor-service); tests+=(AlertLatencyBenchmarkTest) ;;
    trainer) modules+=(trainer-service); tests+=(TelemetryOverheadBenchmark) ;;
    memory) modules+=(monitor-service dashboard); tests+=(StateMemoryBenchmark HistoryStoreBenchmark) ;;
    dashboard) modules+=(dashboard); tests+=(DashboardRenderBenchmark) ;;
    recovery) modules+=(system-tests); tests+=(RecoveryBenchmark) ;;
    *) echo "bench.sh: unknown benchmark $name" >&2; exit 2 ;;
  esac
done
module_list=$(printf '%s\n' "${modules[@]}" | awk '!seen[$0]++' | paste -sd, -)
test_list=$(printf '%s\n' "${tests[@]}" | paste -sd, -)
log="$OUT/maven.log"
echo "bench.sh: ${only[*]} ($module_list: $test_list) ... log: $log"
# The recovery benchmark runs the packaged monitor (java -jar), so the reactor must reach the package phase; the
# reactor orders monitor-service before system-tests, so the jar is fresh when the benchmark starts.
phase=test
[[ " ${only[*]} " == *" recovery "* ]] && phase=package
failed=()
if ! ./mvnw "${maven_flags[@]}" --fail-at-end -pl "$module_list" -am "$phase" -Dgroups=benchmark -Dtest="$test_list" \
    -Dsurefire.failIfNoSpecifiedTests=false -Dbench.smoke="$smoke" -Dbench.results="$RESULTS" >"$log" 2>&1; then
  mapfile -t failed < <(grep -E '^\[INFO\] initwatch :: .* (FAILURE|SKIPPED)' "$log" \
    | sed -E 's/^\[INFO\] initwatch :: ([a-z-]+).*/\1/')
  [[ ${#failed[@]} -eq 0 ]] && failed=(maven)
  echo "bench.sh: FAILED in ${failed[*]}, see $log" >&2
fi

# With --only, the other benchmarks' rows of the previous run stay (each with its own load average).
kept=false
if [[ $partial == true && -f $PREVIOUS ]]; then
  touch "$RESULTS"
  awk -F'\t' 'NR == FNR { fresh[$2] = 1; next } !($2 in fresh)' "$RESULTS" "$PREVIOUS" >"$OUT/kept.tsv"
  [[ -s $OUT/kept.tsv ]] && kept=true && cat "$OUT/kept.tsv" >>"$RESULTS"
fi

# ---- the generated section ----------------------------------------------------------------------------
section() {
  echo "<!-- bench.sh:begin — generated by ./bench.sh; edit the script or the benchmarks, not this section -->"
  echo "## Against the anchors (generated by \`./bench.sh\`)"
  echo
  echo "Command: \`$command\` on commit \`$commit\`, $started. Machine: $cores cores ($cpu_model), load"
  echo "average $load_start (1, 5, 15 min) at the start, shared with other builds; $java_version."
  echo "Each figure is the median over repetitions with min … max; the ratio to the anchor measured in the same"
  echo "run is the result, absolute figures are context. \"Load\" is the one-minute load average when the figure"
  echo "was measured."
  [[ $kept == true ]] && echo "This run measured only: ${only[*]}; the other rows are from the previous run."
  echo
  echo "| Benchmark | Figure | Median (min … max) | Ratio to anchor, median (min … max) | Load |"
  echo "|---|---|---|---|---|"
  if [[ -f $RESULTS ]]; then
    awk -F'\t' '$1 == "row" { printf "| %s | %s | %s | %s | %s |\n", $2, $3, $4, $5, $6 }' "$RESULTS"
    echo
    awk -F'\t' '$1 == "note" { printf "- %s: %s\n", $2, $3 }' "$RESULTS"
  fi
  if [[ ${#failed[@]} -gt 0 ]]; then
    echo
    echo "Not measured in this run (failed): ${failed[*]}."
  fi
  echo "<!-- bench.sh:end -->"
}

section >"$OUT/section.md"
echo
cat "$OUT/section.md"

if [[ $write_doc == true ]]; then
  doc=docs/benchmarks.md
  if grep -q '^<!-- bench.sh:begin' "$doc"; then
    awk -v file="$OUT/section.md" '
      /^<!-- bench.sh:begin/ { while ((getline line < file) > 0) print line; skip = 1; next }
      /^<!-- bench.sh:end/ { skip = 0; next }
      !skip { print }' "$doc" >"$doc.tmp" && mv "$doc.tmp" "$doc"
  else
    { echo; cat "$OUT/section.md"; } >>"$doc"
  fi
  echo "bench.sh: rewrote the generated section of $doc"
fi

[[ ${#failed[@]} -eq 0 ]]
