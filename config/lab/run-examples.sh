#!/usr/bin/env bash
# The main job: the example suite (kvm4nfv-examples) against a pod (default: the embedded
# lab), ending with the Allure report and a summary of every measured result.
#
# usage: bash config/lab/run-examples.sh [--ssh-pod] [extra Maven arguments, e.g. -Dkvm4nfv.pod=intel-pod10]
#
#   --ssh-pod  runs the same suite on a generated `kind: ssh` pod whose host is this machine behind
#              a real OpenSSH sshd on loopback (strict known_hosts) and whose guest the pod's own
#              launch script starts over SSH (io.kvm4nfv.lab.LoopbackSshPod): the real-pod path,
#              on one machine. Afterwards it lists any QEMU, netns, OVS bridge or socat left.
#
# 1. installs the Debian packages the lab needs (as root; otherwise prints the exact
#    apt-get line and stops),
# 2. builds the library, runs the examples with plain `mvn test`,
# 3. generates the Allure report offline (with the previous report's history as trend)
#    and prints a summary: test counts, failures by category, every result and where it went.
# Exit status: that of the example run (the report is generated either way).
set -euo pipefail
cd "$(dirname "$0")/../.."

ssh_pod=false
if [[ "${1:-}" == "--ssh-pod" ]]; then
    ssh_pod=true
    shift
fi

bash config/lab/install.sh

echo "== building the library"
./mvnw -B -q -DskipTests install

examples="$PWD/kvm4nfv-examples"
results="$examples/target/kvm4nfv-results"
allure_results="$examples/target/allure-results"
history="$examples/target/site/allure-maven-plugin/history"

# This run's results only; the previous report's history feeds the trend charts.
rm -rf "$results" "$allure_results"
mkdir -p "$allure_results"
if [[ -d "$history" ]]; then
    cp -r "$history" "$allure_results/history"
    echo "== previous report found: its history feeds this report's trend"
fi

leftovers() {  # what a lab could leave on this machine: QEMU, network namespaces, OVS bridges, socat relays
    # (live processes only: a zombie is dead, it only waits for a parent that reaps)
    { ps -eo pid=,stat=,args= | awk '$2 !~ /^Z/ && ($3 ~ /qemu-system/ || $3 ~ /(^|\/)socat$/)'
      ip netns list 2>/dev/null || true; ovs-vsctl --timeout=5 list-br 2>/dev/null || true; } | sed '/^$/d'
}

if $ssh_pod; then
    pod_dir="$examples/target/ssh-pod"
    rm -rf "$pod_dir" && mkdir -p "$pod_dir"
    before="$(leftovers)"
    echo "== starting the loopback SSH pod (this machine behind its own sshd), log: $pod_dir/pod.log"
    ./mvnw -B -q -pl kvm4nfv-junit dependency:build-classpath -Dmdep.includeScope=runtime \
        -Dmdep.outputFile="$pod_dir/classpath"
    mkfifo "$pod_dir/stdin"
    java -cp "$PWD/kvm4nfv-junit/target/classes:$(cat "$pod_dir/classpath")" -Dkvm4nfv.config.dir="$PWD/config" \
        io.kvm4nfv.lab.LoopbackSshPod "$pod_dir" <"$pod_dir/stdin" >"$pod_dir/pod.log" 2>&1 &
    pod_pid=$!
    exec 3>"$pod_dir/stdin"   # the pod keeps its sshd until this closes
    stop_pod() { exec 3>&-; wait "$pod_pid" || true; }
    trap stop_pod EXIT
    for _ in $(seq 1 240); do
        [[ -s "$pod_dir/maven-args" ]] && break
        kill -0 "$pod_pid" 2>/dev/null || { cat "$pod_dir/pod.log"; echo "the SSH pod did not start" >&2; exit 1; }
        sleep 0.5
    done
    [[ -s "$pod_dir/maven-args" ]] || { cat "$pod_dir/pod.log"; echo "the SSH pod did not start in 120 s" >&2; exit 1; }
    # shellcheck disable=SC2046 # one argument per word: -Dkey=value without spaces
    set -- $(cat "$pod_dir/maven-args") "$@"
    KVM4NFV_POD="ssh-pod ($(sed -n 's/^ssh pod ready: //p' "$pod_dir/pod.log"))"
fi

echo "== running the examples (kvm4nfv-examples), pod: ${KVM4NFV_POD:-local}"
started=$(date +%s)
set +e
./mvnw -B -pl kvm4nfv-examples test -DskipExamples=false -Dexamples.slaAction=assert "$@"
status=$?
set -e
echo "== the examples ran for $(( $(date +%s) - started )) s"

if $ssh_pod; then
    stop_pod
    trap - EXIT
    after="$(leftovers)"
    left="$(comm -13 <(sort <<<"$before") <(sort <<<"$after") | sed '/^$/d')"
    if [[ -n "$left" ]]; then
        echo "== LEFT on the host after the SSH-pod suite (QEMU, netns, OVS bridges, socat):"
        sed 's/^/  /' <<<"$left"
        [[ $status -eq 0 ]] && status=1
    else
        echo "== nothing left on the host after the SSH-pod suite: no QEMU, netns, OVS bridge or socat"
    fi
fi

echo "== generating the Allure report"
./mvnw -B -q -pl kvm4nfv-examples allure:report
report="$examples/target/site/allure-maven-plugin"

# "key":number from the report's widgets (plain sed: no JSON tool needed)
count() { sed -n "s/.*\"$2\":\([0-9]*\).*/\1/p" "$1" | head -1; }

echo
echo "=================================== summary ==================================="
if [[ -f "$report/widgets/summary.json" ]]; then
    s="$report/widgets/summary.json"
    echo "tests: $(count "$s" total) total, $(count "$s" passed) passed, $(count "$s" failed) failed," \
         "$(count "$s" broken) broken, $(count "$s" skipped) skipped"
fi
if [[ -f "$report/widgets/categories.json" ]]; then
    # one "name (n)" per category, e.g. SLA violations (4), Infrastructure errors (1)
    cats="$(sed 's/},{/}\n{/g' "$report/widgets/categories.json" \
        | sed -n 's/.*"name":"\([^"]*\)","statistic":{.*"total":\([0-9]*\)}.*/\1 (\2)/p' | paste -sd, - | sed 's/,/, /g')"
    [[ -n "$cats" ]] && echo "failures by category: $cats"
fi
if [[ -s "$results/summary.txt" ]]; then
    echo "results (measurement  criteria  numbers  SLA):"
    sed 's/^/  /' "$results/summary.txt"
    echo "  details: $results/results.jsonl, $results/yardstick.out"
else
    echo "no results were recorded (see the test output above)"
fi
if [[ -s "$results/dispatch-report.txt" ]]; then
    echo "results dispatch:"
    sed 's/^/  /' "$results/dispatch-report.txt"
fi
echo
echo "Allure report: $report/index.html"
echo "  open it with: ./mvnw -pl kvm4nfv-examples allure:serve   (or: bash config/lab/report-screenshot.sh)"
exit "$status"
