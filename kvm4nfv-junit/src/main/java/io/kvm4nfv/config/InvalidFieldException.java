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

    /**
     * The checks every latency SLA shares ({@link SlaDefaults.Cyclictest}, {@link SlaDefaults.Oslat}):
     * each bound >= 0 when set, the average not above the maximum; {@code others} are name/value
     * pairs of the remaining bounds. Here, not in {@link SlaDefaults}: its nested records' constants
     * would otherwise initialise the outer record while they are being made.
     */
    static void latencyBounds(Double maxUs, Double avgUs, Object... others) {
        nonNegative("maxUs", maxUs);
        nonNegative("avgUs", avgUs);
        for (int i = 0; i < others.length; i += 2) {
            nonNegative((String) others[i], (Double) others[i + 1]);
        }
        if (maxUs != null && avgUs != null && avgUs > maxUs) {
            throw new InvalidFieldException("avgUs", "average limit " + avgUs + " is above the maximum limit " + maxUs);
        }
    }
}
