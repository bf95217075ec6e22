#!/bin/sh
# Guest memory integrity checker for kvm4nfv live-migration tests (busybox sh).
# QEMU 7.2 under TCG loses guest writes during migration when RAM is a multiple of 256 KiB
# and still reports "completed": a migration test must look at the guest's memory.
#
#   integrity.sh prepare DIR BLOCKS BLOCK_KB
#       mounts a tmpfs on DIR unless DIR already is writable and INTEGRITY_NO_MOUNT=1;
#       writes BLOCKS static blocks of random data and prints their md5 sums (keep them on
#       the host), and BLOCKS dynamic blocks at generation 0.
#   integrity.sh writer DIR [PAUSE_US]
#       rewrites the dynamic blocks in place, in order, generation after generation, until
#       SIGTERM (it finishes the block it is writing), sleeping PAUSE_US (default 0) after each
#       generation. Start it detached before migrating. It starts no process per block (the
#       shell's printf writes each block), so it is not the guest's main CPU load under TCG.
#   integrity.sh verify DIR < SUMS
#       stops the writer, checks the static sums read from stdin and that every dynamic block
#       holds one whole generation in a consistent order. Prints "BAD ..." lines, then
#       "checked N" and "INTEGRITY OK" or "INTEGRITY FAIL"; exit status 0 only when OK.
set -u
cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: integrity.sh prepare|writer|verify DIR ..." >&2; exit 2; }

# One 64-byte line (63 chars + newline) naming generation and block.
line() {
    printf 'g%010d b%06d %-43s\n' "$1" "$2" "kvm4nfv-integrity"
}

# The same line as line(), built without a subshell: padded with shell string operations.
line_text() { # GEN BLOCK -> $lt
    lt_g=$1; while [ ${#lt_g} -lt 10 ]; do lt_g="0$lt_g"; done
    lt_b=$2; while [ ${#lt_b} -lt 6 ]; do lt_b="0$lt_b"; done
    lt="g$lt_g b$lt_b kvm4nfv-integrity                          
"
}

# A whole dynamic block (LINES copies of the line) in $text, by doubling: no process started.
block_text() { # GEN BLOCK LINES -> $text
    line_text "$1" "$2"
    text=
    bt_n=$3
    while [ "$bt_n" -gt 0 ]; do
        [ $((bt_n % 2)) -eq 1 ] && text="$text$lt"
        lt="$lt$lt"
        bt_n=$((bt_n / 2))
    done
}

write_block() { # GEN BLOCK
    # in place (conv=notrunc), so the guest rewrites the same pages
    yes "$(line "$1" "$2")" | head -c $(($(cat "$dir/kb") * 1024)) \
        | dd of="$dir/dyn.$2" bs=4096 conv=notrunc 2>/dev/null
}

case $cmd in
prepare)
    blocks=$3
    kb=$4
    mkdir -p "$dir"
    if [ "${INTEGRITY_NO_MOUNT:-0}" != 1 ]; then
        mount -t tmpfs -o size=$((blocks * kb * 2 + 1024))k kvm4nfv-integrity "$dir" || exit 1
    fi
    echo "$blocks" > "$dir/blocks"
    echo "$kb" > "$dir/kb"
    b=0
    while [ "$b" -lt "$blocks" ]; do
        dd if=/dev/urandom of="$dir/static.$b" bs=1024 count="$kb" 2>/dev/null || exit 1
        write_block 0 "$b"
        b=$((b + 1))
    done
    (cd "$dir" && md5sum static.*)
    ;;
writer)
    echo $$ > "$dir/writer.pid"
    stop=
    trap 'stop=1' TERM
    read -r blocks < "$dir/blocks"
    read -r kb < "$dir/kb"
    pause=${3:-0}
    lines=$((kb * 16))
    gen=0
    while [ -z "$stop" ]; do
        [ "$pause" -gt 0 ] && [ "$gen" -gt 0 ] && usleep "$pause"
        gen=$((gen + 1))
        b=0
        while [ "$b" -lt "$blocks" ] && [ -z "$stop" ]; do
            block_text "$gen" "$b" "$lines"
            # in place (read-write, no truncation), so the guest rewrites the same pages;
            # printf is the shell's builtin: no process per block (a fork costs ms under TCG)
            printf '%s' "$text" 1<>"$dir/dyn.$b"
            b=$((b + 1))
        done
    done
    rm -f "$dir/writer.pid"
    ;;
verify)
    if [ -f "$dir/writer.pid" ]; then
        pid=$(cat "$dir/writer.pid")
        kill -TERM "$pid" 2>/dev/null
        w=0
        while kill -0 "$pid" 2>/dev/null && [ "$w" -lt 200 ]; do usleep 50000; w=$((w + 1)); done
    fi
    blocks=$(cat "$dir/blocks")
    bad=0
    checked=0
    # static blocks: sums from stdin
    while read -r sum name; do
        [ -n "$sum" ] || continue
        now=$(cd "$dir" && md5sum "$name" 2>/dev/null)
        checked=$((checked + 1))
        if [ "${now%% *}" != "$sum" ]; then echo "BAD $name checksum changed"; bad=$((bad + 1)); fi
    done
    # dynamic blocks: one generation per block, generations non-increasing by block, spread <= 1
    first=
    prevgen=
    b=0
    while [ "$b" -lt "$blocks" ]; do
        checked=$((checked + 1))
        lines=$(sort -u "$dir/dyn.$b" | wc -l)
        head=$(head -n 1 "$dir/dyn.$b")
        g=${head#g}; g=${g%% *}
        case $g in ''|*[!0-9]*) g=0; expect=none ;; *) g=$((1$g - 10000000000)); expect=$(line "$g" "$b") ;; esac
        size=$(wc -c < "$dir/dyn.$b")
        if [ "$lines" -ne 1 ] || [ "$head" != "$expect" ] || [ "$size" -ne $(( $(cat "$dir/kb") * 1024 )) ]; then
            echo "BAD dyn.$b holds $lines distinct lines (torn or stale pages)"; bad=$((bad + 1))
        else
            [ -n "$first" ] || first=$g
            if [ -n "$prevgen" ] && { [ "$g" -gt "$prevgen" ] || [ "$g" -lt $((first - 1)) ]; }; then
                echo "BAD dyn.$b at generation $g after generation $prevgen (a lost write)"; bad=$((bad + 1))
            else
                prevgen=$g
            fi
        fi
        b=$((b + 1))
    done
    echo "checked $checked"
    if [ "$bad" -eq 0 ]; then echo "INTEGRITY OK"; else echo "INTEGRITY FAIL"; exit 1; fi
    ;;
*)
    echo "integrity.sh: unknown command $cmd" >&2
    exit 2
    ;;
esac
