#!/bin/sh
# Guest heartbeat for kvm4nfv live-migration tests (busybox sh).
# usage: heartbeat.sh TARGET [INTERVAL_US]
#   TARGET  a character device written by the guest and read on the host through a QEMU
#           chardev socket (/dev/ttyS1, /dev/vport0p1), or HOST:PORT (TCP, busybox nc)
#   INTERVAL_US  sleep between beats, microseconds (default 1000)
# Prints one line "hb SEQ" per beat; the host times their arrival (HeartbeatMonitor).
target=$1
interval=${2:-1000}
[ -n "$target" ] || { echo "usage: heartbeat.sh TARGET [INTERVAL_US]" >&2; exit 2; }
beat() {
    i=0
    while :; do
        i=$((i + 1))
        echo "hb $i" || exit 0
        usleep "$interval"
    done
}
case $target in
    /dev/tty*) stty -F "$target" raw -echo 2>/dev/null; beat > "$target" ;;
    /*) beat > "$target" ;;
    *:*) beat | nc "${target%:*}" "${target##*:}" ;;
    *) echo "heartbeat.sh: TARGET must be a device path or HOST:PORT" >&2; exit 2 ;;
esac
