/**
 * The JUnit 5 face of the library: {@link io.kvm4nfv.junit.Kvm4nfvTest} and the probe
 * annotations ({@link io.kvm4nfv.junit.Cyclictest}, {@link io.kvm4nfv.junit.LiveMigration},
 * {@link io.kvm4nfv.junit.PacketForwarding}, …), the extensions behind them, and AssertJ
 * assertions on results ({@link io.kvm4nfv.junit.Kvm4nfvAssertions}). Annotations are only sugar
 * over the options records of the layers below. It is the top layer and the only package that
 * imports JUnit: it may use every other {@code io.kvm4nfv} package, and none may use it.
 */
package io.kvm4nfv.junit;
