#!/bin/sh
# Quick start: install what the build needs (Debian/Ubuntu), build phiscrub,
# and run it on a sample post.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
make -s
echo "--- samples/forum-post.txt, scrubbed:"
./phiscrub samples/forum-post.txt
