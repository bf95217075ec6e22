package io.kvm4nfv.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvm4nfv.publish.measure.RunInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Records waiting for a dispatcher that was down: one JSON file per pending item in
 * {@code <spool>/<dispatcher>/}, named {@code <epoch-ns>-<seq>-<record-id>.json} so that
 * they sort oldest first. Each file holds the record and the run it belongs to, so a later
 * run re-sends it unchanged. Items the target refused go to {@code <spool>/<dispatcher>/rejected/}.
 */
public final class Spool {

    /**
     * A spooled record.
     *
     * @param file   its file
     * @param record the record
     * @param run    the run it was measured in
     */
    public record Item(Path file, ResultRecord record, RunInfo run) {
    }

    private static final AtomicLong SEQUENCE = new AtomicLong();
    private final Path directory;

    /**
     * A spool rooted at {@code directory}; nothing is created before the first {@link #add}.
     *
     * @param directory the spool folder, one subfolder per dispatcher
     */
    public Spool(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /**
     * The spool folder.
     *
     * @return the directory given to the constructor
     */
    public Path directory() {
        return directory;
    }

    /**
     * Writes one pending item (atomically, fsync'd) and returns its file.
     *
     * @param dispatcher the dispatcher's name, the subfolder the item goes to
     * @param record     the record that was not delivered
     * @param run        the run it was measured in, stored with it
     * @return the new item's file
     * @throws UncheckedIOException when the spool folder cannot be written
     */
    public Path add(String dispatcher, ResultRecord record, RunInfo run) {
        Path dir = directory.resolve(dispatcher);
        Path file = dir.resolve(String.format("%019d-%06d-%s.json", System.currentTimeMillis() * 1_000_000L,
                SEQUENCE.incrementAndGet() % 1_000_000, record.id()));
        try {
            Files.createDirectories(dir);
            ObjectNode json = ResultsFile.JSON.createObjectNode();
            json.put("dispatcher", dispatcher);
            json.set("run", ResultsFile.JSON.valueToTree(run));
            json.set("record", ResultsFile.JSON.valueToTree(record));
            AtomicFiles.write(file, ResultsFile.JSON.writeValueAsBytes(json));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("spool directory " + dir + " is not writable: " + e.getMessage(), e);
        }
    }

    /**
     * The pending items of a dispatcher, oldest first.
     *
     * @param dispatcher the dispatcher's name
     * @return the items read from its subfolder; empty when there is none
     * @throws UncheckedIOException when the folder or an item cannot be read
     */
    public List<Item> pending(String dispatcher) {
        Path dir = directory.resolve(dispatcher);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Item> items = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                JsonNode json = ResultsFile.JSON.readTree(f.toFile());
                items.add(new Item(f, ResultsFile.JSON.treeToValue(json.get("record"), ResultRecord.class),
                        ResultsFile.JSON.treeToValue(json.get("run"), RunInfo.class)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("spool directory " + dir + " cannot be read: " + e.getMessage(), e);
        }
        return items;
    }

    /**
     * Number of pending items of a dispatcher.
     *
     * @param dispatcher the dispatcher's name
     * @return the {@code .json} files in its subfolder, rejected items not counted
     * @throws UncheckedIOException when the folder cannot be read
     */
    public int count(String dispatcher) {
        Path dir = directory.resolve(dispatcher);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return (int) files.filter(p -> p.getFileName().toString().endsWith(".json")).count();
        } catch (IOException e) {
            throw new UncheckedIOException("spool directory " + dir + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Removes a delivered item.
     *
     * @param item the item to delete; already gone is fine
     * @throws UncheckedIOException when the file cannot be deleted
     */
    public void remove(Item item) {
        try {
            Files.deleteIfExists(item.file());
        } catch (IOException e) {
            throw new UncheckedIOException("spooled item " + item.file() + " cannot be removed: " + e.getMessage(), e);
        }
    }

    /**
     * Moves an item the target refused to the {@code rejected} folder, where it stays for inspection.
     *
     * @param item the refused item
     * @return the item's new file in {@code <spool>/<dispatcher>/rejected/}
     * @throws UncheckedIOException when the file cannot be moved
     */
    public Path reject(Item item) {
        Path rejected = item.file().resolveSibling("rejected");
        try {
            Files.createDirectories(rejected);
            return Files.move(item.file(), rejected.resolve(item.file().getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("spooled item " + item.file() + " cannot be moved to " + rejected + ": "
                    + e.getMessage(), e);
        }
    }
}
