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
#   pids/*.res            one registered resource each (registered before it was created),
#                         "KIND OWNER ARG...":
#                           ovs-bridge OWNER DBSOCKET BRIDGE   ovs-vsctl del-br, while the daemons run
#                           records OWNER DIR                  processes recorded in DIR, one file each:
#                                                              "PID STARTTIME process|group"
#                           netns OWNER NAME                   ip netns del
#                           link OWNER NETNS|- NAME            ip [-n NETNS] link del
#                           socket OWNER PATH                  removed if it is a socket
#                           dir OWNER PATH                     rm -rf, never through a symbolic link
#                           undo OWNER PATH                    sh PATH (at most 10 s), then rm PATH: puts back
#                                                              a setting the lab changed (ftrace on the host)
#   socketdir             path of the lab's socket directory (/tmp/kvm4nfv-ID), removed on reap
#   closed                written when the lab closed normally; the watchdog then exits
#
# STARTTIME is field 22 of /proc/PID/stat (clock ticks since boot). A process is only
# killed when its start time still matches (pid reuse guard); for a pidfile registration
# the process must have started at or after NOTBEFORE. A process is stopped together with
# its descendants (from one snapshot of /proc, before the first signal) and, when it leads a group
# (started with setsid), with the members of that group, even after the leader died:
# TERM, up to 3 s grace, then KILL. Every process whose environment carries
# KVM4NFV_LAB_DIR=LABDIR (the lab sshd sets it for each session) is stopped too.
# Order of a reap: undo scripts, OVS bridges, then processes, then namespaces, links, sockets, folders.
# Every removal checks first that the thing is there (reaping twice is harmless) and
# re-checks names and paths, so a registry line can only name one plain thing.
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

# snapshot -> PROCS: "PID PPID PGID STATE START" of every process, read once per reap
snapshot() {
    PROCS=$(for _f in /proc/[0-9]*/stat; do
        { read -r _line < "$_f"; } 2>/dev/null || continue
        _p=${_f#/proc/}
        _line=${_line##*) }
        # shellcheck disable=SC2086
        set -- $_line
        [ "$#" -ge 20 ] && echo "${_p%/stat} $2 $3 $1 ${20}"
    done)
}

# now -> the time of day, with milliseconds where date knows %N (GNU), whole seconds elsewhere
now() {
    _now=$(date '+%H:%M:%S.%N' 2>/dev/null)
    case "$_now" in *N|"") date '+%H:%M:%S' ;; *) echo "${_now%??????}" ;; esac
}

log() {
    echo "reaper[$$] $(now) $*"
}

# add_reg PID RULE VALUE GROUP LABEL -> one registered process in REGS. RULE "start": PID must
# still have started at VALUE; RULE "after": at or after VALUE (a pidfile registered before its
# process started). GROUP 1: the members of the process group PID leads are stopped too, even
# after PID died: the kernel never hands out a pid that is still some group's id, so a group
# named after a registered pid that no live process holds is that process's group; a live
# process that reuses the pid (other start time) keeps the reaper away from the group.
add_reg() {
    case "$1$3" in ""|*[!0-9]*) return 0 ;; esac
    REGS="$REGS
$1 $2 $3 $4 $5"
}

# collect LABDIR -> adds the registered processes of LABDIR to REGS (and forgets them)
collect() {
    for _r in "$1"/pids/*.proc; do
        [ -f "$_r" ] || continue
        read -r _a _b _c < "$_r" || true
        _n=${_r##*/}
        if [ "$_a" = "pidfile" ]; then
            _pid=""
            { read -r _pid < "$_c"; } 2>/dev/null || true
            add_reg "${_pid%%[!0-9]*}" after "$_b" 1 "${_n%.proc} (from $_c)"
        else
            add_reg "$_a" start "$_b" 1 "${_c:-process}"
        fi
        rm -f "$_r"
    done
}

