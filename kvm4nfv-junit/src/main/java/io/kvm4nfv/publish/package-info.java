/**
 * Where results go: the {@link io.kvm4nfv.publish.Publisher} appends each result to the local
 * {@link io.kvm4nfv.publish.ResultsFile}, then sends it to the configured
 * {@link io.kvm4nfv.publish.Dispatcher}s (the Yardstick-style file, InfluxDB, the OPNFV
 * test-results API), spooling what could not be delivered; the
 * {@link io.kvm4nfv.publish.AllureJournal} and the report renderings (SVG charts, tables) make
 * the Allure report. It is the only package that imports Allure, and it may use every layer
 * below it: {@code config}, {@code node}, {@code report}, {@code result}, {@code lab},
 * {@code setup}, {@code load} and {@code probe}.
 */
package io.kvm4nfv.publish;
