package io.kvm4nfv.result;

/**
 * A breaktrace hit: cyclictest ({@code -b USEC}) stopped because a thread's latency exceeded
 * the threshold ({@code # Break thread:} / {@code # Break value:} lines).
 *
 * @param tid     the Linux thread id cyclictest printed
 * @param thread  the cyclictest thread index of that tid, or -1 when the output did not map it
 * @param valueUs the latency that triggered the break, µs
 */
public record Breaktrace(long tid, int thread, long valueUs) {
}
