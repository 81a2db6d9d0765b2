#!/usr/bin/env bash
# The diagnosis benchmark's two commands, run from the repository root:
#   diagnosis-bench/bench.sh generate [--out DIR] [--workers N] [--smoke]   train and record the corpus (resumable)
#   diagnosis-bench/bench.sh score    [--corpus DIR] [--write-doc]          label, score, print the tables
#        [--sweep KEY=V1,V2,..]   fit a threshold: tuning-half figures for each value
#        [--explain RULE]         tuning-half runs the rule fired on, with labels and evidence
#        [--copy-held-out DIR]    copy the held-out recordings (the CI gate's fixtures)
# It builds what it needs once (./mvnw install of the module and what it depends on) unless --no-build is first.
set -euo pipefail
cd "$(dirname "$0")/.."
build=1
if [ "${1:-}" = "--no-build" ]; then build=0; shift; fi
command=${1:-}
case "$command" in
  generate) main=io.initwatch.bench.corpus.CorpusGenerator ;;
  score) main=io.initwatch.bench.score.DiagnosisBenchmark ;;
  *) echo "usage: diagnosis-bench/bench.sh [--no-build] generate|score [options]" >&2; exit 2 ;;
esac
shift
if [ $build = 1 ]; then
  ./mvnw -B -q -ntp install -DskipTests -pl diagnosis-bench -am
fi
classpath_file=diagnosis-bench/target/classpath.txt
if [ ! -s "$classpath_file" ] || [ diagnosis-bench/pom.xml -nt "$classpath_file" ]; then
  ./mvnw -B -q -ntp dependency:build-classpath -pl diagnosis-bench -Dmdep.outputFile=target/classpath.txt >/dev/null
fi
# tiny matrices gain nothing from OpenMP threads
export OMP_NUM_THREADS=1
exec java -Xmx6g -cp "diagnosis-bench/target/classes:$(cat "$classpath_file")" "$main" "$@"
