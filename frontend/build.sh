#!/usr/bin/env bash
# Builds the web app into frontend/dist with pinned, already-installed tools (no download):
# cargo (wasm32), wasm-bindgen-cli at the Cargo.lock version, wasm-opt from the npm package binaryen pinned in
# tools/binaryen (`make tools` installs both), and brotli (Debian's package) for the precompressed copies.
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
wasm_opt="$root/tools/binaryen/node_modules/.bin/wasm-opt"
[ -x "$wasm_opt" ] || { echo "wasm-opt is needed: (cd tools/binaryen && npm ci)" >&2; exit 1; }
command -v brotli >/dev/null || { echo "brotli is needed: scripts/apt-install.sh brotli" >&2; exit 1; }

cd "$root"
# erase_components makes Leptos type-erase each component's view: far fewer monomorphised copies of tachys'
# rendering code, 20 % less wasm (README § Delivery).
RUSTFLAGS="${RUSTFLAGS:-} --cfg erase_components" CARGO_TARGET_DIR="$target_dir" \
  cargo build -p frontend --target wasm32-unknown-unknown --profile wasm-release

rm -rf "$dist"
mkdir -p "$dist"
# Without the name section the wasm is 40 % smaller; WASM_KEEP_NAMES=1 keeps it for tools/wasm_size.py.
names=(--remove-name-section)
opt_names=()
if [ -n "${WASM_KEEP_NAMES:-}" ]; then names=(); opt_names=(-g); fi
wasm-bindgen --target web --no-typescript "${names[@]}" --remove-producers-section \
  --out-dir "$dist" --out-name frontend "$target_dir/wasm32-unknown-unknown/wasm-release/frontend.wasm"

# Debian's binaryen 108 broke wasm-bindgen's externref table; the pinned one is current. The features are those
# rustc enables for wasm32-unknown-unknown, so wasm-opt may keep (and use) them.
wasm="$dist/frontend_bg.wasm"
"$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-reference-types \
  --enable-sign-ext --enable-mutable-globals --enable-multivalue "${opt_names[@]}" -o "$wasm" "$wasm"
cp "$here/index.html" "$here/boot.js" "$here/style.css" "$dist/"

# Compressed once here at the best levels, too slow to run per request: the server sends the copy the client
# accepts (brotli, else gzip; browsers offer brotli over HTTPS and to localhost only). A copy that is not
# smaller is dropped. gzip -n leaves out the name and time, so a rebuild gives the same bytes.
mapfile -t built < <(find "$dist" -type f)
for file in "${built[@]}"; do
  brotli -q 11 -f -o "$file.br" "$file"
  gzip -9 -n -c "$file" >"$file.gz"
  for copy in "$file.br" "$file.gz"; do
    [ "$(wc -c <"$copy")" -lt "$(wc -c <"$file")" ] || rm "$copy"
  done
done
kb() { echo "$(($(wc -c <"$1") / 1000)) KB"; }
echo "web app built in $dist: wasm $(kb "$wasm"), $(kb "$wasm.gz") gzip -9, $(kb "$wasm.br") brotli -q 11"
