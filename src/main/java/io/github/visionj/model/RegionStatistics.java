package io.github.visionj.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.github.visionj.VisionJException;
import io.github.visionj.image.FloatTensor;

/**
 * One input's preprocessing for a plane too large to hold: the statistics its steps need
 * (percentiles, mean and standard deviation) are gathered over the whole plane in passes over
 * its regions, then every region is processed with them as fixed values, so a region comes out as
 * the same rectangle of the whole plane processed at once.
 * <p>
 * The values are exact: a mean and deviation from double sums merged region by region (equal to
 * the whole-plane values up to the order of summation); a percentile from a histogram of the
 * 32 bits of each float value, taken as its upper 16 bits first and, only for a bin that holds more
 * than one distinct value, its lower 16 bits in a second pass: the values at the percentile's two
 * ranks are the very values a sort would give. 8-bit images need one pass per step; 16-bit and
 * float images at most two.
 */
public final class RegionStatistics {

	private final List<ProcessingStep> steps;
	private final List<AxisDescription> axes;
	/** Per step: its statistics once gathered; null until then and for steps that need none. */
	private final double[][][] fixed;
	/** A percentile step's first pass, kept when its second pass is still to come. */
	private Histogram upper;

	/**
	 * @param tensorId the input's id, for the message when a step cannot be gathered region by region
	 */
	public RegionStatistics(List<ProcessingStep> steps, List<AxisDescription> axes, String tensorId) {
		this.steps = List.copyOf(steps);
		this.axes = List.copyOf(axes);
		fixed = new double[steps.size()][][];
		for (ProcessingStep step : steps) {
			String problem = null;
			if (step instanceof StatisticSteps.Streamable s) {
				boolean[] reduced = Processing.reduced(axes, s.axes(), step.id());
				if (s.referenceTensor() != null) problem = "takes its statistics from another tensor";
				else if (!reduced[index("x")] || !reduced[index("y")]) problem = "computes statistics per row or column";
			}
			else if (step instanceof StatisticSteps.ScaleMeanVariance) problem = "takes its statistics from another tensor";
			else if (step instanceof StatisticSteps.Softmax sm && (sm.axis().equals("x") || sm.axis().equals("y")))
				problem = "normalises along " + sm.axis();
			if (problem != null) throw new VisionJException("The preprocessing step " + step.id() + " of input '" + tensorId +
				"' " + problem + ", which VisionJ computes only on a whole plane, but this plane is processed in blocks; " +
				"crop the image or give ImageJ more memory so the plane fits in one block.");
		}
	}

	private int index(String axisId) {
		for (int d = 0; d < axes.size(); d++)
			if (axes.get(d).id().equals(axisId)) return d;
		throw new IllegalArgumentException("no axis " + axisId + " in " + axes);
	}

	/** Whether every statistic is gathered, so {@link #apply} can run. */
	public boolean complete() {
		return next() < 0;
	}

	/** The first step whose statistics are still missing, or -1. */
	private int next() {
		for (int s = 0; s < steps.size(); s++)
			if (steps.get(s) instanceof StatisticSteps.Streamable && fixed[s] == null) return s;
		return -1;
	}

	/** A pass over all regions of the plane that gathers (part of) the next missing statistics. */
	public Pass pass() {
		int s = next();
		if (s < 0) throw new IllegalStateException("every statistic is gathered");
		return new Pass(s);
	}

	/** The gathered statistics, for {@link #restore} in another process (a Spark executor). */
	public double[][][] values() {
		if (!complete()) throw new IllegalStateException("statistics still missing");
		return fixed.clone();
	}

	/** Takes statistics gathered by {@link #values} of the same steps elsewhere. */
	public void restore(double[][][] values) {
		if (values.length != fixed.length) throw new IllegalArgumentException(values.length + " steps, not " + fixed.length);
		System.arraycopy(values, 0, fixed, 0, fixed.length);
	}

