package io.kvm4nfv.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What a node is in a pod. Written in lower case in the pod file. */
public enum NodeRole {
    /** The jump host every other node is reached through (optional). */
    JUMP,
    /** A compute host under test: runs QEMU guests, cyclictest and stress on the host. */
    HOST,
    /** A QEMU guest VM running on a {@link #HOST}. */
    GUEST;

    /**
     * The spelling in the pod file.
     *
     * @return {@code jump}, {@code host} or {@code guest}
     */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Every spelling accepted in the pod file.
     *
     * @return {@code [jump, host, guest]}, in declaration order
     */
    public static List<String> yamlNames() {
        return Arrays.stream(values()).map(NodeRole::yamlName).toList();
    }
}
