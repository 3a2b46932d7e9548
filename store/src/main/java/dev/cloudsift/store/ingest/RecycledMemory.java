package dev.cloudsift.store.ingest;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.apache.arrow.memory.AllocationManager;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.unsafe.UnsafeAllocationManager;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Arrow memory whose freed blocks are kept for the next allocation of the same size, up to {@link #KEPT_BYTES} in
 * all. An ingest allocates and frees the same few sizes of buffer over and over (Arrow rounds sizes up to powers of
 * two); from the C allocator, blocks that large often came back as fresh pages, which the kernel faulted in and
 * zeroed again (on a million VPC flow rows, a fifth of the ingest's page faults).
 */
final class RecycledMemory extends AllocationManager {
    /** Bytes of freed blocks kept at most, about one part's batch of a wide table. */
    static final long KEPT_BYTES = 64L << 20;

    static final AllocationManager.Factory FACTORY = new AllocationManager.Factory() {
        @Override
        public AllocationManager create(BufferAllocator accountingAllocator, long size) {
            return new RecycledMemory(accountingAllocator, size);
        }

        @Override
        public ArrowBuf empty() {
            return UnsafeAllocationManager.FACTORY.empty();
        }
    };

    /** Freed blocks by size; guarded by itself, as is {@link #kept}. */
    private static final Map<Long, ArrayDeque<Long>> FREE = new HashMap<>();
    private static long kept;

    private final long address;
    private final long size;

    private RecycledMemory(BufferAllocator accountingAllocator, long size) {
        super(accountingAllocator);
        this.size = size;
        this.address = take(size);
    }

    private static long take(long size) {
        synchronized (FREE) {
            ArrayDeque<Long> blocks = FREE.get(size);
            if (blocks != null && !blocks.isEmpty()) {
                kept -= size;
                return blocks.pop();
            }
        }
        return MemoryUtil.allocateMemory(size);
    }

    /** Bytes of freed blocks kept now. */
    static long keptBytes() {
        synchronized (FREE) {
            return kept;
        }
    }

    @Override
    public long getSize() {
        return size;
    }

    @Override
    protected long memoryAddress() {
        return address;
    }

    @Override
    protected void release0() {
        synchronized (FREE) {
            if (kept + size <= KEPT_BYTES) {
                ArrayDeque<Long> blocks = FREE.get(size);
                if (blocks == null) {
                    blocks = new ArrayDeque<>();
                    FREE.put(size, blocks);
                }
                blocks.push(address);
                kept += size;
                return;
            }
        }
        MemoryUtil.freeMemory(address);
    }
}