	/** Applies every step in place to a region's raw values, with the gathered statistics. */
	public void apply(FloatTensor region) {
		if (!complete()) throw new IllegalStateException("statistics still missing");
		applyUpTo(steps.size(), region);
	}

	private void applyUpTo(int end, FloatTensor region) {
		for (int s = 0; s < end; s++) {
			ProcessingStep step = steps.get(s);
			step.check(region.shape(), axes, java.util.Map.of());
			if (step instanceof StatisticSteps.Streamable streamed) streamed.applyWith(region, axes, fixed[s]);
			else step.apply(region, axes, java.util.Map.of());
		}
	}

	/** One pass over the regions of a plane: hand it every region once (a partition of the plane), then {@link #finish}. */
	public final class Pass {

		private final int step;
		private final StatisticSteps.Streamable streamed;
		private Groups groups;
		private Moments moments;
		private Histogram histogram;

		private Pass(int step) {
			this.step = step;
			streamed = (StatisticSteps.Streamable) steps.get(step);
		}

		/** Adds a region's raw values; they are changed in place by the steps before this one. */
		public void add(FloatTensor raw) {
			applyUpTo(step, raw);
			groups = Groups.reducing(raw.shape(), Processing.reduced(axes, streamed.axes(), streamed.id()));
			if (!streamed.percentiles()) {
				if (moments == null) moments = new Moments(groups.count);
				moments.add(groups, raw.data());
			}
			else if (upper == null) {
				if (histogram == null) histogram = new Histogram(groups.count);
				histogram.add(groups, raw.data());
			}
			else upper.addLower(groups, raw.data());
		}

		/** Ends the pass: the step's statistics are fixed, or a second pass is needed ({@link #complete()} says). */
		public void finish() {
			if (groups == null) throw new IllegalStateException("no region was added");
			if (!streamed.percentiles()) fixed[step] = moments.meanAndStd();
			else {
				StatisticSteps.ScaleRange range = (StatisticSteps.ScaleRange) streamed;
				double[] percents = { range.minPercentile(), range.maxPercentile() };
				if (upper == null) {
					upper = histogram;
					if (upper.needsLowerPass(percents)) return;
				}
				fixed[step] = upper.values(percents);
				upper = null;
			}
		}
	}

	/** Per group: count, mean and sum of squared deviations, merged region by region (Chan et al.). */
	private static final class Moments {

		private final long[] n;
		private final double[] mean, m2;

		Moments(int groups) {
			n = new long[groups];
			mean = new double[groups];
			m2 = new double[groups];
		}

		void add(Groups groups, float[] data) {
			int count = groups.count;
			long[] bn = new long[count];
			double[] sum = new double[count], squares = new double[count];
			for (int i = 0; i < data.length; i++) {
				int g = groups.of(i);
				bn[g]++;
				sum[g] += data[i];
			}
			double[] bmean = new double[count];
			for (int g = 0; g < count; g++)
				bmean[g] = sum[g] / bn[g];
			for (int i = 0; i < data.length; i++) {
				int g = groups.of(i);
				double d = data[i] - bmean[g];
				squares[g] += d * d;
			}
			for (int g = 0; g < count; g++) {
				long total = n[g] + bn[g];
				double delta = bmean[g] - mean[g];
				mean[g] += delta * bn[g] / total;
				m2[g] += squares[g] + delta * delta * n[g] * bn[g] / total;
				n[g] = total;
			}
		}

		double[][] meanAndStd() {
			double[] std = new double[n.length];
			for (int g = 0; g < n.length; g++)
				std[g] = Math.sqrt(m2[g] / n[g]);
			return new double[][] { mean.clone(), std };
		}
	}

	/**
	 * Per group, how many values fall in each of 65536 bins of their sortable bits' upper half, with
	 * the least and greatest value of each bin; then, for the bins where a percentile's rank falls
	 * and that hold more than one value, the counts of their lower halves.
	 */
	private static final class Histogram {

