package io.kvm4nfv.config;

/** A scenario name that does not follow {@code os-[controller]-[feature]-[mode]-[option]}; names the field. */
public final class InvalidScenarioException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The field in error, or {@code null} when the problem is with the whole name. */
    private final String field;

    /** The {@code field} of a problem with the whole name. */
    private static final String WHOLE_NAME = null;

    /** A problem with the whole name, not one field. */
    InvalidScenarioException(String scenario, String problem) {
        this(scenario, WHOLE_NAME, problem);
    }

    InvalidScenarioException(String scenario, String field, String problem) {
        super("invalid scenario '" + PodConfigException.shorten(scenario) + "': " + (field == null ? "" : "field ["
                + field + "] ") + problem + " (expected os-[controller]-[feature]-[mode]-[option],"
                + " e.g. os-nosdn-kvm_ovs_dpdk-noha)");
        this.field = field;
    }

    /**
     * The field in error.
     *
     * @return {@code platform}, {@code controller}, {@code feature}, {@code mode}, {@code option}; or
     *         {@code null} for the whole name
     */
    public String field() {
        return field;
    }
}