# PLAN: reads PROCS, a line "--", then REGS; prints "L MESSAGE" to log and "T PID:START" for
# every process to stop: each registered process that is still the registered one, the
# members of its group when asked for, and all their descendants (no zombies)
PLAN='
$0 == "--" { regs = 1; next }
!regs && NF >= 5 { parent[$1] = $2; pgid[$1] = $3; state[$1] = $4; start[$1] = $5; order[++n] = $1; next }
regs && NF >= 4 {
    pid = $1; rule = $2; v = $3 + 0; grp = $4
    label = $0; sub(/^[^ ]+ [^ ]+ [^ ]+ [^ ]+ ?/, "", label)
    known = pid in start
    same = known && (rule == "start" ? start[pid] + 0 == v : start[pid] + 0 >= v)
    if (known && !same) {
        if (rule == "after") print "L not stopping pid " pid " of " label ": started before registration (pid reused)"
    } else {
        if (same && state[pid] != "Z" && !(pid in root)) { root[pid] = 1; print "L stopping " label " pid " pid }
        if (grp == 1) {
            for (i = 1; i <= n; i++) {
                p = order[i]
                if (pgid[p] == pid && !(p in root) && state[p] != "Z" && start[p] + 0 >= v) {
                    root[p] = 1; print "L stopping pid " p " of the process group of " label " (" pid ")"
                }
            }
        }
    }
}
END {
    for (p in root) keep[p] = 1
    for (changed = 1; changed; ) {
        changed = 0
        for (i = 1; i <= n; i++) {
            p = order[i]
            if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; changed = 1 }
        }
    }
    for (p in keep) if (state[p] != "Z") print "T " p ":" start[p]
}'

# plan -> TARGETS from PROCS and REGS, logging why each root is stopped
plan() {
    _plan=$( { printf '%s\n' "$PROCS"; echo "--"; printf '%s\n' "$REGS"; } | awk "$PLAN")
    printf '%s\n' "$_plan" | sed -n "s/^L /reaper[$$] $(now) /p"
    TARGETS=$(printf '%s\n' "$_plan" | sed -n 's/^T //p' | tr '\n' ' ')
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
# (set by the lab sshd for every session, and by the JVM for the QEMUs it starts): commands that
# left the sshd's tree with setsid, such as stress-ng loads, or orphans of a session whose sshd
# was killed
add_marked() {
    for _f in $(grep -lzxF "KVM4NFV_LAB_DIR=$1" /proc/[0-9]*/environ 2>/dev/null); do
        _p=${_f#/proc/}
        _p=${_p%/environ}
        [ "$_p" = "$$" ] && continue
        add_reg "$_p" after 0 0 "process with the lab's mark"
    done
}

# good_name NAME -> true for a namespace or link name the library writes
good_name() {
    case "$1" in ""|.|..|-*|*[!A-Za-z0-9._-]*) return 1 ;; esac
    [ "${#1}" -le 15 ]
}

# good_path PATH -> true for an absolute, normalised path at least two levels deep
good_path() {
    case "$1" in /?*/?*) ;; *) return 1 ;; esac
    case "$1" in *[!A-Za-z0-9._/-]*|*//*|*/./*|*/.|*/../*|*/..) return 1 ;; esac
    return 0
}

