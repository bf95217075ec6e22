#!/usr/bin/env bash
# host-setup1.sh - run-time host tuning, embedded-lab edition.
#
# On a KVM4NFV pod this step (after the reboot) turns off RT throttling, watchdogs and
# timer migration, sets the CPU governor to performance and stops irqbalance. The
# embedded lab never retunes the machine it runs on: this script only CHECKS those
# knobs and prints a report; it exits 0 ("not tuned (embedded lab): ...") unless --require.
#
# usage: host-setup1.sh [--require]
# env:   KVM4NFV_PROC (default /proc) and KVM4NFV_SYS (default /sys) point at a fake root in tests
set -euo pipefail

PROC=${KVM4NFV_PROC:-/proc}
SYS=${KVM4NFV_SYS:-/sys}
require=no
while [[ $# -gt 0 ]]; do
    case "$1" in
        --require) require=yes; shift ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "host-setup1.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done

missing=()
row() {
    printf '%-22s %-18s %-24s %s\n' "$1" "$2" "$3" "$4"
}

# check KNOB FILE EXPECTED -> one row; a missing file is reported, never an error
check() {
    local knob=$1 file=$2 expected=$3 actual
    if [[ ! -r "$file" ]]; then
        row "$knob" "$expected" "(not available)" "n/a"
        return 0
    fi
    actual=$(head -c 200 "$file" | tr -d '\n')
    if [[ "$actual" == "$expected" ]]; then
        row "$knob" "$expected" "$actual" "ok"
    else
        row "$knob" "$expected" "$actual" "not tuned"
        missing+=("$knob")
    fi
}

echo "host run-time tuning of $(uname -n)"
row KNOB EXPECTED ACTUAL STATUS
row ---- -------- ------ ------
check sched_rt_runtime_us "$PROC/sys/kernel/sched_rt_runtime_us" -1
check timer_migration "$PROC/sys/kernel/timer_migration" 0
check watchdog "$PROC/sys/kernel/watchdog" 0
check nmi_watchdog "$PROC/sys/kernel/nmi_watchdog" 0

governors=$(cat "$SYS"/devices/system/cpu/cpu[0-9]*/cpufreq/scaling_governor 2>/dev/null | sort -u | tr '\n' ' ' || true)
if [[ -z "$governors" ]]; then
    row cpu_governor performance "(no cpufreq)" "n/a"
elif [[ "$governors" == "performance " ]]; then
    row cpu_governor performance performance ok
else
    row cpu_governor performance "${governors% }" "not tuned"
    missing+=(cpu_governor)
fi

if pgrep -x irqbalance >/dev/null 2>&1; then
    row irqbalance stopped running "not tuned"
    missing+=(irqbalance)
else
    row irqbalance stopped stopped ok
fi

thp=$(cat "$SYS/kernel/mm/transparent_hugepage/enabled" 2>/dev/null || true)
if [[ -z "$thp" ]]; then
    row transparent_hugepage never "(not available)" "n/a"
elif [[ "$thp" == *"[never]"* ]]; then
    row transparent_hugepage never never ok
else
    row transparent_hugepage never "$(grep -o '\[[a-z]*\]' <<<"$thp" | tr -d '[]')" "not tuned"
    missing+=(transparent_hugepage)
fi

if [[ -c /dev/kvm && -r /dev/kvm && -w /dev/kvm ]]; then
    row kvm "/dev/kvm" "present" "info"
else
    row kvm "/dev/kvm" "absent" "info"
fi

echo
if [[ ${#missing[@]} -eq 0 ]]; then
    echo "tuned: the host's run-time tuning is in place"
    exit 0
fi
echo "not tuned (embedded lab): ${missing[*]} - reported only; the embedded lab never retunes its host"
[[ "$require" == yes ]] && exit 3
exit 0
