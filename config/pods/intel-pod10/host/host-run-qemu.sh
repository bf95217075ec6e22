#!/usr/bin/env bash
# host-run-qemu.sh - launch the KVM4NFV guest on this host and wait until its SSH answers.
#
# QEMU runs daemonized with KVM (-enable-kvm -cpu host), its memory preallocated and locked
# from 1 GiB huge pages (hugetlbfs mounted by host-setup1.sh), one vCPU per CPU of
# KVM4NFV_VCPU_CPUS, each vCPU thread pinned to its CPU (threads named "CPU n/KVM" thanks
# to debug-threads=on), a QMP socket for migration probes, and the guest's SSH forwarded
# as KVM4NFV did: -netdev user,hostfwd=tcp::5555-:22. The script then waits (bounded)
# until the forwarded port answers with an SSH banner. If the guest is already running
# (pidfile, live QEMU of ours) it is pinned and waited for again, not started twice.
# When a step fails after QEMU started, the QEMU this script started is stopped: no
# orphaned VM is left behind.
#
# env: KVM4NFV_GUEST_IMAGE  (required) the guest disk image (qcow2 when named *.qcow2, else raw)
#      KVM4NFV_VCPU_CPUS    (required) host CPUs of the vCPU threads, e.g. 11-12 (2 vCPUs)
#      KVM4NFV_GUEST_MEMORY_GB  guest memory in GiB (default 1)
#      KVM4NFV_GUEST_SSH_PORT   the forwarded port (default 5555)
#      KVM4NFV_HUGETLBFS    the 1 GiB hugetlbfs mount (default /mnt/hugetlbfs-1g)
#      KVM4NFV_QEMU         the QEMU binary (default qemu-system-x86_64)
#      KVM4NFV_RUN_DIR      pidfile, QMP socket, logs (default /run/kvm4nfv)
#      KVM4NFV_QMP_SOCKET   the QMP socket (default $KVM4NFV_RUN_DIR/kvm4nfv-guest.qmp); the lab sets it
#                           from the pod's launch.qmpSocket and finds the QEMU by it (live migration)
#      KVM4NFV_HEARTBEAT_SOCKET  the guest's second serial port (/dev/ttyS1) as a UNIX socket the
#                           host reads (default $KVM4NFV_RUN_DIR/kvm4nfv-guest.hb): the heartbeat
#                           a live migration times
#      KVM4NFV_SSH_WAIT_SECONDS  how long to wait for the guest's SSH (default 300)
#      KVM4NFV_DRY_RUN=1 (print the QEMU command, start nothing), KVM4NFV_ROOT=DIR
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/tune-lib.sh"