		private static final int BINS = 1 << 16;
		private final long[][] counts;
		/** Per group and bin: the least and greatest lower half of the keys in it. */
		private final int[][] min, max;
		private final long[] n;
		/** Per group: the upper bins needing their lower halves counted, and those counts. */
		private final List<List<Integer>> refine = new ArrayList<>();
		private final List<List<long[]>> lower = new ArrayList<>();

		Histogram(int groups) {
			counts = new long[groups][BINS];
			min = new int[groups][BINS];
			max = new int[groups][BINS];
			n = new long[groups];
			for (int g = 0; g < groups; g++) {
				Arrays.fill(min[g], BINS);
				Arrays.fill(max[g], -1);
				refine.add(new ArrayList<>());
				lower.add(new ArrayList<>());
			}
		}

		/** A float's bits as an unsigned int in the order of the floats (-0 before 0, as Arrays.sort). */
		private static int key(float v) {
			int b = Float.floatToRawIntBits(v);
			return b ^ ((b >> 31) | 0x80000000);
		}

		private static float value(int key) {
			return Float.intBitsToFloat(key < 0 ? key ^ 0x80000000 : ~key);
		}

		void add(Groups groups, float[] data) {
			for (int i = 0; i < data.length; i++) {
				int g = groups.of(i), k = key(data[i]), bin = k >>> 16, low = k & 0xFFFF;
				counts[g][bin]++;
				n[g]++;
				min[g][bin] = Math.min(min[g][bin], low);
				max[g][bin] = Math.max(max[g][bin], low);
			}
		}

		/** The ranks (0-based, in sorted order) whose values a percentile interpolates between. */
		private long[] ranks(int g, double percent) {
			double index = percent / 100 * (n[g] - 1);
			long below = (long) Math.floor(index);
			return new long[] { below, Math.min(below + 1, n[g] - 1) };
		}

		/** The upper bin holding rank r of group g, and the rank within it. */
		private long[] binOf(int g, long r) {
			long before = 0;
			for (int bin = 0; bin < BINS; bin++) {
				if (r < before + counts[g][bin]) return new long[] { bin, r - before };
				before += counts[g][bin];
			}
			throw new IllegalStateException("rank " + r + " beyond " + before);
		}

		/** Notes the bins whose lower halves a second pass must count; false when none. */
		boolean needsLowerPass(double[] percents) {
			boolean needed = false;
			for (int g = 0; g < n.length; g++)
				for (double p : percents)
					for (long r : ranks(g, p)) {
						int bin = (int) binOf(g, r)[0];
						if (min[g][bin] != max[g][bin] && !refine.get(g).contains(bin)) {
							refine.get(g).add(bin);
							lower.get(g).add(new long[BINS]);
							needed = true;
						}
					}
			return needed;
		}

		void addLower(Groups groups, float[] data) {
			for (int i = 0; i < data.length; i++) {
				int g = groups.of(i), k = key(data[i]);
				int at = refine.get(g).indexOf(k >>> 16);
				if (at >= 0) lower.get(g).get(at)[k & 0xFFFF]++;
			}
		}

		private float valueAt(int g, long r) {
			long[] bin = binOf(g, r);
			int at = refine.get(g).indexOf((int) bin[0]);
			if (at < 0) return value(((int) bin[0] << 16) | min[g][(int) bin[0]]);
			long[] low = lower.get(g).get(at);
			long before = 0;
			for (int l = 0; l < BINS; l++) {
				if (bin[1] < before + low[l]) return value(((int) bin[0] << 16) | l);
				before += low[l];
			}
			throw new IllegalStateException("rank " + r + " beyond the bin");
		}

		/** Per percentile and group: the value, interpolated between ranks as {@link Groups#percentiles}. */
		double[][] values(double[] percents) {
			double[][] out = new double[percents.length][n.length];
			for (int p = 0; p < percents.length; p++)
				for (int g = 0; g < n.length; g++) {
					long[] r = ranks(g, percents[p]);
					double index = percents[p] / 100 * (n[g] - 1);
					out[p][g] = Groups.lerp(valueAt(g, r[0]), valueAt(g, r[1]), index - r[0]);
				}
			return out;
		}
	}
}
