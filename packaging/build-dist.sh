#!/usr/bin/env bash
# Lays out packaging/target/jsuper/ (bin, lib, libexec, conf) and packs jsuper-<version>.tar.gz.
# Run by Maven at the package phase, after the dependency plugin has filled lib/daemon and lib/ctl.
set -euo pipefail
version="$1"
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
dist="$here/target/jsuper"
mkdir -p "$dist/bin" "$dist/libexec" "$dist/conf/conf.d"
install -m 0755 "$here/bin/jsuperd" "$here/bin/jsuperctl" "$dist/bin/"
install -m 0755 "$root/supervisord/target/native/jsuper-spawn" "$dist/libexec/jsuper-spawn"
install -m 0644 "$root/conf.d/jsuperd.ini" "$dist/conf/jsuperd.ini"
for f in "$root"/conf.d/conf.d/*.ini; do
  [ -e "$f" ] && install -m 0644 "$f" "$dist/conf/conf.d/"
done
echo "$version" > "$dist/VERSION"
tar -C "$here/target" -czf "$here/target/jsuper-$version.tar.gz" jsuper
echo "dist: $dist"
echo "tarball: $here/target/jsuper-$version.tar.gz"
