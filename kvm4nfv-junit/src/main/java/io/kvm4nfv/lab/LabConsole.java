package io.kvm4nfv.lab;

import io.kvm4nfv.config.NodeConfig;
import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.config.PodConfigLoader;
import io.kvm4nfv.node.SshTarget;

import java.io.IOException;
import java.io.PrintStream;

/**
 * Starts the selected pod's lab by hand, for exploring: opens it, boots its guests, prints
 * the ssh command lines for every node, and keeps everything up until Enter (or end of
 * input). Everything it started is stopped on exit, also on Ctrl-C or kill -9 (reaper).
 *
 * <pre>./mvnw -q -pl kvm4nfv-junit exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.kvm4nfv.lab.LabConsole</pre>
 */
public final class LabConsole {

    private LabConsole() {
    }

    /**
     * Opens the selected pod's lab, prints how to reach its nodes and waits for Enter.
     *
     * @param args ignored
     * @throws IOException when standard input cannot be read
     */
    public static void main(String[] args) throws IOException {
        PrintStream out = System.out;
        PodConfig selected = PodConfigLoader.loadSelected();
        try (Lab lab = Labs.open(selected)) {
            PodConfig pod = lab.pod();
            out.println("lab of pod " + pod.name() + " (" + pod.kind() + ") is up");
            for (NodeConfig host : pod.hosts()) {
                out.println("  host  " + host.name() + ": " + sshCommand(host.address(), host.port(), host.user(),
                        host.keyFile().toString(), pod));
            }
            for (NodeConfig guestConfig : pod.guests()) {
                Guest guest = lab.guest(guestConfig.name());
                if (guest.node() instanceof io.kvm4nfv.node.SshNode ssh) {
                    SshTarget t = ssh.target();
                    out.println("  guest " + guest.name() + ": " + sshCommand(t.host(), t.port(), t.user(),
                            t.keyFile().toString(), pod));
                }
                out.println("        QMP: socat - UNIX-CONNECT:" + guest.qemu().qmpSocket());
            }
            lab.info().facts().forEach((k, v) -> out.println("  " + k + ": " + v));
            out.println("press Enter to stop the lab");
            System.in.read();
        }
        out.println("lab stopped");
    }

    private static String sshCommand(String host, int port, String user, String key, PodConfig pod) {
        String knownHosts = pod.hostKeys().knownHosts() == null ? "" : " -o UserKnownHostsFile="
                + pod.hostKeys().knownHosts();
        return "ssh -i " + key + " -p " + port + knownHosts + " " + user + "@" + host;
    }
}
