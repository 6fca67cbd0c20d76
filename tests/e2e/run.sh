#!/usr/bin/env bash
# run.sh — entry point of the end-to-end suite (real browser, axe-core, Nu HTML checker, PDFs).
#
# Owns: installing what the suite needs when it is missing (Debian's chromium and fonts,
# poppler-utils, python3 with PyYAML, Java 17, LibreOffice Writer; `npm ci` of tests/e2e), building the example
# site and every valid fixture project (tests/fixtures/valid/*/, each with the same binary
# into its own temporary folder), running the check steps on each, and the summary. Exits
# non-zero on any failure. Artefacts (screenshots, reports, summary.json) go to
# tests/e2e/artifacts/ (a fixture's to tests/e2e/artifacts/fixtures/<name>/).
#
#   bash tests/e2e/run.sh                                     # builds with `cargo build --locked`
#   BAROGRAPH_BIN=target/release/barograph bash tests/e2e/run.sh   # use a prebuilt binary
#   E2E_SITE=/path/to/built/site bash tests/e2e/run.sh        # check an already built site
#                                  (the fixtures too only with BAROGRAPH_BIN; E2E_PROJECT:
#                                  the project it was built from, default the repository)
#   E2E_FIXTURES=0 …                                          # skip the fixture projects
#   E2E_KEEP_SITE=1 …                                         # keep the temporary builds
#
# The steps: browser.mjs (crawl + Chromium checks), nu.mjs (vnu), files.mjs (XML/SVG/JSON/
# CSV well-formedness), pdf.mjs (pdfinfo/pdffonts/pdftotext, the tag tree against the
# project's data), kit.mjs (the press kits, their Word files in LibreOffice, a chart
# embedded in another page); summary.mjs adds them up. The example gets its expectations
# (expectations.json, the full browser matrix); a fixture's site the generic checks, in
# the browser at 320 and 1280 px only (see browser.mjs).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
ART="$HERE/artifacts"
START=$(date +%s)
STEPS=(browser nu files pdf kit dark)

say() { printf '\n== e2e: %s\n' "$*"; }

# ---- system packages, installed only when missing --------------------------------------
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-liberation fonts-dejavu-core)
for tool in pdfinfo pdffonts pdftotext pdftoppm; do
  command -v "$tool" >/dev/null 2>&1 || { missing+=(poppler-utils); break; }
done
command -v python3 >/dev/null 2>&1 || missing+=(python3)
python3 -c 'import yaml' >/dev/null 2>&1 || missing+=(python3-yaml)
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
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

# ---- the sites ----------------------------------------------------------------------------
TMP=""
cleanup() {
  if [ -n "$TMP" ]; then
    if [ "${E2E_KEEP_SITE:-}" = "1" ]; then echo "e2e: kept the built sites in $TMP"; else rm -rf "$TMP"; fi
  fi
}
trap cleanup EXIT

