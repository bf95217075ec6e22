package io.kvm4nfv.junit;

import io.kvm4nfv.lab.Lab;
import io.kvm4nfv.lab.LabUnavailableException;
import io.kvm4nfv.setup.Environment;

/**
 * A Store value that owns a lab or an environment, or remembers why it could not be had,
 * so that every test after the first failure learns the same reason at once.
 */
final class LabResource<T extends AutoCloseable> implements AutoCloseable {

    private final T value;
    private final RuntimeException failure;

    private LabResource(T value, RuntimeException failure) {
        this.value = value;
        this.failure = failure;
    }

    static <T extends AutoCloseable> LabResource<T> of(java.util.function.Supplier<T> opener) {
        try {
            return new LabResource<>(opener.get(), null);
        } catch (RuntimeException e) {
            return new LabResource<>(null, e);
        }
    }

    /** The value, or the remembered failure rethrown. */
    T get() {
        if (failure != null) {
            throw failure;
        }
        return value;
    }

    boolean unavailable() {
        return failure instanceof LabUnavailableException;
    }

    @Override
    public void close() throws Exception {
        if (value != null) {
            value.close();
        }
    }

    @SuppressWarnings("unchecked")
    static LabResource<Lab> lab(Object o) {
        return (LabResource<Lab>) o;
    }

    @SuppressWarnings("unchecked")
    static LabResource<Environment> environment(Object o) {
        return (LabResource<Environment>) o;
    }
}
