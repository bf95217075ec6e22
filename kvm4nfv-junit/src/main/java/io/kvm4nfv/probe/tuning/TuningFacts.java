package io.kvm4nfv.probe.tuning;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The raw tuning facts of one node as printed by the fact script: key=value lines, plus
 * the kernel command line split into parameters.
 *
 * @param values       every key=value line (first occurrence of a key wins, except {@code irq.*})
 * @param kernelParams kernel command line parameters before {@code --}; the last occurrence of a
 *                     parameter wins (as in the kernel); a flag without {@code =} maps to {@code ""}
 * @param irqAffinity  IRQ number to the cpu list it targets (effective affinity where the kernel has it)
 */
public record TuningFacts(Map<String, String> values, Map<String, String> kernelParams,
                          Map<Integer, String> irqAffinity) {

    /** The marker line that proves the script ran to its end. */
    static final String END_LINE = "end=ok";

    /**
     * Copies the maps, unmodifiable; the IRQ map sorted by IRQ number.
     *
     * @param values every key=value line of the script
     * @param kernelParams kernel command line parameters; a flag maps to {@code ""}
     * @param irqAffinity IRQ number to the CPU list it targets
     */
    public TuningFacts {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        kernelParams = Collections.unmodifiableMap(new LinkedHashMap<>(kernelParams));
        irqAffinity = Collections.unmodifiableMap(new TreeMap<>(irqAffinity));
    }

    /**
     * Parses the script output.
     *
     * @param lines the script's standard output, one line each
     * @return the facts, with the kernel command line split and the IRQ affinities collected
     * @throws IllegalArgumentException when the output is not the script's (no format line or no end line)
     */
    public static TuningFacts parse(List<String> lines) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<Integer, String> irqs = new TreeMap<>();
        boolean end = false;
        for (String raw : lines) {
            String line = raw.strip();
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq);
            String value = line.substring(eq + 1).strip();
            if (line.equals(END_LINE)) {
                end = true;
            } else if (key.startsWith("irq.")) {
                String[] parts = key.split("\\.");
                if (parts.length == 3 && parts[1].chars().allMatch(Character::isDigit) && !parts[1].isEmpty()) {
                    irqs.put(Integer.parseInt(parts[1]), value);
                }
            } else {
                values.putIfAbsent(key, value);
            }
        }
        if (!"kvm4nfv-tuning-1".equals(values.get("format"))) {
            throw new IllegalArgumentException("not the output of the tuning fact script (no 'format=kvm4nfv-tuning-1' line)");
        }
        if (!end) {
            throw new IllegalArgumentException("tuning fact script output is incomplete (no '" + END_LINE + "' line)");
        }
        return new TuningFacts(values, kernelParams(values.getOrDefault("cmdline", "")), irqs);
    }

    /** Splits a kernel command line; stops at {@code --} (the rest belongs to init). Last one wins. */
    static Map<String, String> kernelParams(String cmdline) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String word : cmdline.trim().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (word.equals("--")) {
                break;
            }
            int eq = word.indexOf('=');
            String key = eq < 0 ? word : word.substring(0, eq);
            String value = eq < 0 ? "" : word.substring(eq + 1);
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            params.remove(key);
            params.put(key, value);
        }
        return params;
    }

    /**
     * A script value, if the script could read it.
     *
     * @param key the script's key, e.g. {@code kernel.watchdog}
     * @return the value, or empty when the script could not read it
     */
    public Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /**
     * A kernel parameter's value ({@code ""} for a flag), if set.
     *
     * @param name the parameter's name, e.g. {@code isolcpus}
     * @return the parameter's value, {@code ""} for a flag, or empty when it is not on the command line
     */
    public Optional<String> kernelParam(String name) {
        return Optional.ofNullable(kernelParams.get(name));
    }
}
