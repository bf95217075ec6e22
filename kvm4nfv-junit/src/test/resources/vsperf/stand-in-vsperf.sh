#!/bin/bash
# A stand-in for OPNFV VSPERF's ./vsperf, for tests only: it forwards no packet. It checks its
# arguments as VSPERF does, records them, and writes a result folder in VSPERF's layout:
#
#   <LOG_DIR>/results_<%Y-%m-%d_%H-%M-%S>/result_<test name>_<deployment>.csv
#
# Where that layout comes from (opnfv/vswitchperf): the `vsperf` main script names the folder
# "results_" + date.strftime('%Y-%m-%d_%H-%M-%S') below settings LOG_DIR (default /tmp, a conf
# file may set it) and logs "Creating result directory: <path>"; testcases/testcase.py
# (run_initialize) names the file "result_" + test name + "_" + deployment + ".csv" and
# write_result_to_file appends a csv.DictWriter header and one row per packet size; the column
# names are core/results/results_constants.py's ResultsConstants (packet_size, throughput_rx_fps,
# throughput_rx_mbps, min/max/avg_latency_ns, ...). The column order below is that of a CSV a
# KVM4NFV pod wrote (src/test/resources/vsperf/result_pvp_tput_pvp.csv).
#
# What it checks, like VSPERF's argparse and main(): --conf-file must be a readable file (relative
# to the working directory), --trafficgen/--vswitch/--vnf must name known components (--vswitch
# none is allowed), a test must be selected; unknown options are an error (exit 2).
# Test hooks: STANDIN_EXIT = <n> in the conf file makes it log a traceback and exit <n>; a file
# require-venv next to it makes it refuse to run outside the virtualenv, which the test's activate
# script marks with STANDIN_VENV=1 (real VSPERF fails to import its modules there).
set -u
here=$(cd "$(dirname "$0")" && pwd)
log() { printf '[%-5s]  %s : (root) - %s\n' "$1" "$(date '+%Y-%m-%d %H:%M:%S,000')" "$2"; }

if [ -f "$here/require-venv" ] && [ "${STANDIN_VENV:-0}" != 1 ]; then
    echo "Traceback (most recent call last):" >&2
    echo "ImportError: No module named 'xmlrunner' (not in the virtualenv)" >&2
    exit 1
fi

n=$(ls "$here"/invocation-*.args 2>/dev/null | wc -l)
record="$here/invocation-$((n + 1)).args"
printf '%s\n' "$@" > "$record"

conf="" trafficgen="IxNet" vswitch="OvsDpdkVhost" vnf="QemuDpdkVhostUser" params="" tests=""
while [ $# -gt 0 ]; do
    case "$1" in
        --conf-file) conf=$2; shift 2 ;;
        --trafficgen) trafficgen=$2; shift 2 ;;
        --vswitch) vswitch=$2; shift 2 ;;
        --vnf) vnf=$2; shift 2 ;;
        --mode) shift 2 ;;
        --test-params) params=$2; shift 2 ;;
        --tests) tests=$2; shift 2 ;;
        -*) echo "vsperf: error: unrecognized arguments: $1" >&2; exit 2 ;;
        *) tests=$1; shift ;;
    esac
done

if [ -n "$conf" ] && [ ! -f "$conf" ]; then
    echo "vsperf: error: argument --conf-file: the path '$conf' is not a valid path" >&2
    exit 2
fi
case "$trafficgen" in IxNet|Ixia|Trex|Dummy|Xena|Moongen) ;; *)
    log ERROR "There are no trafficgens matching '$trafficgen' found in '$here/tools/pkt_gen'. Exiting..."
    exit 1 ;;
esac
case "$vswitch" in none|OvsDpdkVhost|OvsVanilla|VppDpdkVhost) ;; *)
    log ERROR "There are no vswitches matching '$vswitch' found in '$here/vswitches'. Exiting..."
    exit 1 ;;
esac
case "$vnf" in QemuDpdkVhostUser|QemuVirtioNet|QemuPciPassthrough) ;; *)
    log ERROR "there are no vnfs matching '$vnf' found in '$here/vnfs'. exiting..."
    exit 1 ;;
esac
if [ -z "$tests" ]; then
    log ERROR "No tests matched --tests option or positional args. Done."
    exit 1
fi

setting() { [ -n "$conf" ] && sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*['\"]\{0,1\}\([^'\"]*\)['\"]\{0,1\}[[:space:]]*$/\1/p" "$conf" | tail -n 1; }
log_dir=$(setting LOG_DIR)
log_dir=${log_dir:-/tmp}
results="$log_dir/results_$(date '+%Y-%m-%d_%H-%M-%S')"
while [ -e "$results" ]; do sleep 1; results="$log_dir/results_$(date '+%Y-%m-%d_%H-%M-%S')"; done
log INFO "Creating result directory: $results"
mkdir -p "$results"

exit_status=$(setting STANDIN_EXIT)
if [ -n "$exit_status" ] && [ "$exit_status" != 0 ]; then
    log INFO "Starting vswitchd..."
    log ERROR "Failed to run test: $tests"
    echo "Traceback (most recent call last):"
    echo "  File \"$here/testcases/testcase.py\", line 160, in run_initialize"
    echo "RuntimeError: Not enough hugepages free to run test."
    rmdir "$results"
    exit "$exit_status"
fi

sizes=$(printf '%s' "$params" | sed -n 's/.*TRAFFICGEN_PKT_SIZES=(\([0-9, ]*\)).*/\1/p' | tr -d ' ')
sizes=${sizes:-64,128,512,1024,1518}
test_name=${tests%%,*}
deployment=${test_name%%_*}
[ "$deployment" = phy2phy ] && deployment=p2p
csv="$results/result_${test_name}_${deployment}.csv"
echo "type,id,packet_size,deployment,vswitch,traffic_type,test_execution_time,tx_rate_fps,throughput_rx_fps,tx_rate_mbps,throughput_rx_mbps,tx_rate_percent,throughput_rx_percent,min_latency_ns,max_latency_ns,avg_latency_ns,frame_loss_percent,guest_loopback" > "$csv"
for size in ${sizes//,/ }; do
    # figures derived from the frame size only, so that the test can check them:
    # avg latency 10000 + 10*size ns, min half of it, max 4 times; rx 1000000 fps, no loss
    avg=$((10000 + 10 * size))
    mbps=$(awk -v s="$size" 'BEGIN { printf "%.3f", 1000000 * s * 8 / 1000000 }')
    echo "rfc2544_throughput,$test_name,$size,$deployment,$vswitch,udp,00:00:01,1000000.000,1000000.000,$mbps,$mbps,10.000,10.000,$((avg / 2)).000,$((avg * 4)).000,$avg.000,0.000,testpmd" >> "$csv"
done
log INFO "Write results to file: $csv"
log INFO "Testcase execution time: 00:00:01"
exit 0
