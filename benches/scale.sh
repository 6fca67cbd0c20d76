#!/usr/bin/env bash
# Side-by-side build timings for docs/performance.md: barograph against Hugo (Debian
# `hugo`) and the Typst CLI (`typst`, installed with `cargo install typst-cli`), all run
# in the same session with hyperfine (medians), plus peak memory (GNU time) and output
# size (du, hard links counted once).
#
#   bash benches/scale.sh [SIZES...]        # default sizes: 10 100 1000 10000
#
# Needs: a release build (cargo build --release --examples), hyperfine, hugo, typst,
# GNU time (/usr/bin/time). Scratch files go to $TMPDIR/barograph-scale.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="$PWD/target/release/barograph"
SCALE="$PWD/target/release/examples/scale_site"
DUMP="$PWD/target/release/examples/dump_infographic"
WORK="${TMPDIR:-/tmp}/barograph-scale"
SIZES=("${@:-10 100 1000 10000}")
read -r -a SIZES <<< "${SIZES[*]}"
for tool in hyperfine hugo typst /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "error: $tool is needed" >&2; exit 1; }
done
[ -x "$BIN" ] && [ -x "$SCALE" ] && [ -x "$DUMP" ] || { echo "error: run cargo build --release --examples first" >&2; exit 1; }
mkdir -p "$WORK"
median() { python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$1"; }

echo "== the example: barograph cold build vs Hugo (10 pages) + Typst CLI (infographic)"
"$SCALE" --articles 10 --out "$WORK/p10" --hugo "$WORK/hugo10" >/dev/null
"$DUMP" "$WORK/typst" >/dev/null
hyperfine -N --warmup 3 --runs 30 --export-json "$WORK/example.json" \
  --prepare "rm -rf $WORK/ex-out $WORK/.ex-out.barograph-cache" \
  -n "barograph cold build (example)" "$BIN build --output $WORK/ex-out" >/dev/null
hyperfine -N --warmup 3 --runs 30 --export-json "$WORK/hugo10.json" \
  -n "hugo (10 pages)" "hugo --quiet --source $WORK/hugo10 --destination $WORK/hugo10-out" >/dev/null
hyperfine -N --warmup 3 --runs 30 --export-json "$WORK/typst.json" \
  -n "typst compile (infographic)" "typst compile --root $WORK/typst --font-path $WORK/typst/fonts $WORK/typst/templates/infographic.typ $WORK/typst/out.pdf" >/dev/null
"$BIN" build --output "$WORK/ex-out" >/dev/null
hyperfine -N --warmup 3 --runs 50 --export-json "$WORK/noop.json" \
  -n "barograph no-op rebuild (example)" "$BIN build --output $WORK/ex-out" >/dev/null
b=$(median "$WORK/example.json"); h=$(median "$WORK/hugo10.json"); t=$(median "$WORK/typst.json"); n=$(median "$WORK/noop.json")
python3 -c "b,h,t=$b,$h,$t; print(f'barograph cold {b} ms; hugo {h} ms + typst {t} ms = {h+t:.1f} ms; ratio {b/(h+t):.2f} (target <= 0.33)')"
echo "barograph no-op rebuild (example): $n ms (target <= 15 ms)"

echo
echo "== scale: N articles (M = N/100 surveys)"
printf '%8s | %12s | %10s | %12s | %10s | %10s\n' N "barograph ms" "peak MB" "output" "hugo ms" "ratio"
for n in "${SIZES[@]}"; do
  "$SCALE" --articles "$n" --out "$WORK/p$n" --hugo "$WORK/hugo$n" >/dev/null
  runs=10; [ "$n" -ge 1000 ] && runs=3; [ "$n" -ge 10000 ] && runs=1
  hyperfine -N --runs "$runs" --export-json "$WORK/b$n.json" \
    --prepare "rm -rf $WORK/o$n $WORK/.o$n.barograph-cache" \
    "$BIN build --root $WORK/p$n --output $WORK/o$n" >/dev/null
  hyperfine -N --runs "$runs" --export-json "$WORK/h$n.json" \
    --prepare "rm -rf $WORK/ho$n" \
    "hugo --quiet --source $WORK/hugo$n --destination $WORK/ho$n" >/dev/null
  rm -rf "$WORK/o$n" "$WORK/.o$n.barograph-cache"
  peak=$( { /usr/bin/time -f '%M' "$BIN" build --root "$WORK/p$n" --output "$WORK/o$n" >/dev/null; } 2>&1 | tail -1 )
  size=$(du -sh "$WORK/o$n" | cut -f1)
  b=$(median "$WORK/b$n.json"); h=$(median "$WORK/h$n.json")
  printf '%8s | %12s | %10s | %12s | %10s | %10s\n' "$n" "$b" "$((peak / 1024))" "$size" "$h" "$(python3 -c "print(f'{$b/$h:.2f}')")"
done
