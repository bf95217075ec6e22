package io.kvm4nfv.lab;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A lab in a child JVM, for {@link ReaperIT}: starts a {@link Reaper}, a {@link LabSshd}
 * and a {@code setsid sh -c 'sleep 600; : MARKER'} (with its {@code sleep} child), registers
 * them, prints their pids and {@code READY}, then waits. On the line {@code exit} on stdin
 * it returns through {@code System.exit(0)} (the shutdown-hook path); otherwise it waits
 * to be killed.
 *
 * <p>Arguments: base folder, marker.
 */
public final class ReaperChildMain {

    private ReaperChildMain() {
    }

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        String marker = args[1];
        LabDirectory lab = LabDirectory.create(base);
        Reaper reaper = Reaper.start(lab);
        LabSshd sshd = LabSshd.start(lab, "host", reaper);
        Process shell = new ProcessBuilder("setsid", "sh", "-c", "sleep 600; : " + marker)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        reaper.register("sleeper", shell.toHandle());
        long deadline = System.nanoTime() + 5_000_000_000L;
        ProcessHandle sleep = null;
        while (sleep == null && System.nanoTime() < deadline) {
            sleep = shell.children().findFirst().orElse(null);
            if (sleep == null) {
                Thread.sleep(20);
            }
        }
        if (sleep == null) {
            throw new IllegalStateException("the sleep child of the shell did not start");
        }
        System.out.println("LAB=" + lab.root());
        System.out.println("SOCKETS=" + lab.socketDir());
        System.out.println("WATCHDOG=" + reaper.watchdogPid());
        System.out.println("SSHD=" + sshd.pid());
        System.out.println("SHELL=" + shell.pid());
        System.out.println("SLEEP=" + sleep.pid());
        System.out.println("READY");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.equals("exit")) {
                System.exit(0);
            }
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
