# Prints the tuning facts of this machine as key=value lines (POSIX sh, busybox ash compatible).
# A key is printed only when its source could be read; an empty value means "read, but empty".
p() { if [ -r "$2" ] && v=$(cat "$2" 2>/dev/null); then echo "$1=$v"; fi; }
echo "format=kvm4nfv-tuning-1"
p cmdline /proc/cmdline
p cpu.online /sys/devices/system/cpu/online
p cpu.isolated /sys/devices/system/cpu/isolated
p cpu.nohz_full /sys/devices/system/cpu/nohz_full
p cpuidle.driver /sys/devices/system/cpu/cpuidle/current_driver
p intel_pstate.status /sys/devices/system/cpu/intel_pstate/status
p clocksource /sys/devices/system/clocksource/clocksource0/current_clocksource
p kernel.sched_rt_runtime_us /proc/sys/kernel/sched_rt_runtime_us
p kernel.watchdog /proc/sys/kernel/watchdog
p kernel.nmi_watchdog /proc/sys/kernel/nmi_watchdog
p kernel.timer_migration /proc/sys/kernel/timer_migration
if [ -r /proc/meminfo ]; then
  while read -r k v rest; do
    case "$k" in
      Hugepagesize:) echo "meminfo.hugepagesize_kb=$v" ;;
      HugePages_Total:) echo "meminfo.hugepages_total=$v" ;;
      HugePages_Free:) echo "meminfo.hugepages_free=$v" ;;
    esac
  done < /proc/meminfo
fi
ib=
for f in /proc/[0-9]*/comm; do
  { read -r c < "$f"; } 2>/dev/null || continue
  if [ "$c" = irqbalance ]; then q=${f#/proc/}; ib="$ib ${q%/comm}"; fi
done
echo "irqbalance.pids=$(echo $ib)"
for d in /proc/irq/[0-9]*; do
  [ -d "$d" ] || continue
  n=${d#/proc/irq/}
  if [ -r "$d/effective_affinity_list" ] && a=$(cat "$d/effective_affinity_list" 2>/dev/null) && [ -n "$a" ]; then
    echo "irq.$n.effective=$a"
  elif [ -r "$d/smp_affinity_list" ] && a=$(cat "$d/smp_affinity_list" 2>/dev/null); then
    echo "irq.$n.affinity=$a"
  fi
done
echo "end=ok"
