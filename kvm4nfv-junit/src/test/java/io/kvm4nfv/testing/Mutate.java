package io.kvm4nfv.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Mutations of a valid text, the way corrupt or hostile tool output looks: cut short, lines
 * lost, doubled or swapped, numbers made huge or negative, terminal escapes and stray
 * separators inserted, characters flipped. Each call applies one to four of them.
 */
public final class Mutate {
    /** Tokens every parser may meet: numbers at and beyond every limit, escapes, separators. */
    public static final List<String> HOSTILE = List.of("99999999999999999999", "9223372036854775807",
            "9223372036854775808", "2147483648", "100000000", "-1", "-0", "0", "1e309", "-1e309", "NaN", "Infinity",
            "1.2.3", "0x1F", "", " ", "\t", "\n", "\r\n", "\r", ":", ";", ",", ".", "#", "\"", "'", "\\", "{", "}", "[",
            "]", "\u001B[4A", "\u001B[2K\r", "\u001B[1;31m", "\u001B[0m", "\u001B[", "\u0000", "\u00e9", "\u00b5s",
            "\ud83d\ude00", "null", "true", "{}", "[]", "%s", "${x}");

    private Mutate() {
    }

    /** One to four mutations of {@code text}, drawing tokens from {@link #HOSTILE} and {@code extra}. */
    public static String text(Random random, String text, List<String> extra) {
        String s = text;
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            s = once(random, s, extra);
        }
        return s;
    }

    private static String once(Random r, String s, List<String> extra) {
        int len = s.length();
        int at = len == 0 ? 0 : r.nextInt(len + 1);
        switch (r.nextInt(10)) {
            case 0 -> { // cut short
                return s.substring(0, at);
            }
            case 1 -> { // a piece lost
                int end = Math.min(len, at + 1 + r.nextInt(40));
                return s.substring(0, at) + s.substring(end);
            }
            case 2 -> { // a piece doubled
                int end = Math.min(len, at + 1 + r.nextInt(80));
                return s.substring(0, end) + s.substring(at, end) + s.substring(end);
            }
            case 3, 4 -> { // a token inserted
                return s.substring(0, at) + token(r, extra) + s.substring(at);
            }
            case 5, 6 -> { // a number replaced by a hostile one
                return replaceNumber(r, s, token(r, extra));
            }
            case 7 -> { // lines swapped, lost or doubled
                List<String> lines = new ArrayList<>(Arrays.asList(s.split("\n", -1)));
                if (lines.size() < 2) {
                    return s + "\n" + s;
                }
                int a = r.nextInt(lines.size());
                int b = r.nextInt(lines.size());
                switch (r.nextInt(3)) {
                    case 0 -> {
                        String t = lines.get(a);
                        lines.set(a, lines.get(b));
                        lines.set(b, t);
                    }
                    case 1 -> lines.remove(a);
                    default -> lines.add(b, lines.get(a));
                }
                return String.join("\n", lines);
            }
            case 8 -> { // a character flipped
                if (len == 0) {
                    return token(r, extra);
                }
                int i = Math.min(at, len - 1);
                char c = s.charAt(i);
                if (Character.isSurrogate(c)) {
                    return s;
                }
                return s.substring(0, i) + (char) (c ^ (1 << r.nextInt(7))) + s.substring(i + 1);
            }
            default -> { // a token repeated many times (long lines, deep nesting)
                String t = token(r, extra);
                return s.substring(0, at) + t.repeat(1 + r.nextInt(2000)) + s.substring(at);
            }
        }
    }

    private static String token(Random r, List<String> extra) {
        if (!extra.isEmpty() && r.nextBoolean()) {
            return extra.get(r.nextInt(extra.size()));
        }
        return HOSTILE.get(r.nextInt(HOSTILE.size()));
    }

    /** Replaces a random run of digits with {@code by}. */
    private static String replaceNumber(Random r, String s, String by) {
        List<int[]> runs = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            if (Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
                int start = i;
                while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
                    i++;
                }
                runs.add(new int[]{start, i});
            } else {
                i++;
            }
        }
        if (runs.isEmpty()) {
            return s + by;
        }
        int[] run = runs.get(r.nextInt(runs.size()));
        return s.substring(0, run[0]) + by + s.substring(run[1]);
    }
}
