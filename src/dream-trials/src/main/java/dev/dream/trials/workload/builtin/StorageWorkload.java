package dev.dream.trials.workload.builtin;

import dev.dream.core.domain.Kpi;
import dev.dream.trials.workload.Params;
import dev.dream.trials.workload.Workload;
import dev.dream.trials.workload.WorkloadContext;
import dev.dream.trials.workload.WorkloadResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * {@code builtin-storage}: random block reads and fsync'd writes in a scratch file.
 *
 * <p>Parameters: {@code dir} (default: the trial's scratch directory, which sits under the node's data
 * directory; give a directory on the device to be measured), {@code file_mb} (default 64), {@code block_kb}
 * (default 4), {@code read_fraction} in [0, 1] (default 0.5). One operation is a block read, or a block
 * write followed by fdatasync; its latency covers both. The file is opened with O_DIRECT where the file
 * system supports it, so reads reach the device rather than the page cache. The offsets follow a random
 * stream seeded by the trial index, the same on every node. KPIs: {@code iops}, {@code mb_per_s}
 * (10^6 bytes), {@code p50/p95/p99_latency_ms}.
 */
public final class StorageWorkload implements Workload {
  public static final String IOPS = "iops";
  public static final String MBPS = "mb_per_s";
  public static final String P50 = "p50_latency_ms";
  public static final String P95 = "p95_latency_ms";
  public static final String P99 = "p99_latency_ms";

  private Path dir;
  private FileChannel channel;
  private ByteBuffer block;
  private int blockBytes;
  private long blocks;
  private double readFraction;
  private UniformRandomProvider rng;

  @Override
  public Set<String> kpis() {
    return Set.of(IOPS, MBPS, P50, P95, P99);
  }

  @Override
  public Map<Kpi.Role, String> roles() {
    return Map.of(Kpi.Role.PERF, IOPS, Kpi.Role.P95, P95);
  }

  @Override
  public void warmUp(WorkloadContext ctx) throws Exception {
    long start = System.nanoTime();
    setUp(ctx);
    double left = ctx.warmupS() - (System.nanoTime() - start) / 1e9;
    if (left > 0) operate(left, ctx, new Latencies());
  }

  private void setUp(WorkloadContext ctx) throws IOException {
    if (channel != null) return;
    Params p = ctx.param();
    long fileMb = p.integer("file_mb", 64, 1, 1 << 20);
    blockBytes = (int) p.integer("block_kb", 4, 1, 64 * 1024) * 1024;
    readFraction = p.number("read_fraction", 0.5, 0, 1);
    Path parent = p.has("dir") ? Path.of(p.string("dir", null)) : ctx.scratchDir();
    dir = Files.createTempDirectory(Files.createDirectories(parent), "dream-storage-");
    Path file = dir.resolve("data");
    blocks = Math.max(1, (fileMb << 20) / blockBytes);
    try (FileChannel fill = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
      for (long written = 0; written < blocks * blockBytes; ) {
        chunk.clear().limit((int) Math.min(chunk.capacity(), blocks * blockBytes - written));
        written += fill.write(chunk);
      }
      fill.force(true);
    }
    int align = alignment(file);
    channel = open(file, blockBytes % align == 0);
    block = ByteBuffer.allocateDirect(blockBytes + align).alignedSlice(align);
    rng = RandomSource.SPLIT_MIX_64.create(0x5107A6E0L + ctx.spec().index());
  }

  private static int alignment(Path file) {
    try {
      long b = Files.getFileStore(file).getBlockSize();
      return b > 0 && b <= 65536 ? (int) b : 4096;
    } catch (IOException | UnsupportedOperationException e) {
      return 4096;
    }
  }

  /** O_DIRECT when the file system accepts it (tmpfs does not); plain I/O otherwise. */
  private static FileChannel open(Path file, boolean aligned) throws IOException {
    OpenOption[] rw = {StandardOpenOption.READ, StandardOpenOption.WRITE};
    if (aligned) {
      try {
        return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, com.sun.nio.file.ExtendedOpenOption.DIRECT);
      } catch (IOException | UnsupportedOperationException e) {
        // fall through to buffered I/O
      }
    }
    return FileChannel.open(file, rw);
  }

  @Override
  public WorkloadResult run(WorkloadContext ctx) throws Exception {
    setUp(ctx);
    Latencies lat = new Latencies();
    long start = System.nanoTime();
    long ops = operate(ctx.durationS(), ctx, lat);
    double elapsed = (System.nanoTime() - start) / 1e9;
    String none = "no I/O operation completed in " + elapsed + " s";
    return new WorkloadResult.Builder()
        .put(IOPS, ops > 0 ? ops / elapsed : Double.NaN, none)
        .put(MBPS, ops > 0 ? ops * (double) blockBytes / elapsed / 1e6 : Double.NaN, none)
        .put(P50, lat.percentileMs(50), none)
        .put(P95, lat.percentileMs(95), none)
        .put(P99, lat.percentileMs(99), none)
        .build();
  }

  private long operate(double seconds, WorkloadContext ctx, Latencies lat) throws IOException {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long ops = 0;
    while (System.nanoTime() < end && !ctx.cancelled()) {
      long offset = rng.nextLong(blocks) * blockBytes;
      boolean read = rng.nextDouble() < readFraction;
      long t = System.nanoTime();
      block.clear().limit(blockBytes);
      if (read) {
        while (block.hasRemaining()) {
          if (channel.read(block, offset + block.position()) < 0) break;
        }
      } else {
        block.putLong(0, t); // new content each write, so nothing can skip it as unchanged
        while (block.hasRemaining()) channel.write(block, offset + block.position());
        channel.force(false);
      }
      lat.record(System.nanoTime() - t);
      ops++;
    }
    return ops;
  }

  @Override
  public void close() throws IOException {
    if (channel != null) channel.close();
    if (dir != null) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
      }
    }
  }
}
