#!/bin/sh
# reaper.sh - the embedded lab's process reaper (like Testcontainers' Ryuk).
#
# The single source of truth for stopping what a lab started. io.kvm4nfv.lab.Reaper copies
# this file into the lab directory (LABDIR/reaper.sh) and runs it in three modes:
#
#   reaper.sh watch JVMPID JVMSTART LABDIR   watchdog, started with setsid (outside the JVM's
#                                            process group): polls the JVM every 200 ms and,
#                                            once it is gone (even after kill -9), reaps LABDIR
#   reaper.sh reap LABDIR                    stop everything registered in LABDIR now
#   reaper.sh reap-stale BASEDIR             reap every lab under BASEDIR whose JVM is dead
#
# LABDIR layout used here:
#   owner                 "PID STARTTIME" of the JVM that owns the lab
#   pids/*.proc           one registered process each: "PID STARTTIME WHAT"
#                         or "pidfile NOTBEFORE PATH" (pid read at reap time)
#   socketdir             path of the lab's socket directory (/tmp/kvm4nfv-ID), removed on reap
#   closed                written when the lab closed normally; the watchdog then exits
#
# STARTTIME is field 22 of /proc/PID/stat (clock ticks since boot). A process is only
# killed when its start time still matches (pid reuse guard); for a pidfile registration
# the process must have started at or after NOTBEFORE. A process is stopped together with
# its descendants (collected before the first signal) and, when it leads a process group
# (started with setsid), with the members of that group, even after the leader died:
# TERM, up to 3 s grace, then KILL. Every process whose environment carries
# KVM4NFV_LAB_DIR=LABDIR (the lab sshd sets it for each session) is stopped too.
# POSIX sh: runs under dash, bash and busybox ash.
set -u

