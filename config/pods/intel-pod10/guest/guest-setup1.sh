#!/usr/bin/env bash
# guest-setup1.sh - run-time tuning inside a KVM4NFV guest (runs after the guest's reboot).
#
# Checks that guest-setup0.sh's command line is in effect (exit 3 naming what is missing),
# then the same run-time tuning as the host: RT throttling off, watchdogs and timer
# migration off, KSM off, THP never, governor performance (where the guest has cpufreq),
# irqbalance stopped, IRQs on the guest's housekeeping CPUs. Exit 1 when a knob that
# exists could not be set.
#
# env: KVM4NFV_ISOLATED_CPUS (required) the guest's measured CPUs, e.g. 1
#      KVM4NFV_DRY_RUN=1, KVM4NFV_ROOT=DIR: see tune-lib.sh
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/tune-lib.sh"

[[ $# -eq 0 ]] || die "no arguments expected (configuration comes from the environment)"

ISOLATED=$(cpu_env KVM4NFV_ISOLATED_CPUS)

table_header "guest run-time tuning of $(uname -n)${ROOT:+ (fake root $ROOT)}: isolated $ISOLATED"
verify_cmdline "isolcpus=$ISOLATED" "nohz_full=$ISOLATED" "rcu_nocbs=$ISOLATED" idle=poll tsc=reliable nmi_watchdog=0 mce=off
check_cpus_exist KVM4NFV_ISOLATED_CPUS "$ISOLATED"
runtime_common "$ISOLATED"
finish "guest run-time tuning in place"
