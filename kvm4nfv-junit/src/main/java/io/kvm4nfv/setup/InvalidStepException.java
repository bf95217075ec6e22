package io.kvm4nfv.setup;

/** A setup step name that is not {@code reboot} and not a script of the pod's script directory. */
public class InvalidStepException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * A step name that cannot be used.
     *
     * @param message which step, at which position, and the valid choices
     */
    public InvalidStepException(String message) {
        super(message);
    }
}
