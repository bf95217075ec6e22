package io.kvm4nfv.probe.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * The trace text as printed by the collect script, put back together: the whole trace, or
 * the region around the first trace mark and the tail joined by an elision line.
 *
 * @param text       the kept text
 * @param totalBytes size of the whole trace on the node
 * @param truncated  whether {@code text} is less than the whole trace
 * @param markLine   1-based line of the first {@code tracing_mark_write}, or {@code null}
 */
record CollectedTrace(String text, long totalBytes, boolean truncated, Long markLine) {

    /** Marks where trace text was left out. */
    static final String ELISION = "# ... [kvm4nfv: trace trimmed here] ...";

    /** @throws IllegalArgumentException when the output lacks the header or end line */
    static CollectedTrace parse(List<String> lines) {
        String prefix = FtraceScripts.SECTION;
        long size = -1;
        Long mark = null;
        String section = null;
        boolean end = false;
        List<String> region = new ArrayList<>();
        List<String> after = new ArrayList<>();
        List<String> tail = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith(prefix + "trace ")) {
                for (String word : line.substring((prefix + "trace ").length()).split(" ")) {
                    if (word.startsWith("size=")) {
                        size = Long.parseLong(word.substring(5).trim());
                    } else if (word.startsWith("mark=") && word.length() > 5) {
                        mark = Long.parseLong(word.substring(5).trim());
                    }
                }
            } else if (line.equals(prefix + "all")) {
                section = "all";
            } else if (line.startsWith(prefix + "region")) {
                section = "region";
            } else if (line.equals(prefix + "after")) {
                section = "after";
            } else if (line.equals(prefix + "tail")) {
                section = "tail";
            } else if (line.equals(prefix + "end")) {
                end = true;
                section = null;
            } else if ("all".equals(section)) {
                all.add(line);
            } else if ("region".equals(section)) {
                region.add(line);
            } else if ("after".equals(section)) {
                after.add(line);
            } else if ("tail".equals(section)) {
                tail.add(line);
            }
        }
        if (size < 0 || !end) {
            throw new IllegalArgumentException("trace collection output is incomplete (header " + (size >= 0)
                    + ", end " + end + ")");
        }
        if (section == null && !all.isEmpty()) {
            return new CollectedTrace(join(all), size, false, mark);
        }
        List<String> kept = new ArrayList<>();
        if (!region.isEmpty()) {
            dropPartialFirstLine(region);
            kept.add(ELISION);
            kept.addAll(region);
            // "head -c" may cut the last line: the script ends the section with a line break, so a
            // complete section ends with an empty line and a cut one with the fragment.
            if (!after.isEmpty()) {
                after.remove(after.size() - 1);
            }
            kept.addAll(after);
        }
        if (!tail.isEmpty()) {
            dropPartialFirstLine(tail);
            kept.add(ELISION);
            kept.addAll(tail);
        }
        return new CollectedTrace(join(kept), size, true, mark);
    }

    /** {@code tail -c} may start in the middle of a line: the first line of a cut section is dropped. */
    private static void dropPartialFirstLine(List<String> lines) {
        if (!lines.isEmpty()) {
            lines.remove(0);
        }
    }

    private static String join(List<String> lines) {
        int last = lines.size();
        while (last > 0 && lines.get(last - 1).isEmpty()) {
            last--;
        }
        return String.join("\n", lines.subList(0, last)) + (last > 0 ? "\n" : "");
    }
}
