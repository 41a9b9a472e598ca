#!/usr/bin/env bash
# Builds a libFuzzer harness and runs it: the query language (default) or,
# with FUZZ_TARGET=decoder, the event line decoder.
#
#   scripts/fuzz/run.sh [SECONDS] [libFuzzer flags...]
#   FUZZ_TARGET=decoder scripts/fuzz/run.sh [SECONDS] [libFuzzer flags...]
#
# SECONDS (default 600) caps the run; FUZZ_RUNS (default 5000000) caps the
# executions; FUZZ_JOBS=N runs N fuzzing processes (libFuzzer -fork=N).
# QUERY_FUZZ_KNOWN=patterns also checks pattern inputs that a known
# limitation trips (characters of several scalars): see README.md.
# Work files (binary, corpus, crashes) go to $SCRATCH/query-fuzz or
# $SCRATCH/decoder-fuzz (SCRATCH defaults to .build-fuzz, which git ignores).
set -euo pipefail
cd "$(dirname "$0")/../.."
scratch=${SCRATCH:-.build-fuzz}
target=${FUZZ_TARGET:-query}
case "$target" in
  query) harness=scripts/fuzz/QueryFuzzer.swift ;;
  decoder) harness=scripts/fuzz/DecoderFuzzer.swift ;;
  *) echo "FUZZ_TARGET must be query or decoder, not '$target'" >&2; exit 2 ;;
esac
work=$scratch/$target-fuzz
seconds=${1:-600}
[ $# -gt 0 ] && shift
mkdir -p "$work/seeds" "$work/corpus" "$work/artifacts"

# 1. QuayCore's dependencies, built by SwiftPM (debug objects are fine: the
#    parser does not call them).
swift build --scratch-path "$scratch" --target Yams >/dev/null
swift build --scratch-path "$scratch" --target HeapModule >/dev/null
bin=$(swift build --scratch-path "$scratch" --show-bin-path)
yams=$scratch/checkouts/Yams/Sources/CYaml/include

# 2. QuayCore (without the feed generator) plus the harness as one module,
#    instrumented for libFuzzer and AddressSanitizer. Compiled from a copy of
#    the sources, so edits made meanwhile do not break the build. lld links
#    (gold warns about every ASan helper symbol).
rm -rf "$work/src" && mkdir -p "$work/src" && cp -R Sources/QuayCore/. "$work/src/"
rm -rf "$work/src/Generator"
sources=$(find "$work/src" -name '*.swift' | sort)
# shellcheck disable=SC2086
swiftc -sanitize=fuzzer,address -parse-as-library -O -g -swift-version 6 -module-name QuayCore -use-ld=lld \
  -I "$bin/Modules" -Xcc "-fmodule-map-file=$yams/module.modulemap" -Xcc -I -Xcc "$yams" \
  $sources "$harness" scripts/fuzz/BundleShim.swift \
  "$bin"/Yams.build/*.o "$bin"/CYaml.build/src/*.o "$bin"/HeapModule.build/*.o "$bin"/InternalCollectionsUtilities.build/*.o \
  -o "$work/$target-fuzzer"

if [ "$target" = decoder ]; then
  # 3. Seeds: every line of the hostile corpus, every example line in
  #    docs/events.md, and the first 400 lines of the sample feed (generated
  #    by FeedGenerator). One line a file.
  rm -rf "$work/seeds" && mkdir -p "$work/seeds"
  { cat Tests/QuayCoreTests/Fixtures/hostile/hostile.jsonl; echo
    awk '/^```json/{inside=1; next} /^```/{inside=0} inside' docs/events.md
    head -n 400 sample-data/events/2026-11-26.jsonl; } > "$work/seeds.txt"
  # split keeps every byte (NUL, CR, invalid UTF-8); the newline is cut off.
  split -l 1 -a 5 "$work/seeds.txt" "$work/seeds/line-"
  for f in "$work"/seeds/line-*; do
    [ "$(tail -c 1 "$f" | od -An -tx1 | tr -d ' ')" = 0a ] && truncate -s -1 "$f"
  done
  # 4. Fuzz. Lines up to 64 KB (the 1 MB cap is a length check, tested in
  #    swift test); no leak checks (LeakSanitizer and Swift's globals).
  flags=(-dict=scripts/fuzz/decoder.dict -max_len=65536 -len_control=200 -timeout=10 -rss_limit_mb=4096 -detect_leaks=0
         -max_total_time="$seconds" -runs="${FUZZ_RUNS:-5000000}" -print_final_stats=1
         -artifact_prefix="$work/artifacts/")
  if [ "${FUZZ_JOBS:-1}" -gt 1 ]; then flags+=(-fork="$FUZZ_JOBS"); fi
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} SWIFT_BACKTRACE=enable=no \
    "$work/decoder-fuzzer" "${flags[@]}" "$@" "$work/corpus" "$work/seeds"
  exit
fi

# 3. Seeds: the examples in docs/query.md (the code block, comments cut at
#    two spaces, and every `inline` example), plus a pattern seed.
awk '/^```/{inside=!inside; next} inside{sub(/  +.*/, ""); if (length) print}' docs/query.md > "$work/seeds.txt"
grep -o '`[^`]*`' docs/query.md | tr -d '`' >> "$work/seeds.txt"
n=0
while IFS= read -r line; do
  n=$((n + 1)); printf '%s' "$line" > "$work/seeds/doc-$n"
done < "$work/seeds.txt"
# A few more with lists and quotes in number fields (the docs have none).
printf 'risk:5,@one' > "$work/seeds/extra-1"
printf 'kg:@span dwell>"3d"' > "$work/seeds/extra-2"
printf 'reefer:@flag or hs:@cover_hs,0901' > "$work/seeds/extra-3"
printf 'a*b?c\001AxxBy' > "$work/seeds/pattern-1"
printf '*ban?na*\001Fresh Bananas' > "$work/seeds/pattern-2"

# 4. Fuzz, with the usual 8 MB stack (the parser bounds nesting at 100).
#    No leak checks: LeakSanitizer reports the queries held by the global
#    rule set (Swift enum payloads hide their pointers from its scan).
flags=(-dict=scripts/fuzz/query.dict -max_len=10000 -timeout=10 -rss_limit_mb=4096 -detect_leaks=0
       -max_total_time="$seconds" -runs="${FUZZ_RUNS:-5000000}" -print_final_stats=1
       -artifact_prefix="$work/artifacts/")
if [ "${FUZZ_JOBS:-1}" -gt 1 ]; then flags+=(-fork="$FUZZ_JOBS"); fi
# SWIFT_BACKTRACE=enable=no: the Swift backtracer can hang on a crash under
# ASan; libFuzzer prints the crash and saves the input anyway.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} SWIFT_BACKTRACE=enable=no QUERY_FUZZ_RULES=Sources/QuayCore/Resources/rules.yaml \
  "$work/query-fuzzer" "${flags[@]}" "$@" "$work/corpus" "$work/seeds"
