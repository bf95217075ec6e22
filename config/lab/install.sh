#!/usr/bin/env bash
# Placeholder until the embedded lab lands: installs the build's needs only.
set -euo pipefail
