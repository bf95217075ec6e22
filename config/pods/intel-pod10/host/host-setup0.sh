#!/usr/bin/env bash
# host-setup0.sh - boot-time tuning of a KVM4NFV compute host (runs before the reboot step).
#
# Puts the real-time tuning on the kernel command line through /etc/default/grub
# (GRUB_CMDLINE_LINUX; every key exactly once, old values replaced, the same keys removed
# from GRUB_CMDLINE_LINUX_DEFAULT), regenerates the GRUB config (update-grub on
# Debian/Ubuntu, grub2-mkconfig + grubby on RHEL/CentOS) only when something changed, and
# optionally installs a real-time kernel package. The framework's "reboot" step follows;
# host-setup1.sh then checks that the new command line is in effect.
#
#   isolcpus=ISOLATED nohz_full=ISOLATED rcu_nocbs=ISOLATED
#   intel_pstate=disable processor.max_cstate=1 intel_idle.max_cstate=1 idle=poll
#   tsc=reliable nmi_watchdog=0 mce=off
#   default_hugepagesz=1G hugepagesz=1G hugepages=N
#
# env: KVM4NFV_ISOLATED_CPUS (required) the CPUs taken from the scheduler, e.g. 11-15,31-35
#      KVM4NFV_VCPU_CPUS     (optional) QEMU vCPU CPUs: must lie inside the isolated set
#      KVM4NFV_STRESS_CPUS   (optional) stress-ng CPUs: must not overlap the vCPU CPUs
#      KVM4NFV_HUGEPAGES_1G  number of 1 GiB pages to reserve at boot (default 4)
#      KVM4NFV_RT_KERNEL_PACKAGE  a distro package to install, e.g. linux-image-rt-amd64
#                            (Debian) or kernel-rt (RHEL); default: none
#      KVM4NFV_DRY_RUN=1, KVM4NFV_ROOT=DIR: see tune-lib.sh
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/tune-lib.sh"

[[ $# -eq 0 ]] || die "no arguments expected (configuration comes from the environment)"

ISOLATED=$(cpu_env KVM4NFV_ISOLATED_CPUS)
VCPU=$(cpu_env KVM4NFV_VCPU_CPUS optional)
STRESS=$(cpu_env KVM4NFV_STRESS_CPUS optional)
HUGEPAGES=${KVM4NFV_HUGEPAGES_1G:-4}
RT_PACKAGE=${KVM4NFV_RT_KERNEL_PACKAGE:-}

if ! [[ "$HUGEPAGES" =~ ^[0-9]{1,4}$ ]] || ! ((10#$HUGEPAGES >= 1)); then
    die "KVM4NFV_HUGEPAGES_1G='$HUGEPAGES' must be a whole number of 1 GiB pages, 1-9999"
fi
HUGEPAGES=$((10#$HUGEPAGES))
[[ -z "$RT_PACKAGE" || "$RT_PACKAGE" =~ ^[A-Za-z0-9][A-Za-z0-9.+_~:-]{0,127}$ ]] \
    || die "KVM4NFV_RT_KERNEL_PACKAGE='$RT_PACKAGE' is not a package name"
check_cpus_exist KVM4NFV_ISOLATED_CPUS "$ISOLATED"
if [[ -n "$VCPU" ]]; then
    outside=$(subtract "$VCPU" "$ISOLATED")
    [[ -z "$outside" ]] || die "KVM4NFV_VCPU_CPUS=$VCPU: CPUs $outside are not in KVM4NFV_ISOLATED_CPUS=$ISOLATED"
fi
if [[ -n "$STRESS" && -n "$VCPU" ]]; then
    both=$(intersect "$STRESS" "$VCPU")
    [[ -z "$both" ]] || die "KVM4NFV_STRESS_CPUS=$STRESS overlaps KVM4NFV_VCPU_CPUS=$VCPU on CPUs $both"
fi
housekeeping=$(subtract "$(online_cpus)" "$ISOLATED")
[[ -n "$housekeeping" ]] || die "KVM4NFV_ISOLATED_CPUS=$ISOLATED leaves no CPU for the system (online: $(online_cpus))"

table_header "host boot-time tuning of $(uname -n)${ROOT:+ (fake root $ROOT)}: isolated $ISOLATED, vCPUs ${VCPU:-?}, stress ${STRESS:-?}, housekeeping $housekeeping"

tune_grub "isolcpus=$ISOLATED" "nohz_full=$ISOLATED" "rcu_nocbs=$ISOLATED" \
    intel_pstate=disable processor.max_cstate=1 intel_idle.max_cstate=1 idle=poll \
    tsc=reliable nmi_watchdog=0 mce=off \
    default_hugepagesz=1G hugepagesz=1G "hugepages=$HUGEPAGES"

if [[ -n "$RT_PACKAGE" ]]; then
    family=$(distro_family)
    installed=no
    if ! fake_root; then
        case "$family" in
            debian) dpkg-query -W -f='${Status}' "$RT_PACKAGE" 2>/dev/null | grep -q 'install ok installed' && installed=yes ;;
            rhel) rpm -q "$RT_PACKAGE" >/dev/null 2>&1 && installed=yes ;;
        esac
    fi
    if [[ "$installed" == yes ]]; then
        row rt_kernel "$RT_PACKAGE" "$RT_PACKAGE" ok
    else
        row rt_kernel "(not installed)" "$RT_PACKAGE" "$([[ "$DRY" == 1 ]] && echo "would change" || echo changed)"
        case "$family" in
            debian) run_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$RT_PACKAGE" ;;
            rhel) if fake_root || have dnf; then run_cmd dnf install -y "$RT_PACKAGE"; else run_cmd yum install -y "$RT_PACKAGE"; fi ;;
            *) die "unknown distribution: cannot install $RT_PACKAGE" ;;
        esac
        # a new kernel package regenerates GRUB itself on both families; make sure it boots by default
        if [[ "$family" == debian && "$GRUB_CHANGED" == no ]]; then
            regenerate_grub
        fi
    fi
else
    row rt_kernel "-" "-" "not requested (KVM4NFV_RT_KERNEL_PACKAGE)"
fi

finish "the new kernel command line takes effect after the reboot step"
