#!/usr/bin/env bash
# make bench: times a first sync of years of history and a nightly run on top of it.
#   - generates OMS databases of 100,000 and 1,000,000 changes with `qbsync sample --changes`
#   - times extract and transform on each (REPS repetitions, median), records a second and peak
#     resident memory per stage, and the ratio of the large run to the small one
#   - times the floor: sqlite3 -json exporting the same tables, and extract as a multiple of it
#   - times an incremental run: 100 new changes on top of the large database
#   - runs the load benchmark (qbsync bench-load: operations a minute against the sandbox's limits)
#   - and the Desktop load's pace from the same run (requests a second through the Web Connector)
# Prints a table with each target beside its figure and writes var/bench/results.json.
# SIZES="100000 1000000" and REPS=3 can be overridden.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
for tool in time sqlite3; do
  command -v "$tool" >/dev/null 2>&1 || { sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo; $sudo apt-get install -y -qq "$tool" >/dev/null; }
done
swift build -c release --scratch-path .build-release >&2
q="$PWD/.build-release/release/qbsync"
out=var/bench
mkdir -p "$out"
reps=${REPS:-3}
sizes=${SIZES:-"100000 1000000"}
pipeline=pipelines/default.toml

# measure CMD...: runs CMD under GNU time; prints "seconds peak_kb cpu_seconds" (cpu: user + sys,
# what a busy machine does not distort) and keeps stdout in $out/last.out
measure() {
  /usr/bin/time -f "%e %M %U %S" -o "$out/time.txt" "$@" >"$out/last.out" 2>"$out/last.err" || { cat "$out/last.err" >&2; return 1; }
  awk '{printf "%s %s %.2f\n", $1, $2, $3 + $4}' "$out/time.txt"
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# desktop_pace: the Desktop load's figures from bench-load's "desktop:" line (qbXML requests a
# second through the Web Connector exchange against the sandbox, and the NoOp waits), into the JSON.
desktop_pace() {
  desktop_rps=$(sed -n 's/^desktop: .* = \([0-9.]*\) requests a second;.*/\1/p' "$out/bench-load.txt")
  desktop_noops=$(sed -n 's/^desktop: .*NoOp waits: \([0-9]*\);.*/\1/p' "$out/bench-load.txt")
  echo "desktop load: ${desktop_rps:-?} requests a second through the Web Connector, NoOp waits: ${desktop_noops:-?} (target: at least 10 a second, no NoOp)"
  json+="\"desktop_load_requests_per_second\":${desktop_rps:-null},\"desktop_load_noop_waits\":${desktop_noops:-null},"
}

rm -rf "$out"/ws-*
json="{"
for size in $sizes; do
  db="$out/oms-$size.sqlite"
  if [ ! -f "$db" ]; then
    read -r gen_s gen_kb < <(measure "$q" sample --out "$db" --changes "$size" --seed 1)
  else
    gen_s=cached; gen_kb=0
  fi
  rows=$(sqlite3 "$db" "SELECT COUNT(*) FROM change_log")
  ex_s=(); ex_kb=(); ex_cpu=(); tr_s=(); tr_kb=(); tr_cpu=(); fl_s=()
  for rep in $(seq 1 "$reps"); do
    # A fresh folder a repetition, removed only at the end: ext4 searches past inodes freed
    # moments ago, so deleting one repetition's 20,000 files just before the next is timed
    # would charge the next one for the benchmark's own clean-up.
    ws="$out/ws-$size-$rep"
    read -r s kb cpu < <(QBSYNC_OMS_DB="$db" QBSYNC_WORKSPACE="$ws" measure "$q" extract --pipeline "$pipeline"); ex_s+=("$s"); ex_kb+=("$kb"); ex_cpu+=("$cpu")
    run=$(tail -1 "$out/last.out")
    read -r s kb cpu < <(QBSYNC_OMS_DB="$db" QBSYNC_WORKSPACE="$ws" measure "$q" transform --run "$run" --pipeline "$pipeline" || true); tr_s+=("$s"); tr_kb+=("$kb"); tr_cpu+=("$cpu")
    read -r s kb < <(measure sqlite3 -json "$db" "SELECT * FROM patients; SELECT * FROM payers; SELECT * FROM items; SELECT * FROM sales; SELECT * FROM sale_lines; SELECT * FROM sale_allocations; SELECT * FROM payments; SELECT * FROM payment_applications; SELECT * FROM returns; SELECT * FROM return_lines; SELECT * FROM refunds; SELECT * FROM write_offs; SELECT * FROM change_log;"); fl_s+=("$s")
  done
  e=$(median "${ex_s[@]}"); t=$(median "${tr_s[@]}"); f=$(median "${fl_s[@]}")
  ekb=$(median "${ex_kb[@]}"); tkb=$(median "${tr_kb[@]}")
  ecpu=$(median "${ex_cpu[@]}"); tcpu=$(median "${tr_cpu[@]}")
  printf '%-10s changes %9s  generate %6ss  extract %6ss (%5d rec/s, %4d MB, CPU %6ss)  transform %6ss (%4d MB, CPU %6ss)  sqlite3 -json floor %6ss  extract/floor %5.2fx\n' \
    "$size" "$rows" "$gen_s" "$e" "$(awk -v r="$rows" -v s="$e" 'BEGIN{print int(r/(s>0?s:1))}')" $((ekb / 1024)) "$ecpu" "$t" $((tkb / 1024)) "$tcpu" "$f" "$(awk -v a="$e" -v b="$f" 'BEGIN{print (b>0?a/b:0)}')"
  json+="\"$size\":{\"changes\":$rows,\"generate_s\":\"$gen_s\",\"extract_s\":$e,\"extract_cpu_s\":$ecpu,\"extract_peak_mb\":$((ekb / 1024)),\"transform_s\":$t,\"transform_cpu_s\":$tcpu,\"transform_peak_mb\":$((tkb / 1024)),\"sqlite3_json_floor_s\":$f},"
  last_db="$db"; last_ws="$ws"; eval "extract_$size=$e transform_$size=$t extract_peak_$size=$((ekb / 1024)) transform_peak_$size=$((tkb / 1024))"
  stage_peaks+="$size:$((ekb / 1024)):$((tkb / 1024)) "
  peak_kb=$(printf '%s\n' "${peak_kb:-0}" "$ekb" "$tkb" | sort -n | tail -1)
  floor_ratios+="$(awk -v a="$e" -v b="$f" -v n="$size" 'BEGIN{printf "%.2fx at %d ", (b>0?a/b:0), n}')"
  floor_worst=$(printf '%s\n' "${floor_worst:-0}" "$(awk -v a="$e" -v b="$f" 'BEGIN{print (b>0?a/b:0)}')" | sort -g | tail -1)
done

# Incremental: 100 new changes on top of the largest database, after its first extract+transform.
inc_db="$out/oms-incremental.sqlite"
cp "$last_db" "$inc_db"
before=$(sqlite3 "$inc_db" "SELECT MAX(seq) FROM change_log")
"$q" sample --out "$inc_db" --append-days 1 --seed 99 >/dev/null
sqlite3 "$inc_db" "DELETE FROM change_log WHERE seq > $before + 100"
read -r inc_e inc_ekb inc_ecpu < <(QBSYNC_OMS_DB="$inc_db" QBSYNC_WORKSPACE="$last_ws" measure "$q" extract --pipeline "$pipeline")
run=$(tail -1 "$out/last.out")
read -r inc_t inc_tkb inc_tcpu < <(QBSYNC_OMS_DB="$inc_db" QBSYNC_WORKSPACE="$last_ws" measure "$q" transform --run "$run" --pipeline "$pipeline" || true)
inc=$(awk -v a="$inc_e" -v b="$inc_t" 'BEGIN{print a+b}')
echo "incremental: 100 changes on the largest database: extract ${inc_e}s + transform ${inc_t}s = ${inc}s (CPU ${inc_ecpu}s + ${inc_tcpu}s; target < 2 s)"
json+="\"incremental_100_s\":$inc,\"incremental_extract_s\":$inc_e,\"incremental_transform_s\":$inc_t,"
json+="\"incremental_cpu_s\":$(awk -v a="$inc_ecpu" -v b="$inc_tcpu" 'BEGIN{print a+b}'),"
json+="\"incremental_extract_peak_mb\":$((inc_ekb / 1024)),\"incremental_transform_peak_mb\":$((inc_tkb / 1024)),"
peak_kb=$(printf '%s\n' "${peak_kb:-0}" "$inc_ekb" "$inc_tkb" | sort -n | tail -1)

# The load's pace against QuickBooks's 1,200 operations a minute (a scaled minute, see the README).
"$q" bench-load ${BENCH_ARGS:-} | tee "$out/bench-load.txt"
per_minute=$(sed -n 's/^achieved: \([0-9]*\) operations a minute.*/\1/p' "$out/bench-load.txt")
throttled=$(sed -n 's/^throttled (429): //p' "$out/bench-load.txt")
echo "load: ${per_minute:-?} operations a minute (ceiling 1,200; target: as close as the limits allow, never throttled: ${throttled:-?})"
recovery=$(sed -n 's/^lost answers: .*, \([0-9.]*\) s at most.*/\1/p' "$out/bench-load.txt")
busy_throttled=$(sed -n 's/^busy machine .*; 429: \([a-z0-9() ]*\) (target: never)$/\1/p' "$out/bench-load.txt")
desktop_pace
json+="\"load_operations_per_minute\":${per_minute:-null},\"load_throttled\":\"${throttled:-unknown}\","
json+="\"load_lost_answer_recovery_max_s\":${recovery:-null},\"load_busy_throttled\":\"${busy_throttled:-unknown}\","

# Every target beside its figure, on screen and in results.json.
row() { printf '%-52s %-28s %s\n' "$1" "$2" "$3"; }
met() { awk -v v="$1" -v limit="$2" -v op="$3" 'BEGIN{ ok = (op == "<" ? v < limit : v <= limit); print (ok ? "yes" : "NO") }'; }
echo
row "target" "figure" "met"
if [ -n "${extract_1000000:-}" ]; then
  both=$(awk -v e="$extract_1000000" -v t="$transform_1000000" 'BEGIN{printf "%.1f", e+t}')
  row "extract + transform, 1,000,000 changes < 45 s" "${both} s" "$(met "$both" 45 "<")"
  json+="\"extract_transform_1000000_s\":$both,"
else
  row "extract + transform, 1,000,000 changes < 45 s" "not run (SIZES)" "-"
fi
peak_mb=$((peak_kb / 1024))
row "peak memory of any stage < 300 MB" "${peak_mb} MB" "$(met "$peak_mb" 300 "<")"
for entry in ${stage_peaks:-}; do
  IFS=: read -r size epk tpk <<<"$entry"
  row "  extract, $size changes < 300 MB" "${epk} MB" "$(met "$epk" 300 "<")"
  row "  transform, $size changes < 300 MB" "${tpk} MB" "$(met "$tpk" 300 "<")"
done
row "  incremental extract, transform < 300 MB" "$((inc_ekb / 1024)) MB, $((inc_tkb / 1024)) MB" \
  "$(met "$(( (inc_ekb > inc_tkb ? inc_ekb : inc_tkb) / 1024 ))" 300 "<")"
json+="\"peak_mb\":$peak_mb,"
if [ -n "${extract_1000000:-}" ] && [ -n "${extract_100000:-}" ]; then
  ratio=$(awk -v e1="$extract_1000000" -v t1="$transform_1000000" -v e0="$extract_100000" -v t0="$transform_100000" \
    'BEGIN{printf "%.1f", (e1+t1)/(e0+t0)}')
  row "1,000,000 run within 11x the 100,000 run" "${ratio}x" "$(met "$ratio" 11 "<=")"
  json+="\"ratio_1000000_to_100000\":$ratio,"
else
  row "1,000,000 run within 11x the 100,000 run" "not run (SIZES)" "-"
fi
row "extract within 3x the sqlite3 -json floor" "${floor_ratios}" "$(met "$floor_worst" 3 "<=")"
row "incremental: 100 changes over the largest < 2 s" "${inc} s" "$(met "$inc" 2 "<")"
row "load: as close to 1,200 a minute, never throttled" "${per_minute:-?} a minute, 429: ${throttled:-?}" \
  "$([ "${throttled:-}" = never ] && echo yes || echo NO)"
row "load: each lost answer settled in < 5 s" "${recovery:-?} s at most" "$(met "${recovery:-99}" 5 "<")"
row "load with both cores kept busy: never throttled" "429: ${busy_throttled:-?}" \
  "$([ "${busy_throttled:-}" = never ] && echo yes || echo NO)"
row "desktop load: >= 10 requests a second, no NoOp" "${desktop_rps:-?} a second, NoOp: ${desktop_noops:-?}" "$([ "${desktop_noops:-}" = 0 ] && met 10 "${desktop_rps:-0}" "<=" || echo NO)"
json+="\"extract_floor_worst_ratio\":$floor_worst}"
echo "$json" >"$out/results.json"
rm -rf "$out"/ws-*
echo "results: $out/results.json"
