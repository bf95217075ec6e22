package io.kvm4nfv.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading and rewriting a running QEMU's own command line ({@code /proc/PID/cmdline}) — how a
 * real pod's guest, launched by the pod's script, gets its incoming twin for a live migration
 * without the library guessing its machine: the twin is the same command line with
 * <ul>
 *   <li>every UNIX socket QEMU <em>serves</em> ({@code -qmp unix:P,server…}, {@code -serial
 *       unix:P,server…}, {@code -chardev socket,path=P,server…}) and every file QEMU writes
 *       ({@code file:P}, {@code -pidfile P}, {@code -D P}) renamed with a suffix, so that both
 *       QEMUs run side by side (client sockets — vhost-user to a vSwitch — are kept);</li>
 *   <li>every user-network SSH forward ({@code hostfwd=tcp:ADDR:PORT-:GUESTPORT}) moved to port
 *       {@code 0}: the host picks a free port, read back afterwards;</li>
 *   <li>{@code -daemonize} dropped (the lab starts the twin in its own session and keeps its pid)
 *       and {@code -incoming defer} added (an existing {@code -incoming} replaced).</li>
 * </ul>
 * Disks are shared as they are: QEMU opens an incoming guest's images inactive until the
 * migration completes.
 */
public final class QemuArgs {

    private static final Pattern HOSTFWD = Pattern.compile("(hostfwd=tcp:[^:,]*:)(\\d+)(-)");
    private static final Pattern PATH_OPTION = Pattern.compile("(^|,)path=([^,]+)");

    private QemuArgs() {
    }

    /**
     * The twin's command line.
     *
     * @param argv   the running QEMU's argument vector, binary first
     * @param suffix appended to every renamed path (e.g. {@code .in1}); letters, digits, '.', '_', '-'
     * @return a new argument vector for the twin, binary first, ending in {@code -incoming defer}
     * @throws IllegalArgumentException when {@code suffix} is not of that form
     */
    public static List<String> incomingTwin(List<String> argv, String suffix) {
        Objects.requireNonNull(argv, "argv");
        if (suffix == null || !suffix.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("suffix must be letters, digits, '.', '_', '-': " + suffix);
        }
        List<String> out = new ArrayList<>();
        out.add(argv.get(0));
        for (int i = 1; i < argv.size(); i++) {
            String option = argv.get(i);
            String value = i + 1 < argv.size() ? argv.get(i + 1) : null;
            switch (option) {
                case "-daemonize" -> {
                    continue;
                }
                case "-incoming" -> {
                    i++;
                    continue;
                }
                case "-pidfile", "-D" -> {
                    out.add(option);
                    out.add(value + suffix);
                    i++;
                    continue;
                }
                case "-qmp", "-serial", "-monitor", "-parallel" -> {
                    out.add(option);
                    out.add(renameBackend(value, suffix));
                    i++;
                    continue;
                }
                case "-chardev" -> {
                    out.add(option);
                    out.add(renameChardev(value, suffix));
                    i++;
                    continue;
                }
                case "-netdev", "-net", "-nic" -> {
                    out.add(option);
                    out.add(value == null ? null : HOSTFWD.matcher(value).replaceAll(m -> m.group(1) + "0" + m.group(3)));
                    i++;
                    continue;
                }
                default -> out.add(option);
            }
        }
        out.add("-incoming");
        out.add("defer");
        return out;
    }

    /**
     * The arguments with {@code -mem-prealloc} added (once): QEMU then allocates all guest RAM
     * at start. Kept in front of a trailing {@code -incoming defer}.
     *
     * @param argv QEMU arguments (a whole command line or extra arguments)
     * @return a new list, {@code argv} itself unchanged
     */
    public static List<String> withPreallocatedRam(List<String> argv) {
        List<String> out = new ArrayList<>(argv);
        if (out.contains("-mem-prealloc")) {
            return out;
        }
        int incoming = out.lastIndexOf("-incoming");
        out.add(incoming >= 0 ? incoming : out.size(), "-mem-prealloc");
        return out;
    }

    /** A {@code -qmp}/{@code -serial} backend: a served {@code unix:} socket or a {@code file:} gets the suffix. */
    static String renameBackend(String backend, String suffix) {
        if (backend == null) {
            return null;
        }
        if (backend.startsWith("file:")) {
            return "file:" + withSuffix(backend.substring(5), suffix);
        }
        if (backend.startsWith("unix:") && serves(backend)) {
            return "unix:" + withSuffix(backend.substring(5), suffix);
        }
        return backend;
    }

    /** A {@code -chardev}: a served socket's or a file's {@code path=} gets the suffix. */
    static String renameChardev(String chardev, String suffix) {
        if (chardev == null) {
            return null;
        }
        String kind = chardev.split(",", 2)[0];
        boolean rename = kind.equals("file") || kind.equals("socket") && serves(chardev);
        if (!rename) {
            return chardev;
        }
        Matcher m = PATH_OPTION.matcher(chardev);
        return m.find() ? chardev.substring(0, m.start(2)) + m.group(2) + suffix + chardev.substring(m.end(2)) : chardev;
    }

    /** {@code unix:/p,server=on,wait=off} gives {@code unix:/p.in1,server=on,wait=off}. */
    private static String withSuffix(String pathAndOptions, String suffix) {
        int comma = pathAndOptions.indexOf(',');
        return comma < 0 ? pathAndOptions + suffix
                : pathAndOptions.substring(0, comma) + suffix + pathAndOptions.substring(comma);
    }

