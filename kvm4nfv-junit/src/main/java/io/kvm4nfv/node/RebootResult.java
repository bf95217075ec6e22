package io.kvm4nfv.node;

import java.time.Duration;

/**
 * A finished reboot: the boot ids before and after and how long it took to answer again.
 *
 * @param node      the node's name
 * @param oldBootId the boot id read before the reboot command
 * @param newBootId the different boot id the node answered with afterwards
 * @param duration  from the first boot-id read to the answer with the new one
 */
public record RebootResult(String node, String oldBootId, String newBootId, Duration duration) {
}
