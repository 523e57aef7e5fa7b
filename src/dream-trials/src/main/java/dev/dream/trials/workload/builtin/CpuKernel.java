package dev.dream.trials.workload.builtin;

import java.util.Arrays;

/**
 * The compute kernels of the CPU workloads; one call is one timed operation of a few microseconds, on
 * state private to its worker thread. {@code hash}: a chain of dependent integer mix rounds (ALU latency);
 * {@code matmul}: a 24×24 double matrix product (floating-point throughput, L1 cache); {@code sort}: sorting
 * 512 pseudo-random ints (branches and memory access). Each folds its result into the value it returns, so
 * that the JIT cannot drop the work.
 */
interface CpuKernel {
  long step(long x);

  static CpuKernel create(String name) {
    return switch (name) {
      case "hash" -> CpuKernel::hash;
      case "matmul" -> new MatMul();
      case "sort" -> new Sort();
      default -> throw new IllegalArgumentException("workload builtin-cpu: unknown kernel '" + name + "' (hash, matmul or sort)");
    };
  }

  static long hash(long x) {
    for (int i = 0; i < 2048; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      x = x * 0x9E3779B97F4A7C15L + i;
    }
    return x;
  }

  final class MatMul implements CpuKernel {
    private static final int N = 24;
    private final double[] a = new double[N * N];
    private final double[] b = new double[N * N];
    private final double[] c = new double[N * N];

    MatMul() {
      for (int i = 0; i < a.length; i++) {
        a[i] = (i % 7) * 0.25 + 1;
        b[i] = (i % 5) * 0.5 - 1;
      }
    }

    @Override
    public long step(long x) {
      a[(int) Math.floorMod(x, (long) (N * N))] += 1e-9; // a changing input: the product cannot be hoisted out of the loop
      for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
          double s = 0;
          for (int k = 0; k < N; k++) s += a[i * N + k] * b[k * N + j];
          c[i * N + j] = s;
        }
      }
      return x * 31 + Double.doubleToLongBits(c[(int) Math.floorMod(x >>> 1, (long) (N * N))]);
    }
  }

  final class Sort implements CpuKernel {
    private final int[] data = new int[512];

    @Override
    public long step(long x) {
      long s = x | 1;
      for (int i = 0; i < data.length; i++) {
        s ^= s << 13;
        s ^= s >>> 7;
        s ^= s << 17;
        data[i] = (int) s;
      }
      Arrays.sort(data);
      return x * 31 + data[(int) ((x >>> 3) & 511)];
    }
  }
}