    private static boolean serves(String spec) {
        for (String part : spec.split(",")) {
            if (part.equals("server") || part.equals("server=on") || part.equals("server=yes")
                    || part.equals("server=true")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The socket path in a backend such as {@code unix:/run/q.sock,server=on,wait=off}.
     *
     * @param backend a character device backend, with or without its {@code unix:} prefix
     * @return the text up to the first comma, e.g. {@code /run/q.sock}
     */
    public static String unixPath(String backend) {
        String rest = backend.startsWith("unix:") ? backend.substring(5) : backend;
        int comma = rest.indexOf(',');
        return comma < 0 ? rest : rest.substring(0, comma);
    }

    /**
     * The RAM in KiB given by {@code -m} (QEMU's default unit is MiB; {@code size=} form too); 131072 when absent.
     *
     * @param argv a QEMU argument vector, binary first
     * @return the RAM size, KiB
     * @throws IllegalArgumentException when the {@code -m} value is not a QEMU memory size
     */
    public static long memoryKb(List<String> argv) {
        for (int i = 1; i + 1 < argv.size(); i++) {
            if (argv.get(i).equals("-m")) {
                String spec = argv.get(i + 1);
                for (String part : spec.split(",")) {
                    if (part.startsWith("size=")) {
                        return sizeKb(part.substring(5));
                    }
                    if (!part.contains("=")) {
                        return sizeKb(part);
                    }
                }
            }
        }
        return 128 * 1024;
    }

    private static long sizeKb(String size) {
        String s = size.trim().toLowerCase(Locale.ROOT);
        Matcher m = Pattern.compile("(\\d+)([kmgt]?)b?").matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a QEMU memory size: -m " + size);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "k" -> n;
            case "g" -> n * 1024 * 1024;
            case "t" -> n * 1024 * 1024 * 1024;
            default -> n * 1024;
        };
    }

    /**
     * {@code kvm} when the command line asks for KVM ({@code -enable-kvm}, {@code -accel kvm}, {@code accel=kvm}), else {@code tcg}.
     *
     * @param argv a QEMU argument vector, binary first
     * @return {@code kvm} or {@code tcg}
     */
    public static String accelerator(List<String> argv) {
        for (int i = 1; i < argv.size(); i++) {
            String a = argv.get(i);
            String next = i + 1 < argv.size() ? argv.get(i + 1) : "";
            if (a.equals("-enable-kvm") || a.equals("-accel") && next.startsWith("kvm")
                    || (a.equals("-machine") || a.equals("-M")) && next.matches(".*(^|,)accel=kvm.*")) {
                return "kvm";
            }
        }
        return "tcg";
    }

    /**
     * The files and served sockets the command line makes QEMU create ({@code -pidfile}, {@code -D},
     * {@code file:} and served {@code unix:} backends, a file or served socket chardev's {@code path=}):
     * the paths a twin gets with its suffix, which the lab removes when it stops the twin.
     *
     * @param argv a QEMU argument vector, binary first
     * @return the paths in command-line order (client sockets not included)
     */
    public static List<String> createdPaths(List<String> argv) {
        List<String> paths = new ArrayList<>();
        for (int i = 1; i + 1 < argv.size(); i++) {
            String option = argv.get(i);
            String value = argv.get(i + 1);
            switch (option) {
                case "-pidfile", "-D" -> paths.add(value);
                case "-qmp", "-serial", "-monitor", "-parallel" -> {
                    if (value.startsWith("file:")) {
                        paths.add(unixPath(value.substring(5)));
                    } else if (value.startsWith("unix:") && serves(value)) {
                        paths.add(unixPath(value));
                    }
                }
                case "-chardev" -> {
                    String kind = value.split(",", 2)[0];
                    Matcher m = PATH_OPTION.matcher(value);
                    if ((kind.equals("file") || kind.equals("socket") && serves(value)) && m.find()) {
                        paths.add(m.group(2));
                    }
                }
                default -> {
                    // nothing created
                }
            }
        }
        return paths;
    }

    /**
     * The disk images the command line opens — {@code -drive file=P}, {@code -hda}..{@code -hdd P},
     * {@code -blockdev …,filename=P} — in order, without repeats: what another host must see at the
     * same path for the guest to migrate there. A kernel and initramfs ({@code -kernel},
     * {@code -initrd}) are read at boot only and are not disks.
     *
     * @param argv a QEMU argument vector, binary first
     * @return the image paths, first occurrence first
     */
    public static List<String> diskImages(List<String> argv) {
        java.util.LinkedHashSet<String> images = new java.util.LinkedHashSet<>();
        for (int i = 0; i + 1 < argv.size(); i++) {
            String option = argv.get(i);
            String value = argv.get(i + 1);
            switch (option) {
                case "-hda", "-hdb", "-hdc", "-hdd" -> images.add(value);
                case "-drive" -> optionValue(value, "file").ifPresent(images::add);
                case "-blockdev" -> optionValue(value, "filename").ifPresent(images::add);
                default -> {
                }
            }
        }
        return List.copyOf(images);
    }

    /** {@code key=} of a QEMU option list such as {@code if=virtio,file=/a.qcow2} ({@code ,,} is a literal comma). */
    private static java.util.Optional<String> optionValue(String options, String key) {
        String[] parts = options.replace(",,", "\u0000").split(",");
        for (String part : parts) {
            if (part.startsWith(key + "=") && part.length() > key.length() + 1) {
                return java.util.Optional.of(part.substring(key.length() + 1).replace('\u0000', ','));
            }
        }
        return java.util.Optional.empty();
    }

    /** The value of the first {@code option} whose value starts with {@code prefix}, or {@code null}. */
    static String valueOf(List<String> argv, String option, String prefix) {
        for (int i = 1; i + 1 < argv.size(); i++) {
            if (argv.get(i).equals(option) && argv.get(i + 1).startsWith(prefix)) {
                return argv.get(i + 1);
            }
        }
        return null;
    }
}
