package io.kvm4nfv.probe.forwarding;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A VSPERF deployment scenario parsed from its name, with the rules of VSPERF's
 * {@code VswitchControllerPXP}:
 * <ul>
 *   <li>{@code p2p} or {@code phy2phy} — no VM;</li>
 *   <li>{@code pvp} — one VM (VSPERF: an alias of {@code pvvp1});</li>
 *   <li>{@code pvvp} / {@code pvvpN} — N VMs in series, 2 when N is omitted;</li>
 *   <li>{@code pvpv} / {@code pvpvN} — N VMs in parallel, 2 when N is omitted.</li>
 * </ul>
 * Names are case-insensitive (VSPERF lower-cases them). N must be a positive decimal
 * number; {@code pvvp0}, {@code pvxp}, {@code pvvp-1} are rejected with the list of valid forms.
 *
 * @param kind    how traffic crosses the host
 * @param vmCount number of VMs on the path (0 for phy2phy)
 */
public record Deployment(DeploymentKind kind, int vmCount) {

    /** Default number of VMs of {@code pvvp} and {@code pvpv} without a number (VSPERF: 2). */
    public static final int DEFAULT_MULTI_VM_COUNT = 2;
    /** Upper bound on N, far above what a host can run; catches typos such as {@code pvvp22222}. */
    public static final int MAX_VM_COUNT = 64;
    /** The accepted forms, for error messages and documentation. */
    public static final String VALID_FORMS = "p2p | phy2phy | pvp | pvvp | pvvpN | pvpv | pvpvN"
            + " (N = number of VMs, 1.." + MAX_VM_COUNT + "; pvvp and pvpv without N use "
            + DEFAULT_MULTI_VM_COUNT + " VMs)";

    private static final Pattern MULTI_VM = Pattern.compile("(pvvp|pvpv)([0-9]*)");

    /**
     * Checks the VM count against the kind.
     *
     * @param kind    how traffic crosses the host
     * @param vmCount number of VMs: 0 for phy2phy, else 1..{@value #MAX_VM_COUNT}
     * @throws InvalidDeploymentException when the VM count does not fit the kind
     */
    public Deployment {
        Objects.requireNonNull(kind, "kind");
        if (kind == DeploymentKind.PHY2PHY && vmCount != 0) {
            throw new InvalidDeploymentException("phy2phy has no VM, not " + vmCount);
        }
        if (kind != DeploymentKind.PHY2PHY && (vmCount < 1 || vmCount > MAX_VM_COUNT)) {
            throw new InvalidDeploymentException("a " + kind + " deployment needs 1.." + MAX_VM_COUNT
                    + " VMs, not " + vmCount + "; valid forms: " + VALID_FORMS);
        }
    }

    /**
     * Parses a deployment name.
     *
     * @param name the name, case-insensitive, surrounding blanks ignored, e.g. {@code pvvp3}
     * @return the deployment
     * @throws InvalidDeploymentException for any other name; the message lists the valid forms
     */
    public static Deployment parse(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidDeploymentException("no deployment given; valid forms: " + VALID_FORMS);
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "p2p", "phy2phy" -> {
                return new Deployment(DeploymentKind.PHY2PHY, 0);
            }
            case "pvp" -> {
                return new Deployment(DeploymentKind.SERIAL, 1);
            }
            default -> {
                Matcher m = MULTI_VM.matcher(n);
                if (!m.matches()) {
                    throw new InvalidDeploymentException("unknown deployment '" + name + "'; valid forms: "
                            + VALID_FORMS);
                }
                DeploymentKind kind = m.group(1).equals("pvvp") ? DeploymentKind.SERIAL : DeploymentKind.PARALLEL;
                if (m.group(2).isEmpty()) {
                    return new Deployment(kind, DEFAULT_MULTI_VM_COUNT);
                }
                if (m.group(2).length() > 3) {
                    throw new InvalidDeploymentException("deployment '" + name + "' asks for too many VMs; valid forms: "
                            + VALID_FORMS);
                }
                int count = Integer.parseInt(m.group(2));
                if (count < 1 || count > MAX_VM_COUNT) {
                    throw new InvalidDeploymentException("deployment '" + name + "' asks for " + count
                            + " VMs; valid forms: " + VALID_FORMS);
                }
                return new Deployment(kind, count);
            }
        }
    }

    /**
     * The canonical name VSPERF uses in result file names and the {@code deployment} CSV column:
     * {@code p2p}, {@code pvp}, {@code pvvpN}, {@code pvpvN} (the count always written, except
     * {@code pvvp}/{@code pvpv} with the default 2 VMs which stay without it).
     *
     * @return the canonical name
     */
    public String canonicalName() {
        return switch (kind) {
            case PHY2PHY -> "p2p";
            case SERIAL -> vmCount == 1 ? "pvp" : vmCount == DEFAULT_MULTI_VM_COUNT ? "pvvp" : "pvvp" + vmCount;
            case PARALLEL -> vmCount == DEFAULT_MULTI_VM_COUNT ? "pvpv" : "pvpv" + vmCount;
        };
    }

    @Override
    public String toString() {
        return canonicalName();
    }
}
