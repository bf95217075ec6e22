#!/bin/sh
# Guest heartbeat for kvm4nfv live-migration tests (busybox sh).
# usage: heartbeat.sh TARGET [INTERVAL_US]
#   TARGET  a character device written by the guest and read on the host through a QEMU
#           chardev socket (/dev/ttyS1, /dev/vport0p1), or HOST:PORT (TCP, busybox nc)
#   INTERVAL_US  pause between beats, microseconds (default 1000)
# Prints one line "hb SEQ" per beat; the host times their arrival (HeartbeatMonitor): the
# largest gap between arrivals is the guest-visible silence, at the resolution of the beat
# interval. To a device, the guest image's static kvm4nfv-heartbeat (config/lab/guest/heartbeat.c)
# beats when it is there: a shell loop costs a few ms a beat under TCG. Otherwise the pause is the
# shell's builtin `read -t` on a FIFO nobody writes, so no process is started per beat (usleep is a
# fork and an exec: ~90 ms a beat under TCG; `read -t 0.001` paces 1000 beats in ~1.1 s natively).
target=$1
interval=${2:-1000}
[ -n "$target" ] || { echo "usage: heartbeat.sh TARGET [INTERVAL_US]" >&2; exit 2; }
case $target in
    /*) command -v kvm4nfv-heartbeat >/dev/null 2>&1 && exec kvm4nfv-heartbeat "$target" "$interval" ;;
esac
seconds=$(printf '%d.%06d' $((interval / 1000000)) $((interval % 1000000)))
fifo=/tmp/heartbeat.$$.fifo
if mkfifo "$fifo" 2>/dev/null && exec 3<>"$fifo"; then
    rm -f "$fifo"                      # the open descriptor keeps it
    pause() { read -t "$seconds" -u 3 _; }
else
    rm -f "$fifo"
    pause() { usleep "$interval"; }
fi
beat() {
    i=0
    while :; do
        i=$((i + 1))
        echo "hb $i" || exit 0
        pause
    done
}
case $target in
    /dev/tty*) stty -F "$target" raw -echo 2>/dev/null; beat > "$target" ;;
    /*) beat > "$target" ;;
    *:*) beat | nc "${target%:*}" "${target##*:}" ;;
    *) echo "heartbeat.sh: TARGET must be a device path or HOST:PORT" >&2; exit 2 ;;
esac
