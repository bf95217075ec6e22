package io.kvm4nfv.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test helper: runs a command in a lab guest with the OpenSSH client ({@code ssh}). */
final class OpenSshClient {

    /** Exit code and output of one remote command. */
    record Result(int exitCode, String output) {
    }

    private final Path privateKey;
    private final Path knownHosts;
    private final int port;

    OpenSshClient(Path privateKey, Path knownHosts, int port) {
        this.privateKey = privateKey;
        this.knownHosts = knownHosts;
        this.port = port;
    }

    Result run(String command, Duration timeout) throws IOException, InterruptedException {
        Path out = Files.createTempFile("ssh", ".out");
        try {
            Process p = new ProcessBuilder(List.of("ssh", "-i", privateKey.toString(), "-p", Integer.toString(port),
                    "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "ConnectTimeout=5",
                    "-o", "StrictHostKeyChecking=accept-new", "-o", "UserKnownHostsFile=" + knownHosts,
                    "-o", "LogLevel=ERROR", "root@127.0.0.1", command))
                    .redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                return new Result(-1, Files.readString(out, StandardCharsets.ISO_8859_1) + "\n(timed out after " + timeout + ")");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
