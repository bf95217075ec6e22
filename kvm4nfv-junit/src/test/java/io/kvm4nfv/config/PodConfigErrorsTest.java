package io.kvm4nfv.config;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every kind of bad pod file fails with file, line, column, field path and, for typos, a suggestion. */
class PodConfigErrorsTest {
    @TempDir
    Path tempDir;
    private TestPods pods;

    @BeforeEach
    void setUp() {
        pods = new TestPods(tempDir);
    }

    /** The SSH test pod with one line changed (the text must occur exactly once). */
    private PodConfigException loadBroken(String from, String to) {
        assertThat(TestPods.SSH_POD.split(java.util.regex.Pattern.quote(from), -1)).as("occurs once: " + from)
                .hasSize(2);
        return loadYaml(TestPods.SSH_POD.replace(from, to));
    }

    private PodConfigException loadYaml(String yaml) {
        pods.write("bad", yaml);
        PodConfigException e = catchThrowableOfType(PodConfigException.class, () -> pods.load("bad"));
        assertThat(e).as("expected a PodConfigException").isNotNull();
        return e;
    }

    private static void assertAt(PodConfigException e, int line, int column, String path) {
        assertThat(e.getMessage()).contains("bad.yaml:" + line + ":" + column + ": " + path + ": ");
        assertThat(e.file().getFileName()).hasToString("bad.yaml");
        assertThat(e.line()).isEqualTo(line);
        assertThat(e.column()).isEqualTo(column);
        assertThat(e.fieldPath()).isEqualTo(path);
    }

    @Test
    void theTestPodItselfIsValid() {
        PodConfig pod = pods.load("ok".equals("ok") ? write("ok") : null);
        assertThat(pod.nodes()).hasSize(3);
        assertThat(pod.sla().cyclictest().avgUs()).isEqualTo(10.5);
        assertThat(pod.node("node1").keyFile()).isEqualTo(tempDir.resolve("home/.ssh/id_node"));
        assertThat(pod.node("jump").keyFile()).isEqualTo(pods.configDir.resolve("pods/keys/id_jump"));
        assertThat(pod.scripts().host()).isEqualTo(pods.configDir.resolve("pods/scripts/host"));
    }

    @Test
    void slaActionIsAssertUnlessThePodSaysMonitor() {
        assertThat(pods.load(write("ok")).sla().action()).isEqualTo(SlaAction.ASSERT);
        pods.write("watching", TestPods.SSH_POD.replace("\nsla:\n", "\nsla:\n  action: monitor\n"));
        assertThat(pods.load("watching").sla().action()).isEqualTo(SlaAction.MONITOR);
        PodConfigException e = loadYaml(TestPods.SSH_POD.replace("\nsla:\n", "\nsla:\n  action: monitr\n"));
        assertThat(e.fieldPath()).isEqualTo("sla.action");
        assertThat(e.getMessage()).contains("'monitr' is not one of: assert, monitor");
        assertThat(e.suggestion()).isEqualTo("monitor");
    }

    @Test
    void aGuestsLaunchIsReadAndCheckedWhereItIsWritten() {
        String launch = "    keyFile: keys/id_guest\n    launch:\n      script: run-guest.sh\n"
                + "      qmpSocket: /run/k/g.qmp\n      heartbeatSocket: /run/k/g.hb\n";
        pods.write("launching", TestPods.SSH_POD.replace("    keyFile: keys/id_guest\n", launch));
        GuestLaunch read = pods.load("launching").node("guest1").launch();
        assertThat(read).isEqualTo(new GuestLaunch("run-guest.sh", "/run/k/g.qmp", "/run/k/g.hb", false));
        assertThat(pods.load(write("ok")).node("guest1").launch()).isEqualTo(GuestLaunch.NONE);

        PodConfigException relative = loadYaml(TestPods.SSH_POD.replace("    keyFile: keys/id_guest\n",
                launch.replace("/run/k/g.qmp", "run/g.qmp")));
        assertThat(relative.fieldPath()).isEqualTo("nodes[2].launch.qmpSocket");
        assertThat(relative.getMessage()).contains("must be an absolute path");
        PodConfigException onAHost = loadYaml(TestPods.SSH_POD.replace("    via: jump\n    cpus:",
                "    via: jump\n    launch:\n      script: x.sh\n    cpus:"));
        assertThat(onAHost.fieldPath()).isEqualTo("nodes[1].launch");
        assertThat(onAHost.getMessage()).contains("only a guest is launched");
    }

