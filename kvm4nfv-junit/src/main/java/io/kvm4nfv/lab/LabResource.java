package io.kvm4nfv.lab;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Something a lab is about to create on a machine, other than a process it holds the pid of:
 * a network namespace, a link, an OVS bridge, a folder, a UNIX socket, a daemon by its pidfile,
 * or a folder of process records. Registered with {@link LabResources#register} <em>before</em>
 * it is created, so that the {@link Reaper} removes it whatever happens to the JVM.
 *
 * <p>Every resource names its {@code owner}: the lab part that creates it (e.g.
 * {@code fwd:k4n-2n9cx1-}, a forwarding path), written to the registry and the reaper's log.
 * Names and paths are checked here, so that the registry can only ever name one plain
 * thing: names are at most 15 characters (a link name's limit) of {@code [A-Za-z0-9._-]}, not
 * starting with {@code -}; paths are absolute, normalised, of {@code [A-Za-z0-9._/-]} and at least
 * two levels deep.
 *
 * @param kind  what it is
 * @param owner the lab part that creates it, {@code [A-Za-z0-9._:-]}, at most 64 characters
 * @param args  what the reaper needs to find it again (see the factories)
 */
public record LabResource(Kind kind, String owner, List<String> args) {

    /** The kinds of resource, in the order the reaper removes them (processes between OVS bridges and namespaces). */
    public enum Kind {
        /**
         * A shell script that puts back a setting the lab changed on its machine (ftrace on the
         * embedded host): run once by the reaper, before anything else, if the lab did not do it.
         */
        UNDO("undo"),
        /** An OVS bridge in the database at a socket: removed with {@code ovs-vsctl del-br} while its daemons run. */
        OVS_BRIDGE("ovs-bridge"),
        /** A daemon by the pidfile it writes; stopped if it started after the registration. */
        PID_FILE("pidfile"),
        /** A folder of process records ({@code PID STARTTIME process|group} per file): each stopped. */
        PROCESS_RECORDS("records"),
        /** A network namespace ({@code ip netns}). */
        NETNS("netns"),
        /** A link in a namespace ({@code -} for the root namespace): a veth end, a tap. */
        LINK("link"),
        /** A UNIX socket file (only a socket is ever removed). */
        SOCKET("socket"),
        /** A folder and its content (never a symbolic link). */
        FOLDER("dir");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        /**
         * The word of the registry line.
         *
         * @return the kind's first word in {@link LabResource#line()}, e.g. {@code netns}
         */
        public String word() {
            return word;
        }
    }

    /** The root network namespace, in {@link #link}. */
    public static final String ROOT_NAMESPACE = "-";

    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._-]{0,14}");
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._-]+){2,}");

    /**
     * Checks owner, argument count and every name and path.
     *
     * @param kind  what it is
     * @param owner the lab part that creates it
     * @param args  what the reaper needs to find it again: 2 for a link or an OVS bridge, else 1
     * @throws NullPointerException     when {@code kind}, {@code owner} or {@code args} is {@code null}
     * @throws IllegalArgumentException when the owner, a name or a path breaks the rules of the class comment,
     *                                  or the number of arguments does not fit the kind
     */
    public LabResource {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(owner, "owner");
        if (!OWNER.matcher(owner).matches()) {
            throw new IllegalArgumentException("not an owner name: '" + owner + "'");
        }
        args = List.copyOf(args);
        int expected = kind == Kind.LINK || kind == Kind.OVS_BRIDGE ? 2 : 1;
        if (args.size() != expected) {
            throw new IllegalArgumentException(kind + " takes " + expected + " arguments: " + args);
        }
        switch (kind) {
            case NETNS -> requireName(args.get(0));
            case LINK -> {
                if (!args.get(0).equals(ROOT_NAMESPACE)) {
                    requireName(args.get(0));
                }
                requireName(args.get(1));
            }
            case OVS_BRIDGE -> {
                requirePath(args.get(0));
                requireName(args.get(1));
            }
            default -> requirePath(args.get(0));
        }
    }

    /**
     * A script in the lab's folder that undoes a change to this machine (see {@link Kind#UNDO}).
     *
     * @param owner the lab part that creates it
     * @param script absolute path of the script file
     * @return an {@link Kind#UNDO} resource
     */
    public static LabResource undo(String owner, String script) {
        return new LabResource(Kind.UNDO, owner, List.of(script));
    }

    /**
     * A network namespace {@code name}.
     *
     * @param owner the lab part that creates it
     * @param name the namespace's name (at most 15 characters)
     * @return a {@link Kind#NETNS} resource
     */
    public static LabResource namespace(String owner, String name) {
        return new LabResource(Kind.NETNS, owner, List.of(name));
    }

    /**
     * Link {@code name} in namespace {@code namespace} ({@code null} or {@link #ROOT_NAMESPACE}: the root namespace).
     *
     * @param owner the lab part that creates it
     * @param namespace the namespace the link lives in, or {@code null} for the root namespace
     * @param name      the link's name (at most 15 characters)
     * @return a {@link Kind#LINK} resource
     */
    public static LabResource link(String owner, String namespace, String name) {
        return new LabResource(Kind.LINK, owner, List.of(namespace == null ? ROOT_NAMESPACE : namespace, name));
    }

    /**
     * OVS bridge {@code name} in the ovsdb-server listening on UNIX socket {@code dbSocket}.
     *
     * @param owner the lab part that creates it
     * @param dbSocket absolute path of the ovsdb-server's UNIX socket
     * @param name     the bridge's name (at most 15 characters)
     * @return an {@link Kind#OVS_BRIDGE} resource
     */
    public static LabResource ovsBridge(String owner, String dbSocket, String name) {
        return new LabResource(Kind.OVS_BRIDGE, owner, List.of(dbSocket, name));
    }

    /**
     * A folder, removed with its content.
     *
     * @param owner the lab part that creates it
     * @param path absolute, normalised path of the folder, two levels deep or more
     * @return a {@link Kind#FOLDER} resource
     */
    public static LabResource folder(String owner, String path) {
        return new LabResource(Kind.FOLDER, owner, List.of(path));
    }

    /**
     * A UNIX socket file.
     *
     * @param owner the lab part that creates it
     * @param path absolute, normalised path of the socket, two levels deep or more
     * @return a {@link Kind#SOCKET} resource
     */
    public static LabResource socket(String owner, String path) {
        return new LabResource(Kind.SOCKET, owner, List.of(path));
    }

    /**
     * The daemon that will write its pid to {@code path} (e.g. {@code ovsdb-server --pidfile=PATH}).
     *
     * @param owner the lab part that creates it
     * @param path absolute path of the pidfile the daemon will write
     * @return a {@link Kind#PID_FILE} resource
     */
    public static LabResource pidFile(String owner, String path) {
        return new LabResource(Kind.PID_FILE, owner, List.of(path));
    }

    /**
     * A folder where processes record themselves before they run ({@code PID STARTTIME process|group} per file).
     *
     * @param owner the lab part that creates it
     * @param folder absolute path of the records folder
     * @return a {@link Kind#PROCESS_RECORDS} resource
     */
    public static LabResource processRecords(String owner, String folder) {
        return new LabResource(Kind.PROCESS_RECORDS, owner, List.of(folder));
    }

    /**
     * The registry line: {@code KIND OWNER ARG...}.
     *
     * @return the line the reaper reads, e.g. {@code netns fwd:k4n-2n9cx1- k4n-2n9cx1-a}
     */
    public String line() {
        return kind.word() + " " + owner + " " + String.join(" ", args);
    }

    private static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("not a namespace or link name: '" + name + "'");
        }
    }

    private static void requirePath(String path) {
        if (path == null || !PATH.matcher(path).matches() || path.contains("/../") || path.endsWith("/..")
                || path.contains("/./") || path.endsWith("/.")) {
            throw new IllegalArgumentException("not an absolute, normalised path of two levels or more: '" + path + "'");
        }
    }

    @Override
    public String toString() {
        return line();
    }
}
