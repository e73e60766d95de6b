#!/bin/sh
# Fetch-free build of Meta's PDQ C++ reference from a copy of facebook/ThreatExchange already
# unpacked at bench/.scratch/threatexchange (see docs/hashing.md for how to get it).
# Builds: the shipped CLI pdq-photo-hasher (512x512 pre-shrink) and our full-resolution driver.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
te="$here/.scratch/threatexchange"
cpp="$te/pdq/cpp"
[ -d "$cpp" ] || { echo "missing $cpp: unpack facebook/ThreatExchange pdq/ there first" >&2; exit 2; }
out="$here/.scratch/pdq-bin"
mkdir -p "$out"
srcs="common/pdqhashtypes.cpp io/hashio.cpp common/pdqhamming.cpp hashing/pdqhashing.cpp downscaling/downscaling.cpp io/pdqio.cpp hashing/torben.cpp common/pdqutils.cpp"
cd "$cpp"
flags="-std=c++11 -O3 -I$te -I. -Wno-deprecated-declarations"
if [ ! -x "$out/pdq-fullres-driver" ] || [ "$here/hashing/pdq-fullres-driver.cpp" -nt "$out/pdq-fullres-driver" ]; then
  g++ $flags -o "$out/pdq-fullres-driver" "$here/hashing/pdq-fullres-driver.cpp" $srcs -lm -lpthread
fi
if [ ! -x "$out/pdq-photo-hasher" ]; then
  g++ $flags -o "$out/pdq-photo-hasher" bin/pdq-photo-hasher.cpp $srcs -lm -lpthread
fi
echo "$out"