build_status=0
SUB_URL="https://barometre.example.org/sub/path/"
SUB_SITE=""
BIN=""
PROJECT="$ROOT"
if [ -n "${BAROGRAPH_BIN:-}" ]; then
  BIN="$BAROGRAPH_BIN"
  case "$BIN" in /*) ;; *) [ -e "$BIN" ] && BIN="$(pwd)/$BIN" || BIN="$ROOT/$BIN" ;; esac
fi
if [ -n "${E2E_SITE:-}" ]; then
  SITE="$(cd "$E2E_SITE" && pwd)"
  PROJECT="$(cd "${E2E_PROJECT:-$ROOT}" && pwd)"
  # E2E_SUB_SITE: the same site built with --base-url …/sub/path/ (else the sub-path run is skipped).
  [ -n "${E2E_SUB_SITE:-}" ] && SUB_SITE="$(cd "$E2E_SUB_SITE" && pwd)"
  say "checking the already built site $SITE (E2E_SITE)"
  if [ -n "$BIN" ] && [ "${E2E_FIXTURES:-1}" != 0 ]; then TMP="$(mktemp -d "${TMPDIR:-/tmp}/barograph-e2e.XXXXXX")"; fi
else
  TMP="$(mktemp -d "${TMPDIR:-/tmp}/barograph-e2e.XXXXXX")"
  SITE="$TMP/site"
  # The same site built for a sub-path, served under it by browser.mjs.
  SUB_SITE="$TMP/site-sub"
  : > "$ART/build.log"
  if [ -z "$BIN" ]; then
    say "building barograph with cargo build --locked (the first build takes long)"
    # The binary is copied out of target/: every site of this run is built by the same one,
    # even if something rebuilds target/ meanwhile.
    (cd "$ROOT" && cargo build --locked --message-format=json-render-diagnostics >"$TMP/cargo.json") 2>&1 | tee -a "$ART/build.log" || build_status=$?
    if [ "$build_status" -eq 0 ]; then
      built="$(node -e '
        const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
        const a = lines.filter((m) => m.reason === "compiler-artifact" && m.executable && m.target.name === "barograph").pop();
        process.stdout.write(a ? a.executable : "");' "$TMP/cargo.json")"
      if [ -n "$built" ] && cp "$built" "$TMP/barograph"; then BIN="$TMP/barograph"; else build_status=1; fi
    fi
  fi
  if [ "$build_status" -eq 0 ]; then
    say "building the example site with $BIN"
    (cd "$ROOT" && "$BIN" build --output "$SITE" && "$BIN" build --output "$SUB_SITE" --base-url "$SUB_URL") 2>&1 | tee -a "$ART/build.log" || build_status=$?
  fi
  if [ "$build_status" -ne 0 ] || [ ! -f "$SITE/index.html" ]; then
    echo "e2e: the site build failed (exit $build_status); see $ART/build.log" >&2
    node "$HERE/summary.mjs" --build-failed --seconds $(( $(date +%s) - START )) || true
    exit 1
  fi
fi

# The fixture projects: every folder of tests/fixtures/valid/ with a site.yaml.
FIXTURES=()
FIXTURES_FAILED=()
declare -A PROJECTS=()
if [ "${E2E_FIXTURES:-1}" = 0 ]; then
  say "fixture projects skipped (E2E_FIXTURES=0)"
elif [ -z "$BIN" ]; then
  say "fixture projects skipped: checking an already built site (E2E_SITE) without BAROGRAPH_BIN to build them"
else
  # The projects `barograph init` makes, in French and in English: a newcomer's first
  # build must pass the same bars.
  for lang in fr en; do
    mkdir -p "$TMP/projects"
    if "$BIN" init "$TMP/projects/init-$lang" --language "$lang" -q 2>&1 | tee -a "$ART/build.log"; then
      PROJECTS["init-$lang"]="$TMP/projects/init-$lang"
    else
      echo "e2e: barograph init --language $lang failed; see $ART/build.log" >&2
      FIXTURES_FAILED+=("init-$lang")
    fi
  done
  for dir in "$ROOT"/tests/fixtures/valid/*/ "${PROJECTS[@]/%//}"; do
    name="$(basename "$dir")"
    [ -n "${PROJECTS[$name]:-}" ] || PROJECTS["$name"]="${dir%/}"
    if [ ! -f "$dir/site.yaml" ]; then echo "e2e: tests/fixtures/valid/$name has no site.yaml: not a project, skipped"; continue; fi
    say "building the fixture project $name"
    if "$BIN" build --root "$dir" --output "$TMP/fixtures/$name" 2>&1 | tee -a "$ART/build.log" \
      && [ -f "$TMP/fixtures/$name/index.html" ]; then
      FIXTURES+=("$name")
    else
      echo "e2e: the build of tests/fixtures/valid/$name failed; see $ART/build.log" >&2
      FIXTURES_FAILED+=("$name")
    fi
  done
fi
fixture_site() { printf '%s/fixtures/%s' "$TMP" "$1"; }

# ---- the checks: each runs even if an earlier one failed -------------------------------
for step in "${STEPS[@]}"; do
  say "$step"
  case "$step" in
    browser)
      if [ -n "$SUB_SITE" ]; then node "$HERE/browser.mjs" --site "$SITE" --sub-site "$SUB_SITE" || true
      else node "$HERE/browser.mjs" --site "$SITE" || true; fi
      for name in "${FIXTURES[@]}"; do
        node "$HERE/browser.mjs" --site "$(fixture_site "$name")" --fixture "$name" || true
      done ;;
    nu)
      # One Java start-up for every site.
      nu_args=()
      for name in "${FIXTURES[@]}"; do nu_args+=(--fixture-site "$name=$(fixture_site "$name")"); done
      node "$HERE/nu.mjs" --site "$SITE" "${nu_args[@]}" || true ;;
    pdf)
      node "$HERE/pdf.mjs" --site "$SITE" --project "$PROJECT" || true
      for name in "${FIXTURES[@]}"; do
        node "$HERE/pdf.mjs" --site "$(fixture_site "$name")" --project "${PROJECTS[$name]}" --fixture "$name" || true
      done ;;
    *)
      node "$HERE/$step.mjs" --site "$SITE" || true
      for name in "${FIXTURES[@]}"; do
        node "$HERE/$step.mjs" --site "$(fixture_site "$name")" --fixture "$name" || true
      done ;;
  esac
done

say "summary"
join() { local IFS=,; printf '%s' "$*"; }
node "$HERE/summary.mjs" --seconds $(( $(date +%s) - START )) --fixtures "$(join "${FIXTURES[@]}")" \
  --fixture-build-failed "$(join "${FIXTURES_FAILED[@]}")" "${STEPS[@]}"
