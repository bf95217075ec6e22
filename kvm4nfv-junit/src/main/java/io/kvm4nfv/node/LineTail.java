package io.kvm4nfv.node;

import java.util.ArrayDeque;
import java.util.List;

/** The last {@code capacity} lines of a stream; older lines are dropped. Thread-safe. */
final class LineTail {
    private final int capacity;
    private final ArrayDeque<String> lines;

    LineTail(int capacity) {
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    synchronized void add(String line) {
        if (capacity == 0) {
            return;
        }
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
