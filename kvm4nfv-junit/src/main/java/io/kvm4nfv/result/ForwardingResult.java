package io.kvm4nfv.result;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The result of one packet-forwarding test: one {@link FrameSizeResult} per frame size,
 * in the order they ran.
 *
 * @param testId     the test's id, VSPERF style, e.g. {@code pvp_tput}
 * @param deployment the canonical deployment name, e.g. {@code pvvp3}
 * @param testType   the vSwitch/VNF combination in KVM4NFV's words, e.g.
 *                   {@code OVS_with_DPDK_and_vHost_User}, {@code SRIOV}, {@code OVS_netdev}
 * @param generator  which traffic generator produced it, e.g. {@code vsperf/IxNet}, {@code sockperf+iperf3}
 * @param frameSizes the per-frame-size figures
 * @param startedAt  when the traffic started
 * @param duration   wall time of the whole run
 * @param rawOutput  where the generator's raw output was kept (e.g. the VSPERF CSV path), or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ForwardingResult(String testId, String deployment, String testType, String generator,
                               List<FrameSizeResult> frameSizes, Instant startedAt, Duration duration,
                               String rawOutput) {

    /**
     * Checks the components and copies the frame sizes.
     *
     * @param testId     the test's id, e.g. {@code pvp_tput}; not {@code null}
     * @param deployment the canonical deployment name, e.g. {@code pvvp3}; not {@code null}
     * @param testType   the vSwitch/VNF combination, e.g. {@code SRIOV}; not {@code null}
     * @param generator  the traffic generator that produced it; not {@code null}
     * @param frameSizes the per-frame-size figures, each frame size at most once
     * @param startedAt  when the traffic started
     * @param duration   wall time of the whole run
     * @param rawOutput  where the generator's raw output was kept, or {@code null}
     * @throws IllegalArgumentException when a frame size is listed twice
     * @throws NullPointerException     when a required component is {@code null}
     */
    public ForwardingResult {
        Objects.requireNonNull(testId, "testId");
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(testType, "testType");
        Objects.requireNonNull(generator, "generator");
        frameSizes = List.copyOf(Objects.requireNonNull(frameSizes, "frameSizes"));
        if (frameSizes.stream().map(FrameSizeResult::frameSizeBytes).distinct().count() != frameSizes.size()) {
            throw new IllegalArgumentException("a frame size is listed twice: " + frameSizes);
        }
    }

    /**
     * The figures of one frame size.
     *
     * @param bytes the Ethernet frame size, bytes (e.g. 64)
     * @return the figures measured at that frame size
     * @throws NoSuchElementException when this run did not measure {@code bytes}
     */
    public FrameSizeResult frameSize(int bytes) {
        return frameSizes.stream().filter(f -> f.frameSizeBytes() == bytes).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no result for frame size " + bytes + " in " + testId
                        + "; measured: " + frameSizes.stream().map(FrameSizeResult::frameSizeBytes).toList()));
    }

    /**
     * A copy of this result that records where the generator's raw output was kept.
     *
     * @param where the raw output's path (e.g. the VSPERF CSV), or {@code null} for none
     * @return the copy, every other component unchanged
     */
    public ForwardingResult withRawOutput(String where) {
        return new ForwardingResult(testId, deployment, testType, generator, frameSizes, startedAt, duration, where);
    }
}
