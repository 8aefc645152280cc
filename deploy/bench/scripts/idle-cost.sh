#!/usr/bin/env bash
# What an idle run-local costs: starts it with nothing to do, lets it settle for 30 s, then for 60 s
# counts PostgreSQL's transactions (pg_stat_database, on a connection of its own) and the CPU each
# process spent (/proc, 100 Hz ticks). Needs pgrep and bc.
# Usage: deploy/bench/scripts/idle-cost.sh NAME   (uses the jars already built under this checkout)
# Rows go to deploy/bench/target/results/idle-cost.tsv. Ports 28080, 29192, 25532.
set -u
name=$1
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
out="$root/deploy/bench/target/results"
mkdir -p "$out"
cd "$root"
dd=$(mktemp -d /tmp/idle-XXXX)
deploy/run-local --port 28080 --kafka-port 29192 --postgres-port 25532 --data-dir "$dd" > "$out/$name.idle.out" 2> "$out/$name.idle.err" &
pid=$!
while ! grep -q "ready at" "$out/$name.idle.out" 2>/dev/null; do sleep 0.5; kill -0 $pid 2>/dev/null || { echo "$name: launcher died"; exit 1; }; done
sleep 30
driver=$(ls deploy/target/lib/postgresql-*.jar | head -1)
transactions() { java -cp "$driver" deploy/bench/scripts/PgTransactions.java jdbc:postgresql://127.0.0.1:25532/batchpulse; }
ticks() { # CPU ticks of the processes whose command line matches $1
  local t=0; for p in $(pgrep -f "$1"); do t=$((t + $(awk '{print $14+$15}' /proc/$p/stat))); done; echo $t; }
# label=pattern of each part's processes
parts=("orchestrator=batch-orchestrator" "workers=generation-worker" "gateway=progress-gateway" "broker=kafka.Kafka"
  "postgres=^/.*/bin/postgres|^postgres:")
declare -A before
for part in "${parts[@]}"; do before[$part]=$(ticks "${part#*=}"); done
tx0=$(transactions)
sleep 60
tx1=$(transactions)
row="$name | PostgreSQL $(echo "scale=1; ($tx1 - $tx0) / 60" | bc) transactions/s"
for part in "${parts[@]}"; do
  row="$row | ${part%%=*} $(echo "scale=2; ($(ticks "${part#*=}") - ${before[$part]}) / 100" | bc) CPU-s/min"
done
kill -TERM $pid; wait $pid
rm -rf "$dd"
echo "$row" | tee -a "$out/idle-cost.tsv"