[[ $# -eq 0 ]] || die "no arguments expected (configuration comes from the environment)"

NAME=kvm4nfv-guest
IMAGE=${KVM4NFV_GUEST_IMAGE:-}
VCPU=$(cpu_env KVM4NFV_VCPU_CPUS)
MEMORY_GB=${KVM4NFV_GUEST_MEMORY_GB:-1}
PORT=${KVM4NFV_GUEST_SSH_PORT:-5555}
HUGETLBFS=${KVM4NFV_HUGETLBFS:-/mnt/hugetlbfs-1g}
QEMU=${KVM4NFV_QEMU:-qemu-system-x86_64}
RUN_DIR=${KVM4NFV_RUN_DIR:-$ROOT/run/kvm4nfv}
WAIT=${KVM4NFV_SSH_WAIT_SECONDS:-300}

[[ -n "$IMAGE" ]] || die "KVM4NFV_GUEST_IMAGE is not set: the path of the guest disk image on this host"
[[ "$IMAGE" =~ ^/[^,]+$ ]] || die "KVM4NFV_GUEST_IMAGE='$IMAGE' must be an absolute path without ','"
[[ -f "$IMAGE" && -r "$IMAGE" ]] || die "guest image $IMAGE (KVM4NFV_GUEST_IMAGE) does not exist or is not a readable file"
if ! [[ "$MEMORY_GB" =~ ^[0-9]{1,4}$ ]] || ! ((10#$MEMORY_GB >= 1)); then
    die "KVM4NFV_GUEST_MEMORY_GB='$MEMORY_GB' must be a whole number of GiB (1 GiB pages)"
fi
MEMORY_GB=$((10#$MEMORY_GB))
if ! [[ "$PORT" =~ ^[0-9]{1,5}$ ]] || ! ((10#$PORT >= 1 && 10#$PORT <= 65535)); then
    die "KVM4NFV_GUEST_SSH_PORT='$PORT' is not a port"
fi
PORT=$((10#$PORT))
[[ "$WAIT" =~ ^[0-9]{1,5}$ ]] || die "KVM4NFV_SSH_WAIT_SECONDS='$WAIT' is not a number of seconds"
[[ "$HUGETLBFS" =~ ^/[A-Za-z0-9._/-]+$ && "$HUGETLBFS" != *..* ]] \
    || die "KVM4NFV_HUGETLBFS='$HUGETLBFS' must be an absolute path of letters, digits, '.', '_', '-', '/'"
[[ "$QEMU" =~ ^[A-Za-z0-9._/-]+$ ]] || die "KVM4NFV_QEMU='$QEMU' is not a program name or path"
[[ "$RUN_DIR" =~ ^/[A-Za-z0-9._/-]+$ ]] || die "KVM4NFV_RUN_DIR='$RUN_DIR' must be an absolute path"
check_cpus_exist KVM4NFV_VCPU_CPUS "$VCPU"

mapfile -t CPUS < <(cpus_of "$VCPU")
NVCPU=${#CPUS[@]}
format=raw
[[ "$IMAGE" != *.qcow2 ]] || format=qcow2
pidfile="$RUN_DIR/$NAME.pid"
qmp=${KVM4NFV_QMP_SOCKET:-$RUN_DIR/$NAME.qmp}
heartbeat=${KVM4NFV_HEARTBEAT_SOCKET:-$RUN_DIR/$NAME.hb}
for socket in "$qmp" "$heartbeat"; do
    [[ "$socket" =~ ^/[A-Za-z0-9._/-]+$ && "$socket" != *..* ]] \
        || die "socket path '$socket' (KVM4NFV_QMP_SOCKET/KVM4NFV_HEARTBEAT_SOCKET) must be an absolute path of letters, digits, '.', '_', '-', '/'"
done
log="$RUN_DIR/$NAME.log"
mempath="$ROOT$HUGETLBFS"

# shellcheck disable=SC2054 # commas are QEMU's option syntax
args=(
    -name "$NAME,debug-threads=on"
    -machine q35,memory-backend=mem0
    -enable-kvm -cpu host
    -smp "$NVCPU,sockets=1,cores=$NVCPU,threads=1"
    -m "${MEMORY_GB}G"
    -object "memory-backend-file,id=mem0,size=${MEMORY_GB}G,mem-path=$mempath,prealloc=on,share=off"
    -overcommit mem-lock=on
    -drive "file=$IMAGE,format=$format,if=virtio,cache=none,aio=threads"
    -netdev "user,id=net0,hostfwd=tcp::$PORT-:22"
    -device virtio-net-pci,netdev=net0
    -qmp "unix:$qmp,server=on,wait=off"
    -display none -serial "file:$RUN_DIR/$NAME.console" -serial "unix:$heartbeat,server=on,wait=off"
    -parallel none -monitor none
)

table_header "guest launch on $(uname -n)${ROOT:+ (fake root $ROOT)}: $NVCPU vCPUs on $VCPU, ${MEMORY_GB} GiB, ssh on port $PORT"

# alive PID -> true while PID runs (a zombie whose parent has not reaped it yet does not count)
alive() {
    local state
    kill -0 "$1" 2>/dev/null || return 1
    state=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null || true)
    [[ "$state" != Z && "$state" != X ]]
}

# ours_running -> the pid of our live QEMU from the pidfile, or nothing
ours_running() {
    local pid
    [[ -s "$pidfile" ]] || return 0
    pid=$(tr -dc '0-9' <"$pidfile")
    [[ -n "$pid" ]] && alive "$pid" || return 0
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "-name $NAME" && echo "$pid"
    return 0
}

# stop_ours PID - stops the QEMU this script started (never anything else)
stop_ours() {
    local pid=$1 i
    kill -TERM "$pid" 2>/dev/null || return 0
    for ((i = 0; i < 50; i++)); do
        alive "$pid" || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$pidfile"
    echo "$SCRIPT: stopped the QEMU it had started (pid $pid)" >&2
}

pid=$(ours_running)
started=no
if [[ -n "$pid" ]]; then
    row qemu "running (pid $pid)" "running (pid $pid)" ok
elif [[ "$DRY" == 1 ]]; then
    row qemu "not running" "running" "would change"
    echo "would run: $QEMU ${args[*]} -daemonize -pidfile $pidfile"
    echo "would pin: vCPU threads 0-$((NVCPU - 1)) to CPUs ${CPUS[*]}; then wait up to ${WAIT}s for SSH on port $PORT"
    finish "guest not started"
    exit 0
else
    if ! fake_root; then
        mounted=$(awk -v d="$HUGETLBFS" '$2 == d && $3 == "hugetlbfs" {print $4}' /proc/mounts)
        [[ -n "$mounted" ]] || die "no hugetlbfs mounted at $HUGETLBFS: run host-setup1.sh first"
    fi
    mkdir -p "$RUN_DIR" "$(dirname "$qmp")" "$(dirname "$heartbeat")"
    rm -f "$pidfile"
    echo "run: $QEMU ${args[*]} -daemonize -pidfile $pidfile"
    if ! "$QEMU" "${args[@]}" -daemonize -pidfile "$pidfile" </dev/null >>"$log" 2>&1; then
        echo "$SCRIPT: $QEMU failed; $log ends with:" >&2
        tail -n 20 "$log" >&2
        exit 1
    fi
    pid=$(tr -dc '0-9' <"$pidfile" 2>/dev/null || true)
    if [[ -z "$pid" ]] || ! alive "$pid"; then
        echo "$SCRIPT: QEMU daemonized but is not running (pidfile $pidfile: '${pid}'); $log ends with:" >&2
        tail -n 20 "$log" >&2
        exit 1
    fi
    started=yes
    row qemu "not running" "running (pid $pid)" changed
fi

fail() {
    echo "$SCRIPT: $*" >&2
    [[ "$started" == no ]] || stop_ours "$pid"
    exit 1
}

# vCPU threads: "CPU n/KVM" (debug-threads=on); pin thread n to the n-th CPU of the list
declare -A tid_of=()
for ((i = 0; i < 50; i++)); do
    tid_of=()
    for task in /proc/"$pid"/task/*; do
        comm=$(cat "$task/comm" 2>/dev/null || true)
        [[ "$comm" =~ ^CPU\ ([0-9]+)/KVM$ ]] && tid_of[${BASH_REMATCH[1]}]=${task##*/}
    done
    ((${#tid_of[@]} >= NVCPU)) && break
    sleep 0.1
done
((${#tid_of[@]} == NVCPU)) || fail "found ${#tid_of[@]} vCPU threads named 'CPU n/KVM' in QEMU pid $pid, expected $NVCPU"
for ((n = 0; n < NVCPU; n++)); do
    tid=${tid_of[$n]:-}
    [[ -n "$tid" ]] || fail "no thread 'CPU $n/KVM' in QEMU pid $pid"
    before=$(awk '/^Cpus_allowed_list:/ {print $2}' "/proc/$pid/task/$tid/status")
    if [[ "$before" == "${CPUS[n]}" ]]; then
        row "vcpu$n (tid $tid)" "$before" "${CPUS[n]}" ok
    else
        taskset -pc "${CPUS[n]}" "$tid" >/dev/null || fail "taskset -pc ${CPUS[n]} $tid failed"
        after=$(awk '/^Cpus_allowed_list:/ {print $2}' "/proc/$pid/task/$tid/status")
        [[ "$after" == "${CPUS[n]}" ]] || fail "vCPU $n (tid $tid) is on CPUs $after after pinning to ${CPUS[n]}"
        row "vcpu$n (tid $tid)" "$before" "$after" changed
    fi
done

# SSH: QEMU's user network accepts on the port at once; only the banner proves sshd is up
deadline=$((SECONDS + WAIT))
banner=""
while :; do
    # shellcheck disable=SC2016 # \$1 is expanded by the inner bash
    banner=$(timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && head -c 4 <&3' ssh-probe "$PORT" 2>/dev/null || true)
    [[ "$banner" == SSH- ]] && break
    alive "$pid" || fail "QEMU pid $pid exited while the guest booted; $log ends with: $(tail -n 5 "$log" 2>/dev/null)"
    ((SECONDS < deadline)) || fail "the guest's SSH did not answer on port $PORT within ${WAIT}s (console: $RUN_DIR/$NAME.console)"
    sleep 1
done
row guest_ssh "port $PORT" "SSH banner" ok
finish "guest running (pid $pid, QMP $qmp, ssh port $PORT)"
