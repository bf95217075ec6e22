#!/usr/bin/env bash
# Installs the Debian packages the embedded lab and the test suite need.
#
# Usage: install.sh [--check] [--ci] [--update]
#   (none)    install what is missing (as root); as non-root print the apt-get line and fail
#   --check   only report what is missing; exit 1 if anything is
#   --ci      install non-interactively and quietly (for CI)
#   --update  run apt-get update before installing (otherwise only when apt knows no
#             candidate for a missing package)
# Fast and silent when everything is present.
set -euo pipefail

PACKAGES=(
    openjdk-17-jdk-headless
    qemu-system-x86 qemu-utils
    rt-tests stress-ng
    openssh-server openssh-client
    linux-image-amd64 busybox-static dropbear-bin
    socat iproute2 procps
    xz-utils cpio
    # the guest image's live-migration heartbeat (config/lab/guest/heartbeat.c), built static
    gcc libc6-dev
    # publish: InfluxDispatcherIT starts its own influxd (1.6) on loopback ports
    influxdb
    # evidence probes (io.kvm4nfv.probe.membw): Intel PCM's pcm-memory for memory bandwidth;
    # on AMD CPUs and in VMs it exits with its own reason, which @MemoryBandwidth reports.
    # ftrace needs no package (tracefs is in the kernel); cyclictest -b/--tracemark is rt-tests.
    pcm
    # packet forwarding on the embedded lab (io.kvm4nfv.probe.forwarding): iproute2 above for
    # namespaces, veths, taps and bridges; OVS run privately with datapath_type=netdev (no kernel
    # module; its service is never started, see policy-rc.d below); ethtool switches TX checksum
    # offload off on the generator ports; sockperf measures latency, iperf3 rate and frame loss
    openvswitch-switch ethtool sockperf iperf3
    # tests: IntelPod10ScriptsIT lints the real pod's scripts (skipped without it)
    shellcheck
)

CHECK=0
CI=0
UPDATE=0
for arg in "$@"; do
    case "$arg" in
        --check) CHECK=1 ;;
        --ci) CI=1 ;;
        --update) UPDATE=1 ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown argument: $arg" >&2; exit 2 ;;
    esac
done

# One dpkg-query for all packages: the ones not fully installed are missing.
installed="$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "${PACKAGES[@]}" 2>/dev/null \
    | awk '$1 == "ii" { print $2 }' || true)"
missing=()
for p in "${PACKAGES[@]}"; do
    grep -qx -- "$p" <<<"$installed" || missing+=("$p")
done

if (( ${#missing[@]} == 0 )); then
    (( CI )) || echo "install.sh: all ${#PACKAGES[@]} lab packages are installed"
    exit 0
fi

line="apt-get install -y --no-install-recommends ${missing[*]}"
if (( CHECK )); then
    echo "install.sh: missing: ${missing[*]}"
    echo "install.sh: to install: $line"
    exit 1
fi
if (( EUID != 0 )); then
    echo "install.sh: missing packages and not root; run as root:" >&2
    echo "  $line" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# Debian's maintainer scripts start services (openvswitch-switch); without systemd (CI
# containers) that fails the install: forbid it for the duration of this script. The lab
# starts its own daemons in its own namespaces and run directories.
policy_rc_d=/usr/sbin/policy-rc.d
if [[ ! -e "$policy_rc_d" ]]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy_rc_d"
    chmod +x "$policy_rc_d"
    trap 'rm -f "$policy_rc_d"' EXIT
fi
quiet=()
(( CI )) && quiet=(-qq)
needs_update=$UPDATE
# CI machines start with package lists of unknown age: refresh them before installing.
(( CI )) && needs_update=1
if (( ! needs_update )); then
    for p in "${missing[@]}"; do
        candidate="$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ { print $2 }')"
        if [[ -z "$candidate" || "$candidate" == "(none)" ]]; then needs_update=1; break; fi
    done
fi
if (( needs_update )); then
    apt-get "${quiet[@]}" update
fi
echo "install.sh: installing: ${missing[*]}"
apt-get "${quiet[@]}" install -y --no-install-recommends "${missing[@]}"
