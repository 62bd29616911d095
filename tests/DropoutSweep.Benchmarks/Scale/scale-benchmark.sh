#!/usr/bin/env bash
# Scale benchmark (issue 8 item 7), run by hand: not a test.
# Runs the real executable on random sweeps of tiny trials (8 hidden units, 3 epochs, spiral 20×3 with half held out,
# DropoutRate, L2 and LearningRate drawn at random, default logging) of each size in SIZES, and prints per size:
# peak RSS (GNU time's maximum resident set size), wall time, the output folder's size, and the size of its biggest files
# (plan.json, trials.jsonl, results.csv, results.json, report.md, report.html, curves.csv, sweep.log.json) with sweep.log.json per trial.
# Usage: tests/DropoutSweep.Benchmarks/Scale/scale-benchmark.sh [path/to/dropout-sweep.dll]
#   SIZES="1000 10000 100000" (default), PARALLELISM=2 (default), KEEP=1 keeps the output folders.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
app="${1:-$here/../../../src/DropoutSweep/bin/Release/net10.0/dropout-sweep.dll}"
sizes=(${SIZES:-1000 10000 100000})
parallelism="${PARALLELISM:-2}"
work="$(mktemp -d /tmp/dropout-sweep-scale-bench-XXXXXX)"
[[ "${KEEP:-0}" == 1 ]] || trap 'rm -rf "$work"' EXIT

kb() { [[ -f "$1" ]] && echo $(( $(stat -c %s "$1") / 1024 )) || echo "-"; }

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); app $app; parallelism $parallelism"
printf '%8s %12s %8s %10s %10s %10s %10s %10s %10s %10s %10s %10s %12s\n' trials peak_rss_mb wall_s folder_mb plan_kb journal_kb csv_kb json_kb report_kb html_kb curves_kb log_kb log_b/trial
for n in "${sizes[@]}"; do
  dir="$work/$n"; mkdir -p "$dir"
  cat >"$dir/sweep.json" <<JSON
{ "Sweep": {
  "Name": "scale-$n", "Strategy": "Random", "Trials": $n, "Seed": 1, "Repeats": 1,
  "Dataset": { "Kind": "Spiral", "Samples": 20, "Classes": 3, "ValidationFraction": 0.5, "Seed": 0 },
  "Training": { "Hidden": [ 8 ], "Epochs": 3, "LearningRate": 0.02, "Decay": 0 },
  "Space": {
    "DropoutRate": { "Min": 0.0, "Max": 0.5 },
    "L2": { "Min": 1e-6, "Max": 1e-2, "Scale": "Log" },
    "LearningRate": { "Min": 0.002, "Max": 0.05, "Scale": "Log" } } } }
JSON
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$dir/rss" dotnet "$app" run --config "$dir/sweep.json" --out "$dir/out" --parallelism "$parallelism" >"$dir/console.log" 2>&1 \
    || { echo "run of $n trials failed:" >&2; tail -20 "$dir/console.log" >&2; exit 1; }
  wall=$(echo "$(date +%s.%N) - $start" | bc)
  out="$dir/out"
  log_bytes=$(stat -c %s "$out/sweep.log.json")
  printf '%8d %12.1f %8.1f %10.1f %10s %10s %10s %10s %10s %10s %10s %10s %12d\n' "$n" "$(echo "$(tail -1 "$dir/rss") / 1024" | bc -l)" "$wall" \
    "$(echo "$(du -sk "$out" | cut -f1) / 1024" | bc -l)" "$(kb "$out/plan.json")" "$(kb "$out/trials.jsonl")" "$(kb "$out/results.csv")" \
    "$(kb "$out/results.json")" "$(kb "$out/report.md")" "$(kb "$out/report.html")" "$(kb "$out/curves.csv")" "$(kb "$out/sweep.log.json")" $(( log_bytes / n ))
done
