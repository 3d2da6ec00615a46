#!/usr/bin/env bash
# Builds the web app into frontend/dist with pinned, already-installed tools (no download):
# cargo (wasm32), wasm-bindgen-cli at the Cargo.lock version, wasm-opt from binaryen.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
target_dir="${CARGO_TARGET_DIR:-target}"
case "$target_dir" in
  /*) ;;
  *) target_dir="$root/$target_dir" ;;
esac
dist="$here/dist"

want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' "$root/Cargo.lock")"
have="$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)"
if [ "$have" != "$want" ]; then
  echo "wasm-bindgen-cli $want is needed (found '${have:-none}'):" >&2
  echo "  cargo install wasm-bindgen-cli --version $want" >&2
  exit 1
fi
command -v wasm-opt >/dev/null || { echo "wasm-opt is needed: apt-get install -y binaryen" >&2; exit 1; }

cd "$root"
CARGO_TARGET_DIR="$target_dir" cargo build -p frontend --target wasm32-unknown-unknown --profile wasm-release

rm -rf "$dist"
mkdir -p "$dist"
# Without the name section the wasm is 40 % smaller, and old binaryen releases cannot mis-resolve names.
wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
  --out-dir "$dist" --out-name frontend "$target_dir/wasm32-unknown-unknown/wasm-release/frontend.wasm"

# wasm-opt shaves a few more percent. Debian's binaryen 108 rewrites the export of wasm-bindgen's externref
# table to the funcref table (the page then fails with "WebAssembly.Table.set(): Argument 1 is invalid"),
# so keep its output only when the exported table is still the externref one.
wasm="$dist/frontend_bg.wasm"
if wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-reference-types \
  --enable-sign-ext --enable-mutable-globals --enable-multivalue -o "$wasm.opt" "$wasm"; then
  wat="$(wasm-dis "$wasm.opt")"
  table="$(sed -n 's/.*(export "__wbindgen_externrefs" (table \([^)]*\))).*/\1/p' <<<"$wat")"
  if [ -n "$table" ] && grep -Eq "^ *\(table \\$table [0-9 ]*(anyref|externref)\)" <<<"$wat"; then
    mv "$wasm.opt" "$wasm"
  else
    echo "note: this wasm-opt ($(wasm-opt --version)) breaks the externref table; keeping wasm-bindgen's output" >&2
    rm -f "$wasm.opt"
  fi
fi
cp "$here/index.html" "$here/boot.js" "$here/style.css" "$dist/"
echo "web app built in $dist ($(du -k "$wasm" | cut -f1) KB of wasm)"
