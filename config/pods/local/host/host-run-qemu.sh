#!/usr/bin/env bash
# host-run-qemu.sh - launch one guest with QEMU on this host, daemonized.
#
# The same launch runs locally (embedded lab) or over SSH on a real pod: the caller builds
# the QEMU argv, this script starts it with -daemonize -pidfile and prints the guest's pid
# on stdout once QEMU has written its pidfile (QEMU only daemonizes after the guest is
# set up, so a bad argument fails here, with QEMU's message on stderr).
#
# usage: host-run-qemu.sh PIDFILE -- QEMU_ARGS...
# env:   QEMU (default qemu-system-x86_64), QEMU_LOG (default PIDFILE with .log: QEMU's stderr)
set -euo pipefail

if [[ $# -lt 3 || "$2" != "--" ]]; then
    echo "usage: host-run-qemu.sh PIDFILE -- QEMU_ARGS..." >&2
    exit 2
fi
pidfile=$1
shift 2
qemu=${QEMU:-qemu-system-x86_64}
log=${QEMU_LOG:-${pidfile%.pid}.log}
for arg in "$@"; do
    case "$arg" in
        -daemonize|-pidfile) echo "host-run-qemu.sh: do not pass $arg, the script adds it" >&2; exit 2 ;;
    esac
done
mkdir -p "$(dirname "$pidfile")"
rm -f "$pidfile"

# QEMU's parent returns once the daemon is ready (or failed); stdin/stdout must not be the
# caller's pipes, or an SSH session would stay open as long as the guest runs.
if ! "$qemu" "$@" -daemonize -pidfile "$pidfile" </dev/null >>"$log" 2>&1; then
    echo "host-run-qemu.sh: $qemu failed; $log ends with:" >&2
    tail -n 20 "$log" >&2
    exit 1
fi
if [[ ! -s "$pidfile" ]]; then
    echo "host-run-qemu.sh: $qemu daemonized but wrote no pidfile $pidfile" >&2
    exit 1
fi
pid=$(tr -dc '0-9' < "$pidfile")
if ! kill -0 "$pid" 2>/dev/null; then
    echo "host-run-qemu.sh: QEMU pid $pid exited right after start; $log ends with:" >&2
    tail -n 20 "$log" >&2
    exit 1
fi
echo "$pid"
