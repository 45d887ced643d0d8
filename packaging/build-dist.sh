#!/usr/bin/env bash
# Lays out packaging/target/jsuper/ (bin, lib, libexec, conf, share) and packs jsuper-<version>.tar.gz.
# Run by Maven at the package phase, after the dependency plugin has filled lib/daemon and lib/ctl.
set -euo pipefail
version="$1"
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
dist="$here/target/jsuper"
mkdir -p "$dist/bin" "$dist/libexec" "$dist/conf/conf.d" "$dist/share/systemd" "$dist/share/init.d"
install -m 0755 "$here/bin/jsuperd" "$here/bin/jsuperctl" "$dist/bin/"
install -m 0755 "$root/supervisord/target/native/jsuper-spawn" "$dist/libexec/jsuper-spawn"
install -m 0755 "$here/libexec/jsuper-cds" "$dist/libexec/jsuper-cds"
install -m 0644 "$here/systemd/jsuperd.service" "$dist/share/systemd/"
install -m 0755 "$here/init.d/jsuper-service" "$dist/share/init.d/"

# The example config: the same files work from the checkout (conf.d/) and from the dist (conf/),
# since include_dir is relative to the main file.
install -m 0644 "$root/conf.d/jsuperd.ini" "$dist/conf/jsuperd.ini"
rm -f "$dist"/conf/conf.d/*.ini
for f in "$root"/conf.d/conf.d/*.ini; do
  [ -e "$f" ] && install -m 0644 "$f" "$dist/conf/conf.d/"
done

# The client's class path, in a fixed order (AppCDS needs the same list at dump and run time; a glob
# would sort by the current locale).
(cd "$dist/lib/ctl" && ls -1 -- *.jar | LC_ALL=C sort > classpath)
(cd "$dist/lib/daemon" && ls -1 -- *.jar | LC_ALL=C sort > classpath)
# The AppCDS archives for this location; libexec/jsuper-cds rewrites them after the tree is moved.
rm -f "$dist/lib/ctl/jsuperctl.jsa" "$dist/lib/daemon/jsuperd.jsa"
"$dist/libexec/jsuper-cds" || echo "warning: AppCDS archives incomplete (jsuper works without them, slower)" >&2

echo "$version" > "$dist/VERSION"
tar -C "$here/target" -czf "$here/target/jsuper-$version.tar.gz" jsuper
echo "dist: $dist"
echo "tarball: $here/target/jsuper-$version.tar.gz"
