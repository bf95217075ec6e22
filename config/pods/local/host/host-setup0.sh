#!/usr/bin/env bash
# host-setup0.sh - boot-time host tuning, embedded-lab edition.
#
# On a KVM4NFV pod this step installs the RT kernel and puts isolcpus/nohz_full/rcu_nocbs
# and hugepages on the kernel command line (GRUB), then the host reboots. The embedded lab
# never retunes or reboots the machine it runs on: this script only CHECKS the boot-time
# tuning and prints a report; it exits 0 ("not tuned (embedded lab): ...") unless
# --require is given.
#
# usage: host-setup0.sh [--cpus LIST] [--require]
#   --cpus LIST  the CPUs meant for measurement (default: the last CPU, e.g. 1 on 2 CPUs)
#   --require    exit 3 when the host is not tuned (for a real pod)
# env:   KVM4NFV_PROC (default /proc) and KVM4NFV_SYS (default /sys) point at a fake root in tests
set -euo pipefail

PROC=${KVM4NFV_PROC:-/proc}
SYS=${KVM4NFV_SYS:-/sys}
ncpu=$(grep -c '^processor' "$PROC/cpuinfo" 2>/dev/null || true)
[[ "$ncpu" =~ ^[0-9]+$ && "$ncpu" -gt 0 ]] || ncpu=$(nproc)
cpus=$((ncpu - 1))
require=no
while [[ $# -gt 0 ]]; do
    case "$1" in
        --cpus) cpus=${2:?--cpus needs a CPU list}; shift 2 ;;
        --require) require=yes; shift ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "host-setup0.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done

cmdline=$(cat "$PROC/cmdline")
missing=()

# cmdline_value NAME -> value of NAME=... on the kernel command line, empty if absent
cmdline_value() {
    local word
    for word in $cmdline; do
        [[ "$word" == "$1="* ]] && { echo "${word#*=}"; return 0; }
    done
    return 0
}

row() {
    printf '%-22s %-18s %-24s %s\n' "$1" "$2" "$3" "$4"
}

echo "host boot-time tuning of $(uname -n) (kernel $(uname -r), $ncpu CPUs, measured CPUs: $cpus)"
row KNOB EXPECTED ACTUAL STATUS
row ---- -------- ------ ------
for knob in isolcpus nohz_full rcu_nocbs; do
    actual=$(cmdline_value "$knob")
    if [[ -z "$actual" ]]; then
        row "$knob" "$cpus" "(absent)" "not tuned"
        missing+=("$knob")
    elif [[ ",$actual," == *",$cpus,"* || "$actual" == *"$cpus"* ]]; then
        row "$knob" "$cpus" "$actual" "ok"
    else
        row "$knob" "$cpus" "$actual" "not tuned"
        missing+=("$knob")
    fi
done

hp_total=$(awk '/^HugePages_Total:/ {print $2}' "$PROC/meminfo" 2>/dev/null || true)
hp_size=$(awk '/^Hugepagesize:/ {print $2 $3}' "$PROC/meminfo" 2>/dev/null || true)
if [[ -z "$hp_total" ]]; then
    row hugepages "> 0" "(no hugetlb support)" "not tuned"
    missing+=(hugepages)
elif [[ "$hp_total" -gt 0 ]]; then
    row hugepages "> 0" "$hp_total x $hp_size" "ok"
else
    row hugepages "> 0" "0 x $hp_size" "not tuned"
    missing+=(hugepages)
fi

preempt=$(uname -v)
if [[ "$preempt" == *PREEMPT_RT* || -e "$SYS/kernel/realtime" ]]; then
    row "kernel" "PREEMPT_RT" "PREEMPT_RT" "ok"
else
    row "kernel" "PREEMPT_RT" "$(grep -o 'PREEMPT[_A-Z]*' <<<"$preempt" | head -n1 || echo none)" "not tuned"
    missing+=(preempt_rt)
fi

echo
if [[ ${#missing[@]} -eq 0 ]]; then
    echo "tuned: the host's boot-time tuning is in place"
    exit 0
fi
echo "not tuned (embedded lab): ${missing[*]} - reported only; the embedded lab never edits GRUB or reboots its host"
[[ "$require" == yes ]] && exit 3
exit 0
