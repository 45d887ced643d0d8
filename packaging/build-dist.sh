#!/usr/bin/env bash
# Lays out packaging/target/jsuper/ (bin, lib, libexec, conf, share) and packs jsuper-<version>.tar.gz.
# Run by Maven at the package phase, after the dependency plugin has filled lib/daemon and lib/ctl.
set -euo pipefail
version="$1"   # $2: the Debian architecture the package declares (deb.arch)
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
dist="$here/target/jsuper"
mkdir -p "$dist/bin" "$dist/libexec" "$dist/conf/conf.d" "$dist/share/systemd" "$dist/share/init.d" "$dist/share/logrotate"
install -m 0755 "$here/bin/jsuperd" "$here/bin/jsuperctl" "$dist/bin/"
install -m 0755 "$root/supervisord/target/native/jsuper-spawn" "$dist/libexec/jsuper-spawn"
# No symbols needed at run time (Debian ships binaries stripped).
install -m 0644 "$root/supervisord/target/native/libjsuper-clone.so" "$dist/libexec/libjsuper-clone.so"
install -m 0644 "$root/supervisord/target/native/libjsuper-stamp.so" "$dist/libexec/libjsuper-stamp.so"
if command -v strip >/dev/null 2>&1; then
  strip --strip-unneeded "$dist/libexec/jsuper-spawn" "$dist/libexec/libjsuper-clone.so" "$dist/libexec/libjsuper-stamp.so"
fi
install -m 0755 "$here/libexec/jsuper-cds" "$dist/libexec/jsuper-cds"
install -m 0644 "$here/systemd/jsuperd.service" "$dist/share/systemd/"
install -m 0755 "$here/init.d/jsuper-service" "$dist/share/init.d/"
# The package installs it as /etc/logrotate.d/jsuper; from the tarball, copy it there.
install -m 0644 "$here/logrotate/jsuper" "$dist/share/logrotate/jsuper"

# The example config: the same files work from the checkout (conf.d/) and from the dist (conf/),
# since include_dir is relative to the main file.
install -m 0644 "$root/conf.d/jsuperd.ini" "$dist/conf/jsuperd.ini"
rm -f "$dist"/conf/conf.d/*.ini
for f in "$root"/conf.d/conf.d/*.ini; do
  [ -e "$f" ] && install -m 0644 "$f" "$dist/conf/conf.d/"
done

# Production examples (not loaded by conf/jsuperd.ini): docs/ops-guide.md explains them line by line.
mkdir -p "$dist/conf/examples"
rm -f "$dist"/conf/examples/*.ini
install -m 0644 "$root"/conf.d/examples/*.ini "$dist/conf/examples/"

# The client's class path, in a fixed order (AppCDS needs the same list at dump and run time; a glob
# would sort by the current locale).
# JLine (the interactive shell only) goes last: class lookups of one-shot commands end in the jars before
# it, so none of its classes is loaded (the JVM only reads its directory once).
(cd "$dist/lib/ctl" && { ls -1 -- *.jar | LC_ALL=C sort | grep -v '^jline-'; ls -1 -- jline-*.jar; } > classpath)
(cd "$dist/lib/daemon" && ls -1 -- *.jar | LC_ALL=C sort > classpath)
# The AppCDS archives for this location; libexec/jsuper-cds rewrites them after the tree is moved.
rm -f "$dist/lib/ctl/jsuperctl.jsa" "$dist/lib/daemon/jsuperd.jsa"
"$dist/libexec/jsuper-cds" || echo "warning: AppCDS archives incomplete (jsuper works without them, slower)" >&2

# Man pages and shell completion, generated from docs/*.md and jsuperctl's picocli model (see
# tools/GenerateDocs.java); man pages gzipped -9n as Debian wants them (-n: no timestamp inside).
ctl_cp=""
while IFS= read -r jar; do ctl_cp="${ctl_cp:+$ctl_cp:}$dist/lib/ctl/$jar"; done < "$dist/lib/ctl/classpath"
rm -rf "$dist/share/man" "$dist/share/bash-completion" "$dist/share/zsh"
java -cp "$ctl_cp" "$here/tools/GenerateDocs.java" "$root" "$dist/share" "$version" 2>&1 | grep -v '^Note: ' >&2 || true
[ -s "$dist/share/man/man1/jsuperctl.1" ] || { echo "build-dist: man pages were not generated" >&2; exit 1; }
gzip -9nf "$dist"/share/man/man*/*.[158]

# The .deb's architecture must be the native helper's (jdeb writes deb.arch into the control file and
# the file name).
deb_arch="${2:-amd64}"
machine=$(od -An -j18 -N2 -tu2 "$dist/libexec/jsuper-spawn" | tr -d ' ')  # ELF e_machine
case "$machine" in 62) helper_arch=amd64 ;; 183) helper_arch=arm64 ;; *) helper_arch="e_machine-$machine" ;; esac
if [ "$helper_arch" != "$deb_arch" ]; then
  echo "build-dist: jsuper-spawn is $helper_arch but the package would say $deb_arch (set -Ddeb.arch)" >&2
  exit 1
fi
# Debian wants a changelog in a native package's doc directory.
mkdir -p "$here/target/deb-doc"
deb_version=$(echo "$version" | sed 's/-SNAPSHOT/~snapshot/')
changelog_date=$(date -R -u ${SOURCE_DATE_EPOCH:+-d @$SOURCE_DATE_EPOCH})
printf 'jsuper (%s) unstable; urgency=medium\n\n  * Built from the jsuper source tree; see the project history.\n\n -- jsuper developers <jsuper@example.org>  %s\n' \
  "$deb_version" "$changelog_date" | gzip -9n > "$here/target/deb-doc/changelog.gz"

echo "$version" > "$dist/VERSION"
tar -C "$here/target" -czf "$here/target/jsuper-$version.tar.gz" jsuper
echo "dist: $dist"
echo "tarball: $here/target/jsuper-$version.tar.gz"
