package dev.cloudsift.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

class RecycledMemoryTest {
    private static BufferAllocator recycling() {
        return new RootAllocator(RootAllocator.configBuilder().allocationManagerFactory(RecycledMemory.FACTORY).build());
    }

    @Test
    void aFreedBlockServesTheNextAllocationOfItsSizeOnlyAndIsAccountedAsFreed() {
        // A size no other test allocates, so that no block of it is kept from elsewhere.
        long size = (1L << 20) + 3 * 4096;
        try (BufferAllocator allocator = recycling()) {
            long address;
            try (ArrowBuf first = allocator.buffer(size)) {
                address = first.memoryAddress();
                first.setLong(0, 42);
            }
            assertThat(allocator.getAllocatedMemory()).isZero();
            try (ArrowBuf other = allocator.buffer(size / 2); ArrowBuf again = allocator.buffer(size)) {
                assertThat(other.memoryAddress()).isNotEqualTo(address);
                assertThat(again.memoryAddress()).isEqualTo(address);
                again.setLong(again.capacity() - 8, 7);
                assertThat(again.getLong(again.capacity() - 8)).isEqualTo(7);
            }
        }
    }

    @Test
    void freedBlocksAreKeptOnlyUpToTheBound() {
        long size = RecycledMemory.KEPT_BYTES / 2 + 4096;
        try (BufferAllocator allocator = recycling()) {
            ArrowBuf[] buffers = {allocator.buffer(size), allocator.buffer(size), allocator.buffer(size)};
            for (ArrowBuf buffer : buffers) {
                buffer.close();
            }
            assertThat(RecycledMemory.keptBytes()).isLessThanOrEqualTo(RecycledMemory.KEPT_BYTES);
        }
    }
}
