package io.kvm4nfv.config;

import java.util.List;

/**
 * The pod file as written: what Jackson binds (unknown keys rejected), before defaults,
 * path resolution and cross-field checks. The record components are the YAML keys and,
 * below {@code kvm4nfv.}, the override keys.
 */
record PodDocument(String kind, String description, HostKeysDoc hostKeys, ScriptsDoc scripts, List<NodeDoc> nodes,
                   SlaDoc sla, TimeoutsDoc timeouts, ForwardingSectionDoc forwarding) {

    record HostKeysDoc(String policy, String knownHosts) {
    }

    record ScriptsDoc(String host, String guest) {
    }

    record NodeDoc(String name, String role, String address, Integer port, String user, String keyFile, String via,
                   String host, Integer forwardPort, CpusDoc cpus, LaunchDoc launch) {
    }

    record LaunchDoc(String script, String qmpSocket, String heartbeatSocket, Boolean keepRunning,
                     Boolean sharedStorage) {
    }

    record CpusDoc(String isolated, String vcpu, String stress) {
    }

    record SlaDoc(String action, CyclictestDoc cyclictest, MigrationDoc migration, ForwardingDoc forwarding,
                  OslatDoc oslat) {
    }

    record OslatDoc(Double maxUs, Double avgUs, Double p99Us, Double p999Us, Double p9999Us) {
    }

    record CyclictestDoc(Double maxUs, Double avgUs, Double minUs, Double p99Us, Double p999Us, Double p9999Us) {
    }

    record MigrationDoc(Double maxTotalMs, Double maxDowntimeMs, Double maxStopToResumeMs, Double maxGuestGapMs) {
    }

    record ForwardingDoc(Double maxAvgLatencyUs, Double maxLatencyUs, Double minThroughputMbps,
                         Double maxLossPercent) {
    }

    record TimeoutsDoc(Integer commandSeconds, Integer connectSeconds, Integer rebootSeconds) {
    }

    record ForwardingSectionDoc(String driver, VsperfDoc vsperf) {
    }

    record VsperfDoc(String dir, String venv, String confFile, String trafficgen, String vswitch, String vnf,
                     String resultsRoot, Integer timeoutSeconds) {
    }
}
