#!/usr/bin/env bash
# stress_daily.sh - start or stop a stress-ng load on given CPUs (as KVM4NFV's stress_daily.sh).
#
# usage: stress_daily.sh start TYPE CPUS SECONDS PIDFILE
#        stress_daily.sh stop PIDFILE
#   TYPE     cpu | memory | io
#   CPUS     CPU list for taskset, e.g. 0 or 1-3; one stress-ng worker per CPU
#   SECONDS  duration (stress-ng --timeout); 0 = until stopped
#   PIDFILE  where the pid of the load goes (it leads its own session and process group)
# start prints the load's pid and returns at once; the load outlives an SSH session.
# stop sends TERM to the load's process group, waits up to 5 s, then KILL; exit 0 when
# it is gone (also when it had already finished).
# env: STRESS_VM_BYTES (memory, default 64M per worker), STRESS_HDD_BYTES (io, default 32M),
#      STRESS_TMP (io, default ${TMPDIR:-/tmp}), STRESS_LOG (default PIDFILE with .log)
set -euo pipefail

usage() {
    sed -n '4,17p' "$0" >&2
    exit 2
}

cpu_count() {
    local n=0 part a b
    IFS=, read -ra parts <<<"$1"
    for part in "${parts[@]}"; do
        if [[ "$part" =~ ^([0-9]+)-([0-9]+)$ ]]; then
            a=${BASH_REMATCH[1]}; b=${BASH_REMATCH[2]}
            (( b >= a )) || { echo "bad CPU range '$part'" >&2; exit 2; }
            n=$((n + b - a + 1))
        elif [[ "$part" =~ ^[0-9]+$ ]]; then
            n=$((n + 1))
        else
            echo "stress_daily.sh: bad CPU list '$1'" >&2
            exit 2
        fi
    done
    echo "$n"
}

start() {
    [[ $# -eq 4 ]] || usage
    local type=$1 cpus=$2 seconds=$3 pidfile=$4 workers log
    [[ "$seconds" =~ ^[0-9]+$ ]] || { echo "stress_daily.sh: bad duration '$seconds'" >&2; exit 2; }
    workers=$(cpu_count "$cpus")
    local -a load
    case "$type" in
        cpu) load=(--cpu "$workers" --cpu-method all) ;;
        memory) load=(--vm "$workers" --vm-bytes "${STRESS_VM_BYTES:-64M}") ;;
        io) load=(--hdd "$workers" --hdd-bytes "${STRESS_HDD_BYTES:-32M}" --temp-path "${STRESS_TMP:-${TMPDIR:-/tmp}}") ;;
        *) echo "stress_daily.sh: unknown stress type '$type' (cpu|memory|io)" >&2; exit 2 ;;
    esac
    [[ "$seconds" -gt 0 ]] && load+=(--timeout "${seconds}s")
    log=${STRESS_LOG:-${pidfile%.pid}.log}
    mkdir -p "$(dirname "$pidfile")"
    rm -f "$pidfile"
    # the inner shell writes its own pid, then becomes taskset, then stress-ng (same pid)
    # shellcheck disable=SC2016 # expanded by the inner shell
    setsid sh -c 'echo $$ > "$1"; shift; exec "$@"' stress_daily "$pidfile" \
        taskset -c "$cpus" stress-ng "${load[@]}" --metrics-brief \
        </dev/null >>"$log" 2>&1 &
    local i
    for ((i = 0; i < 100; i++)); do
        [[ -s "$pidfile" ]] && break
        sleep 0.05
    done
    [[ -s "$pidfile" ]] || { echo "stress_daily.sh: the load did not start; see $log" >&2; exit 1; }
    local pid
    pid=$(tr -dc '0-9' < "$pidfile")
    sleep 0.2
    if ! kill -0 "$pid" 2>/dev/null && ! grep -q "successful run completed" "$log" 2>/dev/null; then
        echo "stress_daily.sh: stress-ng exited at once; $log ends with:" >&2
        tail -n 20 "$log" >&2
        exit 1
    fi
    echo "$pid"
}

# group_alive PGID -> true while a non-zombie process of the group runs
group_alive() {
    # shellcheck disable=SC2009 # pgrep cannot leave out zombies
    ps -o stat= -g "$1" 2>/dev/null | grep -qv '^Z'
}

stop() {
    [[ $# -eq 1 ]] || usage
    local pidfile=$1 pid i
    [[ -s "$pidfile" ]] || { echo "stress_daily.sh: no pidfile $pidfile: nothing to stop"; return 0; }
    pid=$(tr -dc '0-9' < "$pidfile")
    [[ -n "$pid" ]] || return 0
    kill -TERM -- "-$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        group_alive "$pid" || { rm -f "$pidfile"; echo "stopped $pid"; return 0; }
        sleep 0.1
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
    for ((i = 0; i < 20; i++)); do
        group_alive "$pid" || { rm -f "$pidfile"; echo "killed $pid"; return 0; }
        sleep 0.1
    done
    echo "stress_daily.sh: process group $pid survived SIGKILL" >&2
    exit 1
}

[[ $# -ge 1 ]] || usage
action=$1
shift
case "$action" in
    start) start "$@" ;;
    stop) stop "$@" ;;
    *) usage ;;
esac
