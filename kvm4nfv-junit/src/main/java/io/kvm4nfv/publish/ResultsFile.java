package io.kvm4nfv.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The local record of every result, written (and forced to disk) as it happens, before
 * any remote dispatch and before the SLA is judged: one JSON document per line in
 * {@code results.jsonl} of the results directory. Numbers stay numbers.
 */
public final class ResultsFile {

    /** The JSON mapper used for results everywhere (ISO timestamps, Optional support). */
    public static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new Jdk8Module())
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

    private final Path file;

    /**
     * The results file of {@code directory}, creating the directory; the file appears with the first result.
     *
     * @param directory the results directory
     * @throws UncheckedIOException when the directory cannot be created
     */
    public ResultsFile(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("results directory " + directory + " cannot be created: " + e.getMessage(), e);
        }
        this.file = directory.resolve("results.jsonl");
    }

    /**
     * Where results are appended.
     *
     * @return {@code results.jsonl} in the results directory
     */
    public Path path() {
        return file;
    }

    /**
     * Appends one human-readable line to {@code summary.txt} in {@code directory} (what the main command prints).
     *
     * @param directory the results directory; created when missing
     * @param line      the text to append, without a line break
     * @throws UncheckedIOException when the file cannot be written
     */
    public static synchronized void appendSummary(Path directory, String line) {
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("summary.txt"), line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + directory.resolve("summary.txt") + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Appends one result line {@code {"recordedAt":…, "kind":…, "name":…, "result":{…}}}
     * and forces it to disk.
     *
     * @param kind   the kind of result, e.g. {@code cyclictest}
     * @param name   the test case name
     * @param result the result, serialised with {@link #JSON}
     * @throws UncheckedIOException when the directory is not writable (the message names it)
     */
    public synchronized void append(String kind, String name, Object result) {
        ObjectNode line = JSON.createObjectNode();
        line.put("recordedAt", Instant.now().toString());
        line.put("kind", kind);
        line.put("name", name);
        line.set("result", JSON.valueToTree(result));
        try {
            byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
            try (var channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                channel.write(java.nio.ByteBuffer.wrap(bytes));
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("result '" + name + "' could not be written to " + file + ": "
                    + e.getMessage(), e);
        }
    }
}
