#!/usr/bin/env bash
# guest-setup0.sh - boot-time tuning inside a KVM4NFV guest (a normal distro guest booting
# through GRUB; runs before the guest's reboot step).
#
# Like host-setup0.sh, without the host-only parts (huge pages, intel_pstate): puts
#   isolcpus=ISOLATED nohz_full=ISOLATED rcu_nocbs=ISOLATED
#   idle=poll tsc=reliable nmi_watchdog=0 mce=off processor.max_cstate=1 intel_idle.max_cstate=1
# on GRUB_CMDLINE_LINUX in the guest's /etc/default/grub (each key once, replaced, never
# duplicated), regenerates the GRUB config only when something changed, and optionally
# installs a real-time kernel package.
#
# env: KVM4NFV_ISOLATED_CPUS (required) the guest's measured CPUs (the framework passes the
#      guest node's cpus; a CPU the guest does not have is refused), e.g. 1
#      KVM4NFV_RT_KERNEL_PACKAGE  a package to install in the guest (default: none)
#      KVM4NFV_DRY_RUN=1, KVM4NFV_ROOT=DIR: see tune-lib.sh
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/tune-lib.sh"

[[ $# -eq 0 ]] || die "no arguments expected (configuration comes from the environment)"

ISOLATED=$(cpu_env KVM4NFV_ISOLATED_CPUS)
RT_PACKAGE=${KVM4NFV_RT_KERNEL_PACKAGE:-}
[[ -z "$RT_PACKAGE" || "$RT_PACKAGE" =~ ^[A-Za-z0-9][A-Za-z0-9.+_~:-]{0,127}$ ]] \
    || die "KVM4NFV_RT_KERNEL_PACKAGE='$RT_PACKAGE' is not a package name"
check_cpus_exist KVM4NFV_ISOLATED_CPUS "$ISOLATED"
housekeeping=$(subtract "$(online_cpus)" "$ISOLATED")
[[ -n "$housekeeping" ]] || die "KVM4NFV_ISOLATED_CPUS=$ISOLATED leaves no CPU for the guest's system (online: $(online_cpus)); give the guest one more vCPU"

table_header "guest boot-time tuning of $(uname -n)${ROOT:+ (fake root $ROOT)}: isolated $ISOLATED, housekeeping $housekeeping"

tune_grub "isolcpus=$ISOLATED" "nohz_full=$ISOLATED" "rcu_nocbs=$ISOLATED" \
    idle=poll tsc=reliable nmi_watchdog=0 mce=off processor.max_cstate=1 intel_idle.max_cstate=1

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
    fi
else
    row rt_kernel "-" "-" "not requested (KVM4NFV_RT_KERNEL_PACKAGE)"
fi

finish "the new kernel command line takes effect after the guest's reboot step"
