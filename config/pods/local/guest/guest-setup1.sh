#!/bin/sh
# guest-setup1.sh - run-time guest tuning (runs inside the guest; POSIX sh / busybox ash).
#
# Applies for real, where the guest kernel allows it, and reports each knob as
# applied / ok (already so) / unavailable:
#   - RT throttling off      echo -1 > /proc/sys/kernel/sched_rt_runtime_us
#   - watchdogs off          /proc/sys/kernel/watchdog, /proc/sys/kernel/nmi_watchdog
#   - timer migration off    /proc/sys/kernel/timer_migration
#   - IRQs off the measured CPU: /proc/irq/default_smp_affinity and /proc/irq/*/smp_affinity
#     (where writable; impossible with a single CPU)
# Never fails on a knob that does not exist or cannot be written; exit 0 unless misused.
#
# usage: guest-setup1.sh [--cpu N] [--dry-run]
#   --cpu N     the measured CPU (default: the last CPU)
#   --dry-run   report what would change, change nothing
# env:   KVM4NFV_PROC (default /proc): a fake /proc root for tests
set -eu

PROC=${KVM4NFV_PROC:-/proc}
cpu=""
dry=no
while [ "$#" -gt 0 ]; do
    case "$1" in
        --cpu) cpu=${2:?--cpu needs a CPU number}; shift 2 ;;
        --dry-run) dry=yes; shift ;;
        *) echo "guest-setup1.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done

report() {
    printf '%-26s %-12s %s\n' "$1" "$2" "$3"
}

# set_knob NAME FILE VALUE -> writes VALUE, reads it back, reports
set_knob() {
    name=$1 file=$2 value=$3
    if [ ! -e "$file" ]; then
        report "$name" unavailable "$file does not exist"
        return 0
    fi
    old=$(cat "$file" 2>/dev/null || echo "?")
    if [ "$old" = "$value" ]; then
        report "$name" ok "$value"
        return 0
    fi
    if [ "$dry" = yes ]; then
        report "$name" "would set" "$value (now $old)"
        return 0
    fi
    if { echo "$value" > "$file"; } 2>/dev/null && [ "$(cat "$file" 2>/dev/null)" = "$value" ]; then
        report "$name" applied "$value (was $old)"
    else
        report "$name" unavailable "cannot write $file (still $old)"
    fi
}

ncpu=$(grep -c '^processor' "$PROC/cpuinfo" 2>/dev/null || echo 1)
[ "$ncpu" -gt 0 ] 2>/dev/null || ncpu=1
[ -n "$cpu" ] || cpu=$((ncpu - 1))
case "$cpu" in
    *[!0-9]*|"") echo "guest-setup1.sh: bad CPU '$cpu'" >&2; exit 2 ;;
esac

echo "guest run-time tuning ($ncpu CPUs, measured CPU $cpu)"
report KNOB STATUS DETAIL
set_knob sched_rt_runtime_us "$PROC/sys/kernel/sched_rt_runtime_us" -1
set_knob watchdog "$PROC/sys/kernel/watchdog" 0
set_knob nmi_watchdog "$PROC/sys/kernel/nmi_watchdog" 0
set_knob timer_migration "$PROC/sys/kernel/timer_migration" 0

# IRQ affinity: every CPU but the measured one
if [ "$ncpu" -lt 2 ]; then
    report irq_affinity unavailable "only $ncpu CPU: IRQs cannot leave CPU $cpu"
elif [ "$cpu" -ge "$ncpu" ]; then
    report irq_affinity unavailable "CPU $cpu does not exist ($ncpu CPUs)"
elif [ ! -d "$PROC/irq" ]; then
    report irq_affinity unavailable "$PROC/irq does not exist"
else
    mask=$(printf '%x' $(( ((1 << ncpu) - 1) & ~(1 << cpu) )))
    set_knob default_irq_affinity "$PROC/irq/default_smp_affinity" "$mask"
    moved=0 kept=0 same=0
    for file in "$PROC"/irq/[0-9]*/smp_affinity; do
        [ -e "$file" ] || continue
        old=$(cat "$file" 2>/dev/null || echo "?")
        # the kernel pads masks with zeros and commas (e.g. 00000000,00000002)
        if [ "$(echo "$old" | tr -d , | sed 's/^0*//')" = "$mask" ]; then
            same=$((same + 1))
        elif [ "$dry" = yes ]; then
            moved=$((moved + 1))
        elif { echo "$mask" > "$file"; } 2>/dev/null; then
            moved=$((moved + 1))
        else
            kept=$((kept + 1))
        fi
    done
    if [ "$dry" = yes ]; then
        report irq_affinity "would set" "mask $mask on $moved IRQs ($same already)"
    elif [ $((moved + same)) -eq 0 ] && [ "$kept" -gt 0 ]; then
        report irq_affinity unavailable "no IRQ accepted mask $mask ($kept refused)"
    elif [ $((moved + same + kept)) -eq 0 ]; then
        report irq_affinity unavailable "no IRQs listed in $PROC/irq"
    else
        report irq_affinity applied "mask $mask: $moved moved, $same already, $kept not movable"
    fi
fi
exit 0
