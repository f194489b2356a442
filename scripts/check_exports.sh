#!/usr/bin/env bash
# Export a spread of plans and run them through real calendar parsers and Markdown
# renderers (the ics-check tools: check_ics.sh, check_md.sh).
#
# usage: scripts/check_exports.sh [--quick] [--keep DIR]
#
#   --quick     a handful of profiles instead of the whole spread (days 2-6 x
#               bodyweight/home/gym x four goals)
#   --keep DIR  keep the generated plans and exports in DIR (default: a temp folder)
#
# Every plan runs six weeks. Half the profiles export in Europe/Berlin from 2027-03-22
# (clocks change 03-28), half in America/New_York re-dated with `export --start 2027-10-18`
# (clocks change 11-07) and with an alarm. A profile planner refuses (not enough time for
# the goal: exit 1 with a reason) is counted as skipped, not failed. Sessions last 60 min
# for strength and hypertrophy, 45 for general fitness and 30 for endurance.
#
# Environment:
#   ICS_CHECK_DIR  folder with check_ics.sh and check_md.sh, set up with its setup.sh
#                  [../shared/tools/ics-check next to this repository]
#   PLANNER        command that runs planner [python3 -m planner]
#
# Exit status: 0 when every export passes every checker with no Outlook warning, 1 when
# any fails, 2 when the checkers are missing.
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
checks="${ICS_CHECK_DIR:-$repo/../shared/tools/ics-check}"
read -r -a planner <<<"${PLANNER:-python3 -m planner}"
quick=0
keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; shift ;;
    --keep) keep="${2:?--keep needs a folder}"; shift 2 ;;
    -h|--help) awk 'NR>1 && /^#/ {sub(/^# ?/, ""); print; next} NR>1 {exit}' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
if [ ! -x "$checks/check_ics.sh" ] || [ ! -x "$checks/check_md.sh" ]; then
  echo "no ics-check tools in $checks; set ICS_CHECK_DIR (and run its setup.sh)" >&2
  exit 2
fi

if [ -n "$keep" ]; then
  work="$keep"; mkdir -p "$work"
else
  work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fi
# Exports are compared across runs, so the clock is fixed; the user folders are empty so
# a machine's own cards do not change the plans.
export PLANNER_NOW="2027-03-01T12:00:00Z" XDG_DATA_HOME="$work/xdg-data" XDG_CACHE_HOME="$work/xdg-cache"
unset PLANNER_LIBRARY || true

if [ "$quick" = 1 ]; then
  profiles=("2 bodyweight general" "3 home hypertrophy" "4 gym strength" "5 gym endurance" "6 home general")
else
  profiles=()
  for days in 2 3 4 5 6; do
    for equipment in bodyweight home gym; do
      for goal in general strength hypertrophy endurance; do
        profiles+=("$days $equipment $goal")
      done
    done
  done
fi

made=0 skipped=0 ics_ok=0 ics_fail=0 md_ok=0 md_fail=0 n=0
for profile in "${profiles[@]}"; do
  read -r days equipment goal <<<"$profile"
  name="d${days}-${equipment}-${goal}"
  n=$((n + 1))
  case "$goal" in strength|hypertrophy) minutes=60 ;; endurance) minutes=30 ;; *) minutes=45 ;; esac
  # New York's clocks change on 2027-03-14 and 2027-11-07: re-date those exports to cross the autumn one
  if [ $((n % 2)) = 0 ]; then
    zone="America/New_York"; extra=(--alarm 30 --start 2027-10-18)
  else
    zone="Europe/Berlin"; extra=()
  fi
  if ! "${planner[@]}" plan --days "$days" --equipment "$equipment" --goal "$goal" --minutes "$minutes" --weeks 6 \
      --start 2027-03-22 --output "$work/$name.toml" --force >/dev/null 2>"$work/$name.err"; then
    echo "SKIP $name: $(tail -n 1 "$work/$name.err" | cut -c1-160)"
    skipped=$((skipped + 1))
    continue
  fi
  made=$((made + 1))
  if ! "${planner[@]}" export "$work/$name.toml" --format ics --tz "$zone" --time 18:30 "${extra[@]}" \
      --output "$work/$name.ics" --force 2>"$work/$name.err" \
    || ! "${planner[@]}" export "$work/$name.toml" --format md --output "$work/$name.md" --force 2>"$work/$name.err"; then
    echo "FAIL $name: export failed: $(tail -n 1 "$work/$name.err")"
    ics_fail=$((ics_fail + 1)); md_fail=$((md_fail + 1))
    continue
  fi
  good=1
  ics_out="$("$checks/check_ics.sh" "$work/$name.ics" 2>&1)"; ics_rc=$?
  if [ $ics_rc = 0 ] && ! grep -q "warn:" <<<"$ics_out"; then
    ics_ok=$((ics_ok + 1))
  else
    ics_fail=$((ics_fail + 1)); good=0
    echo "FAIL $name.ics ($zone):"; grep -E "^FAIL|warn:" <<<"$ics_out" | sed 's/^/    /'
  fi
  md_out="$("$checks/check_md.sh" "$work/$name.md" 2>&1)"; md_rc=$?
  if [ $md_rc = 0 ]; then
    md_ok=$((md_ok + 1))
  else
    md_fail=$((md_fail + 1)); good=0
    echo "FAIL $name.md:"; grep -E "^FAIL" <<<"$md_out" | sed 's/^/    /'
  fi
  [ $good = 1 ] && echo "OK   $name ($zone)"
done

echo "profiles: ${#profiles[@]}, plans made: $made, refused by planner: $skipped"
echo "ics: $ics_ok passed, $ics_fail failed;  md: $md_ok passed, $md_fail failed"
[ $ics_fail = 0 ] && [ $md_fail = 0 ]
