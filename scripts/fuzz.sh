#!/usr/bin/env bash
# Fuzzes bantin's input parsers with cargo-fuzz (libFuzzer), one target at a time: the
# machine has 2 cores shared with others.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#   FUZZ_ARGS="-max_len=4096" scripts/fuzz.sh 300 frontmatter
#
# Default: 300 s each for frontmatter, date, slug and markdown (add `import` by name).
# Only the stable toolchain exists here; RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass its
# nightly-only sanitizer flags. Corpora grow in fuzz/corpus/<target> (seeded from the
# hostile fixtures and the sample content), crashes land in fuzz/artifacts/<target>, and a
# summary of executions and findings is printed at the end. Every crash found should become
# a regression test (tests/hostile*.rs or a unit test beside the code).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

secs=${1:-300}
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(frontmatter date slug markdown)

if ! command -v cargo-fuzz >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
export RUSTC_BOOTSTRAP=1

seed() {
    local t=$1 dir="$root/fuzz/corpus/$1"
    mkdir -p "$dir"
    case $t in
        frontmatter | markdown)
            for f in "$root"/tests/fixtures/hostile/*.md "$root"/content/*.md "$root"/content/*/*.md; do
                [ -f "$f" ] && cp "$f" "$dir/seed-$(basename "$f")"
            done
            ;;
        date)
            local i=0
            for d in "12/5/2022" "2022-05-12" "5/2023" "2023" "31/02/2024" "05/13/2024" \
                "ngày 12 tháng 5 năm 2022" "tháng 5 năm 2023" "năm 2023" "12.5.2022" "29-2-2024"; do
                printf '%s' "$d" > "$dir/seed-$i"
                i=$((i + 1))
            done
            ;;
        slug)
            local i=0
            for s in "Hoà Bình" "Hòa Bình" "Bà Rịa - Vũng Tàu" "05-CT/TW" "../../etc" "C:\\x" \
                "Đảng ủy Khối" "TỈNH ỦY SƠN LA" "---"; do
                printf '%s' "$s" > "$dir/seed-$i"
                i=$((i + 1))
            done
            ;;
    esac
}

status=0
summary=()
for t in "${targets[@]}"; do
    seed "$t"
    args=(-max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1)
    [ -f "$root/fuzz/$t.dict" ] && args+=(-dict="$root/fuzz/$t.dict")
    [ "$t" = markdown ] && args+=(-max_len=16384)
    # Extra libFuzzer flags for every target, e.g. FUZZ_ARGS="-max_len=4096 -jobs=1".
    read -r -a extra <<<"${FUZZ_ARGS:-}"
    args+=("${extra[@]}")
    log="$root/fuzz/artifacts/$t.log"
    mkdir -p "$root/fuzz/artifacts/$t"
    echo "== $t: ${secs}s"
    (cd "$root/fuzz" && cargo fuzz run "$t" -- "${args[@]}") >"$log" 2>&1
    rc=$?
    runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -1)
    [ -z "$runs" ] && runs=$(grep -Eo '^#[0-9]+' "$log" | tail -1 | tr -d '#')
    crashes=$(find "$root/fuzz/artifacts/$t" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l)
    corpus=$(find "$root/fuzz/corpus/$t" -type f | wc -l)
    summary+=("$(printf '%-12s %12s executions  %4s findings  corpus %6s  exit %s' "$t" "${runs:-?}" "$crashes" "$corpus" "$rc")")
    if [ $rc -ne 0 ] || [ "$crashes" -ne 0 ]; then
        status=1
        grep -E 'panicked|ERROR: libFuzzer|SUMMARY|Test unit written' "$log" | head -20
    fi
done

echo
echo "target       executions                 findings  (logs: fuzz/artifacts/<target>.log)"
printf '%s\n' "${summary[@]}"
exit $status
