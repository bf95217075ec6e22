package io.kvm4nfv.config;

import java.util.Collection;
import java.util.Locale;

/** Nearest-match suggestions for typos (Levenshtein distance). */
final class Suggestions {
    private Suggestions() {
    }

    /**
     * The candidate nearest to {@code typo}, or {@code null} when nothing is close
     * (distance above a third of the longer word, at least 2 allowed).
     */
    static String nearest(String typo, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String t = typo.toLowerCase(Locale.ROOT);
        for (String candidate : candidates) {
            int d = distance(t, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        if (best == null) {
            return null;
        }
        int allowed = Math.max(2, Math.max(typo.length(), best.length()) / 3);
        return bestDistance <= allowed ? best : null;
    }

    /** Levenshtein distance; long inputs are compared by their first 200 characters. */
    static int distance(String a, String b) {
        String x = a.length() > 200 ? a.substring(0, 200) : a;
        String y = b.length() > 200 ? b.substring(0, 200) : b;
        int[] prev = new int[y.length() + 1];
        int[] cur = new int[y.length() + 1];
        for (int j = 0; j <= y.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= y.length(); j++) {
                int cost = x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[y.length()];
    }
}
