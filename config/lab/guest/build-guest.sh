#!/usr/bin/env bash
# Builds the embedded lab's guest: a Debian kernel plus an initramfs (busybox init,
# dropbear, cyclictest, oslat, stress-ng, virtio-net modules) assembled from Debian packages
# with `apt-get download` + `dpkg-deb`, without installing anything on this machine.
#
# Usage: build-guest.sh [--print-key] [--force]
#   --print-key  print the cache key of the current inputs and exit
#   --force      rebuild even when a cached image with the same key exists
#
# Environment:
#   KVM4NFV_CACHE_DIR         cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/kvm4nfv/guest)
#   KVM4NFV_GUEST_VERSIONS    file with "package version" lines that pins the guest's
#                             packages (default: the versions installed on this machine,
#                             else apt's candidate)
#
# Output: the image directory on the last line of stdout. It holds `image.properties`
# (kernel, initrd, kernel_uncompressed, content_hash, kernel_version, ...), the kernel
# (`vmlinux` when it could be extracted, else `vmlinuz`), `initramfs.cpio` and
# `manifest.txt` (every package and file that went into the image, and where it came from).
# An image is rebuilt only when its inputs change: the key hashes this directory's files
# and the versions of the guest's packages; the versions of the library packages used are
# checked against the cached image too.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${KVM4NFV_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kvm4nfv/guest}"
ARCH_TRIPLET=x86_64-linux-gnu
# Inserted in this order (dependencies first). llc, stp and bridge let a forwarding guest bridge
# its NIC pairs (pvp/pvvp/pvpv on the embedded lab); they add ~0.4 MB and no boot time to speak of.
MODULES=(failover net_failover virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci virtio_net
         llc stp bridge)
# Binaries copied into the guest, as paths inside their packages.
BINARIES=(usr/bin/cyclictest usr/bin/oslat usr/bin/stress-ng usr/sbin/dropbear usr/bin/dropbearkey)

PRINT_KEY=0
FORCE=0
for arg in "$@"; do
    case "$arg" in
        --print-key) PRINT_KEY=1 ;;
        --force) FORCE=1 ;;
        -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
        *) echo "build-guest.sh: unknown argument: $arg" >&2; exit 2 ;;
    esac
done

log() { echo "build-guest: $*" >&2; }
die() { echo "build-guest: ERROR: $*" >&2; exit 1; }

# --- package versions -------------------------------------------------------------------

# Prints "package version" for every package named: the pinned file's version, else the
# installed one, else apt's candidate. One dpkg-query for all, so the cached case stays fast.
versions_of() {
    local pkg v
    declare -A found=()
    if [[ -n "${KVM4NFV_GUEST_VERSIONS:-}" ]]; then
        while read -r pkg v; do
            [[ -n "$pkg" && -n "$v" ]] && found[$pkg]="$v"
        done < "$KVM4NFV_GUEST_VERSIONS"
    fi
    while read -r pkg status v; do
        [[ "$status" == ii && -z "${found[$pkg]:-}" ]] && found[$pkg]="$v"
    done < <(dpkg-query -W -f='${Package} ${db:Status-Abbrev} ${Version}\n' "$@" 2>/dev/null || true)
    for pkg in "$@"; do
        v="${found[$pkg]:-}"
        if [[ -z "$v" ]]; then
            v="$(apt-cache policy "$pkg" 2>/dev/null | awk '/Candidate:/ { print $2 }')"
            [[ "$v" == "(none)" ]] && v=""
        fi
        [[ -n "$v" ]] || die "no version of Debian package '$pkg' is installed or known to apt (run config/lab/install.sh, or apt-get update)"
        echo "$pkg $v"
    done
}

# Prints the version of package $1 (see versions_of).
package_version() {
    versions_of "$1" | awk '{ print $2 }'
}

