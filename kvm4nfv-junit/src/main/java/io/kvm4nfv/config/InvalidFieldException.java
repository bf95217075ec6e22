package io.kvm4nfv.config;

/**
 * A record constructor's complaint about one of its fields. The loader turns it into a
 * {@link PodConfigException} that points at the field in the pod file.
 */
final class InvalidFieldException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    InvalidFieldException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /** The field's name relative to the record that threw (may contain dots). */
    String field() {
        return field;
    }

    /** The problem without the field name. */
    String problem() {
        return getMessage().substring(field.length() + 2);
    }

    static void nonNegative(String field, Double value) {
        if (value != null && (value.isNaN() || value.isInfinite() || value < 0)) {
            throw new InvalidFieldException(field, "must be a finite number >= 0, got " + value);
        }
    }

    static void positive(String field, int value) {
        if (value <= 0) {
            throw new InvalidFieldException(field, "must be > 0, got " + value);
        }
    }

    static void port(String field, Integer value) {
        if (value != null && (value < 1 || value > 65535)) {
            throw new InvalidFieldException(field, "must be a TCP port 1-65535, got " + value);
        }
    }
}
