#!/bin/sh
# guest-setup0.sh - boot-time guest preparation (runs inside the guest; POSIX sh / busybox ash).
#
# On a KVM4NFV pod this step installs the RT kernel in the guest and edits its GRUB, then
# the guest reboots. An embedded-lab guest boots a kernel + initramfs whose command line the
# QEMU launcher sets, so this step mounts what the measurements need (proc, sysfs, debugfs
# and tracefs for ftrace) and REPORTS the boot-time tuning it finds (isolcpus, nohz_full,
# rcu_nocbs, preemption model). Never fails on a knob that does not exist.
#
# usage: guest-setup0.sh [--cpu N]      N: the measured CPU (default: the last CPU)
# env:   KVM4NFV_PROC (default /proc), KVM4NFV_SYS (default /sys): a fake root for tests;
#        with a fake root nothing is mounted.
set -eu

PROC=${KVM4NFV_PROC:-/proc}
SYS=${KVM4NFV_SYS:-/sys}
cpu=""
while [ "$#" -gt 0 ]; do
    case "$1" in
        --cpu) cpu=${2:?--cpu needs a CPU number}; shift 2 ;;
        *) echo "guest-setup0.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done

report() {
    printf '%-26s %-12s %s\n' "$1" "$2" "$3"
}

# mount_if_missing FSTYPE DIR
mount_if_missing() {
    if [ "$PROC" != /proc ] || [ "$SYS" != /sys ]; then
        report "mount $2" unavailable "fake root (test): not mounting"
        return 0
    fi
    if grep -q " $2 $1 " /proc/mounts 2>/dev/null; then
        report "mount $2" ok "already mounted"
    elif [ -d "$2" ] && mount -t "$1" "$1" "$2" 2>/dev/null; then
        report "mount $2" applied "mounted $1"
    else
        report "mount $2" unavailable "cannot mount $1 (not in this kernel or not root)"
    fi
}

ncpu=$(grep -c '^processor' "$PROC/cpuinfo" 2>/dev/null || echo 1)
[ "$ncpu" -gt 0 ] 2>/dev/null || ncpu=1
[ -n "$cpu" ] || cpu=$((ncpu - 1))
cmdline=$(cat "$PROC/cmdline" 2>/dev/null || echo "")

echo "guest boot-time tuning ($ncpu CPUs, measured CPU $cpu)"
report KNOB STATUS DETAIL
mount_if_missing proc /proc
mount_if_missing sysfs /sys
mount_if_missing debugfs /sys/kernel/debug
mount_if_missing tracefs /sys/kernel/tracing

missing=""
for knob in isolcpus nohz_full rcu_nocbs; do
    value=""
    for word in $cmdline; do
        case "$word" in
            "$knob="*) value=${word#*=} ;;
        esac
    done
    if [ -n "$value" ]; then
        report "$knob" ok "$value"
    else
        report "$knob" "not set" "absent from the kernel command line"
        missing="$missing $knob"
    fi
done

version=$(cat "$PROC/version" 2>/dev/null || uname -v)
case "$version" in
    *PREEMPT_RT*) report preemption ok "PREEMPT_RT" ;;
    *PREEMPT*) report preemption "not set" "$(echo "$version" | grep -o 'PREEMPT[_A-Z]*' | head -n 1) (not PREEMPT_RT)"; missing="$missing preempt_rt" ;;
    *) report preemption "not set" "no preemption model found"; missing="$missing preempt_rt" ;;
esac

echo
if [ -z "$missing" ]; then
    echo "guest boot-time tuning in place"
else
    echo "guest boot-time tuning missing:$missing (set by the launcher's kernel command line; reported only)"
fi
exit 0
