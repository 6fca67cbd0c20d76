#!/usr/bin/env bash
# run.sh — entry point of the end-to-end suite (real browser, axe-core, Nu HTML checker, PDFs).
#
# Owns: installing what the suite needs when it is missing (Debian's chromium and fonts,
# poppler-utils, python3, Java 17; `npm ci` of tests/e2e), building the example site into
# a temporary folder, running the check steps, and the summary. Exits non-zero on any
# failure. Artefacts (screenshots, reports, summary.json) go to tests/e2e/artifacts/.
#
#   bash tests/e2e/run.sh                                     # builds with `cargo run --locked`
#   BAROGRAPH_BIN=target/release/barograph bash tests/e2e/run.sh   # use a prebuilt binary
#   E2E_SITE=/path/to/built/site bash tests/e2e/run.sh        # check an already built site
#   E2E_KEEP_SITE=1 …                                         # keep the temporary build
#
# The steps: browser.mjs (crawl + Chromium checks), nu.mjs (vnu), files.mjs (XML/SVG/JSON/
# CSV well-formedness), pdf.mjs (pdfinfo/pdffonts/pdftotext); summary.mjs adds them up.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
ART="$HERE/artifacts"
START=$(date +%s)
STEPS=(browser nu files pdf)

say() { printf '\n== e2e: %s\n' "$*"; }

# ---- system packages, installed only when missing --------------------------------------
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-liberation fonts-dejavu-core)
for tool in pdfinfo pdffonts pdftotext pdftoppm; do
  command -v "$tool" >/dev/null 2>&1 || { missing+=(poppler-utils); break; }
done
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing missing system packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "error: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    SUDO="sudo"
  fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
command -v node >/dev/null 2>&1 || { echo "error: Node.js 20+ is required (node not found)" >&2; exit 1; }
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' \
  || { echo "error: Node.js 20+ is required, found $(node --version)" >&2; exit 1; }

# ---- node packages (exact versions from package-lock.json) ----------------------------
say "npm ci (tests/e2e)"
# --ignore-scripts: vnu-jar's postinstall would try to download a Java runtime; we use
# the system's Java 17.
(cd "$HERE" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

rm -rf "$ART"
mkdir -p "$ART/results"

# ---- the site ----------------------------------------------------------------------------
TMP=""
cleanup() {
  if [ -n "$TMP" ]; then
    if [ "${E2E_KEEP_SITE:-}" = "1" ]; then echo "e2e: kept the built site in $TMP/site"; else rm -rf "$TMP"; fi
  fi
}
trap cleanup EXIT

build_status=0
SUB_URL="https://barometre.example.org/sub/path/"
SUB_SITE=""
if [ -n "${E2E_SITE:-}" ]; then
  SITE="$(cd "$E2E_SITE" && pwd)"
  # E2E_SUB_SITE: the same site built with --base-url …/sub/path/ (else the sub-path run is skipped).
  [ -n "${E2E_SUB_SITE:-}" ] && SUB_SITE="$(cd "$E2E_SUB_SITE" && pwd)"
  say "checking the already built site $SITE (E2E_SITE)"
else
  TMP="$(mktemp -d "${TMPDIR:-/tmp}/barograph-e2e.XXXXXX")"
  SITE="$TMP/site"
  # The same site built for a sub-path, served under it by browser.mjs.
  SUB_SITE="$TMP/site-sub"
  if [ -n "${BAROGRAPH_BIN:-}" ]; then
    BIN="$BAROGRAPH_BIN"
    case "$BIN" in /*) ;; *) [ -e "$BIN" ] && BIN="$(pwd)/$BIN" || BIN="$ROOT/$BIN" ;; esac
    say "building the example site with $BIN"
    (cd "$ROOT" && "$BIN" build --output "$SITE" && "$BIN" build --output "$SUB_SITE" --base-url "$SUB_URL") 2>&1 | tee "$ART/build.log" || build_status=$?
  else
    say "building the example site with cargo run --locked (the first build takes long)"
    (cd "$ROOT" && cargo run --locked -- build --output "$SITE" && cargo run --locked -- build --output "$SUB_SITE" --base-url "$SUB_URL") 2>&1 | tee "$ART/build.log" || build_status=$?
  fi
  if [ "$build_status" -ne 0 ] || [ ! -f "$SITE/index.html" ]; then
    echo "e2e: the site build failed (exit $build_status); see $ART/build.log" >&2
    node "$HERE/summary.mjs" --build-failed --seconds $(( $(date +%s) - START )) || true
    exit 1
  fi
fi

# ---- the checks: each runs even if an earlier one failed -------------------------------
for step in "${STEPS[@]}"; do
  say "$step"
  if [ "$step" = browser ] && [ -n "$SUB_SITE" ]; then
    node "$HERE/$step.mjs" --site "$SITE" --sub-site "$SUB_SITE" || true
  else
    node "$HERE/$step.mjs" --site "$SITE" || true
  fi
done

say "summary"
node "$HERE/summary.mjs" --seconds $(( $(date +%s) - START )) "${STEPS[@]}"
