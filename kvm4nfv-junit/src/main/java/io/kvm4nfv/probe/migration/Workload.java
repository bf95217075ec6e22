package io.kvm4nfv.probe.migration;

/**
 * What the guest does while it migrates (run inside the guest by the lab, see
 * {@link GuestScripts#workload(Workload)}).
 *
 * @param kind                      the kind of load
 * @param workingSetBytes           bytes the guest keeps rewriting (0 for {@link Kind#IDLE})
 * @param dirtyRateBytesPerSecond   how fast it rewrites them (0 for {@link Kind#IDLE})
 */
public record Workload(Kind kind, long workingSetBytes, long dirtyRateBytesPerSecond) {

    /** The kinds of guest load. */
    public enum Kind {
        /** Nothing runs but the guest's own housekeeping. */
        IDLE,
        /** A small, hot working set like an L2 forwarder's packet buffers (a few MiB). */
        FORWARDING_LIKE,
        /** A larger working set dirtied at a given rate. */
        MEMORY_DIRTY
    }

    /** The working set of {@link #forwardingLike()}: 4 MiB. */
    public static final long FORWARDING_WORKING_SET_BYTES = 4L << 20;

    /**
     * Checks the workload.
     *
     * @param kind                    the kind of load
     * @param workingSetBytes         bytes the guest keeps rewriting
     * @param dirtyRateBytesPerSecond how fast it rewrites them, bytes per second
     * @throws IllegalArgumentException when {@code kind} is {@code null}, a size or rate is negative, an
     *                                  {@code IDLE} workload has a size or rate, or another kind lacks one
     */
    public Workload {
        if (kind == null) {
            throw new IllegalArgumentException("workload.kind must be set");
        }
        if (workingSetBytes < 0) {
            throw new IllegalArgumentException("workload.workingSetBytes must be >= 0, was " + workingSetBytes);
        }
        if (dirtyRateBytesPerSecond < 0) {
            throw new IllegalArgumentException("workload.dirtyRateBytesPerSecond must be >= 0, was "
                    + dirtyRateBytesPerSecond);
        }
        if (kind == Kind.IDLE && (workingSetBytes != 0 || dirtyRateBytesPerSecond != 0)) {
            throw new IllegalArgumentException("workload IDLE takes no workingSetBytes or dirtyRateBytesPerSecond");
        }
        if (kind != Kind.IDLE && (workingSetBytes == 0 || dirtyRateBytesPerSecond == 0)) {
            throw new IllegalArgumentException("workload " + kind
                    + " needs workingSetBytes > 0 and dirtyRateBytesPerSecond > 0");
        }
    }

    /**
     * An idle guest.
     *
     * @return a {@link Kind#IDLE} workload with no working set
     */
    public static Workload idle() {
        return new Workload(Kind.IDLE, 0, 0);
    }

    /**
     * A 4 MiB working set rewritten 25 times a second, like an L2 forwarder's buffers.
     *
     * @return a {@link Kind#FORWARDING_LIKE} workload dirtying 100 MiB/s
     */
    public static Workload forwardingLike() {
        return new Workload(Kind.FORWARDING_LIKE, FORWARDING_WORKING_SET_BYTES, 25 * FORWARDING_WORKING_SET_BYTES);
    }

    /**
     * {@code sizeBytes} of memory dirtied at {@code bytesPerSecond}.
     *
     * @param sizeBytes      size of the working set in bytes, {@code > 0}
     * @param bytesPerSecond dirty rate in bytes per second, {@code > 0}
     * @return a {@link Kind#MEMORY_DIRTY} workload
     * @throws IllegalArgumentException when a value is not positive
     */
    public static Workload memoryDirty(long sizeBytes, long bytesPerSecond) {
        return new Workload(Kind.MEMORY_DIRTY, sizeBytes, bytesPerSecond);
    }
}