# starttime PID -> prints field 22 of /proc/PID/stat, fails if the process is gone or a zombie
starttime() {
    { read -r _s < "/proc/$1/stat"; } 2>/dev/null || return 1
    [ -n "$_s" ] || return 1
    _s=${_s##*) }
    # shellcheck disable=SC2086
    set -- $_s
    [ "$1" = "Z" ] && return 1
    [ "$#" -ge 20 ] || return 1
    shift 19
    echo "$1"
}

# alive PID START -> true when PID runs and started at START
alive() {
    _st=$(starttime "$1") || return 1
    [ "$_st" = "$2" ]
}

# children -> pids whose parent is $PARENT
children() {
    for _f in /proc/[0-9]*/stat; do
        { read -r _line < "$_f"; } 2>/dev/null || continue
        _line=${_line##*) }
        # shellcheck disable=SC2086
        set -- $_line
        if [ "$#" -ge 2 ] && [ "$2" = "$PARENT" ]; then
            _p=${_f#/proc/}
            echo "${_p%/stat}"
        fi
    done
}

# group_members -> pids in process group $GROUP that started at or after $GROUP_START
# Used for a registered process that runs (verified by start time) or is gone: the kernel
# never hands out a pid that is still some group's id, so a group named after a registered
# pid that no live process holds is that process's group. A live process that reuses the
# pid (other start time) keeps the reaper away from the group.
group_members() {
    for _f in /proc/[0-9]*/stat; do
        { read -r _line < "$_f"; } 2>/dev/null || continue
        _line=${_line##*) }
        # shellcheck disable=SC2086
        set -- $_line
        [ "$#" -ge 20 ] || continue
        if [ "$3" = "$GROUP" ] && [ "$1" != "Z" ] && [ "${20}" -ge "$GROUP_START" ]; then
            _p=${_f#/proc/}
            echo "${_p%/stat}"
        fi
    done
}

# add_tree PID -> appends "PID:START" of PID and all its descendants to TARGETS
add_tree() {
    _t=$(starttime "$1") || return 0
    TARGETS="$TARGETS $1:$_t"
    PARENT=$1
    for _k in $(children); do
        add_tree "$_k"
    done
}

# add_group PGID START WHAT -> appends the members of group PGID started at or after START
add_group() {
    GROUP=$1 GROUP_START=$2
    for _m in $(group_members); do
        case " $TARGETS " in
            *" $_m:"*) ;;
            *) log "stopping pid $_m of the process group of $3 ($1)"; add_tree "$_m" ;;
        esac
    done
}

log() {
    echo "reaper[$$] $(date '+%H:%M:%S') $*"
}

# collect LABDIR -> adds the registered processes (and their trees) of LABDIR to TARGETS
collect() {
    for _r in "$1"/pids/*.proc; do
        [ -f "$_r" ] || continue
        read -r _a _b _c < "$_r" || true
        if [ "$_a" = "pidfile" ]; then
            _pid=$( { tr -dc '0-9' < "$_c"; } 2>/dev/null ) || _pid=""
            if [ -n "$_pid" ]; then
                _st=$(starttime "$_pid") || _st=""
                if [ -n "$_st" ] && [ "$_st" -ge "$_b" ]; then
                    log "stopping $(basename "$_r" .proc) pid $_pid (from $_c)"
                    add_tree "$_pid"
                fi
                if [ -z "$_st" ] || [ "$_st" -ge "$_b" ]; then
                    add_group "$_pid" "$_b" "$(basename "$_r" .proc)"
                elif [ -n "$_st" ]; then
                    log "not stopping pid $_pid from $_c: started before registration (pid reused)"
                fi
            fi
        else
            if alive "$_a" "$_b"; then
                log "stopping ${_c:-process} pid $_a"
                add_tree "$_a"
                add_group "$_a" "$_b" "${_c:-process}"
            elif ! starttime "$_a" >/dev/null; then
                # gone: its group (if it led one) may still hold its orphans
                add_group "$_a" "$_b" "${_c:-process}"
            fi
        fi
        rm -f "$_r"
    done
}

# stop_targets -> TERM every target, wait up to 3 s, KILL what is left
stop_targets() {
    [ -n "$TARGETS" ] || return 0
    for _e in $TARGETS; do
        alive "${_e%%:*}" "${_e#*:}" && kill -TERM "${_e%%:*}" 2>/dev/null
    done
    _i=0
    while [ "$_i" -lt 30 ]; do
        _left=""
        for _e in $TARGETS; do
            alive "${_e%%:*}" "${_e#*:}" && _left="$_left $_e"
        done
        [ -z "$_left" ] && return 0
        sleep 0.1
        _i=$((_i + 1))
    done
    for _e in $_left; do
        if alive "${_e%%:*}" "${_e#*:}"; then
            log "killing pid ${_e%%:*} (still alive after TERM)"
            kill -KILL "${_e%%:*}" 2>/dev/null
        fi
    done
}

remove_socket_dir() {
    [ -f "$1/socketdir" ] || return 0
    read -r _d < "$1/socketdir" || true
    case "$_d" in
        /tmp/kvm4nfv-?*) rm -rf "$_d" ;;
        *) log "not removing unexpected socket dir '$_d'" ;;
    esac
}

# add_marked LABDIR -> adds every process whose environment carries KVM4NFV_LAB_DIR=LABDIR
# (set by the lab sshd for every session): commands that left the sshd's tree with setsid,
# such as stress-ng loads, or orphans of a session whose sshd was killed
add_marked() {
    for _f in $(grep -lzxF "KVM4NFV_LAB_DIR=$1" /proc/[0-9]*/environ 2>/dev/null); do
        _p=${_f#/proc/}
        _p=${_p%/environ}
        [ "$_p" = "$$" ] && continue
        case " $TARGETS " in
            *" $_p:"*) ;;
            *) log "stopping pid $_p (started through the lab's sshd)"; add_tree "$_p" ;;
        esac
    done
}

reap() {
    TARGETS=""
    collect "$1"
    add_marked "$1"
    stop_targets
    remove_socket_dir "$1"
}

mode=${1:-}
case "$mode" in
    watch)
        [ "$#" -eq 4 ] || { echo "usage: $0 watch JVMPID JVMSTART LABDIR" >&2; exit 2; }
        jvm=$2; jvmstart=$3; labdir=$4
        trap 'exit 0' TERM INT HUP
        log "watching JVM pid $jvm for $labdir"
        while alive "$jvm" "$jvmstart"; do
            [ -e "$labdir/closed" ] && { log "lab closed normally"; exit 0; }
            sleep 0.2
        done
        log "JVM pid $jvm is gone: reaping $labdir"
        reap "$labdir"
        log "done"
        ;;
    reap)
        [ "$#" -eq 2 ] || { echo "usage: $0 reap LABDIR" >&2; exit 2; }
        reap "$2"
        ;;
    reap-stale)
        [ "$#" -ge 2 ] || { echo "usage: $0 reap-stale BASEDIR [EXCLUDED_LABDIR]" >&2; exit 2; }
        excluded=${3:-}
        for owner in "$2"/*/owner; do
            [ -f "$owner" ] || continue
            dir=${owner%/owner}
            [ "$dir" = "$excluded" ] && continue
            read -r opid ostart < "$owner" || continue
            alive "$opid" "$ostart" && continue
            ls "$dir"/pids/*.proc >/dev/null 2>&1 || { remove_socket_dir "$dir"; continue; }
            log "leftover lab $dir (JVM pid $opid is gone): reaping"
            reap "$dir"
        done
        ;;
    *)
        echo "usage: $0 watch JVMPID JVMSTART LABDIR | reap LABDIR | reap-stale BASEDIR [EXCLUDED]" >&2
        exit 2
        ;;
esac