    private String write(String name) {
        pods.write(name, TestPods.SSH_POD);
        return name;
    }

    @Test
    void unknownKeyNamesTheNearestValidKey() {
        PodConfigException e = loadBroken("    address: 192.0.2.11", "    adress: 192.0.2.11");
        assertAt(e, 16, 5, "nodes[1].adress");
        assertThat(e.getMessage()).contains("unknown key 'adress'", "did you mean 'address'?", "valid keys here:");
        assertThat(e.suggestion()).isEqualTo("address");
    }

    @Test
    void unknownTopLevelAndNestedKeys() {
        PodConfigException top = loadBroken("sla:", "slas:");
        assertAt(top, 30, 1, "slas");
        assertThat(top.suggestion()).isEqualTo("sla");

        PodConfigException nested = loadBroken("    maxUs: 15", "    maxUS: 15");
        assertAt(nested, 32, 5, "sla.cyclictest.maxUS");
        assertThat(nested.getMessage()).contains("did you mean 'maxUs'?");

        PodConfigException cpu = loadBroken("      vcpu: 2-3", "      vcpus: 2-3");
        assertAt(cpu, 22, 7, "nodes[1].cpus.vcpus");
        assertThat(cpu.suggestion()).isEqualTo("vcpu");
    }

    @Test
    void wrongTypes() {
        PodConfigException text = loadBroken("    via: jump", "    port: abc");
        assertAt(text, 19, 5, "nodes[1].port");
        assertThat(text.getMessage()).contains("expected a whole number, got 'abc'");

        PodConfigException fraction = loadBroken("    via: jump", "    port: 22.5");
        assertAt(fraction, 19, 5, "nodes[1].port");
        assertThat(fraction.getMessage()).contains("expected a whole number");

        PodConfigException list = loadBroken("      vcpu: 2-3", "      vcpu: [2, 3]");
        assertAt(list, 22, 7, "nodes[1].cpus.vcpu");
        assertThat(list.getMessage()).contains("expected a single value, got a list");

        PodConfigException sla = loadBroken("    maxUs: 15", "    maxUs: fast");
        assertAt(sla, 32, 5, "sla.cyclictest.maxUs");
        assertThat(sla.getMessage()).contains("expected a number, got 'fast'");

        PodConfigException nodes = loadYaml("kind: ssh\nnodes:\n  name: a\n");
        assertAt(nodes, 2, 1, "nodes");
        assertThat(nodes.getMessage()).contains("expected a list, got a mapping");
    }

    @Test
    void missingRequiredFieldsOfSshNodes() {
        PodConfigException user = loadBroken("    user: root\n    keyFile: ~/.ssh/id_node\n",
                "    keyFile: ~/.ssh/id_node\n");
        assertAt(user, 14, 5, "nodes[1].user");
        assertThat(user.getMessage()).contains("missing required key 'user'");

        PodConfigException address = loadBroken("    address: 192.0.2.1\n", "");
        assertAt(address, 9, 5, "nodes[0].address");
        assertThat(address.getMessage()).contains("missing required key 'address'");

        PodConfigException key = loadBroken("    keyFile: keys/id_guest\n", "");
        assertAt(key, 24, 5, "nodes[2].keyFile");

        PodConfigException kind = loadBroken("kind: ssh\n", "");
        assertAt(kind, 1, 1, "kind");
        assertThat(kind.getMessage()).contains("missing required key 'kind' (one of: embedded, ssh)");

        PodConfigException guestHost = loadBroken("    host: node1\n", "");
        assertAt(guestHost, 24, 5, "nodes[2].host");
        assertThat(guestHost.getMessage()).contains("missing required key 'host'", "hosts: node1");
    }

    @Test
    void duplicateNodeNames() {
        PodConfigException e = loadBroken("  - name: guest1", "  - name: node1");
        assertAt(e, 24, 5, "nodes[2].name");
        assertThat(e.getMessage()).contains("duplicate node name 'node1' (also nodes[1], line 14)");
    }

