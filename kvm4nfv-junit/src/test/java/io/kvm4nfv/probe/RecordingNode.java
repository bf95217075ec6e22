package io.kvm4nfv.probe;

import io.kvm4nfv.node.ExecOptions;
import io.kvm4nfv.node.ExecResult;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.node.RebootOptions;
import io.kvm4nfv.node.RebootResult;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Test-only {@link Node} that records every command and answers with a scripted function. */
public final class RecordingNode implements Node {

    /** One command the node saw, with its timeout. */
    public record Call(String command, Duration timeout) {
    }

    private final List<Call> calls = new ArrayList<>();
    private final Function<String, ExecResult> answer;

    public RecordingNode(Function<String, ExecResult> answer) {
        this.answer = answer;
    }

    /** A successful result with these stdout lines. */
    public static ExecResult ok(String command, List<String> stdout) {
        return new ExecResult("fake", command, 0, null, false, stdout, List.of(), Duration.ofMillis(1));
    }

    /** A failed result. */
    public static ExecResult failed(String command, int status, List<String> stdout, List<String> stderr) {
        return new ExecResult("fake", command, status, null, false, stdout, stderr, Duration.ofMillis(1));
    }

    public List<Call> calls() {
        return calls;
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public synchronized ExecResult exec(String command, ExecOptions options) {
        calls.add(new Call(command, options.timeout()));
        ExecResult r = answer.apply(command);
        r.stdoutTail().forEach(options.stdout());
        r.stderrTail().forEach(options.stderr());
        return r;
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
