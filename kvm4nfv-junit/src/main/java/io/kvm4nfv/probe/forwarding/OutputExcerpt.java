package io.kvm4nfv.probe.forwarding;

/** A piece of a tool's output for an error message: short, and without raw terminal control characters. */
final class OutputExcerpt {
    private static final int MAX_CHARS = 80;

    private OutputExcerpt() {
    }

    /** At most 80 characters of {@code text}, control characters (ESC, CR, ...) as Java escapes. */
    static String of(String text) {
        StringBuilder sb = new StringBuilder();
        int end = Math.min(text.length(), MAX_CHARS);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            sb.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return end == text.length() ? sb.toString() : sb + "... (" + text.length() + " chars)";
    }
}
