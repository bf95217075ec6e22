#!/usr/bin/env bash
# Packages the evidence probes (io.kvm4nfv.probe.trace / tuning / membw) use on a node:
#   pcm        Intel PCM: pcm-memory for per-channel memory bandwidth (needs an Intel CPU with
#              MSR/uncore access; on VMs and AMD it exits with "unsupported processor", which the
#              probe reports as unavailable with PCM's own words)
#   rt-tests   cyclictest with -b/--tracemark (breaktrace markers in ftrace)
#   busybox-static  the tuning and ftrace scripts are tested under busybox sh as well
# ftrace needs no package: tracefs is in the kernel (the session mounts it when allowed).
set -euo pipefail
need=()
command -v pcm-memory >/dev/null 2>&1 || need+=(pcm)
command -v cyclictest >/dev/null 2>&1 || need+=(rt-tests)
command -v busybox >/dev/null 2>&1 || need+=(busybox-static)
if [ "${#need[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends "${need[@]}" \
    || { apt-get update && apt-get install -y --no-install-recommends "${need[@]}"; }
fi
command -v pcm-memory cyclictest busybox
