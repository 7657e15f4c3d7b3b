#!/usr/bin/env bash
# Checks built sites the way real clients do (issue: pages validate, links resolve, feeds and
# sitemap are valid, no serious accessibility violations): the sample site and a 300-document
# gen-corpus site, with the shared sitecheck tools (W3C Nu checker, link checker, feedparser +
# sitemap XSD, axe-core in headless Chromium). Exit status is non-zero on any finding.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

SHARED=""
for candidate in "${BANTIN_SHARED:-}" "$ROOT/../shared" /work/shared; do
  if [ -n "$candidate" ] && [ -d "$candidate/tools/sitecheck" ]; then SHARED=$(cd "$candidate" && pwd); break; fi
done
if [ -z "$SHARED" ]; then
  echo "site-checks: ../shared/tools/sitecheck not found; set BANTIN_SHARED" >&2
  exit 1
fi
T="$SHARED/tools/sitecheck"

# Idempotent: installs chromium, libxml2-utils, the npm packages and feedparser when missing.
if [ ! -x /usr/bin/chromium ] || ! command -v xmllint >/dev/null || [ ! -d "$T/node_modules/vnu-jar" ] || [ ! -x "$T/.venv/bin/python" ]; then
  (cd "$T" && bash ./setup.sh)
fi

cargo build --release --quiet
BANTIN="$ROOT/target/release/bantin"
WORK=$(mktemp -d /tmp/bantin-sitecheck.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# The sample site.
"$BANTIN" build --root "$ROOT" --output "$WORK/sample"
# A 300-document gen-corpus site.
mkdir -p "$WORK/corpus"
"$SHARED/tools/gen-corpus" --count 300 --out "$WORK/corpus/content" --quiet
printf 'base_url = "https://example.vn/"\n' > "$WORK/corpus/config.toml"
"$BANTIN" build --root "$WORK/corpus" --output "$WORK/corpus-out" 2> "$WORK/corpus-build.log" || { cat "$WORK/corpus-build.log"; exit 1; }

status=0
for site in "$WORK/sample" "$WORK/corpus-out"; do
  echo "== $site"
  "$T/html-validate.sh" "$site" || status=1
  "$T/links.sh" --auto-base --no-lychee "$site" || status=1
  "$T/feeds.sh" "$site" || status=1
done
# axe-core: home, a province, a directive and a document page of each site; the issue asks
# for 0 serious or critical violations (a11y.mjs itself fails on any, even minor ones).
a11y() {
  local out
  out=$(node "$T/a11y.mjs" "$@" 2>&1) || true
  echo "$out"
  local summary
  summary=$(echo "$out" | grep '^SUMMARY a11y' || true)
  if [ -z "$summary" ] || ! echo "$summary" | grep -q ' critical=0 ' || ! echo "$summary" | grep -q ' serious=0 ' || echo "$summary" | grep -q 'load_failures='; then
    echo "a11y: serious or critical violations (or pages failed to load)" >&2
    status=1
  fi
}
# First entry of a folder, by glob: `ls | head -1` dies of SIGPIPE under pipefail once the
# folder is larger than a pipe buffer.
first_entry() { local entries=("$1"/*/); basename "${entries[0]}"; }
doc=$(first_entry "$WORK/sample/van-ban")
a11y "$WORK/sample" / /tinh/son-la/ /chi-dao/05-ct-tw-2016/ "/van-ban/$doc/" --out "$WORK/a11y-sample"
cdoc=$(first_entry "$WORK/corpus-out/van-ban")
cprov=$(first_entry "$WORK/corpus-out/tinh")/
a11y "$WORK/corpus-out" / "/tinh/$cprov" /chi-dao/05-ct-tw-2016/ "/van-ban/$cdoc/" --out "$WORK/a11y-corpus"
echo "site-checks: $([ $status = 0 ] && echo clean || echo FAILED)"
exit $status
