package dev.dream.trials.workload.builtin;

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
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * {@code builtin-storage}: random block reads and writes in a scratch file.
 *
 * <p>Parameters: {@code file_size_mb} (default 64), {@code block_kb} (default 4), {@code pattern}:
 * {@code read}, {@code write} or {@code randrw} (half reads, half writes; default), {@code fsync}: whether
 * each write is followed by fdatasync (default true), {@code threads}: workers issuing I/O at once, each
 * one operation at a time (default 1), and {@code dir} (default: the trial's scratch directory, under the
 * node's data directory; run Dream with --data on the device to be measured). A write's latency includes its
 * fdatasync. The file is opened with O_DIRECT where the file system supports it, so reads reach the device
 * rather than the page cache. Offsets follow random streams seeded by the trial index and worker, the same
 * on every node. KPIs: {@code iops}, {@code mb_per_s} (10^6 bytes), {@code p50/p95/p99_latency_ms}.
 */
public final class StorageWorkload implements Workload {
  public static final String IOPS = "iops";
  public static final String MBPS = "mb_per_s";

  private Path dir;
  private FileChannel channel;
  private int blockBytes;
  private int align;
  private long blocks;
  private double readFraction;
  private boolean fsync;
  private int threads;
  private long seed;

  @Override
  public Set<String> kpis() {
    return Latencies.withPercentiles(IOPS, MBPS);
  }

  @Override
  public void warmUp(WorkloadContext ctx) throws Exception {
    SetUpWarmUp.run(ctx, () -> setUp(ctx), seconds -> operate(seconds, ctx, 1000));
  }

  static double readFraction(String pattern) {
    return switch (pattern) {
      case "read" -> 1.0;
      case "write" -> 0.0;
      case "randrw" -> 0.5;
      default -> throw new IllegalArgumentException("workload builtin-storage: pattern must be read, write or randrw, got " + pattern);
    };
  }

  private void setUp(WorkloadContext ctx) throws IOException {
    if (channel != null) return;
    Params p = ctx.param();
    long fileMb = p.integer("file_size_mb", 64, 1, 1 << 20);
    blockBytes = (int) p.integer("block_kb", 4, 1, 64 * 1024) * 1024;
    readFraction = readFraction(p.string("pattern", "randrw"));
    Object f = p.raw("fsync");
    if (f != null && !(f instanceof Boolean)) throw new IllegalArgumentException("workload builtin-storage: fsync must be true or false, got " + f);
    fsync = f == null || (Boolean) f;
    threads = (int) p.integer("threads", 1, 1, 1024);
    seed = 0x5107A6E0L + 7919L * ctx.spec().index();
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
    align = alignment(file);
    channel = open(file, blockBytes % align == 0);
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
    long start = System.nanoTime();
    Latencies lat = operate(ctx.durationS(), ctx, 0);
    double elapsed = (System.nanoTime() - start) / 1e9;
    long ops = lat.count();
    String none = "no I/O operation completed in " + elapsed + " s";
    WorkloadResult.Builder b = new WorkloadResult.Builder()
        .put(IOPS, ops > 0 ? ops / elapsed : Double.NaN, none)
        .put(MBPS, ops > 0 ? ops * (double) blockBytes / elapsed / 1e6 : Double.NaN, none);
    return lat.putPercentiles(b, none).build();
  }

  /** Runs the workers for {@code seconds}; returns the latency of every operation they did. */
  private Latencies operate(double seconds, WorkloadContext ctx, long seedOffset) throws Exception {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    Latencies.PerWorker per = new Latencies.PerWorker(threads);
    Workers.runAll("dream-storage", threads, w -> {
      UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(seed + seedOffset + 104729L * w);
      ByteBuffer block = ByteBuffer.allocateDirect(blockBytes + align).alignedSlice(align);
      Latencies l = per.of(w);
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
          if (fsync) channel.force(false);
        }
        l.record(System.nanoTime() - t);
      }
    }, () -> {});
    return per.merged();
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
