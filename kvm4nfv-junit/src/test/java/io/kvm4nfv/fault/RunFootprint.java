package io.kvm4nfv.fault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Everything one test run — a child JVM and the labs under its base folder — has on this
 * machine, item by item, each with a check whether it is still there: its processes (lab
 * folder in the command line, the lab's environment mark, or a forwarding lab's
 * {@code K4N_RUN} mark), its network namespaces and their links, its links in the root
 * namespace (veth ends, taps), its OVS bridges, its folders under {@code /tmp} (the lab's socket
 * folder, forwarding run folders) and the sockets in them and in the lab folder. Names of the
 * forwarding lab start with {@code k4n-<owner pid base 36>x}, its taps with
 * {@code kt<owner pid base 36>}. The lab folder itself (under {@code target/}: logs, keys) is
 * kept on purpose, for reading after a failure, and not listed. Files directly in {@code /tmp}
 * that a process of the run holds open are listed as {@code temp file}.
 */
final class RunFootprint {

    /** One thing of the run; {@link #present()} checks the machine now. */
    record Item(String kind, String name, BooleanSupplier check) {
        boolean present() {
            return check.getAsBoolean();
        }
    }

    private RunFootprint() {
    }

    /** Everything the run of JVM {@code ownerPid} with labs under {@code base} has now. */
    static List<Item> capture(Path base, long ownerPid) {
        String prefix = "k4n-" + Long.toString(ownerPid, 36) + "x";
        String tapPrefix = "kt" + Long.toString(ownerPid, 36);
        List<Item> items = new ArrayList<>();
        java.util.Set<Path> tempFiles = new java.util.TreeSet<>();
        for (String p : LabProcesses.ofRun(base, ownerPid)) {
            long pid = Long.parseLong(p.substring(0, p.indexOf(' ')));
            long start = LabProcesses.startTime(pid);
            if (start >= 0) {
                items.add(new Item("process", shorten(p), () -> LabProcesses.startTime(pid) == start));
                tempFiles.addAll(openTempFiles(pid));
            }
        }
        for (String ns : names(Path.of("/run/netns"), prefix)) {
            Path mount = Path.of("/run/netns", ns);
            items.add(new Item("netns", ns, () -> Files.exists(mount)));
            for (String link : linksIn(ns)) {
                items.add(new Item("link", ns + "/" + link, () -> Files.exists(mount) && linksIn(ns).contains(link)));
            }
        }
        for (String link : names(Path.of("/sys/class/net"), prefix, tapPrefix)) {
            Path dev = Path.of("/sys/class/net", link);
            items.add(new Item("link", link + " (root namespace)", () -> Files.exists(dev, LinkOption.NOFOLLOW_LINKS)));
        }
        List<Path> folders = new ArrayList<>();
        for (String run : names(Path.of("/tmp"), prefix)) {
            folders.add(Path.of("/tmp", run));
        }
        for (Path lab : list(base)) {
            Path socketDir = lab.resolve("socketdir");
            if (Files.isRegularFile(socketDir)) {
                folders.add(Path.of(read(socketDir).trim()));
            }
        }
        for (Path folder : folders) {
            Path db = folder.resolve("db.sock");
            List<String> bridges = bridges(db);
            for (String bridge : bridges == null ? List.<String>of() : bridges) {
                items.add(new Item("ovs bridge", bridge + " (db " + db + ")", () -> {
                    List<String> now = bridges(db);
                    return now == null ? Files.exists(db, LinkOption.NOFOLLOW_LINKS) : now.contains(bridge);
                }));
            }
        }
        for (Path folder : folders) {
            if (Files.isDirectory(folder)) {
                items.add(new Item("folder", folder.toString(), () -> Files.exists(folder, LinkOption.NOFOLLOW_LINKS)));
            }
        }
        for (Path file : tempFiles) {
            items.add(new Item("temp file", file.toString(), () -> Files.exists(file, LinkOption.NOFOLLOW_LINKS)));
        }
        List<Path> socketRoots = new ArrayList<>(folders);
        socketRoots.add(base);
        for (Path root : socketRoots) {
            for (Path socket : sockets(root)) {
                items.add(new Item("socket", socket.toString(), () -> Files.exists(socket, LinkOption.NOFOLLOW_LINKS)));
            }
        }
        return items;
    }

    /** Regular files directly in {@code /tmp} that {@code pid} holds open. */
    private static List<Path> openTempFiles(long pid) {
        List<Path> files = new ArrayList<>();
        for (Path fd : list(Path.of("/proc", Long.toString(pid), "fd"))) {
            try {
                Path target = Files.readSymbolicLink(fd);
                if (target.getParent() != null && target.getParent().equals(Path.of("/tmp")) && Files.isRegularFile(target)) {
                    files.add(target);
                }
            } catch (IOException | UnsupportedOperationException e) {
                // closed meanwhile
            }
        }
        return files;
    }

    /** How many items of each kind: {@code process=12 netns=3 …}. */
    static Map<String, Integer> counts(List<Item> items) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Item i : items) {
            counts.merge(i.kind(), 1, Integer::sum);
        }
        return counts;
    }

    private static List<String> names(Path dir, String... prefixes) {
        List<String> names = new ArrayList<>();
        for (Path p : list(dir)) {
            String name = p.getFileName().toString();
            for (String prefix : prefixes) {
                if (name.startsWith(prefix)) {
                    names.add(name);
                    break;
                }
            }
        }
        return names;
    }

    /** The links in namespace {@code ns} but its loopback; empty when it is gone. */
    private static List<String> linksIn(String ns) {
        List<String> links = new ArrayList<>();
        List<String> lines = run(5, "ip", "-n", ns, "-o", "link", "show");
        for (String line : lines == null ? List.<String>of() : lines) {
            String[] parts = line.split(": ", 3);
            if (parts.length >= 2) {
                String name = parts[1].split("@")[0];
                if (!name.equals("lo")) {
                    links.add(name);
                }
            }
        }
        return links;
    }

    /**
     * The bridges of the ovsdb-server at {@code db}: empty when there is no such socket, {@code null}
     * when the server could not be asked (then a bridge counts as there while the socket is).
     */
    private static List<String> bridges(Path db) {
        if (!Files.exists(db, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        return run(5, "ovs-vsctl", "--db=unix:" + db, "--timeout=2", "list-br");
    }

    private static List<Path> sockets(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    return a.isOther();
                } catch (IOException e) {
                    return false;
                }
            }).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();  // changing under our feet: a later capture sees it
        }
    }

    /** The entries of {@code dir}, sorted; empty when it cannot be listed (gone). */
    static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
    }

    /** The content of {@code file}, or empty when it cannot be read (gone). */
    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    /** Stdout lines of a command that succeeded, else {@code null}. */
    private static List<String> run(int seconds, String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return List.of();
            }
            return p.exitValue() == 0 ? out.lines().map(String::trim).filter(l -> !l.isEmpty()).toList() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String shorten(String processLine) {
        return processLine.length() <= 90 ? processLine : processLine.substring(0, 87) + "...";
    }
}