    @Test
    void referencesToUnknownNodes() {
        PodConfigException via = loadBroken("    via: jump", "    via: jmup");
        assertAt(via, 19, 5, "nodes[1].via");
        assertThat(via.getMessage()).contains("no node named 'jmup'", "did you mean 'jump'?");

        PodConfigException host = loadBroken("    host: node1", "    host: node2");
        assertAt(host, 26, 5, "nodes[2].host");
        assertThat(host.getMessage()).contains("no host node named 'node2' (hosts: node1)", "did you mean 'node1'?");

        PodConfigException notAHost = loadBroken("    host: node1", "    host: jump");
        assertAt(notAHost, 26, 5, "nodes[2].host");

        PodConfigException self = loadBroken("    via: jump", "    via: node1");
        assertAt(self, 19, 5, "nodes[1].via");
        assertThat(self.getMessage()).contains("cannot be reached through itself");
    }

    @Test
    void viaCycle() {
        PodConfigException e = loadBroken("    keyFile: keys/id_jump\n", "    keyFile: keys/id_jump\n    via: node1\n");
        assertAt(e, 14, 5, "nodes[0].via");
        assertThat(e.getMessage()).contains("goes round in a circle");
    }

    @Test
    void invalidCpuLists() {
        PodConfigException range = loadBroken("      vcpu: 2-3", "      vcpu: 3-2");
        assertAt(range, 22, 7, "nodes[1].cpus.vcpu");
        assertThat(range.getMessage()).contains("invalid cpu list '3-2'", "ends before it starts");

        PodConfigException word = loadBroken("      isolated: 2-5,8", "      isolated: 2-5,eight");
        assertAt(word, 21, 7, "nodes[1].cpus.isolated");

        PodConfigException overlap = loadBroken("      stress: 4-5", "      stress: 3-4");
        assertAt(overlap, 23, 7, "nodes[1].cpus.stress");
        assertThat(overlap.getMessage()).contains("overlap vcpu CPUs 2-3");
    }

    @Test
    void negativeOrImpossibleSlas() {
        PodConfigException negative = loadBroken("    maxUs: 15", "    maxUs: -1");
        assertAt(negative, 32, 5, "sla.cyclictest.maxUs");
        assertThat(negative.getMessage()).contains("must be a finite number >= 0, got -1.0");

        PodConfigException avg = loadBroken("    avgUs: 10.5", "    avgUs: 20");
        assertAt(avg, 33, 5, "sla.cyclictest.avgUs");

        PodConfigException nan = loadBroken("    maxUs: 15", "    maxUs: .nan");
        assertAt(nan, 32, 16, "sla.cyclictest.maxUs");
        assertThat(nan.getMessage()).contains("'.nan'");

        PodConfigException loss = loadYaml(TestPods.SSH_POD + "  forwarding:\n    maxLossPercent: 150\n");
        assertAt(loss, 35, 5, "sla.forwarding.maxLossPercent");

        PodConfigException oslat = loadYaml(TestPods.SSH_POD + "  oslat:\n    maxUs: 5\n    avgUs: 9\n");
        assertAt(oslat, 36, 5, "sla.oslat.avgUs");
        assertThat(oslat.getMessage()).contains("average limit 9.0 is above the maximum limit 5.0");

        PodConfigException timeout = loadYaml(TestPods.SSH_POD + "timeouts:\n  rebootSeconds: 0\n");
        assertAt(timeout, 35, 3, "timeouts.rebootSeconds");
        assertThat(timeout.getMessage()).contains("must be > 0");
    }

    @Test
    void badEnumValuesSuggestTheNearest() {
        PodConfigException role = loadBroken("    role: host", "    role: hots");
        assertAt(role, 15, 5, "nodes[1].role");
        assertThat(role.getMessage()).contains("'hots' is not one of: jump, host, guest", "did you mean 'host'?");

        PodConfigException policy = loadBroken("  policy: strict", "  policy: trust-on-first-us");
        assertAt(policy, 3, 3, "hostKeys.policy");
        assertThat(policy.suggestion()).isEqualTo("trust-on-first-use");

        PodConfigException kind = loadBroken("kind: ssh", "kind: shh");
        assertAt(kind, 1, 1, "kind");
        assertThat(kind.suggestion()).isEqualTo("ssh");
    }

