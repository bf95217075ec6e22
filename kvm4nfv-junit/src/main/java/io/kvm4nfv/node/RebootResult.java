package io.kvm4nfv.node;

import java.time.Duration;

/** A finished reboot: the boot ids before and after and how long it took to answer again. */
public record RebootResult(String node, String oldBootId, String newBootId, Duration duration) {
}
