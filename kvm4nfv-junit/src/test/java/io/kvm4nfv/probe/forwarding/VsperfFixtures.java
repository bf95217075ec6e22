package io.kvm4nfv.probe.forwarding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

final class VsperfFixtures {
    private VsperfFixtures() {
    }

    static String read(String name) {
        try (InputStream in = VsperfFixtures.class.getResourceAsStream("/vsperf/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
