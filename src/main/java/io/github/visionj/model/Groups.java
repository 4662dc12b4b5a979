package io.github.visionj.model;

import java.util.Arrays;

import io.github.visionj.image.FloatTensor;

/**
 * Splits the elements of a tensor into groups that share their position along the kept axes:
 * the statistics of a normalisation are computed over the other (reduced) axes, once per group.
 * Reducing over all axes gives one group; keeping only the channel axis gives one group per channel.
 */
final class Groups {

	final int count;
	private final long[] shape;
	private final long[] groupStrides;

	private Groups(long[] shape, boolean[] reduced) {
		this.shape = shape.clone();
		groupStrides = new long[shape.length];
		long stride = 1;
		for (int d = shape.length - 1; d >= 0; d--) {
			if (reduced[d]) continue;
			groupStrides[d] = stride;
			stride *= shape[d];
		}
		count = (int) stride;
	}

	static Groups reducing(long[] shape, boolean[] reduced) {
		return new Groups(shape, reduced);
	}

	/** One group per position along {@code axis}. */
	static Groups along(long[] shape, int axis) {
		boolean[] reduced = new boolean[shape.length];
		Arrays.fill(reduced, true);
		reduced[axis] = false;
		return new Groups(shape, reduced);
	}

	/** All elements in one group. */
	static Groups all(long[] shape) {
		boolean[] reduced = new boolean[shape.length];
		Arrays.fill(reduced, true);
		return new Groups(shape, reduced);
	}

	/** The group of the element at this flat (C order) index. */
	int of(int flat) {
		long rest = flat;
		long group = 0;
		for (int d = shape.length - 1; d >= 0; d--) {
			group += (rest % shape[d]) * groupStrides[d];
			rest /= shape[d];
		}
		return (int) group;
	}

	/** {@code value -> f(value, group)}. */
	interface GroupFunction {
		double apply(double value, int group);
	}

	/** Replaces each value of the tensor (whose shape these groups were made for) by {@code f(value, its group)}. */
	void map(FloatTensor tensor, GroupFunction f) {
		float[] data = tensor.data();
		for (int i = 0; i < data.length; i++)
			data[i] = (float) f.apply(data[i], of(i));
	}

	/** Per group: {mean, standard deviation}, the population (not sample) deviation, as NumPy's default. */
	double[][] meanAndStd(float[] data) {
		double[] sum = new double[count];
		long[] n = new long[count];
		for (int i = 0; i < data.length; i++) {
			int g = of(i);
			sum[g] += data[i];
			n[g]++;
		}
		double[] mean = new double[count];
		for (int g = 0; g < count; g++)
			mean[g] = sum[g] / n[g];
		double[] squares = new double[count];
		for (int i = 0; i < data.length; i++) {
			int g = of(i);
			double d = data[i] - mean[g];
			squares[g] += d * d;
		}
		double[] std = new double[count];
		for (int g = 0; g < count; g++)
			std[g] = Math.sqrt(squares[g] / n[g]);
		return new double[][] { mean, std };
	}

	/**
	 * Per group, the values at the given percentiles (0..100), interpolated linearly between the
	 * two nearest ranks like {@code numpy.percentile(method="linear")}.
	 */
	double[][] percentiles(float[] data, double... percents) {
		int[] sizes = new int[count];
		for (int i = 0; i < data.length; i++)
			sizes[of(i)]++;
		float[][] values = new float[count][];
		for (int g = 0; g < count; g++)
			values[g] = new float[sizes[g]];
		int[] filled = new int[count];
		for (int i = 0; i < data.length; i++) {
			int g = of(i);
			values[g][filled[g]++] = data[i];
		}
		double[][] out = new double[percents.length][count];
		for (int g = 0; g < count; g++) {
			Arrays.sort(values[g]);
			for (int p = 0; p < percents.length; p++)
				out[p][g] = interpolate(values[g], percents[p] / 100);
		}
		return out;
	}

	private static double interpolate(float[] sorted, double q) {
		double index = q * (sorted.length - 1);
		int below = (int) Math.floor(index);
		int above = Math.min(below + 1, sorted.length - 1);
		return lerp(sorted[below], sorted[above], index - below);
	}

	/** NumPy's _lerp: interpolates from the nearer end, so t = 1 gives b exactly. */
	static double lerp(double a, double b, double t) {
		return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
	}
}
