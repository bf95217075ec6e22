package io.kvm4nfv.probe.membw;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the CSV that {@code pcm-memory DELAY -csv=FILE} writes: two header rows — the groups
 * ({@code ,,SKT0,SKT0,...,System,System,System}) and the column names
 * ({@code Date,Time,Ch0Read,Ch0Write,...,Mem Read (MB/s),Mem Write (MB/s),...,Memory (MB/s),...,Read,Write,Memory})
 * — then one row per sample. Inactive channels have empty cells. Columns this parser does not
 * know (PMM, HBM, CXL, partial writes) are ignored.
 */
public final class PcmMemoryCsvParser {

    private static final Pattern SOCKET = Pattern.compile("SKT(\\d+)");
    private static final Pattern CHANNEL = Pattern.compile("Ch(\\d+)(Read|Write)");

    private PcmMemoryCsvParser() {
    }

    /**
     * The samples of a pcm-memory CSV. A last row with fewer cells than the header (PCM stopped
     * while writing it) is dropped.
     *
     * @param lines the CSV file's lines, both header rows included
     * @return one sample per data row, in file order
     * @throws IllegalArgumentException when there is no {@code Date,Time} header or a cell is not a number
     */
    public static List<MemoryBandwidthSample> parse(List<String> lines) {
        int header = -1;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).startsWith("Date,Time")) {
                header = i;
                break;
            }
        }
        if (header < 0) {
            throw new IllegalArgumentException("not a pcm-memory CSV: no 'Date,Time,...' header row");
        }
        String[] groups = lines.get(header - 1).split(",", -1);
        String[] names = lines.get(header).split(",", -1);
        List<MemoryBandwidthSample> samples = new ArrayList<>();
        for (int i = header + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("Date,Time") || line.startsWith(",,")) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length < names.length) {
                if (i == lines.size() - 1) {
                    break;
                }
                throw new IllegalArgumentException("pcm-memory CSV line " + (i + 1) + " has " + cells.length
                        + " cells, the header " + names.length);
            }
            samples.add(sample(samples.size(), i + 1, groups, names, cells));
        }
        return samples;
    }

    private static MemoryBandwidthSample sample(int index, int lineNo, String[] groups, String[] names, String[] cells) {
        Map<Integer, double[]> socketTotals = new TreeMap<>();
        Map<Integer, Map<Integer, double[]>> channels = new TreeMap<>();
        Double sysRead = null;
        Double sysWrite = null;
        for (int c = 2; c < names.length; c++) {
            String group = c < groups.length ? groups[c].trim() : "";
            String name = names[c].trim();
            String cell = cells[c].trim();
            Matcher skt = SOCKET.matcher(group);
            if (skt.matches()) {
                int socket = Integer.parseInt(skt.group(1));
                Matcher ch = CHANNEL.matcher(name);
                if (ch.matches()) {
                    if (cell.isEmpty()) {
                        continue;
                    }
                    double[] rw = channels.computeIfAbsent(socket, s -> new TreeMap<>())
                            .computeIfAbsent(Integer.parseInt(ch.group(1)), n -> new double[]{Double.NaN, Double.NaN});
                    rw["Read".equals(ch.group(2)) ? 0 : 1] = number(cell, lineNo, name);
                } else if (name.equals("Mem Read (MB/s)")) {
                    socketTotals.computeIfAbsent(socket, s -> new double[2])[0] = number(cell, lineNo, name);
                } else if (name.equals("Mem Write (MB/s)")) {
                    socketTotals.computeIfAbsent(socket, s -> new double[2])[1] = number(cell, lineNo, name);
                }
            } else if (group.equals("System") && name.equals("Read")) {
                sysRead = number(cell, lineNo, name);
            } else if (group.equals("System") && name.equals("Write")) {
                sysWrite = number(cell, lineNo, name);
            }
        }
        List<SocketBandwidth> sockets = new ArrayList<>();
        for (Map.Entry<Integer, double[]> s : socketTotals.entrySet()) {
            List<ChannelBandwidth> chs = new ArrayList<>();
            channels.getOrDefault(s.getKey(), Map.of()).forEach((n, rw) -> chs.add(
                    new ChannelBandwidth(s.getKey(), n, Double.isNaN(rw[0]) ? 0 : rw[0], Double.isNaN(rw[1]) ? 0 : rw[1])));
            sockets.add(new SocketBandwidth(s.getKey(), s.getValue()[0], s.getValue()[1], chs));
        }
        double read = sysRead != null ? sysRead : sockets.stream().mapToDouble(SocketBandwidth::readMBps).sum();
        double write = sysWrite != null ? sysWrite : sockets.stream().mapToDouble(SocketBandwidth::writeMBps).sum();
        return new MemoryBandwidthSample(index, cells[0].trim() + " " + cells[1].trim(), sockets, read, write);
    }

    private static double number(String cell, int lineNo, String column) {
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("pcm-memory CSV line " + lineNo + ", column '" + column
                    + "': not a number: '" + cell + "'");
        }
    }
}
