#!/usr/bin/env bash
# The main job: the example suite (kvm4nfv-examples) against a pod (default: the embedded
# lab), ending with the Allure report and a summary of every measured result.
#
# usage: bash config/lab/run-examples.sh [extra Maven arguments, e.g. -Dkvm4nfv.pod=intel-pod10]
#
# 1. installs the Debian packages the lab needs (as root; otherwise prints the exact
#    apt-get line and stops),
# 2. builds the library, runs the examples with plain `mvn test`,
# 3. generates the Allure report offline (with the previous report's history as trend)
#    and prints a summary: test counts, failures by category, every result and where it went.
# Exit status: that of the example run (the report is generated either way).
set -euo pipefail
cd "$(dirname "$0")/../.."

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

echo "== running the examples (kvm4nfv-examples), pod: ${KVM4NFV_POD:-local}"
set +e
./mvnw -B -pl kvm4nfv-examples test -DskipExamples=false -Dexamples.slaAction=assert "$@"
status=$?
set -e

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
