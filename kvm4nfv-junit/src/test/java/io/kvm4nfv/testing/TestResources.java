package io.kvm4nfv.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The test resources (captured tool outputs) as text. */
public final class TestResources {
    private TestResources() {
    }

    /** The UTF-8 text of the class-path resource {@code path} (e.g. {@code /oslat/two-cpus.txt}). */
    public static String text(String path) {
        try (InputStream in = TestResources.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read test resource " + path, e);
        }
    }
}
