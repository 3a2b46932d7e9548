package dev.cloudsift.formats.vpcflow;

import dev.cloudsift.core.DecimalDigits;
import dev.cloudsift.core.IpAddresses;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.core.RecordKeys;
import dev.cloudsift.core.Utf8Slice;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Maps an ASCII flow log line from its bytes, as {@link VpcFlowRecords#map(String[], String, VpcFlowLayout, Position,
 * PathHints)} maps its split text, to the same record: cells are slices of the line, numbers and dotted IPv4 addresses
 * are read in place and the dedupe key is hashed from bytes. Only values that mostly repeat from the line before
 * (account, region, action, status) become {@code String}s, the same object again while they repeat, which the store
 * then encodes once. A substring per field and the canonical text of the key had been most of the parsing threads'
 * time. One per reader: it keeps state between lines.
 */
final class FlowLineBytes {
    /** Fields kept as the previous line's String while their bytes repeat. */
    private static final boolean[] REPEATING_TEXT = new boolean[VpcFlowField.values().length];

    static {
        for (VpcFlowField field : new VpcFlowField[] {VpcFlowField.ACCOUNT_ID, VpcFlowField.REGION, VpcFlowField.ACTION,
                VpcFlowField.LOG_STATUS, VpcFlowField.REJECT_REASON}) {
            REPEATING_TEXT[field.ordinal()] = true;
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final int[] starts = new int[VpcFlowLayout.MAX_FIELDS];
    private final int[] ends = new int[VpcFlowLayout.MAX_FIELDS];
    private byte[] canonical = new byte[1024];
    /** The previous line and, per slot, the String made of its value there (null: none made). */
    private byte[] previousLine = new byte[0];
    private final int[] previousStarts = new int[VpcFlowLayout.MAX_FIELDS];
    private final int[] previousEnds = new int[VpcFlowLayout.MAX_FIELDS];
    private final String[] previousText = new String[VpcFlowLayout.MAX_FIELDS];
    private @Nullable VpcFlowLayout namedLayout;
    private byte[][] names = new byte[0][];

    /**
     * Splits the line at runs of spaces or tabs as {@link VpcFlowRecords#split} does; its field count, or -1 above max.
     * Eight bytes are looked at a time, and only the separators among them one by one: a byte-by-byte loop over every
     * line was a good part of the text reader's time.
     */
    int split(byte[] line, int maxFields) {
        int count = 0;
        int fieldStart = 0;
        int length = line.length;
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            long word = (long) LONGS.get(line, i);
            long separators = zeroBytes(word ^ 0x2020202020202020L) | zeroBytes(word ^ 0x0909090909090909L);
            while (separators != 0) {
                int at = i + (Long.numberOfTrailingZeros(separators) >>> 3);
                separators &= separators - 1;
                if (at > fieldStart) {
                    if (count == maxFields) {
                        return -1;
                    }
                    starts[count] = fieldStart;
                    ends[count++] = at;
                }
                fieldStart = at + 1;
            }
        }
        for (; i <= length; i++) {
            if (i == length || line[i] == ' ' || line[i] == '\t') {
                if (i > fieldStart) {
                    if (count == maxFields) {
                        return -1;
                    }
                    starts[count] = fieldStart;
                    ends[count++] = i;
                }
                fieldStart = i + 1;
            }
        }
        return count;
    }

    /** Where field {@code i} of the last {@link #split} starts. */
    int start(int i) {
        return starts[i];
    }

    /** Where field {@code i} of the last {@link #split} ends. */
    int end(int i) {
        return ends[i];
    }

    /** The high bit of each byte of {@code word} that is zero, and no other bit (no borrow runs between bytes). */
    static long zeroBytes(long word) {
        return ~(((word & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL) | word | 0x7F7F7F7F7F7F7F7FL);
    }

    /**
     * The record of a line {@link #split} into exactly {@code layout.size()} fields; null when the text path must map
     * it instead (a value that does not fit, whose problem the text path words, or fields kept in {@code extra}).
     */
    @Nullable ReadItem map(byte[] line, VpcFlowLayout layout, Position position, PathHints hints) {
        if (!layout.unknownNames().isEmpty()) {
            return null;
        }
        Object[] row = VpcFlowTables.VPCFLOW.newRow();
        int size = layout.size();
        // The packet's addresses are mostly the flow's own (no NAT between): the flow's cell is taken again.
        int srcSlot = -1;
        int dstSlot = -1;
        for (int slot = 0; slot < size; slot++) {
            int start = starts[slot];
            int end = ends[slot];
            if (end - start == 1 && line[start] == '-') {
                previousText[slot] = null;
                continue;
            }
            VpcFlowField field = layout.field(slot);
            Object typed = switch (field.type()) {
                case INTEGER -> {
                    long number = DecimalDigits.parse(line, start, end, 10);
                    if (number < 0 || number > Integer.MAX_VALUE || (field.isPort() && number > 65535)
                            || (field == VpcFlowField.PROTOCOL && number > 255)) {
                        yield null;
                    }
                    yield (int) number;
                }
                case BIGINT -> {
                    long number = DecimalDigits.parse(line, start, end, 18);
                    yield number < 0 ? null : number;
                }
                case TIMESTAMP -> {
                    long seconds = DecimalDigits.parse(line, start, end, 12);
                    yield seconds < 0 ? null : Instant.ofEpochSecond(seconds);
                }
                default -> {
                    if (field.isAddress()) {
                        int same = field == VpcFlowField.PKT_SRCADDR ? srcSlot : field == VpcFlowField.PKT_DSTADDR ? dstSlot : -1;
                        if (same >= 0 && Arrays.equals(line, start, end, line, starts[same], ends[same])) {
                            yield row[layout.column(same)];
                        }
                        if (field == VpcFlowField.SRCADDR) {
                            srcSlot = slot;
                        } else if (field == VpcFlowField.DSTADDR) {
                            dstSlot = slot;
                        }
                        if (IpAddresses.isIpv4(line, start, end)) {
                            yield Utf8Slice.of(line, start, end - start);
                        }
                        String address = new String(line, start, end - start, StandardCharsets.ISO_8859_1);
                        yield IpAddresses.isIpAddress(address) ? address : null;
                    }
                    yield REPEATING_TEXT[field.ordinal()] ? text(line, slot, start, end) : Utf8Slice.of(line, start, end - start);
                }
            };
            if (typed == null) {
                Arrays.fill(previousText, null);
                return null;
            }
            row[layout.column(slot)] = typed;
        }
        remember(line, size);
        String dedupeKey = layout.hasTime() ? RecordKeys.hashed(VpcFlowRecords.SOURCE, canonical,
                0, canonicalText(line, layout)) : null;
        return VpcFlowRecords.record(row, dedupeKey, position, hints);
    }

    /** The value of slot's field as a String: the previous line's when the bytes are the same. */
    private String text(byte[] line, int slot, int start, int end) {
        String previous = previousText[slot];
        if (previous != null && Arrays.equals(line, start, end, previousLine, previousStarts[slot], previousEnds[slot])) {
            return previous;
        }
        String text = new String(line, start, end - start, StandardCharsets.ISO_8859_1);
        previousText[slot] = text;
        return text;
    }

    private void remember(byte[] line, int size) {
        previousLine = line;
        System.arraycopy(starts, 0, previousStarts, 0, size);
        System.arraycopy(ends, 0, previousEnds, 0, size);
    }

    /**
     * Writes {@code name=value } per field in the layout's canonical order into {@link #canonical}, the bytes of the text
     * the dedupe key of the text path hashes; returns its length.
     */
    private int canonicalText(byte[] line, VpcFlowLayout layout) {
        if (layout != namedLayout) {
            names = new byte[layout.size()][];
            for (int slot = 0; slot < names.length; slot++) {
                names[slot] = layout.canonicalName(slot).getBytes(StandardCharsets.UTF_8);
            }
            namedLayout = layout;
        }
        int length = 0;
        for (int slot : layout.canonicalOrder()) {
            byte[] name = names[slot];
            int valueLength = ends[slot] - starts[slot];
            int needed = length + name.length + valueLength + 1;
            if (needed > canonical.length) {
                canonical = Arrays.copyOf(canonical, Math.max(needed, canonical.length * 2));
            }
            System.arraycopy(name, 0, canonical, length, name.length);
            length += name.length;
            System.arraycopy(line, starts[slot], canonical, length, valueLength);
            length += valueLength;
            canonical[length++] = ' ';
        }
        return length;
    }

}
