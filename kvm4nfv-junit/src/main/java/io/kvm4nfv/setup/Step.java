package io.kvm4nfv.setup;

/** One step of a host or guest setup sequence: a script from the pod's script directory, or a reboot. */
public sealed interface Step permits Step.Script, Step.Reboot {

    /**
     * The name as written in the annotation or config.
     *
     * @return the script's file name, e.g. {@code host-setup0.sh}, or {@code reboot}
     */
    String name();

    /** A script file from the pod's script directory, uploaded and run on the node. */
    record Script(String name) implements Step {
    }

    /** The built-in {@code reboot}: reboots the node and waits for a different boot id. */
    record Reboot() implements Step {
        @Override
        public String name() {
            return SetupSequence.REBOOT;
        }
    }
}
