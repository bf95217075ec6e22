package io.kvm4nfv.lab;

/**
 * A live migration the pod's configuration does not allow, said before anything starts: the
 * message names what is missing (e.g. a disk not declared on shared storage) and where to
 * declare it.
 */
public class MigrationNotPossibleException extends RuntimeException {

    /**
     * An exception for a migration the pod does not allow.
     *
     * @param message what is missing and where to declare it
     */
    public MigrationNotPossibleException(String message) {
        super(message);
    }
}
