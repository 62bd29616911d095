#!/usr/bin/env bash
# Cluster benchmark (issue 5), run by hand: not a test.
#   1. throughput: the 8-trial cluster-bench.json as a local run with --parallelism 2, against a --coordinator-only
#      coordinator plus two worker processes of one worker each (all on this machine, 127.0.0.1); ROUNDS pairs.
#      Each run's sweep time is read from its sweep.log.json: first TrialStarted to SweepCompleted (process start-up
#      and joining excluded); the script also prints wall times including start-up.
#   2. re-queue: kill -9 of a worker process while it holds a trial, and the time until the coordinator logs
#      "Re-queueing trial" (default Cluster timings unless TIMINGS is set, e.g. TIMINGS="--Cluster:StableAfter=2s").
#   3. TLS (issue 12): the same cluster with and without TLS (one certificate from `cert` for every node), TLS_ROUNDS
#      interleaved pairs (the order alternates) on two workloads: cluster-bench.json's long trials, and 200 tiny trials
#      (50 epochs, 25 repeats) where messages, not training, dominate. Sweep time as in 1, and the CPU seconds (user +
#      system) of the three processes, which a loaded machine disturbs less than wall time; ratios = TLS / plain.
# Usage: tests/DropoutSweep.Benchmarks/Cluster/cluster-benchmark.sh [path/to/dropout-sweep.dll]
# ROUNDS=0 KILLS=0 runs only the TLS part; TLS_ROUNDS=0 skips it.
# Processes are stopped by their own PIDs; ports are picked by the OS.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
app="${1:-$here/../../../src/DropoutSweep/bin/Release/net10.0/dropout-sweep.dll}"
rounds="${ROUNDS:-3}"
kills="${KILLS:-3}"
tls_rounds="${TLS_ROUNDS:-3}"
timings=(${TIMINGS:-})
sweep="$here/cluster-bench.json"
work="$(mktemp -d /tmp/dropout-sweep-cluster-bench-XXXXXX)"
pids=()
coord_extra=() # extra arguments for the coordinator (sweep settings) and for every node (--tls) of start_cluster
node_extra=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

now() { date +%s.%N; }

# Seconds from the first TrialStarted to SweepCompleted in a sweep.log.json.
sweep_seconds() {
  python3 - "$1" <<'PY'
import json, sys
from datetime import datetime
events = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
t = lambda e: datetime.fromisoformat(e["@t"][:26].rstrip("Z"))
start = min(t(e) for e in events if e.get("EventType") == "TrialStarted")
end = max(t(e) for e in events if e.get("EventType") == "SweepCompleted")
print(f"{(end - start).total_seconds():.2f}")
PY
}

wait_for() { # file pattern seconds
  local deadline=$(( $(date +%s) + $3 ))
  until grep -q "$2" "$1" 2>/dev/null; do
    (( $(date +%s) < deadline )) || { echo "timed out waiting for '$2' in $1" >&2; cat "$1" >&2; exit 1; }
    sleep 0.05
  done
}

start_cluster() { # dir -> sets coord w1 w2 and their logs
  local dir="$1"; mkdir -p "$dir"
  dotnet "$app" run --config "$sweep" --out "$dir/out" --listen 127.0.0.1:0 --coordinator-only "${timings[@]}" "${coord_extra[@]}" "${node_extra[@]}" >"$dir/coord.log" 2>&1 & coord=$!; pids+=("$coord")
  wait_for "$dir/coord.log" "join with --join" 60
  local join; join=$(grep -o -- '--join 127.0.0.1:[0-9]*' "$dir/coord.log" | head -1 | cut -d' ' -f2)
  dotnet "$app" worker --join "$join" --listen 127.0.0.1:0 --parallelism 1 "${timings[@]}" "${node_extra[@]}" >"$dir/w1.log" 2>&1 & w1=$!; pids+=("$w1")
  dotnet "$app" worker --join "$join" --listen 127.0.0.1:0 --parallelism 1 "${timings[@]}" "${node_extra[@]}" >"$dir/w2.log" 2>&1 & w2=$!; pids+=("$w2")
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); app $app"
echo "round  local_sweep_s  cluster_sweep_s  ratio(local/cluster)  local_wall_s  cluster_wall_s"
for round in $(seq 1 "$rounds"); do
  dir="$work/round$round"; mkdir -p "$dir"
  t0=$(now); dotnet "$app" run --config "$sweep" --out "$dir/local" --parallelism 2 >"$dir/local.log" 2>&1; t1=$(now)
  local_wall=$(echo "$t1 - $t0" | bc)
  t0=$(now); start_cluster "$dir/cluster"; wait "$coord"; wait "$w1" "$w2"; t1=$(now)
  cluster_wall=$(echo "$t1 - $t0" | bc)
  ls=$(sweep_seconds "$dir/local/sweep.log.json"); cs=$(sweep_seconds "$dir/cluster/out/sweep.log.json")
  echo "$round  $ls  $cs  $(echo "scale=3; $ls / $cs" | bc)  $local_wall  $cluster_wall"
  cmp <(cut -d, -f2,9-15 "$dir/local/results.csv" | sort) <(cut -d, -f2,9-15 "$dir/cluster/out/results.csv" | sort) >/dev/null \
    && echo "       per-trial metrics identical" || echo "       per-trial metrics DIFFER"