# The kernel package that linux-image-amd64 depends on (e.g. linux-image-6.1.0-56-amd64).
kernel_package() {
    local dep=""
    if [[ -n "${KVM4NFV_GUEST_VERSIONS:-}" ]]; then
        dep="$(awk '$1 ~ /^linux-image-[0-9].*-amd64$/ { print $1; exit }' "$KVM4NFV_GUEST_VERSIONS")"
    fi
    if [[ -z "$dep" ]]; then
        dep="$(dpkg-query -W -f='${Depends}' linux-image-amd64 2>/dev/null | grep -o 'linux-image-[0-9][^ ,]*-amd64' | head -n1 || true)"
    fi
    if [[ -z "$dep" ]]; then
        dep="$(apt-cache depends linux-image-amd64 2>/dev/null | grep -o 'linux-image-[0-9][^ ,]*-amd64' | head -n1 || true)"
    fi
    [[ -n "$dep" ]] || die "cannot find the kernel package linux-image-amd64 depends on (install linux-image-amd64)"
    echo "$dep"
}

KERNEL_PKG="$(kernel_package)"
KERNEL_VERSION="${KERNEL_PKG#linux-image-}"
MAIN_PACKAGES=("$KERNEL_PKG" busybox-static rt-tests stress-ng dropbear-bin)

declare -A VERSION=()
while read -r p v; do VERSION[$p]="$v"; done < <(versions_of "${MAIN_PACKAGES[@]}")
for p in "${MAIN_PACKAGES[@]}"; do [[ -n "${VERSION[$p]:-}" ]] || die "no version for $p"; done

