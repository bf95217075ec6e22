package io.kvm4nfv.result;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Guest liveness seen from outside: heartbeats a guest loop sends, timed on arrival by the
 * host, over a window (the migration plus margins). The largest gap bounds the downtime the
 * guest really had, independently of QEMU's own figure; its resolution is the heartbeat
 * interval ({@code medianIntervalMs}).
 *
 * @param beats             heartbeats received in the window
 * @param windowMs          length of the window
 * @param largestGapMs      largest time without heartbeat overlapping the window (an open gap up
 *                          to the window's end counts: a guest that never came back)
 * @param largestGapStartMs start of that gap, relative to the window start
 * @param medianIntervalMs  median interval between heartbeats in the window ({@code NaN} serialised as null
 *                          when fewer than two)
 * @param missingSequence   heartbeats the sequence numbers say were sent but never arrived
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HeartbeatReport(long beats, double windowMs, double largestGapMs, double largestGapStartMs,
                              Double medianIntervalMs, long missingSequence) {
}
