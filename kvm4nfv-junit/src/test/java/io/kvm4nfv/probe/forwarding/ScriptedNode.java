package io.kvm4nfv.probe.forwarding;

import io.kvm4nfv.node.ExecOptions;
import io.kvm4nfv.node.ExecResult;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.node.RebootOptions;
import io.kvm4nfv.node.RebootResult;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A node that answers commands by their first matching substring with scripted output; records every command. */
final class ScriptedNode implements Node {

    record Answer(int exit, List<String> stdout) {
    }

    final List<String> commands = new ArrayList<>();
    private final Map<String, Answer> answers = new LinkedHashMap<>();

    ScriptedNode on(String contains, int exit, String stdout) {
        answers.put(contains, new Answer(exit, stdout.isEmpty() ? List.of() : List.of(stdout.split("\r?\n"))));
        return this;
    }

    @Override
    public String name() {
        return "dut";
    }

    @Override
    public ExecResult exec(String command, ExecOptions options) {
        commands.add(command);
        for (Map.Entry<String, Answer> e : answers.entrySet()) {
            if (command.contains(e.getKey())) {
                e.getValue().stdout().forEach(options.stdout());
                List<String> tail = e.getValue().stdout();
                return new ExecResult(name(), command, e.getValue().exit(), null, false,
                        tail.subList(Math.max(0, tail.size() - options.tailLines()), tail.size()), List.of(),
                        Duration.ofMillis(1));
            }
        }
        return new ExecResult(name(), command, 0, null, false, List.of(), List.of(), Duration.ofMillis(1));
    }

    @Override
    public void upload(Path local, String remotePath, Duration timeout) {
        throw new UnsupportedOperationException();
    }

    @Override
    public RebootResult reboot(RebootOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
}
