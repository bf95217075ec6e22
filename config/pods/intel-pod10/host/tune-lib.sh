# shellcheck shell=bash
# tune-lib.sh - functions shared by the intel-pod10 setup scripts (sourced, never run).
# The host and guest folders hold identical copies (each folder is uploaded on its own);
# IntelPod10ScriptsIT checks that they stay identical.
#
# Environment (all optional unless a script says otherwise):
#   KVM4NFV_ROOT     a fake root prefix for /etc, /proc, /sys, /mnt, /run (tests). With a
#                    fake root no system command is run (update-grub, apt-get, systemctl,
#                    mount, ...): each is printed and appended to $KVM4NFV_ROOT/kvm4nfv-commands.log.
#   KVM4NFV_DRY_RUN  1: change nothing, print what would change (default 0).
# Values from the environment are validated and only ever used as data, never eval'd.

if ((BASH_VERSINFO[0] < 4 || (BASH_VERSINFO[0] == 4 && BASH_VERSINFO[1] < 4))); then
    echo "$(basename "$0"): needs bash 4.4 or newer (this is $BASH_VERSION)" >&2
    exit 2
fi

ROOT=${KVM4NFV_ROOT:-}
ROOT=${ROOT%/}
DRY=${KVM4NFV_DRY_RUN:-0}
SCRIPT=$(basename "$0")
FAILED=()

die() {
    echo "$SCRIPT: $*" >&2
    exit 2
}

