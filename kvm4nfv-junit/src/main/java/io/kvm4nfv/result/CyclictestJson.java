package io.kvm4nfv.result;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** JSON (de)serialisation of {@link CyclictestResult}: numbers stay numbers. */
public final class CyclictestJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CyclictestJson() {
    }

    /**
     * Serialises a result to indented JSON.
     *
     * @param result the result to serialise
     * @return the JSON text, numbers written as JSON numbers
     * @throws IllegalStateException when Jackson cannot serialise the result
     */
    public static String toJson(CyclictestResult result) {
        try {
            return MAPPER.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise cyclictest result", e);
        }
    }

    /**
     * Reads a result back from the JSON that {@link #toJson(CyclictestResult)} writes.
     *
     * @param json the JSON text of one cyclictest result
     * @return the parsed result
     * @throws IllegalArgumentException when {@code json} is not a cyclictest result
     */
    public static CyclictestResult fromJson(String json) {
        try {
            return MAPPER.readValue(json, CyclictestResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a cyclictest result: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Writes a result as JSON to a file, replacing what the file held.
     *
     * @param result the result to write
     * @param file   the file to create or overwrite
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void write(CyclictestResult result, Path file) {
        try {
            Files.writeString(file, toJson(result));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
