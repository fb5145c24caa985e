#!/usr/bin/env bash
# The performance budgets that only a whole process shows: CLI commands from start to exit,
# peak memory, the workbench's first frame and its keystroke-to-frame time in a real
# pseudo-terminal. The in-process budgets are `cargo bench --bench budgets`.
#
#   benches/processes.sh            build the release binary, measure, print a table
#   RUNS=50 benches/processes.sh    more runs per command (default 30)
#   LARGEST=dropbox benches/processes.sh   another problem as "the largest" (default
#                                   ride-sharing, the one with the most estimate rows)
#
# Needs hyperfine, GNU time (/usr/bin/time) and script (util-linux); on Debian:
# apt-get install hyperfine time bsdutils. Prints the machine it ran on first: the budgets
# are stated for two cores, and a busy machine shows up in the load average.
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${RUNS:-30}"
largest="${LARGEST:-ride-sharing}"
for tool in hyperfine /usr/bin/time script awk; do
  command -v "$tool" >/dev/null || { echo "processes.sh: $tool is not installed" >&2; exit 2; }
done

cargo build --release --quiet
sdw="$PWD/${CARGO_TARGET_DIR:-target}/release/sdw"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SDW_DATA_DIR="$work/data" # recent files and history stay out of the user's own
cd "$work"
"$sdw" new "$largest" --reference -o largest.toml --force >/dev/null
# The generated design is the benches' own, written by the bench binary.
cargo bench --manifest-path "$OLDPWD/Cargo.toml" --bench budgets --quiet -- --write-large-design "$work/large.toml"

echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "largest problem: $largest; generated design: 300 components, 600 links, 150 estimate rows"
echo
printf '%-52s %10s %11s %11s\n' "what" "budget" "median" "fastest"

# One line of the table: what, its budget, and the figures measured (in the budget's unit).
report() { # $1 label, $2 budget, $3 unit, $4 median, $5 fastest (may be empty)
  awk -v label="$1" -v budget="$2" -v unit="$3" -v median="$4" -v fastest="${5:-}" 'BEGIN {
    printf "%-52s %10s %8.2f %-2s", label, "< " budget " " unit, median, unit
    if (fastest != "") printf " %7.2f %-2s", fastest, unit; else printf " %10s", ""
    printf " %8s\n", (median < budget ? "ok" : "OVER")
  }'
}

# Median and fastest of a command over $runs runs, in ms.
row() { # $1 label, $2 budget in ms, $3 command
  if ! hyperfine -N -w 3 -r "$runs" --export-csv "$work/h.csv" "$3" >/dev/null 2>&1; then
    printf '%-52s %10s %10s\n' "$1" "< $2 ms" "FAILED"
    return
  fi
  report "$1" "$2" ms $(awk -F, 'NR == 2 { print $4 * 1000, $7 * 1000 }' "$work/h.csv")
}
row "sdw list" 10 "$sdw list"
row "sdw estimate $largest --json" 25 "$sdw estimate $largest --json"
row "sdw export $largest" 40 "$sdw export $largest"
row "generated design: sdw check" 50 "$sdw check large.toml"
row "generated design: sdw estimate --json" 50 "$sdw estimate large.toml --json"
row "generated design: sdw export (Markdown)" 50 "$sdw export large.toml -o large.md"
row "generated design: sdw export --format mermaid" 50 "$sdw export large.toml --format mermaid -o large.mmd.md"

# Peak resident memory of every kind of CLI command, the largest inputs each takes.
peak=0
peak_of=""
for command in "list" "show $largest" "estimate $largest --json" "export $largest" "check" "review $largest" \
  "check large.toml" "estimate large.toml --json" "export large.toml -o large.md" \
  "export large.toml --format json -o large.json" "export large.toml --format mermaid -o large.mmd.md"; do
  # shellcheck disable=SC2086 # the command's words are meant to split
  kb=$(/usr/bin/time -f '%M' "$sdw" $command 2>&1 >/dev/null | tail -1)
  if [ "$kb" -gt "$peak" ]; then peak=$kb; peak_of="sdw $command"; fi
done
report "peak memory of any CLI command" 40 MB "$(awk -v kb="$peak" 'BEGIN { print kb / 1024 }')"
echo "  (the most: $peak_of)"

# The workbench in a pseudo-terminal, its SDW_TIMING log read back. Keys go in through
# `script`, each after the frame before it has long been drawn.
workbench() { # $1 design file, $2 the keys, as a shell command that prints them with pauses
  rm -f "$work/timing.log" "$1".sdw-recovery* ".$1".sdw-lock*
  eval "$2" | script -qec "stty cols 200 rows 60; SDW_TIMING=1 $sdw open $1 2>>$work/timing.log" /dev/null >/dev/null 2>&1 \
    || true
}
# `SDW_TIMING` durations (`12.3ms`, `870.4µs`) on stdin, one a line, as milliseconds, sorted.
milliseconds() {
  sed -n 's/^\([0-9.]*\)\(ms\|µs\)$/\1 \2/p' | awk '{ print ($2 == "ms") ? $1 : $1 / 1000 }' | sort -n
}
median() { awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; } # of sorted numbers
first_frames() { # $1 design file, $2 label
  for _ in 1 2 3 4 5 6 7; do
    workbench "$1" "sleep 0.5; printf q"
    sed -n 's/.*first frame \([0-9.]*[mµ]s\).*/\1/p' "$work/timing.log"
  done | milliseconds >"$work/first-frames"
  report "$2" 50 ms "$(median <"$work/first-frames")" "$(head -1 "$work/first-frames")"
}
first_frames largest.toml "sdw open: first frame ($largest)"
first_frames large.toml "sdw open: first frame (generated design)"

# Keystrokes in the first assumption of the estimates screen, which most figures use, in a
# 200x60 terminal. After its first digit, type a 0 and take it back, sixty times. One 0 goes
# first, so that each timed keystroke changes every figure that uses the value, relative to
# the last full evaluation too (restoring that evaluation's value is nearly free).
keys='sleep 0.6; printf 2; sleep 0.2; printf "\r"; sleep 0.2; printf "\033[H"; sleep 0.1; printf "\033[C"; sleep 0.1
  printf 0; sleep 0.1
  for _ in $(seq 60); do printf 0; sleep 0.05; printf "\177"; sleep 0.05; done
  printf "\003"; sleep 0.2; printf q; sleep 0.2'
workbench largest.toml "$keys"
# The frames that answer the 120 timed keys: after the five keys before them (2, Enter, Home,
# Right and the first 0), and before the Ctrl-C and q that end it.
grep 'input to frame' "$work/timing.log" | sed -n '6,125p' | sed 's/.*input to frame //' | milliseconds >"$work/keys"
report "keystroke to frame, estimates screen (real binary)" 4 ms "$(median <"$work/keys")" "$(head -1 "$work/keys")"
awk '{ v[NR] = $1; if ($1 > 4) over++ }
  END { printf "  (%d keystrokes: 90th percentile %.2f ms, slowest %.2f ms, %d over 4 ms)\n", NR, v[int(NR * 0.9)], v[NR], over }' "$work/keys"