    @Test
    void malformedYamlHasTheParsersLineAndColumn() {
        PodConfigException e = loadYaml("kind: ssh\nnodes:\n  - name: a\n    role: host\n   address: [x\n");
        assertThat(e.getMessage()).contains("bad.yaml:", "YAML error");
        assertThat(e.line()).isBetween(4, 6);
        assertThat(e.column()).isPositive();
        assertThat(e.getMessage()).contains(":" + e.line() + ":" + e.column() + ": ");

        PodConfigException tab = loadYaml("kind: ssh\n\tnodes: []\n");
        assertThat(tab.getMessage()).contains("bad.yaml:2:1: YAML error: ", "TAB", "(after kind)");
    }

    @Test
    void duplicateYamlKeys() {
        PodConfigException e = loadBroken("    user: root\n    keyFile: ~/.ssh/id_node\n",
                "    user: root\n    user: admin\n    keyFile: ~/.ssh/id_node\n");
        assertAt(e, 18, 5, "nodes[1].user");
        assertThat(e.getMessage()).contains("duplicate key 'user' (first at line 17)");
    }

    @Test
    void wholeFileProblems() {
        assertThat(loadYaml("").getMessage()).contains("bad.yaml:1:1: ", "empty");
        assertThat(loadYaml("- a\n- b\n").getMessage()).contains("bad.yaml:1:1: ", "must be a mapping");
        assertThat(loadYaml("kind: ssh\n---\nkind: ssh\n").getMessage()).contains("bad.yaml:", "one YAML document");
        assertThat(loadYaml("kind: embedded\nnodes: []\n").getMessage())
                .contains("bad.yaml:2:1: nodes: missing required key 'nodes'");
    }

    @Test
    void podShapeRules() {
        PodConfigException noHost = loadYaml("kind: embedded\nnodes:\n  - name: g\n    role: guest\n    host: g\n");
        assertThat(noHost.getMessage()).contains("bad.yaml:2:1: nodes: a pod needs at least one node with role: host");

        PodConfigException twoJumps = loadBroken("  - name: node1\n", "  - name: jump2\n    role: jump\n"
                + "    address: 192.0.2.2\n    user: u\n    keyFile: k\n  - name: node1\n");
        assertAt(twoJumps, 15, 5, "nodes[1].role");
        assertThat(twoJumps.getMessage()).contains("at most one jump host");

        PodConfigException portAndForward = loadBroken("    forwardPort: 5555\n", "    forwardPort: 5555\n    port: 22\n");
        assertAt(portAndForward, 28, 5, "nodes[2].port");

        PodConfigException forwardOnHost = loadBroken("    via: jump", "    forwardPort: 2222");
        assertAt(forwardOnHost, 19, 5, "nodes[1].forwardPort");
        assertThat(forwardOnHost.getMessage()).contains("only a guest");

        PodConfigException portRange = loadBroken("    via: jump", "    port: 70000");
        assertAt(portRange, 19, 5, "nodes[1].port");
        assertThat(portRange.getMessage()).contains("1-65535");

        PodConfigException name = loadBroken("  - name: node1\n", "  - name: node.1\n");
        assertThat(name.getMessage()).contains("bad.yaml:", "nodes[1].name", "letters, digits");
    }

    @Test
    void embeddedPodRules() {
        String embedded = "kind: embedded\nhostKeys:\n  policy: trust-on-first-use\nnodes:\n  - name: host\n"
                + "    role: host\n";
        PodConfigException tofu = loadYaml(embedded);
        assertAt(tofu, 3, 3, "hostKeys.policy");
        assertThat(tofu.getMessage()).contains("needs no trust-on-first-use", "did you mean 'strict'?");

        PodConfigException known = loadYaml(embedded.replace("policy: trust-on-first-use", "knownHosts: kh"));
        assertAt(known, 3, 3, "hostKeys.knownHosts");

        PodConfigException jump = loadYaml(embedded.replace("trust-on-first-use", "strict")
                + "  - name: j\n    role: jump\n");
        assertAt(jump, 8, 5, "nodes[1].role");

        PodConfigException tofuWithoutFile = loadBroken("  policy: strict\n  knownHosts: pod.known_hosts\n",
                "  policy: trust-on-first-use\n");
        assertAt(tofuWithoutFile, 2, 1, "hostKeys.knownHosts");
    }

    @Test
    void unknownPodListsTheAvailableOnes() {
        write("alpha");
        write("beta");
        PodConfigException e = catchThrowableOfType(PodConfigException.class, () -> pods.load("alpah"));
        assertThat(e.getMessage()).contains("no pod 'alpah'; available pods: alpha, beta", "did you mean 'alpha'?");
    }
}
