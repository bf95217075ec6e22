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
# Order of a reap: OVS bridges, then processes, then namespaces, links, sockets, folders.
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

# snapshot -> PROCS: "PID PPID PGID STATE START" of every process, read once per reap, so that
# finding children and group members costs one pass over /proc, not one per target
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

# tree PID -> "PID:START" of PID and of all its descendants that are not zombies (in the snapshot)
tree() {
    printf '%s\n' "$PROCS" | awk -v root="$1" '
        { parent[$1] = $2; state[$1] = $4; start[$1] = $5; pid[NR] = $1 }
        END {
            if (!(root in start)) exit
            keep[root] = 1
            for (changed = 1; changed; ) {
                changed = 0
                for (i = 1; i <= NR; i++) {
                    p = pid[i]
                    if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; changed = 1 }
                }
            }
            for (p in keep) if (state[p] != "Z") print p ":" start[p]
        }'
}

# group_members -> pids in process group $GROUP that started at or after $GROUP_START
# Used for a registered process that runs (verified by start time) or is gone: the kernel
# never hands out a pid that is still some group's id, so a group named after a registered
# pid that no live process holds is that process's group. A live process that reuses the
# pid (other start time) keeps the reaper away from the group.
group_members() {
    printf '%s\n' "$PROCS" | awk -v g="$GROUP" -v s="$GROUP_START" '$3 == g && $4 != "Z" && $5 >= s { print $1 }'
}

# add_tree PID -> appends "PID:START" of PID and all its descendants to TARGETS (once)
add_tree() {
    case " $TARGETS " in *" $1:"*) return 0 ;; esac
    for _e in $(tree "$1"); do
        case " $TARGETS " in *" ${_e%%:*}:"*) ;; *) TARGETS="$TARGETS $_e" ;; esac
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
    # milliseconds where date knows %N (GNU), whole seconds elsewhere (busybox)
    _now=$(date '+%H:%M:%S.%N' 2>/dev/null)
    case "$_now" in *N|"") _now=$(date '+%H:%M:%S') ;; *) _now=${_now%??????} ;; esac
    echo "reaper[$$] $_now $*"
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

# collect_records LABDIR -> adds the processes recorded in the registered records folders
collect_records() {
    for _r in "$1"/pids/*.res; do
        [ -f "$_r" ] || continue
        read -r _k _o _a _b < "$_r" || true
        [ "$_k" = records ] || continue
        good_path "$_a" || { log "ignoring bad registration in $_r"; continue; }
        for _f in "$_a"/*; do
            [ -f "$_f" ] || continue
            read -r _p _s _w < "$_f" || true
            case "$_p$_s" in ""|*[!0-9]*) continue ;; esac
            if alive "$_p" "$_s"; then
                case " $TARGETS " in
                    *" $_p:"*) ;;
                    *) log "stopping ${_f##*/} pid $_p of $_o"; add_tree "$_p" ;;
                esac
                [ "$_w" = group ] && add_group "$_p" "$_s" "${_f##*/} of $_o"
            elif [ "$_w" = group ] && ! starttime "$_p" >/dev/null; then
                add_group "$_p" "$_s" "${_f##*/} of $_o"
            fi
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
    remove_bridges "$1"
    snapshot
    collect "$1"
    collect_records "$1"
    add_marked "$1"
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
