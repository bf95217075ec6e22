package io.kvm4nfv.probe.hwlat;

import io.kvm4nfv.probe.OutputParseException;

/**
 * hwlatdetect printed a line of one of its known forms that cannot be read: the message names the
 * line and column ({@code hwlatdetect output line 12, column 19: ...}). It is the only exception
 * {@link HwlatReportParser} throws on bad input.
 */
public class HwlatParseException extends OutputParseException {
    private static final long serialVersionUID = 1L;


    /**
     * @param line    1-based line of the output
     * @param column  1-based column the problem starts at, 0 when it concerns the whole line
     * @param problem what is wrong
     */
    public HwlatParseException(long line, int column, String problem) {
        super(line, column, "hwlatdetect output line " + line + (column > 0 ? ", column " + column : "") + ": "
                + problem, null);
    }

}
