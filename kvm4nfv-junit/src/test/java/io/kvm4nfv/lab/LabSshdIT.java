package io.kvm4nfv.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvm4nfv.node.HostKeyPolicy;
import io.kvm4nfv.node.SshTarget;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lab's own OpenSSH sshd, reached with the OpenSSH client and strict host key checking. */
class LabSshdIT {

    @TempDir
    Path temp;

    private final List<LabDirectory> labs = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        System.clearProperty(LabSshd.SSHD_PROPERTY);
        labs.forEach(LabDirectory::deleteSocketDir);
    }

    private LabDirectory newLab() {
        LabDirectory lab = LabDirectory.create(temp);
        labs.add(lab);
        return lab;
    }

    @Test
    void startsOnLoopbackAcceptsTheLabKeyWithStrictHostKeyCheckingAndStopsCompletely() throws Exception {
        LabDirectory lab = newLab();
        LabSshd sshd = LabSshd.start(lab, "host1", null);
        int port = sshd.port();
        try {
            assertThat(banner(port)).startsWith("SSH-2.0-OpenSSH");
            String stat = ProcStat.readProcFile(Path.of("/proc/" + sshd.pid() + "/stat"));
            assertThat(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[2])
                    .as("sshd leads its own process group").isEqualTo(Long.toString(sshd.pid()));
            assertThat(Files.readString(lab.knownHosts())).startsWith("[127.0.0.1]:" + port + " ssh-ed25519 ");

            Result result = ssh(sshd, sshd.knownHosts(), "echo hello from $(id -un)");
            assertThat(result.exit).as(result.output).isZero();
            assertThat(result.output).contains("hello from " + System.getProperty("user.name"));
            assertThat(ssh(sshd, sshd.knownHosts(), "true").exit).isZero();
            // a second sshd of the same lab gets its own port and key line
            try (LabSshd other = LabSshd.start(lab, "host2", null)) {
                assertThat(other.port()).isNotEqualTo(port);
                assertThat(ssh(other, lab.knownHosts(), "true").exit).isZero();
                assertThat(Files.readAllLines(lab.knownHosts())).hasSize(2);
            }
        } finally {
            sshd.close();
        }
        assertThat(sshd.isRunning()).isFalse();
        assertThat(pgrep(sshd.configFile().toString())).isEmpty();
        assertThatThrownBy(() -> banner(port)).isInstanceOf(ConnectException.class);
        assertThat(Files.readString(sshd.logFile())).contains("Server listening on 127.0.0.1 port " + port);
    }

    /**
     * Commands carry the lab's mark and SHLVL=1: bash (the usual login shell) sources the
     * user's ~/.bashrc for an ssh command only while SHLVL, after its own increment, is below
     * 2. A ~/.bashrc that blocks (seen: {@code pyenv rehash} waiting 60 s on a lock file left by
     * a killed shell) then cannot stall every host command of a lab.
     */
    @Test
    void commandsCarryTheLabMarkAndDoNotSourceTheUsersBashrc() throws Exception {
        LabDirectory lab = newLab();
        try (LabSshd sshd = LabSshd.start(lab, "host", null)) {
            Result result = ssh(sshd, sshd.knownHosts(),
                    "echo \"shell=${BASH_VERSION:+bash} shlvl=$SHLVL mark=$" + LabSshd.LAB_DIR_ENV + "\"");
            assertThat(result.exit).as(result.output).isZero();
            assertThat(result.output).contains("mark=" + lab.root().toAbsolutePath());
            int shlvl = Integer.parseInt(result.output.replaceAll("(?s).*shlvl=(\\d+).*", "$1"));
            assertThat(shlvl).as(result.output).isGreaterThanOrEqualTo(result.output.contains("shell=bash") ? 2 : 1);
        }
    }

    @Test
    void aClientWithoutTheLabHostKeyIsRefused() throws Exception {
        LabDirectory lab = newLab();
        try (LabSshd sshd = LabSshd.start(lab, "host", null)) {
            Path empty = Files.writeString(temp.resolve("empty_known_hosts"), "");
            Result result = ssh(sshd, empty, "true");
            assertThat(result.exit).isNotZero();
            assertThat(result.output).contains("Host key verification failed");
        }
    }

    @Test
    void exposesAStrictSshTargetForTheHostNode() {
        LabDirectory lab = newLab();
        try (LabSshd sshd = LabSshd.start(lab, "host", null)) {
            SshTarget target = sshd.target();
            assertThat(target.name()).isEqualTo("host");
            assertThat(target.host()).isEqualTo("127.0.0.1");
            assertThat(target.port()).isEqualTo(sshd.port());
            assertThat(target.user()).isEqualTo(System.getProperty("user.name"));
            assertThat(target.keyFile()).isEqualTo(lab.clientKey()).exists();
            assertThat(target.knownHosts()).isEqualTo(lab.knownHosts()).exists();
            assertThat(target.hostKeyPolicy()).isEqualTo(HostKeyPolicy.STRICT);
            assertThat(target.via()).isNull();
        }
    }

    @Test
    void retriesWithAnotherPortWhenTheChosenOneWasTakenMeanwhile() throws Exception {
        Path counter = temp.resolve("attempts");
        Path wrapper = temp.resolve("sshd-wrapper.sh");
        Files.writeString(wrapper, "#!/bin/sh\n"
                + "echo x >> '" + counter + "'\n"
                + "if [ \"$(wc -l < '" + counter + "')\" -eq 1 ]; then\n"
                + "  echo 'error: Bind to port 1 on 127.0.0.1 failed: Address already in use.' >&2\n"
                + "  echo 'fatal: Cannot bind any address.' >&2\n"
                + "  exit 255\n"
                + "fi\n"
                + "exec /usr/sbin/sshd \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        System.setProperty(LabSshd.SSHD_PROPERTY, wrapper.toString());

        LabDirectory lab = newLab();
        try (LabSshd sshd = LabSshd.start(lab, "host", null)) {
            assertThat(Files.readAllLines(counter)).hasSize(2);
            assertThat(ssh(sshd, sshd.knownHosts(), "true").exit).isZero();
        }
    }

    @Test
    void aFailedStartShowsTheTailOfTheSshdLog() throws Exception {
        Path broken = temp.resolve("broken-sshd.sh");
        Files.writeString(broken, "#!/bin/sh\necho 'sshd: something specific went wrong' >&2\nexit 1\n");
        Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rwx------"));
        System.setProperty(LabSshd.SSHD_PROPERTY, broken.toString());

        LabDirectory lab = newLab();
        assertThatThrownBy(() -> LabSshd.start(lab, "host", null))
                .isInstanceOf(LabProcessException.class)
                .hasMessageContaining("sshd of lab node host did not come up")
                .hasMessageContaining("(exited)")
                .hasMessageContaining("something specific went wrong");
    }

    @Test
    void registeredWithAReaperItIsForgottenOnClose() {
        LabDirectory lab = newLab();
        try (Reaper reaper = Reaper.start(lab)) {
            LabSshd sshd = LabSshd.start(lab, "host", reaper);
            assertThat(reaper.registered()).singleElement().asString().endsWith(" sshd-host")
                    .startsWith(sshd.pid() + " ");
            sshd.close();
            assertThat(reaper.registered()).isEmpty();
        }
    }

    private static String banner(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(5000);
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString().trim();
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result ssh(LabSshd sshd, Path knownHosts, String command) throws Exception {
        List<String> argv = new ArrayList<>(List.of("ssh", "-F", "/dev/null",
                "-i", sshd.clientKey().toString(),
                "-o", "IdentitiesOnly=yes",
                "-o", "BatchMode=yes",
                "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "StrictHostKeyChecking=yes",
                "-o", "ConnectTimeout=10",
                "-p", Integer.toString(sshd.port()),
                sshd.user() + "@127.0.0.1", command));
        Process ssh = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String output = new String(ssh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ssh.waitFor(30, TimeUnit.SECONDS)) {
            ssh.destroyForcibly();
            throw new AssertionError("ssh did not finish: " + output);
        }
        return new Result(ssh.exitValue(), output);
    }

    private static List<String> pgrep(String pattern) throws Exception {
        Process pgrep = new ProcessBuilder("pgrep", "-f", pattern).redirectErrorStream(true).start();
        String out = new String(pgrep.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        pgrep.waitFor(5, TimeUnit.SECONDS);
        return out.isEmpty() ? List.of() : List.of(out.split("\\s+"));
    }
}
