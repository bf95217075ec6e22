#!/usr/bin/env bash
# host-setup1.sh - run-time tuning of a KVM4NFV compute host (runs after the reboot step).
#
# First checks that the boot-time tuning of host-setup0.sh is on the running kernel's
# command line (exit 3 naming every missing parameter otherwise), then:
#   - RT throttling off (kernel.sched_rt_runtime_us = -1; the period stays as it is)
#   - watchdogs off (kernel.watchdog, kernel.nmi_watchdog), timer migration off
#   - KSM off, transparent hugepages never
#   - CPU frequency governor performance on every CPU
#   - irqbalance stopped, every movable IRQ (and the default affinity) on the housekeeping
#     CPUs (online minus isolated)
#   - 1 GiB pages reserved and hugetlbfs mounted (pagesize=1G) at the QEMU memory path
# Exit 1 when a knob that exists could not be set.
#
# env: KVM4NFV_ISOLATED_CPUS (required), KVM4NFV_HUGEPAGES_1G (default 4),
#      KVM4NFV_HUGETLBFS (default /mnt/hugetlbfs-1g), KVM4NFV_RT_KERNEL_PACKAGE (when set,
#      the running kernel must be PREEMPT_RT), KVM4NFV_DRY_RUN=1, KVM4NFV_ROOT=DIR
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/tune-lib.sh"

[[ $# -eq 0 ]] || die "no arguments expected (configuration comes from the environment)"

ISOLATED=$(cpu_env KVM4NFV_ISOLATED_CPUS)
HUGEPAGES=${KVM4NFV_HUGEPAGES_1G:-4}
HUGETLBFS=${KVM4NFV_HUGETLBFS:-/mnt/hugetlbfs-1g}
if ! [[ "$HUGEPAGES" =~ ^[0-9]{1,4}$ ]] || ! ((10#$HUGEPAGES >= 1)); then
    die "KVM4NFV_HUGEPAGES_1G='$HUGEPAGES' must be a whole number of 1 GiB pages, 1-9999"
fi
HUGEPAGES=$((10#$HUGEPAGES))
[[ "$HUGETLBFS" =~ ^/[A-Za-z0-9._/-]+$ && "$HUGETLBFS" != *..* ]] \
    || die "KVM4NFV_HUGETLBFS='$HUGETLBFS' must be an absolute path of letters, digits, '.', '_', '-', '/'"

table_header "host run-time tuning of $(uname -n)${ROOT:+ (fake root $ROOT)}: isolated $ISOLATED"

verify_cmdline "isolcpus=$ISOLATED" "nohz_full=$ISOLATED" "rcu_nocbs=$ISOLATED" \
    idle=poll tsc=reliable nmi_watchdog=0 mce=off default_hugepagesz=1G "hugepages=$HUGEPAGES"
check_cpus_exist KVM4NFV_ISOLATED_CPUS "$ISOLATED"

if [[ -n "${KVM4NFV_RT_KERNEL_PACKAGE:-}" ]]; then
    version=$(cat "$ROOT/proc/version" 2>/dev/null || uname -v)
    if [[ "$version" == *PREEMPT_RT* || "$(cat "$ROOT/sys/kernel/realtime" 2>/dev/null || true)" == 1 ]]; then
        row kernel PREEMPT_RT PREEMPT_RT ok
    else
        row kernel "$(grep -o 'PREEMPT[_A-Z]*' <<<"$version" | head -n1 || echo none)" PREEMPT_RT MISSING
        echo "$SCRIPT: KVM4NFV_RT_KERNEL_PACKAGE=${KVM4NFV_RT_KERNEL_PACKAGE} was installed but the running kernel is not PREEMPT_RT: check GRUB_DEFAULT" >&2
        exit 3
    fi
fi

runtime_common "$ISOLATED"

# 1 GiB pages: reserved on the command line; top up at run time if some are missing
pages="$ROOT/sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages"
if [[ ! -e "$pages" ]]; then
    row hugepages_1G "(no 1G page size)" "$HUGEPAGES" FAILED
    echo "$SCRIPT: no 1 GiB huge page size: the CPU lacks pdpe1gb or the kernel lacks hugepagesz=1G" >&2
    FAILED+=(hugepages_1G)
else
    have_pages=$(tr -d '\n' <"$pages")
    if ((have_pages >= HUGEPAGES)); then
        row hugepages_1G "$have_pages" "$have_pages" ok
    else
        set_knob hugepages_1G "$pages" "$HUGEPAGES" required
    fi
fi

mountpoint="$ROOT$HUGETLBFS"
mounted=$(awk -v d="$HUGETLBFS" '$2 == d && $3 == "hugetlbfs" {print $4}' "$ROOT/proc/mounts" 2>/dev/null || true)
if [[ "$mounted" == *pagesize=1024M* || "$mounted" == *pagesize=1G* ]]; then
    row hugetlbfs "$HUGETLBFS ($mounted)" "$HUGETLBFS pagesize=1G" ok
elif [[ -n "$mounted" ]]; then
    row hugetlbfs "$HUGETLBFS ($mounted)" "$HUGETLBFS pagesize=1G" FAILED
    echo "$SCRIPT: $HUGETLBFS is a hugetlbfs of another page size; unmount it first" >&2
    FAILED+=(hugetlbfs)
else
    row hugetlbfs "(not mounted)" "$HUGETLBFS pagesize=1G" "$([[ "$DRY" == 1 ]] && echo "would change" || echo changed)"
    [[ "$DRY" == 1 ]] || mkdir -p "$mountpoint"
    run_cmd mount -t hugetlbfs -o pagesize=1G hugetlbfs "$HUGETLBFS"
    # a fake root records the mount it stands for, so that a second run sees it
    if fake_root && [[ "$DRY" == 0 ]]; then
        echo "hugetlbfs $HUGETLBFS hugetlbfs rw,relatime,pagesize=1024M 0 0" >>"$ROOT/proc/mounts"
    fi
fi

finish "host run-time tuning in place"