# The cache key: this directory's files and the main packages' versions.
compute_key() {
    {
        (cd "$HERE" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
        for p in "${MAIN_PACKAGES[@]}"; do echo "pkg $p ${VERSION[$p]}"; done
    } | sha256sum | cut -c1-16
}
KEY="$(compute_key)"
if (( PRINT_KEY )); then echo "$KEY"; exit 0; fi

IMAGE_DIR="$CACHE/images/$KEY"
DEBS="$CACHE/debs"

# A cached image is valid when it is complete and the library packages it used still have
# the versions it was built from.
image_is_current() {
    [[ -f "$IMAGE_DIR/image.properties" && -f "$IMAGE_DIR/libs.txt" ]] || return 1
    local pkg ver used now
    declare -A wanted=()
    while read -r pkg ver used; do [[ -n "$pkg" ]] && wanted[$pkg]="$ver"; done < "$IMAGE_DIR/libs.txt"
    (( ${#wanted[@]} )) || return 1
    while read -r pkg now; do
        [[ "${wanted[$pkg]}" == "$now" ]] || { log "library package $pkg changed (was ${wanted[$pkg]}, now $now)"; return 1; }
    done < <(versions_of "${!wanted[@]}")
}

if (( ! FORCE )) && image_is_current; then
    log "cached image $IMAGE_DIR is current"
    echo "$IMAGE_DIR"
    exit 0
fi

# One build at a time per cache. Builds that start together (two labs of one JVM, other
# checkouts sharing the cache) would otherwise download into the same debs folder, swap
# each other's kernel parts and image folder, and prune each other's half-built images.
# A flock(1) lock goes away with the process that holds it, so a killed build never leaves
# a stale lock behind. Whoever waited finds the image the other build made.
LOCK_WAIT=600
mkdir -p "$CACHE"
exec 9>>"$CACHE/.build.lock"
if ! flock -n 9; then
    log "another build is using $CACHE: waiting for it (at most $LOCK_WAIT s)"
    flock -w "$LOCK_WAIT" 9 || die "$CACHE is still locked by another build after $LOCK_WAIT s"
fi
if (( ! FORCE )) && image_is_current; then
    log "cached image $IMAGE_DIR is current (built by the build we waited for)"
    echo "$IMAGE_DIR"
    exit 0
fi
# leftovers of builds that were killed (their EXIT trap never ran); no build runs now
rm -rf "$CACHE"/build.* "$CACHE"/images/*.new.* "$CACHE"/kernel/*.tmp.*

log "building guest image $KEY (kernel $KERNEL_VERSION) in $CACHE"
mkdir -p "$DEBS" "$CACHE/images"
WORK="$(mktemp -d "$CACHE/build.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
STAGE="$WORK/stage"      # extracted packages
ROOT="$WORK/root"        # the initramfs tree
mkdir -p "$STAGE" "$ROOT"
: > "$WORK/manifest.txt"

# --- download ---------------------------------------------------------------------------

# Finds package $1's .deb at version $2 in the cache, else in apt's archive, else downloads
# it; when that version is no longer in the archive (this machine has an older installed
# version than its sources offer), takes apt's candidate. Sets DEB_FILE and DEB_VERSION.
fetch_deb() {
    local pkg="$1" ver="$2" fver archived candidate
    local unavailable="$DEBS/unavailable/${pkg}_${ver//:/%3a}"
    local first="$ver"
    [[ -f "$unavailable" ]] && first=candidate   # remembered: that version is gone from the archive
    for DEB_VERSION in "$first" candidate; do
        if [[ "$DEB_VERSION" == candidate ]]; then
            [[ "$first" == candidate ]] || { mkdir -p "$DEBS/unavailable"; : > "$unavailable"; }
            candidate="$(apt-cache policy "$pkg" 2>/dev/null | awk '/Candidate:/ { print $2 }')"
            [[ -n "$candidate" && "$candidate" != "(none)" && "$candidate" != "$ver" ]] || break
            log "$pkg $ver is not in the archive: taking its candidate $candidate"
            DEB_VERSION="$candidate"
        fi
        fver="${DEB_VERSION//:/%3a}"
        DEB_FILE="$(ls "$DEBS/${pkg}_${fver}"_{amd64,all}.deb 2>/dev/null | head -n1 || true)"
        [[ -n "$DEB_FILE" ]] && return 0
        archived="$(ls /var/cache/apt/archives/"${pkg}_${fver}"_{amd64,all}.deb 2>/dev/null | head -n1 || true)"
        if [[ -n "$archived" ]]; then
            cp "$archived" "$DEBS/"
        else
            log "apt-get download $pkg=$DEB_VERSION"
            (cd "$DEBS" && apt-get download -q -o APT::Sandbox::User=root "$pkg=$DEB_VERSION" >&2) || continue
        fi
        DEB_FILE="$(ls "$DEBS/${pkg}_${fver}"_{amd64,all}.deb 2>/dev/null | head -n1 || true)"
        [[ -n "$DEB_FILE" ]] && return 0
    done
    die "cannot download $pkg=$ver (is the apt index current? run: apt-get update)"
}

# Extracts package $1 (version $2) into the stage; extra args limit it to those tar
# patterns. Sets DEB_VERSION to the version really used.
extract_package() {
    local pkg="$1" ver="$2"; shift 2
    fetch_deb "$pkg" "$ver"
    if (( $# )); then
        dpkg-deb --fsys-tarfile "$DEB_FILE" | tar -x -C "$STAGE" --wildcards "$@"
    else
        dpkg-deb -x "$DEB_FILE" "$STAGE"
    fi
    echo "package $pkg $DEB_VERSION" >> "$WORK/manifest.txt"
}

for p in busybox-static rt-tests stress-ng dropbear-bin; do extract_package "$p" "${VERSION[$p]}"; done
module_patterns=()
for m in "${MODULES[@]}"; do module_patterns+=("./lib/modules/$KERNEL_VERSION/kernel/*/$m.ko*"); done
# The kernel's parts are cached apart from the image: unpacking the kernel package is the
# slowest step and its result only depends on the package's version.
KERNEL_PARTS="$CACHE/kernel/${KERNEL_PKG}_${VERSION[$KERNEL_PKG]//:/%3a}"
kernel_parts_complete() {
    [[ -f "$KERNEL_PARTS/.complete" ]] || return 1
    local m
    for m in "${MODULES[@]}"; do   # a cache from a builder with fewer modules is incomplete
        [[ -n "$(find "$KERNEL_PARTS/lib/modules/$KERNEL_VERSION" -name "$m.ko*" -print -quit 2>/dev/null)" ]] || return 1
    done
}
if ! kernel_parts_complete; then
    fetch_deb "$KERNEL_PKG" "${VERSION[$KERNEL_PKG]}"
    rm -rf "$KERNEL_PARTS.tmp.$$"
    mkdir -p "$KERNEL_PARTS.tmp.$$"
    dpkg-deb --fsys-tarfile "$DEB_FILE" \
        | tar -x -C "$KERNEL_PARTS.tmp.$$" --wildcards "./boot/vmlinuz-$KERNEL_VERSION" "${module_patterns[@]}"
    echo "$DEB_VERSION" > "$KERNEL_PARTS.tmp.$$/.complete"
    rm -rf "$KERNEL_PARTS"
    mv "$KERNEL_PARTS.tmp.$$" "$KERNEL_PARTS"
fi
cp -a "$KERNEL_PARTS/boot" "$KERNEL_PARTS/lib" "$STAGE/"
echo "package $KERNEL_PKG $(cat "$KERNEL_PARTS/.complete")" >> "$WORK/manifest.txt"

# --- shared libraries -------------------------------------------------------------------

LIBPATH="$STAGE/lib/$ARCH_TRIPLET:$STAGE/usr/lib/$ARCH_TRIPLET:$STAGE/lib64"
LDSO=/lib64/ld-linux-x86-64.so.2
: > "$WORK/libs.txt"

# Prints "soname path" for every library the staged binaries need (resolved by the
# dynamic loader against the stage first, then this machine's library directories).
resolve_libs() {
    local bin
    for bin in "${BINARIES[@]}"; do
        "$LDSO" --library-path "$LIBPATH" --list "$STAGE/$bin" \
            | awk '$2 == "=>" && $3 ~ /^\// { print $1, $3 }'
    done | sort -u
}

# Prints the Debian package that owns the file at path $1 on this machine.
owning_package() {
    local path="$1" candidate out
    for candidate in "$path" "/usr$path" "$(readlink -f "$path")"; do
        out="$(dpkg-query -S "$candidate" 2>/dev/null | head -n1 || true)"
        if [[ -n "$out" ]]; then echo "${out%%:*}"; return 0; fi
    done
    return 1
}

declare -A FETCHED_LIB_PKG=()
FETCHED_LIB_PKG[libc6]=1
ver="$(package_version libc6)"
extract_package libc6 "$ver"
echo "libc6 $ver $DEB_VERSION" >> "$WORK/libs.txt"
for round in 1 2 3 4 5; do
    missing=0
    while read -r soname path; do
        [[ "$path" == "$STAGE"/* ]] && continue
        pkg="$(owning_package "$path" || true)"
        [[ -n "$pkg" ]] || die "library $soname ($path) belongs to no Debian package"
        pkg="${pkg%%,*}"
        [[ -n "${FETCHED_LIB_PKG[$pkg]:-}" ]] && continue
        FETCHED_LIB_PKG[$pkg]=1
        ver="$(package_version "$pkg")"
        extract_package "$pkg" "$ver"
        echo "$pkg $ver $DEB_VERSION" >> "$WORK/libs.txt"
        missing=1
    done < <(resolve_libs)
    (( missing )) || break
done
resolve_libs > "$WORK/resolved.txt"
if grep -qv " $STAGE/" "$WORK/resolved.txt"; then
    grep -v " $STAGE/" "$WORK/resolved.txt" >&2
    die "some libraries could not be taken from Debian packages"
fi

# --- the initramfs tree -----------------------------------------------------------------

mkdir -p "$ROOT"/usr/{bin,sbin,lib/"$ARCH_TRIPLET",lib64} "$ROOT"/{dev,proc,sys,tmp,run,root,etc,var,mnt}
ln -s usr/bin "$ROOT/bin"; ln -s usr/sbin "$ROOT/sbin"; ln -s usr/lib "$ROOT/lib"; ln -s usr/lib64 "$ROOT/lib64"
chmod 1777 "$ROOT/tmp"; chmod 700 "$ROOT/root"

cp "$STAGE/bin/busybox" "$ROOT/usr/bin/busybox"
echo "file /usr/bin/busybox from busybox-static" >> "$WORK/manifest.txt"
"$ROOT/usr/bin/busybox" --list-full | while read -r applet; do
    target="$ROOT/usr/${applet#usr/}"
    [[ -e "$target" || -L "$target" ]] || ln -s /usr/bin/busybox "$target"
done
ln -s /usr/bin/busybox "$ROOT/init"

for bin in "${BINARIES[@]}"; do
    install -m 755 "$STAGE/$bin" "$ROOT/$bin"
    echo "file /$bin" >> "$WORK/manifest.txt"
done
# The live-migration heartbeat (heartbeat.c): static, so it needs no library in the guest. A shell
# loop cannot beat faster than every few ms under TCG; this beats every 0.5 ms.
command -v gcc >/dev/null || die "gcc is missing (Debian packages gcc and libc6-dev): sudo bash config/lab/install.sh"
gcc -static -Os -s -Wall -Werror -o "$ROOT/usr/bin/kvm4nfv-heartbeat" "$HERE/heartbeat.c" \
    || die "cannot build heartbeat.c (is libc6-dev installed? sudo bash config/lab/install.sh)"
echo "file /usr/bin/kvm4nfv-heartbeat built from heartbeat.c with $(gcc --version | head -n1)" >> "$WORK/manifest.txt"
while read -r soname path; do
    cp -L "$path" "$ROOT/usr/lib/$ARCH_TRIPLET/$soname"
    echo "lib /usr/lib/$ARCH_TRIPLET/$soname from ${path#"$STAGE"}" >> "$WORK/manifest.txt"
done < "$WORK/resolved.txt"
cp -L "$STAGE/lib64/ld-linux-x86-64.so.2" "$ROOT/usr/lib64/ld-linux-x86-64.so.2"
# glibc's NSS loads these by name (dropbear looks up root through /etc/passwd).
for nss in libnss_files.so.2; do
    [[ -e "$STAGE/lib/$ARCH_TRIPLET/$nss" ]] && cp -L "$STAGE/lib/$ARCH_TRIPLET/$nss" "$ROOT/usr/lib/$ARCH_TRIPLET/$nss"
done

mkdir -p "$ROOT/usr/lib/modules"
: > "$ROOT/etc/kvm4nfv-modules"
for m in "${MODULES[@]}"; do
    ko="$(find "$STAGE/lib/modules/$KERNEL_VERSION" -name "$m.ko*" | head -n1)"
    [[ -n "$ko" ]] || die "module $m not found in $KERNEL_PKG"
    case "$ko" in
        *.ko.xz) xz -dc "$ko" > "$ROOT/usr/lib/modules/$m.ko" ;;
        *.ko.zst) zstd -qdc "$ko" > "$ROOT/usr/lib/modules/$m.ko" ;;
        *) cp "$ko" "$ROOT/usr/lib/modules/$m.ko" ;;
    esac
    echo "$m" >> "$ROOT/etc/kvm4nfv-modules"
    echo "module $m from ${ko#"$STAGE"}" >> "$WORK/manifest.txt"
done

install -m 755 "$HERE/rootfs/rcS" "$ROOT/etc/rcS"
install -m 644 "$HERE/rootfs/inittab" "$ROOT/etc/inittab"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$ROOT/etc/passwd"
printf 'root:*:19000:0:99999:7:::\n' > "$ROOT/etc/shadow"; chmod 600 "$ROOT/etc/shadow"
printf 'root:x:0:\ntty:x:5:\n' > "$ROOT/etc/group"
printf '/bin/sh\n' > "$ROOT/etc/shells"
printf 'passwd: files\ngroup: files\nshadow: files\nhosts: files\n' > "$ROOT/etc/nsswitch.conf"
printf '127.0.0.1 localhost\n' > "$ROOT/etc/hosts"

# One host key per image, so that a guest keeps its key across reboots.
mkdir -p "$ROOT/etc/dropbear"
"$LDSO" --library-path "$LIBPATH" "$STAGE/usr/bin/dropbearkey" -t ed25519 \
    -f "$ROOT/etc/dropbear/dropbear_ed25519_host_key" > /dev/null 2>&1 \
    || die "dropbearkey failed"
# Its public half, so the lab can check the guest's host key strictly (known_hosts).
"$LDSO" --library-path "$LIBPATH" "$STAGE/usr/bin/dropbearkey" -y \
    -f "$ROOT/etc/dropbear/dropbear_ed25519_host_key" 2>/dev/null | grep '^ssh-ed25519 ' | cut -d' ' -f1,2 \
    > "$WORK/host_key.pub"
[[ -s "$WORK/host_key.pub" ]] || die "dropbearkey -y gave no public host key"

# --- kernel -----------------------------------------------------------------------------

cp "$STAGE/boot/vmlinuz-$KERNEL_VERSION" "$WORK/vmlinuz"
KERNEL_FILE=vmlinuz
UNCOMPRESSED=false
# The bzImage's payload is an xz stream; the ELF inside has a PVH note QEMU can boot directly.
offset="$(LC_ALL=C grep -abo -m1 -P '\xFD7zXZ\x00' "$WORK/vmlinuz" | head -n1 | cut -d: -f1 || true)"
if [[ -n "$offset" ]]; then
    # xz stops after the first stream; tail then dies of SIGPIPE, which is expected.
    tail -c +"$((offset + 1))" "$WORK/vmlinuz" | xz -dc --single-stream > "$WORK/vmlinux" 2>/dev/null || true
fi
if [[ -s "$WORK/vmlinux" && "$(head -c 4 "$WORK/vmlinux" | od -An -c | tr -d ' ')" == '177ELF' ]]; then
    KERNEL_FILE=vmlinux
    UNCOMPRESSED=true
    rm -f "$WORK/vmlinuz"
else
    log "could not extract an ELF vmlinux from the bzImage: the guest boots the compressed kernel"
    rm -f "$WORK/vmlinux"
fi

# --- initramfs --------------------------------------------------------------------------

(cd "$ROOT" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) > "$WORK/initramfs.cpio"

CONTENT_HASH="$(
    {
        echo "key $KEY"
        sort "$WORK/libs.txt"
    } | sha256sum | cut -c1-64)"

cat > "$WORK/image.properties" <<PROPS
key=$KEY
content_hash=$CONTENT_HASH
kernel=$KERNEL_FILE
kernel_uncompressed=$UNCOMPRESSED
initrd=initramfs.cpio
host_key=host_key.pub
kernel_package=$KERNEL_PKG
kernel_package_version=${VERSION[$KERNEL_PKG]}
kernel_version=$KERNEL_VERSION
modules=${MODULES[*]}
PROPS

NEW="$CACHE/images/$KEY.new.$$"
rm -rf "$NEW"
mkdir -p "$NEW"
mv "$WORK/$KERNEL_FILE" "$WORK/initramfs.cpio" "$WORK/manifest.txt" "$WORK/libs.txt" "$WORK/host_key.pub" "$NEW/"
mv "$WORK/image.properties" "$NEW/"   # last: its presence marks a complete image
rm -rf "$IMAGE_DIR"
mv "$NEW" "$IMAGE_DIR"
# Keep the three most recently built images (other checkouts may use older builders).
ls -1dt "$CACHE"/images/*/ 2>/dev/null | tail -n +4 | while read -r old; do rm -rf "$old"; done
log "image ready: $IMAGE_DIR ($(du -sh "$IMAGE_DIR" | cut -f1))"
echo "$IMAGE_DIR"
