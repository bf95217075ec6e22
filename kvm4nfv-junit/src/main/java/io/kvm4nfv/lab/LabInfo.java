package io.kvm4nfv.lab;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a report says about the lab: pod, kind, and facts gathered from the nodes
 * ({@code host.kernel}, {@code guest.kernel}, {@code qemu}, {@code accelerator}, …).
 *
 * @param pod   the pod's name
 * @param kind  {@code embedded} or {@code ssh}
 * @param facts named facts, sorted by name
 */
public record LabInfo(String pod, String kind, Map<String, String> facts) {
    /**
     * Copies the facts into an unmodifiable map sorted by name.
     *
     * @param pod   the pod's name
     * @param kind  {@code embedded} or {@code ssh}
     * @param facts named facts
     */
    public LabInfo {
        facts = java.util.Collections.unmodifiableMap(new TreeMap<>(facts));
    }

    /**
     * A copy with one more fact.
     *
     * @param name  the fact's name, e.g. {@code host1.kernel}; replaces a fact of that name
     * @param value the fact's value
     * @return a new info with the fact added
     */
    public LabInfo with(String name, String value) {
        Map<String, String> more = new TreeMap<>(facts);
        more.put(name, value);
        return new LabInfo(pod, kind, more);
    }
}
