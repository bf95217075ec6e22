package io.kvm4nfv.config;

import java.util.Locale;

/** What runs a pod's packet-forwarding tests ({@code forwarding.driver} in the pod file, lower case). */
public enum ForwardingDriver {
    /**
     * OPNFV VSPERF on the pod's first host ({@code ./vsperf} in {@code forwarding.vsperf.dir}): it starts
     * its own vSwitch, VMs and traffic generator. The default of {@code kind: ssh} pods (KVM4NFV's daily job).
     */
    VSPERF,
    /**
     * The library's own path: a software switch, guests and traffic generator it sets up itself. The
     * default of {@code kind: embedded} pods (namespaces, OVS, QEMU guests on this machine).
     */
    NATIVE;

    /**
     * The spelling in the pod file.
     *
     * @return the constant's name in lower case: {@code vsperf} or {@code native}
     */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
