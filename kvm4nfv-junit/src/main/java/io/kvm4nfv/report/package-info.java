/**
 * The journal seam: {@link io.kvm4nfv.report.Journal} is how every layer tells what it is
 * doing (steps, attachments, notes) without knowing who listens; {@code publish} turns it into
 * Allure steps and attachments. It sits at the bottom beside {@code config}, {@code node} and
 * {@code result} and uses no other {@code io.kvm4nfv} package, so that any layer may use it.
 */
package io.kvm4nfv.report;
