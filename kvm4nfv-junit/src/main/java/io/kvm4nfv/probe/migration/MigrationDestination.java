package io.kvm4nfv.probe.migration;

/**
 * Where the migration stream goes: the destination QEMU listens on
 * {@code tcp:listenAddress:port} ({@code migrate-incoming}) and the source connects to
 * {@code tcp:connectAddress:port} ({@code migrate}).
 *
 * @param listenAddress  the address the destination listens on
 * @param connectAddress the address the source connects to
 * @param port           the TCP port, 1..65535, or 0: the destination picks a free port on its
 *                       host ({@code migrate-incoming tcp:ADDR:0}) and the source is sent to the
 *                       port it reports ({@code query-migrate}'s {@code socket-address}) — no
 *                       port has to be guessed free on a remote host
 */
public record MigrationDestination(String listenAddress, String connectAddress, int port) {

    /**
     * Checks the destination.
     *
     * @param listenAddress  the address the destination listens on
     * @param connectAddress the address the source connects to
     * @param port           the TCP port, or 0 for one the destination picks
     * @throws IllegalArgumentException when an address is blank or {@code port} is not in 0..65535
     */
    public MigrationDestination {
        if (listenAddress == null || listenAddress.isBlank()) {
            throw new IllegalArgumentException("destination.listenAddress must be set");
        }
        if (connectAddress == null || connectAddress.isBlank()) {
            throw new IllegalArgumentException("destination.connectAddress must be set");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("destination.port must be 1..65535 (or 0: any), was " + port);
        }
    }

    /**
     * The seed's "local live migration": both QEMUs on one host, over loopback.
     *
     * @param port the TCP port on 127.0.0.1, or 0 for one the destination picks
     * @return a destination listening on and connected to 127.0.0.1
     */
    public static MigrationDestination local(int port) {
        return new MigrationDestination("127.0.0.1", "127.0.0.1", port);
    }

    /**
     * A second host: the destination listens on {@code address} and the source connects to it.
     *
     * @param address the destination host's address (IPv4, IPv6 or host name), reachable from the source
     * @param port    the TCP port, or 0 for one the destination picks
     * @return a destination with {@code address} as both listen and connect address
     */
    public static MigrationDestination host(String address, int port) {
        return new MigrationDestination(address, address, port);
    }

    /**
     * Whether source and destination are the same host (loopback).
     *
     * @return {@code true} when the connect address is {@code 127.*}, {@code ::1} or {@code localhost}
     */
    public boolean isLocal() {
        return connectAddress.startsWith("127.") || connectAddress.equals("::1") || connectAddress.equals("localhost");
    }

    /**
     * The URI given to {@code migrate-incoming}.
     *
     * @return {@code tcp:LISTEN_ADDRESS:PORT}, an IPv6 address in brackets
     */
    public String incomingUri() {
        return "tcp:" + bracket(listenAddress) + ":" + port;
    }

    /**
     * The URI given to {@code migrate}.
     *
     * @return {@code tcp:CONNECT_ADDRESS:PORT}, an IPv6 address in brackets
     */
    public String migrateUri() {
        return "tcp:" + bracket(connectAddress) + ":" + port;
    }

    /**
     * The same destination on the port the destination QEMU actually listens on.
     *
     * @param listeningPort the port the destination reported (after asking for port 0)
     * @return a copy with {@code listeningPort} as {@link #port()}
     */
    public MigrationDestination withPort(int listeningPort) {
        return new MigrationDestination(listenAddress, connectAddress, listeningPort);
    }

    /**
     * The seed's local live migration on a port the destination picks.
     *
     * @return {@code local(0)}
     */
    public static MigrationDestination localAnyPort() {
        return local(0);
    }

    private static String bracket(String address) {
        return address.contains(":") ? "[" + address + "]" : address;
    }
}
