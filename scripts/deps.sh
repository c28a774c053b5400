#!/bin/sh
# Installs phiscrub's build dependencies on Debian/Ubuntu when they are
# missing; elsewhere prints what to install.
set -eu
pkgs="build-essential pkg-config libpcre2-dev libutf8proc-dev libyaml-dev libsodium-dev libjansson-dev libcsv-dev"
missing=""
for p in $pkgs; do
	dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
	echo "phiscrub: install these packages (or your system's equivalents):$missing" >&2
	exit 1
fi
cmd="apt-get install -y$missing"
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		cmd="sudo $cmd"; upd="sudo apt-get update"
	else
		echo "phiscrub: as root, run: apt-get update && $cmd" >&2
		exit 1
	fi
else
	upd="apt-get update"
fi
echo "phiscrub: installing:$missing" >&2
$upd >/dev/null && $cmd >/dev/null
