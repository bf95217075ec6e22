#!/usr/bin/env bash
# Debian packages of the embedded lab's packet-forwarding path (io.kvm4nfv.probe.forwarding):
#   iproute2            network namespaces, veth pairs, Linux bridge, ss
#   openvswitch-switch  ovsdb-server + ovs-vswitchd, run privately with datapath_type=netdev (no kernel module)
#   ethtool             TX checksum offload off on the generator ports (the userspace datapath forwards frames as is)
#   sockperf            UDP ping-pong latency
#   iperf3              UDP rate and frame loss
# No daemon is started or enabled here: the lab starts its own OVS daemons in its own namespace
# and run directory, and removes them afterwards.
set -euo pipefail
packages=(iproute2 openvswitch-switch ethtool sockperf iperf3)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "forwarding packages present: ${packages[*]}"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "run as root to install: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Debian's maintainer scripts try to start the OVS service; without systemd (CI containers) forbid that.
policy_rc_d=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy_rc_d" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy_rc_d"
  chmod +x "$policy_rc_d"
  created_policy=1
fi
trap '[ "$created_policy" = 1 ] && rm -f "$policy_rc_d"' EXIT
apt-get install -y -q --no-install-recommends "${missing[@]}" || { apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}"; }
echo "installed: ${missing[*]}"
