#!/usr/bin/env bash
# One run-local variant: start-up to "ready" (wall time, and the CPU of every process of the
# cluster), then two 10,000-item batches through the REST API (two-batches.py): items/s and the
# cluster's CPU per item. Needs python3, pstree and bc.
# Usage: deploy/bench/scripts/run-local-variant.sh NAME "JVM OPTIONS" on|off   (AppCDS on or off)
# Rows go to deploy/bench/target/results/run-local.tsv. Ports 28080, 29192, 25532.
set -u
name=$1; opts=$2; cds=$3
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
out="$root/deploy/bench/target/results"
mkdir -p "$out"
cd "$root"
dd=$(mktemp -d /tmp/rl-XXXX)
tree_cpu() { # CPU seconds of a process tree (utime+stime, 100 Hz ticks)
  local pids="$1 $(pgrep -d' ' -f "$dd") $(pstree -p -T $1 | grep -o '([0-9]*)' | tr -d '()')"
  local t=0; for p in $(echo $pids | tr ' ' '\n' | sort -u); do
    [ -r /proc/$p/stat ] && t=$((t + $(awk '{print $14+$15+$16+$17}' /proc/$p/stat))); done; echo "scale=1; $t/100" | bc; }
start=$(date +%s.%N)
BATCHPULSE_JAVA_OPTS="$opts" BATCHPULSE_CDS=$cds deploy/run-local --port 28080 --kafka-port 29192 --postgres-port 25532 --data-dir $dd > $out/$name.out 2> $out/$name.err &
pid=$!
while ! grep -q "ready at" $out/$name.out 2>/dev/null; do sleep 0.2; kill -0 $pid 2>/dev/null || { echo "$name: launcher died"; exit 1; }; done
ready=$(echo "$(date +%s.%N) - $start" | bc)
cpu_ready=$(tree_cpu $pid)
load=$(cut -d' ' -f1 /proc/loadavg)
deploy/bench/scripts/two-batches.py http://127.0.0.1:28080 > $out/$name.bench 2>&1
cpu_after=$(tree_cpu $pid)
rate=$(tail -1 $out/$name.bench)
per_item=$(echo "scale=3; ($cpu_after - $cpu_ready) * 1000 / 20000" | bc)
kill -TERM $pid; wait $pid
echo "$name | ready ${ready} s, CPU ${cpu_ready} s (load $load) | $rate | ${per_item} ms CPU/item of the cluster | load $(cut -d' ' -f1 /proc/loadavg)" | tee -a $out/run-local.tsv
rm -rf $dd