[[ "$DRY" == 0 || "$DRY" == 1 ]] || die "KVM4NFV_DRY_RUN must be 0 or 1, not '$DRY'"
if [[ -n "$ROOT" ]]; then
    [[ "$ROOT" == /* && -d "$ROOT" ]] || die "KVM4NFV_ROOT must be an existing absolute directory, not '$ROOT'"
fi

fake_root() {
    [[ -n "$ROOT" ]]
}

# ---- the change table ---------------------------------------------------------------------

table_header() {
    echo "$1"
    row KNOB BEFORE AFTER STATUS
    row ---- ------ ----- ------
}

row() {
    printf '%-26s %-30s %-30s %s\n' "$1" "${2:-(none)}" "${3:-(none)}" "$4"
}

# run_cmd CMD ARGS... - runs a system command; with a fake root or in a dry run it only says so
run_cmd() {
    if [[ "$DRY" == 1 ]]; then
        echo "would run: $*"
        return 0
    fi
    if fake_root; then
        echo "fake root, not run: $*"
        printf '%s\n' "$*" >>"$ROOT/kvm4nfv-commands.log"
        return 0
    fi
    echo "run: $*"
    "$@"
}

have() {
    command -v "$1" >/dev/null 2>&1
}

# ---- CPU lists ----------------------------------------------------------------------------

CPULIST_RE='^[0-9]{1,4}(-[0-9]{1,4})?(,[0-9]{1,4}(-[0-9]{1,4})?)*$'

# expand LIST - sets the array CPU_ARRAY to the CPU numbers of LIST (LIST must be valid; no fork)
expand() {
    local part a b parts=()
    CPU_ARRAY=()
    [[ -n "$1" ]] || return 0
    IFS=, read -ra parts <<<"$1"
    for part in "${parts[@]}"; do
        if [[ "$part" == *-* ]]; then
            a=$((10#${part%-*})); b=$((10#${part#*-}))
        else
            a=$((10#$part)); b=$a
        fi
        while ((a <= b)); do
            CPU_ARRAY+=("$a")
            a=$((a + 1))
        done
    done
}

# cpus_of LIST -> one CPU number per line
cpus_of() {
    expand "$1"
    ((${#CPU_ARRAY[@]} == 0)) || printf '%s\n' "${CPU_ARRAY[@]}"
}

# list_of CPU... -> the sorted, merged cpu list of these CPU numbers ("3 1 2" -> "1-3")
list_of() {
    local -a bits=()
    local c out="" start=-1 prev=-1
    for c in "$@"; do bits[c]=1; done
    for c in "${!bits[@]}"; do # indexed arrays list their indexes in ascending order
        if ((start < 0)); then
            start=$c
        elif ((c != prev + 1)); then
            if ((start == prev)); then out+="${out:+,}$start"; else out+="${out:+,}$start-$prev"; fi
            start=$c
        fi
        prev=$c
    done
    if ((start >= 0)); then
        if ((start == prev)); then out+="${out:+,}$start"; else out+="${out:+,}$start-$prev"; fi
    fi
    echo "$out"
}

# canonical LIST -> the sorted, merged cpu list ("3,1-2" -> "1-3"); empty for an empty list
canonical() {
    expand "$1"
    list_of "${CPU_ARRAY[@]}"
}

# online_cpus -> the cpu list of the online CPUs (sys/devices/system/cpu/online, else nproc)
online_cpus() {
    local f="$ROOT/sys/devices/system/cpu/online" v
    if [[ -r "$f" ]]; then
        v=$(tr -d ' \n' <"$f")
        [[ "$v" =~ $CPULIST_RE ]] && { canonical "$v"; return 0; }
    fi
    v=$(nproc)
    echo "0-$((v - 1))"
}

# cpu_env NAME [optional] -> the validated, canonical value of env NAME; dies if invalid
cpu_env() {
    local name=$1 value=${!1:-} part parts=()
    if [[ -z "$value" ]]; then
        [[ "${2:-}" == optional ]] && { echo ""; return 0; }
        die "$name is not set: the framework passes the pod's cpus (cpus.isolated/vcpu/stress of the node)"
    fi
    [[ "$value" =~ $CPULIST_RE ]] || die "$name='$value' is not a cpu list (expected e.g. 2-5,8)"
    IFS=, read -ra parts <<<"$value"
    for part in "${parts[@]}"; do
        if [[ "$part" == *-* ]] && ((10#${part%-*} > 10#${part#*-})); then
            die "$name='$value': range $part ends before it starts"
        fi
    done
    canonical "$value"
}

# check_cpus_exist NAME LIST - dies when LIST names a CPU that is not online
check_cpus_exist() {
    local online missing c
    online=$(online_cpus)
    missing=$(subtract "$2" "$online")
    [[ -z "$missing" ]] || die "$1=$2 names CPUs that are not online here (online: $online): ${missing//,/ }"
}

# subtract A B -> cpu list of A without B
subtract() {
    local -a drop=() keep=()
    local c
    expand "$2"
    for c in "${CPU_ARRAY[@]}"; do drop[c]=1; done
    expand "$1"
    for c in "${CPU_ARRAY[@]}"; do [[ -n "${drop[c]:-}" ]] || keep+=("$c"); done
    list_of "${keep[@]}"
}

# intersect A B -> cpu list of CPUs in both
intersect() {
    local -a in_b=() common=()
    local c
    expand "$2"
    for c in "${CPU_ARRAY[@]}"; do in_b[c]=1; done
    expand "$1"
    for c in "${CPU_ARRAY[@]}"; do [[ -z "${in_b[c]:-}" ]] || common+=("$c"); done
    list_of "${common[@]}"
}

# hexmask LIST -> the kernel's smp_affinity form: 32-bit hex groups joined by commas
hexmask() {
    local max=0 c ngroups i out="" group
    local -a g=()
    expand "$1"
    for c in "${CPU_ARRAY[@]}"; do ((c <= max)) || max=$c; done
    ngroups=$((max / 32 + 1))
    for ((i = 0; i < ngroups; i++)); do g[i]=0; done
    for c in "${CPU_ARRAY[@]}"; do g[c / 32]=$((g[c / 32] | (1 << (c % 32)))); done
    for ((i = ngroups - 1; i >= 0; i--)); do
        printf -v group '%08x' "${g[i]}"
        out+="${out:+,}$group"
    done
    echo "$out"
}

# mask_cpus MASK -> cpu list of a smp_affinity mask ("00000000,00000003" -> "0-1")
mask_cpus() {
    local hex=${1//,/} bit=0 i d b
    local -a cpus=()
    hex=${hex,,}
    [[ "$hex" =~ ^[0-9a-f]+$ ]] || { echo "?"; return 0; }
    for ((i = ${#hex} - 1; i >= 0; i--)); do
        d=$((16#${hex:i:1}))
        for ((b = 0; b < 4; b++)); do
            ((d & (1 << b))) && cpus+=("$((bit + b))")
        done
        bit=$((bit + 4))
    done
    list_of "${cpus[@]}"
}

# ---- kernel command line (GRUB) -----------------------------------------------------------

# cmdline_value NAME -> the value of NAME=... (or "present" for a bare flag) on proc/cmdline
cmdline_value() {
    local word words=()
    read -ra words <"$ROOT/proc/cmdline" || true
    for word in "${words[@]}"; do
        [[ "$word" == "$1="* ]] && { echo "${word#*=}"; return 0; }
        [[ "$word" == "$1" ]] && { echo present; return 0; }
    done
    echo ""
}

# grub_value VAR FILE -> the unquoted value of the first VAR= line of FILE
grub_value() {
    local line v
    line=$(grep -m1 -E "^$1=" "$2" || true)
    v=${line#"$1="}
    if [[ "$v" == \"*\" || "$v" == \'*\' ]]; then
        v=${v:1:${#v}-2}
    fi
    echo "$v"
}

# without_keys "WORDS" KEY... -> WORDS without any KEY or KEY=... word
without_keys() {
    local word key out="" words=()
    read -ra words <<<"$1"
    shift
    for word in "${words[@]}"; do
        for key in "$@"; do
            [[ "$word" == "$key" || "$word" == "$key="* ]] && continue 2
        done
        out+="${out:+ }$word"
    done
    echo "$out"
}

# set_grub_line VAR VALUE FILE - replaces the first VAR= line (or appends one), drops other VAR= lines
set_grub_line() {
    local var=$1 value=$2 file=$3 tmp line done=no
    tmp=$(mktemp "$file.XXXXXX")
    while IFS= read -r line || [[ -n "$line" ]]; do
        if [[ "$line" == "$var="* ]]; then
            [[ "$done" == yes ]] && continue
            printf '%s="%s"\n' "$var" "$value"
            done=yes
        else
            printf '%s\n' "$line"
        fi
    done <"$file" >"$tmp"
    [[ "$done" == yes ]] || printf '%s="%s"\n' "$var" "$value" >>"$tmp"
    chmod --reference="$file" "$tmp" 2>/dev/null || true
    mv -f "$tmp" "$file"
}

# tune_grub PARAM... - makes GRUB_CMDLINE_LINUX carry exactly these key[=value] parameters
# (each key once, old values replaced; the same keys removed from GRUB_CMDLINE_LINUX_DEFAULT),
# then regenerates the GRUB config when something changed. Sets GRUB_CHANGED=yes|no.
tune_grub() {
    local file="$ROOT/etc/default/grub" p key keys=() want have_v old new old_def new_def w words=()
    [[ -f "$file" ]] || die "$file does not exist: cannot set the kernel command line (is this a GRUB system?)"
    for p in "$@"; do keys+=("${p%%=*}"); done
    old=$(grub_value GRUB_CMDLINE_LINUX "$file")
    old_def=$(grub_value GRUB_CMDLINE_LINUX_DEFAULT "$file")
    for p in "$@"; do
        key=${p%%=*}
        have_v=""
        read -ra words <<<"$old $old_def"
        for w in "${words[@]}"; do
            [[ "$w" == "$key" || "$w" == "$key="* ]] && have_v+="${have_v:+ }$w"
        done
        if [[ "$have_v" == "$p" ]]; then
            row "grub $key" "$have_v" "$p" ok
        else
            row "grub $key" "$have_v" "$p" "$([[ "$DRY" == 1 ]] && echo "would change" || echo changed)"
        fi
    done
    want=$(without_keys "$old" "${keys[@]}")
    new="${want:+$want }$*"
    new_def=$(without_keys "$old_def" "${keys[@]}")
    if [[ "$new" == "$old" && "$new_def" == "$old_def" ]]; then
        # shellcheck disable=SC2034 # read by the scripts that source this file
        GRUB_CHANGED=no
        echo "GRUB_CMDLINE_LINUX already as wanted: $file not touched, GRUB config not regenerated"
        return 0
    fi
    # shellcheck disable=SC2034 # read by the scripts that source this file
    GRUB_CHANGED=yes
    if [[ "$DRY" == 1 ]]; then
        echo "would write GRUB_CMDLINE_LINUX=\"$new\" to $file"
        [[ "$new_def" == "$old_def" ]] || echo "would write GRUB_CMDLINE_LINUX_DEFAULT=\"$new_def\" to $file"
        regenerate_grub
        return 0
    fi
    [[ -e "$file.kvm4nfv.orig" ]] || cp -p "$file" "$file.kvm4nfv.orig"
    set_grub_line GRUB_CMDLINE_LINUX "$new" "$file"
    [[ "$new_def" == "$old_def" ]] || set_grub_line GRUB_CMDLINE_LINUX_DEFAULT "$new_def" "$file"
    echo "wrote $file (original kept as $file.kvm4nfv.orig)"
    regenerate_grub
}

# distro_family -> debian | rhel | unknown (from etc/os-release ID and ID_LIKE)
distro_family() {
    local ids
    ids=$(grep -E '^(ID|ID_LIKE)=' "$ROOT/etc/os-release" 2>/dev/null | cut -d= -f2- | tr -d '"' | tr '\n' ' ')
    case " $ids " in
        *" debian "* | *" ubuntu "*) echo debian ;;
        *" rhel "* | *" centos "* | *" fedora "* | *" rocky "* | *" almalinux "*) echo rhel ;;
        *) echo unknown ;;
    esac
}

regenerate_grub() {
    local family cfg
    family=$(distro_family)
    case "$family" in
        debian)
            run_cmd update-grub
            ;;
        rhel)
            cfg=/boot/grub2/grub.cfg
            run_cmd grub2-mkconfig -o "$cfg"
            # RHEL 8+ boot entries (BLS) carry their own options: grubby updates them too
            if fake_root || have grubby; then
                run_cmd grubby --update-kernel=ALL --args="$(grub_value GRUB_CMDLINE_LINUX "$ROOT/etc/default/grub")"
            fi
            ;;
        *)
            die "unknown distribution (etc/os-release ID/ID_LIKE): cannot regenerate the GRUB config; expected Debian/Ubuntu (update-grub) or RHEL/CentOS (grub2-mkconfig)"
            ;;
    esac
}

# verify_cmdline PARAM... - each key[=value] must be on proc/cmdline with that value
# (cpu lists compared as sets); dies with exit 3 naming every missing one
verify_cmdline() {
    local p key want got bad=()
    for p in "$@"; do
        key=${p%%=*}
        want=${p#*=}
        [[ "$p" == *=* ]] || want=present
        got=$(cmdline_value "$key")
        if [[ "$got" == "$want" ]] || { [[ "$want" =~ $CPULIST_RE && "$got" =~ $CPULIST_RE ]] && [[ "$(canonical "$got")" == "$(canonical "$want")" ]]; }; then
            row "cmdline $key" "$got" "$want" ok
        else
            row "cmdline $key" "$got" "$want" MISSING
            bad+=("$p (found: ${got:-absent})")
        fi
    done
    if ((${#bad[@]} > 0)); then
        echo "$SCRIPT: the running kernel's command line ($ROOT/proc/cmdline) lacks the boot-time tuning:" >&2
        printf '  %s\n' "${bad[@]}" >&2
        echo "$SCRIPT: did the boot-time step (host-setup0.sh / guest-setup0.sh) run, and did the reboot boot the GRUB entry it configured?" >&2
        exit 3
    fi
}

# ---- run-time knobs -----------------------------------------------------------------------

# set_knob NAME FILE VALUE [required] - writes VALUE (unless it is there), reads it back
set_knob() {
    local name=$1 file=$2 value=$3 before after
    if [[ ! -e "$file" ]]; then
        row "$name" "(no ${file#"$ROOT"})" "$value" unavailable
        [[ "${4:-}" == required ]] && FAILED+=("$name")
        return 0
    fi
    before="?"
    read -r before <"$file" 2>/dev/null || true
    if [[ "$before" == "$value" ]]; then
        row "$name" "$before" "$value" ok
        return 0
    fi
    if [[ "$DRY" == 1 ]]; then
        row "$name" "$before" "$value" "would change"
        return 0
    fi
    if { printf '%s\n' "$value" >"$file"; } 2>/dev/null; then
        after="?"
        read -r after <"$file" 2>/dev/null || true
        if [[ "$after" == "$value" ]]; then
            row "$name" "$before" "$after" changed
            return 0
        fi
    fi
    row "$name" "$before" "$(tr -d '\n' <"$file" 2>/dev/null || echo "?")" FAILED
    FAILED+=("$name")
}

# set_bracket_knob NAME FILE VALUE - sysfs "a [b] c" choice files (THP)
set_bracket_knob() {
    local name=$1 file=$2 value=$3 before after
    if [[ ! -e "$file" ]]; then
        row "$name" "(no ${file#"$ROOT"})" "$value" unavailable
        return 0
    fi
    before=$(grep -o '\[[a-z+]*\]' "$file" | tr -d '[]' || true)
    [[ -n "$before" ]] || before=$(tr -d '\n' <"$file")
    if [[ "$before" == "$value" ]]; then
        row "$name" "$before" "$value" ok
    elif [[ "$DRY" == 1 ]]; then
        row "$name" "$before" "$value" "would change"
    else
        { printf '%s\n' "$value" >"$file"; } 2>/dev/null || true
        after=$(grep -o '\[[a-z+]*\]' "$file" | tr -d '[]' || true)
        # a fake sysfs file holds the plain value written
        [[ -n "$after" ]] || after=$(tr -d '\n' <"$file")
        if [[ "$after" == "$value" ]]; then row "$name" "$before" "$after" changed; else
            row "$name" "$before" "$after" FAILED
            FAILED+=("$name")
        fi
    fi
}

# runtime_common ISOLATED - the run-time tuning shared by host and guest
runtime_common() {
    local isolated=$1 online housekeeping
    set_knob sched_rt_runtime_us "$ROOT/proc/sys/kernel/sched_rt_runtime_us" -1 required
    set_knob watchdog "$ROOT/proc/sys/kernel/watchdog" 0
    set_knob nmi_watchdog "$ROOT/proc/sys/kernel/nmi_watchdog" 0
    set_knob timer_migration "$ROOT/proc/sys/kernel/timer_migration" 0
    set_knob ksm "$ROOT/sys/kernel/mm/ksm/run" 0
    set_bracket_knob thp_enabled "$ROOT/sys/kernel/mm/transparent_hugepage/enabled" never
    set_bracket_knob thp_defrag "$ROOT/sys/kernel/mm/transparent_hugepage/defrag" never
    governors
    stop_irqbalance
    online=$(online_cpus)
    housekeeping=$(subtract "$online" "$isolated")
    [[ -n "$housekeeping" ]] || die "every online CPU ($online) is isolated ($isolated): nothing left for IRQs and housekeeping"
    irq_affinity "$housekeeping"
}

governors() {
    local f n=0 changed=0 same=0 refused=0 before
    for f in "$ROOT"/sys/devices/system/cpu/cpu[0-9]*/cpufreq/scaling_governor; do
        [[ -e "$f" ]] || continue
        n=$((n + 1))
        before=""
        read -r before <"$f" || true
        if [[ "$before" == performance ]]; then
            same=$((same + 1))
        elif [[ "$DRY" == 1 ]]; then
            changed=$((changed + 1))
        elif { echo performance >"$f"; } 2>/dev/null && [[ "$(tr -d '\n' <"$f")" == performance ]]; then
            changed=$((changed + 1))
        else
            refused=$((refused + 1))
        fi
    done
    if ((n == 0)); then
        row cpu_governor "(no cpufreq)" performance unavailable
    elif ((refused > 0)); then
        row cpu_governor "$n CPUs" "$refused refused" FAILED
        FAILED+=(cpu_governor)
    elif ((changed == 0)); then
        row cpu_governor "performance x $n" "performance x $n" ok
    else
        row cpu_governor "$changed not performance" "performance x $n" "$([[ "$DRY" == 1 ]] && echo "would change" || echo changed)"
    fi
}

irqbalance_running() {
    if fake_root; then
        [[ -e "$ROOT/run/irqbalance.pid" ]]
    else
        pgrep -x irqbalance >/dev/null 2>&1
    fi
}

stop_irqbalance() {
    if ! irqbalance_running; then
        row irqbalance stopped stopped ok
        return 0
    fi
    if [[ "$DRY" == 1 ]]; then
        row irqbalance running stopped "would change"
        return 0
    fi
    if fake_root || have systemctl; then
        run_cmd systemctl stop irqbalance
        run_cmd systemctl disable irqbalance
    elif have service; then
        run_cmd service irqbalance stop
    fi
    if fake_root; then
        rm -f "$ROOT/run/irqbalance.pid"
    fi
    if irqbalance_running; then
        row irqbalance running running FAILED
        FAILED+=(irqbalance)
    else
        row irqbalance running stopped changed
    fi
}

# irq_affinity HOUSEKEEPING - every IRQ (and the default) onto the housekeeping CPUs
irq_affinity() {
    local hk=$1 mask f before cpus moved=0 same=0 refused=0
    mask=$(hexmask "$hk")
    if [[ ! -d "$ROOT/proc/irq" ]]; then
        row irq_affinity "(no /proc/irq)" "$hk" unavailable
        return 0
    fi
    if [[ -e "$ROOT/proc/irq/default_smp_affinity" ]]; then
        before=$(tr -d '\n' <"$ROOT/proc/irq/default_smp_affinity")
        if [[ "$(mask_cpus "$before")" == "$hk" ]]; then
            row default_irq_affinity "$(mask_cpus "$before")" "$hk" ok
        elif [[ "$DRY" == 1 ]]; then
            row default_irq_affinity "$(mask_cpus "$before")" "$hk" "would change"
        elif { echo "$mask" >"$ROOT/proc/irq/default_smp_affinity"; } 2>/dev/null; then
            row default_irq_affinity "$(mask_cpus "$before")" "$hk" changed
        else
            row default_irq_affinity "$(mask_cpus "$before")" "$hk" FAILED
            FAILED+=(default_irq_affinity)
        fi
    fi
    for f in "$ROOT"/proc/irq/[0-9]*/smp_affinity; do
        [[ -f "$f" ]] || continue
        before=""
        read -r before <"$f" || true
        cpus=$(mask_cpus "$before")
        if [[ "$cpus" == "$hk" ]]; then
            same=$((same + 1))
        elif [[ "$DRY" == 1 ]]; then
            moved=$((moved + 1))
        elif { echo "$mask" >"$f"; } 2>/dev/null; then
            moved=$((moved + 1))
        else
            # per-CPU and managed IRQs refuse a new affinity (EIO): not ours to move
            refused=$((refused + 1))
        fi
    done
    local status=ok
    ((moved == 0)) || status=$([[ "$DRY" == 1 ]] && echo "would change" || echo changed)
    row irq_affinity "$moved IRQs elsewhere" "$((moved + same)) IRQs on $hk" "$status ($refused not movable)"
}

# finish WHAT - the last line; exit 1 when a knob could not be set
finish() {
    echo
    if ((${#FAILED[@]} > 0)); then
        echo "$SCRIPT: could not apply: ${FAILED[*]}" >&2
        exit 1
    fi
    if [[ "$DRY" == 1 ]]; then
        echo "dry run: nothing changed ($1)"
    else
        echo "done: $1"
    fi
}
