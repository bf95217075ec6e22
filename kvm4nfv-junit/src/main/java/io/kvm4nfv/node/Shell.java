package io.kvm4nfv.node;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * POSIX shell quoting. Every value that comes from config or an annotation goes through
 * {@link #quote(String)} (or {@link #command(String...)}) so that {@code $(touch /tmp/x)}
 * stays a string.
 */
public final class Shell {
    private Shell() {
    }

    /**
     * Single-quotes a word unless it only contains characters that are safe unquoted
     * (letters, digits and {@code -_./,:=+@%}). A quote inside the word becomes {@code '"'"'}.
     *
     * @param word any string, e.g. a value from config
     * @return the word as one shell word that the shell does not expand; {@code ''} for the empty string
     */
    public static String quote(String word) {
        if (word.isEmpty()) {
            return "''";
        }
        if (word.chars().allMatch(Shell::safe)) {
            return word;
        }
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }

    /**
     * Quotes every word and joins them with spaces.
     *
     * @param words the program and its arguments
     * @return a shell command line that runs exactly these words
     * @throws IllegalArgumentException when there are no words
     */
    public static String command(String... words) {
        return command(Arrays.asList(words));
    }

    /**
     * Quotes every word and joins them with spaces.
     *
     * @param words the program and its arguments
     * @return a shell command line that runs exactly these words
     * @throws IllegalArgumentException when {@code words} is empty
     */
    public static String command(List<String> words) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        return words.stream().map(Shell::quote).collect(Collectors.joining(" "));
    }

    private static boolean safe(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '/' || c == ',' || c == ':' || c == '=' || c == '+'
                || c == '@' || c == '%';
    }
}