# run_undo LABDIR -> runs each registered undo script once (bounded), then removes it
run_undo() {
    for _r in "$1"/pids/*.res; do
        [ -f "$_r" ] || continue
        read -r _k _o _a _b < "$_r" || true
        [ "$_k" = undo ] || continue
        good_path "$_a" || { log "ignoring bad registration in $_r"; continue; }
        case "$_a" in */undo/*.sh) ;; *) log "ignoring undo script not in an undo folder: $_a"; continue ;; esac
        [ -f "$_a" ] || continue
        log "undoing $_o ($_a)"
        timeout 10 sh "$_a" >/dev/null 2>&1 || log "undo script of $_o failed"
        rm -f "$_a"
    done
}

# remove_bridges LABDIR -> deletes the registered OVS bridges whose database still answers
remove_bridges() {
    for _r in "$1"/pids/*.res; do
        [ -f "$_r" ] || continue
        read -r _k _o _a _b < "$_r" || true
        [ "$_k" = ovs-bridge ] || continue
        good_path "$_a" && good_name "$_b" || { log "ignoring bad registration in $_r"; continue; }
        [ -S "$_a" ] || continue
        command -v ovs-vsctl >/dev/null 2>&1 || continue
        log "deleting OVS bridge $_b of $_o"
        timeout 3 ovs-vsctl --db="unix:$_a" --timeout=2 --no-wait --if-exists del-br "$_b" >/dev/null 2>&1 \
            || log "could not delete OVS bridge $_b (its daemons are stopped next)"
    done
}

# collect_records LABDIR -> adds the processes recorded in the registered records folders to REGS
collect_records() {
    for _r in "$1"/pids/*.res; do
        [ -f "$_r" ] || continue
        read -r _k _o _a _b < "$_r" || true
        [ "$_k" = records ] || continue
        good_path "$_a" || { log "ignoring bad registration in $_r"; continue; }
        for _f in "$_a"/*; do
            [ -f "$_f" ] || continue
            read -r _p _s _w < "$_f" || true
            _g=0
            [ "$_w" = group ] && _g=1
            add_reg "$_p" start "$_s" "$_g" "${_f##*/} of $_o"
        done
    done
}

# remove_resources LABDIR -> removes the registered namespaces, links, sockets and folders
remove_resources() {
    for _kind in netns link socket dir; do
        for _r in "$1"/pids/*.res; do
            [ -f "$_r" ] || continue
            read -r _k _o _a _b < "$_r" || true
            [ "$_k" = "$_kind" ] || continue
            case "$_k" in
                netns)
                    good_name "$_a" || { log "ignoring bad registration in $_r"; continue; }
                    [ -e "/run/netns/$_a" ] && { log "deleting netns $_a of $_o"; ip netns del "$_a"; } ;;
                link)
                    { [ "$_a" = - ] || good_name "$_a"; } && good_name "$_b" \
                        || { log "ignoring bad registration in $_r"; continue; }
                    if [ "$_a" = - ]; then
                        [ -e "/sys/class/net/$_b" ] && { log "deleting link $_b of $_o"; ip link del "$_b"; }
                    elif [ -e "/run/netns/$_a" ]; then
                        ip -n "$_a" link del "$_b" >/dev/null 2>&1 && log "deleted link $_b in $_a of $_o"
                    fi ;;
                socket)
                    good_path "$_a" || { log "ignoring bad registration in $_r"; continue; }
                    [ -S "$_a" ] && { log "removing socket $_a of $_o"; rm -f "$_a"; } ;;
                dir)
                    good_path "$_a" || { log "ignoring bad registration in $_r"; continue; }
                    [ -d "$_a" ] && [ ! -L "$_a" ] && { log "removing folder $_a of $_o"; rm -rf "$_a"; } ;;
            esac
        done
    done
    for _r in "$1"/pids/*.res; do
        [ -f "$_r" ] && rm -f "$_r"
    done
    return 0
}

reap() {
    TARGETS=""
    REGS=""
    run_undo "$1"
    remove_bridges "$1"
    collect "$1"
    collect_records "$1"
    add_marked "$1"
    snapshot
    plan
    stop_targets
    remove_resources "$1"
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
            { ls "$dir"/pids/*.proc || ls "$dir"/pids/*.res; } >/dev/null 2>&1 || { remove_socket_dir "$dir"; continue; }
            log "leftover lab $dir (JVM pid $opid is gone): reaping"
            reap "$dir"
        done
        ;;
    *)
        echo "usage: $0 watch JVMPID JVMSTART LABDIR | reap LABDIR | reap-stale BASEDIR [EXCLUDED]" >&2
        exit 2
        ;;
esac
