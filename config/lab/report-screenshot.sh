#!/usr/bin/env bash
# Screenshots of the Allure report of the main command (bash config/lab/run-examples.sh):
# the overview, the categories (SLA violations / infrastructure errors / product bugs) and
# one test's page with its cyclictest latency histogram, taken with headless chromium from
# a web server on 127.0.0.1 (the report is a JavaScript app: file:// URLs do not load its data).
#
# usage: bash config/lab/report-screenshot.sh [REPORT_DIR] [OUT_DIR]
#   REPORT_DIR  default kvm4nfv-examples/target/site/allure-maven-plugin
#   OUT_DIR     default docs/screenshots (allure-overview.png, allure-categories.png, allure-latency-histogram.png)
# Needs chromium (Debian: apt-get install -y --no-install-recommends chromium) and python3 or busybox.
set -euo pipefail
cd "$(dirname "$0")/../.."

report="${1:-kvm4nfv-examples/target/site/allure-maven-plugin}"
out="${2:-docs/screenshots}"

if ! command -v chromium >/dev/null; then
    echo "report-screenshot.sh: chromium is not installed; as root run:" >&2
    echo "  apt-get install -y --no-install-recommends chromium" >&2
    exit 1
fi
if [[ ! -f "$report/index.html" ]]; then
    echo "report-screenshot.sh: no Allure report in $report: run bash config/lab/run-examples.sh first" >&2
    exit 1
fi

# A test with a latency histogram: its uid (the first in its file) and the attachment's uid.
testcase=""
attachment=""
preferred=""
for f in "$report"/data/test-cases/*.json; do
    a="$(grep -o '"uid":"[0-9a-f]*","name":"latency histogram"' "$f" | head -1 | sed 's/"uid":"\([0-9a-f]*\)".*/\1/' || true)"
    if [[ -n "$a" ]]; then
        # prefer a test whose SLA was violated (its page shows the verdict too), then the
        # Idle-Idle baseline; otherwise the first test with a histogram
        if [[ -z "$testcase" ]] || grep -q '"status":"failed"' "$f" \
            || { [[ -z "$preferred" ]] && grep -q '"name":"Idle-Idle"' "$f"; }; then
            testcase="$(grep -o '^{"uid":"[0-9a-f]*"' "$f" | sed 's/.*"uid":"\([0-9a-f]*\)"/\1/')"
            attachment="$a"
            grep -q '"name":"Idle-Idle"' "$f" && preferred=1
        fi
        grep -q '"status":"failed"' "$f" && break
    fi
done

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
    || echo $(( 20000 + RANDOM % 20000 )))"
if command -v python3 >/dev/null; then
    python3 -m http.server --bind 127.0.0.1 "$port" --directory "$report" >/dev/null 2>&1 &
else
    busybox httpd -f -p "127.0.0.1:$port" -h "$report" &
fi
server=$!
profile="$(mktemp -d /tmp/kvm4nfv-chromium.XXXXXX)"
cleanup() { kill "$server" 2>/dev/null || true; rm -rf "$profile"; }
trap cleanup EXIT

for _ in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.2
done

mkdir -p "$out"
shoot() { # FILE URL-FRAGMENT
    rm -rf "${profile:?}"/* && \
    timeout 180 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --hide-scrollbars --window-size=1400,1000 --virtual-time-budget=15000 \
        --screenshot="$1" "http://127.0.0.1:$port/index.html#$2" >/dev/null 2>&1
    [[ -s "$1" ]] || { echo "report-screenshot.sh: chromium wrote no $1" >&2; return 1; }
    echo "$1"
}

shoot "$out/allure-overview.png" ""
shoot "$out/allure-categories.png" "categories"
if [[ -n "$testcase" ]]; then
    shoot "$out/allure-latency-histogram.png" "testresult/$testcase?attachment=$attachment"
else
    echo "report-screenshot.sh: no test with a latency histogram in $report (did cyclictest run?)" >&2
fi
