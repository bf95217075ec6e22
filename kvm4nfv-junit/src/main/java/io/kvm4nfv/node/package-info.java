/**
 * Running commands on one machine: {@link io.kvm4nfv.node.SshNode} (sshj, one reused
 * connection per node) and {@link io.kvm4nfv.node.LocalNode} (a local {@code sh -c}).
 *
 * <p>Both drain stdout and stderr concurrently through the same line pump, keep a bounded
 * tail, and really stop a command on timeout:
 * <ul>
 *   <li>locally, the process tree ({@code ProcessHandle.descendants()}) gets SIGTERM and,
 *       after a grace period, SIGKILL;</li>
 *   <li>over SSH, the command runs as {@code printf TOKEN $$ >&2; exec /bin/sh -c 'CMD'}: the
 *       first stderr line (swallowed) reports the pid of the process that runs it. On
 *       timeout a shell script runs over a second session that SIGSTOPs, SIGTERMs (+SIGCONT)
 *       and finally SIGKILLs that pid, its process group when it leads one (OpenSSH makes
 *       every session a process group), and every descendant it finds in {@code /proc}.</li>
 * </ul>
 * Host keys are verified against an OpenSSH known_hosts file, strict or trust-on-first-use;
 * messages never contain key material.
 * <p>
 * This is a bottom layer: it imports no other {@code io.kvm4nfv} package, and it is the only
 * package that imports sshj.
 */
package io.kvm4nfv.node;
