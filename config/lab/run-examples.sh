#!/usr/bin/env bash
# The main job: the example suite (kvm4nfv-examples) against a pod (default: the embedded
# lab), ending with the Allure report and a summary of every measured result.
#
# usage: bash config/lab/run-examples.sh [extra Maven arguments, e.g. -Dkvm4nfv.pod=intel-pod10]
#
# 1. installs the Debian packages the lab needs (as root; otherwise prints the exact
#    apt-get line and stops),
# 2. builds the library, runs the examples with plain `mvn test`,
# 3. generates the Allure report offline and prints where it is.
# Exit status: that of the example run (the report is generated either way).
set -euo pipefail
cd "$(dirname "$0")/../.."

bash config/lab/install.sh

echo "== building the library"
./mvnw -B -q -DskipTests install

echo "== running the examples (kvm4nfv-examples), pod: ${KVM4NFV_POD:-local}"
set +e
./mvnw -B -pl kvm4nfv-examples test "$@"
status=$?
set -e

echo "== generating the Allure report"
./mvnw -B -q -pl kvm4nfv-examples allure:report
report="$PWD/kvm4nfv-examples/target/site/allure-maven-plugin/index.html"
summary="$PWD/kvm4nfv-examples/target/kvm4nfv-results/summary.txt"

echo
if [[ -s "$summary" ]]; then
    echo "== results (details: ${summary%/*}/results.jsonl)"
    cat "$summary"
else
    echo "== no results were recorded (see the test output above)"
fi
echo
echo "Allure report: $report"
echo "  open it with: ./mvnw -pl kvm4nfv-examples allure:serve   (or any browser on the file above)"
exit "$status"