done

echo "kill -9 of a worker holding a trial -> 'Re-queueing trial' on the coordinator (timings: ${timings[*]:-defaults})"
for k in $(seq 1 "$kills"); do
  dir="$work/kill$k"; start_cluster "$dir"
  wait_for "$dir/w1.log" "starting 1 worker" 60
  sleep 2  # mid-trial (trials take several seconds)
  kill -9 "$w1"; t0=$(now)
  wait_for "$dir/coord.log" "Re-queueing trial" 120; t1=$(now)
  echo "kill $k: re-queued after $(echo "$t1 - $t0" | bc | cut -c1-5) s: $(grep -o 'Re-queueing trial [0-9]*' "$dir/coord.log" | head -1)"
  wait "$coord"; wait "$w2"
done
# One cluster sweep of the current workload, plain or TLS ($2), in a subshell of its own; prints its sweep seconds and
# the CPU seconds of its three processes (bash's `times`: this subshell's children, all waited for).
tls_sweep() { # dir plain|tls
  if [[ "$2" == tls ]]; then node_extra=(--tls "$work/cluster.p12"); else node_extra=(); fi
  start_cluster "$1"; wait "$coord"; wait "$w1" "$w2"
  grep -q "Coordinator ready at akka.$([[ "$2" == tls ]] && echo ssl.)tcp://" "$1/coord.log" || { echo "not $2: $1/coord.log" >&2; exit 1; }
  times >"$1/times.txt" # in this shell: a pipe or $(...) would run `times` in a fresh subshell that has no children
  echo "$(sweep_seconds "$1/out/sweep.log.json") $(tail -1 "$1/times.txt" | awk '{ n = 0; for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); n += t[1] * 60 + t[2] } printf "%.2f", n }')"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

if (( tls_rounds > 0 )); then
  dotnet "$app" cert --out "$work/cluster.p12" >/dev/null
  echo "TLS against plain TCP, same loopback cluster (--coordinator-only + 2 workers of 1), $tls_rounds interleaved pairs per workload"
  echo "workload  round  plain_sweep_s  tls_sweep_s  ratio  plain_cpu_s  tls_cpu_s  cpu_ratio   (ratios: tls/plain)"
  for workload in long tiny; do
    if [[ "$workload" == tiny ]]; then coord_extra=(--Sweep:Training:Epochs=50 --Sweep:Repeats=25); else coord_extra=(); fi
    ratios=(); cpu_ratios=()
    for round in $(seq 1 "$tls_rounds"); do
      dir="$work/tls-$workload-$round"
      if (( round % 2 )); then read -r p pc < <(tls_sweep "$dir/plain" plain); read -r t tc < <(tls_sweep "$dir/tls" tls)
      else read -r t tc < <(tls_sweep "$dir/tls" tls); read -r p pc < <(tls_sweep "$dir/plain" plain); fi
      ratio=$(echo "scale=3; $t / $p" | bc); ratios+=("$ratio")
      cpu_ratio=$(echo "scale=3; $tc / $pc" | bc); cpu_ratios+=("$cpu_ratio")
      echo "$workload  $round  $p  $t  $ratio  $pc  $tc  $cpu_ratio"
      cmp <(cut -d, -f2,9-15 "$dir/plain/out/results.csv" | sort) <(cut -d, -f2,9-15 "$dir/tls/out/results.csv" | sort) >/dev/null \
        && echo "       per-trial metrics identical" || echo "       per-trial metrics DIFFER"
    done
    echo "$workload: median ratio of sweep times $(printf '%s\n' "${ratios[@]}" | median), of CPU seconds $(printf '%s\n' "${cpu_ratios[@]}" | median)"
  done
  coord_extra=(); node_extra=()
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
echo "logs in $work"
