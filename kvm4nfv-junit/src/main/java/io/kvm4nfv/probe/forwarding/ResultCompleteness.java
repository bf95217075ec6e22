package io.kvm4nfv.probe.forwarding;

import io.kvm4nfv.result.FrameSizeResult;

import java.util.ArrayList;
import java.util.List;

/** The rules that make a set of frame-size figures a result: complete, and frames came back. */
public final class ResultCompleteness {

    private ResultCompleteness() {
    }

    /**
     * Returns the figures of the requested frame sizes in request order.
     *
     * @param requested the frame sizes in bytes, in request order
     * @param measured  what the generator reported, in any order
     * @param source    what reported them (e.g. the result file), for messages
     * @return one entry per requested size, immutable
     * @throws ForwardingFailedException when a size is missing or listed twice, or when no frame came back for a size
     */
    public static List<FrameSizeResult> require(List<Integer> requested, List<FrameSizeResult> measured, String source) {
        List<FrameSizeResult> ordered = new ArrayList<>();
        for (int size : requested) {
            List<FrameSizeResult> hits = measured.stream().filter(f -> f.frameSizeBytes() == size).toList();
            if (hits.isEmpty()) {
                throw new ForwardingFailedException(source + " has no result for frame size " + size + "; it has "
                        + measured.stream().map(FrameSizeResult::frameSizeBytes).toList());
            }
            if (hits.size() > 1) {
                throw new ForwardingFailedException(source + " has " + hits.size() + " results for frame size " + size);
            }
            FrameSizeResult r = hits.get(0);
            if (r.framesReceived() == null && r.throughputRxFps() == null) {
                throw new ForwardingFailedException(source + ", frame size " + size
                        + ": neither received frames nor receive rate reported");
            }
            if (!r.receivedAnyFrame()) {
                throw new ForwardingFailedException(source + ", frame size " + size + ": zero frames received ("
                        + r + ") — the path does not forward");
            }
            ordered.add(r);
        }
        return List.copyOf(ordered);
    }
}
