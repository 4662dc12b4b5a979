package io.github.visionj.model;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.github.visionj.VisionJException;
import io.github.visionj.image.FloatTensor;

/**
 * Steps that first compute statistics of a tensor (over the axes the step names, all axes when
 * it names none) and then change each value with them.
 */
final class StatisticSteps {

	private StatisticSteps() {}

	/**
	 * A step whose statistics can also be gathered region by region over a whole plane
	 * ({@link RegionStatistics}) and then applied to each region as fixed values.
	 */
	sealed interface Streamable extends ProcessingStep permits ZeroMeanUnitVariance, ScaleRange {

		/** The axes the statistics are computed over (null: all). */
		List<String> axes();

		/** The tensor whose statistics the step reads, when not the step's own. */
		String referenceTensor();

		/** Which statistics: {mean, std} or {lower, upper} values, per group. */
		boolean percentiles();

		/** Applies the step in place with these statistics, as {@link #apply} computes them. */
		void applyWith(FloatTensor tensor, List<AxisDescription> tensorAxes, double[][] stats);
	}

	/** {@code (x - mean) / (std + eps)}, mean and std of the sample itself. */
	record ZeroMeanUnitVariance(List<String> axes, double eps) implements Streamable {

		@Override
		public String id() {
			return "zero_mean_unit_variance";
		}

		@Override
		public void check(long[] shape, List<AxisDescription> tensorAxes, Map<String, FloatTensor> sampleTensors) {
			Processing.reduced(tensorAxes, axes, id());
		}

		@Override
		public void apply(FloatTensor tensor, List<AxisDescription> tensorAxes, Map<String, FloatTensor> sampleTensors) {
			Groups groups = Groups.reducing(tensor.shape(), Processing.reduced(tensorAxes, axes, id()));
			applyWith(tensor, tensorAxes, groups.meanAndStd(tensor.data()));
		}

		@Override
		public String referenceTensor() {
			return null;
		}

		@Override
		public boolean percentiles() {
			return false;
		}

		@Override
		public void applyWith(FloatTensor tensor, List<AxisDescription> tensorAxes, double[][] stats) {
			Groups.reducing(tensor.shape(), Processing.reduced(tensorAxes, axes, id()))
				.map(tensor, (x, g) -> (x - stats[0][g]) / (stats[1][g] + eps));
		}
	}

	/**
	 * {@code (x - lower) / (upper - lower + eps)} with the values at the lower and upper percentiles of
	 * the reference tensor (the tensor itself when null).
	 */
	record ScaleRange(List<String> axes, double minPercentile, double maxPercentile, double eps,
		String referenceTensor) implements Streamable
	{

		@Override
		public String id() {
			return "scale_range";
		}

		@Override
		public void check(long[] shape, List<AxisDescription> tensorAxes, Map<String, FloatTensor> sampleTensors) {
			statisticGroups(this, shape, tensorAxes, axes, referenceTensor, sampleTensors);
		}

		@Override
		public void apply(FloatTensor tensor, List<AxisDescription> tensorAxes, Map<String, FloatTensor> sampleTensors) {
			FloatTensor source = referenceTensor == null ? tensor
				: Processing.reference(sampleTensors, referenceTensor, id());
			applyWith(tensor, tensorAxes, statisticGroups(this, tensor.shape(), tensorAxes, axes, referenceTensor, sampleTensors)
				.percentiles(source.data(), minPercentile, maxPercentile));
		}

		@Override
		public boolean percentiles() {
			return true;
		}

		@Override
		public void applyWith(FloatTensor tensor, List<AxisDescription> tensorAxes, double[][] p) {
			Groups.reducing(tensor.shape(), Processing.reduced(tensorAxes, axes, id()))
				.map(tensor, (x, g) -> (x - p[0][g]) / (p[1][g] - p[0][g] + eps));
		}
	}

	/** {@code (x - mean) / (std + eps) * (refStd + eps) + refMean}: gives the tensor the reference tensor's mean and std. */
	record ScaleMeanVariance(List<String> axes, String referenceTensor, double eps) implements ProcessingStep {

		@Override
		public String id() {
			return "scale_mean_variance";
		}

		@Override
		public void check(long[] shape, List<AxisDescription> tensorAxes, Map<String, FloatTensor> sampleTensors) {
			statisticGroups(this, shape, tensorAxes, axes, referenceTensor, sampleTensors);
		}

		@Override
		public void apply(FloatTensor tensor, List<AxisDescription> tensorAxes, Map<String, FloatTensor> sampleTensors) {
			Groups groups = Groups.reducing(tensor.shape(), Processing.reduced(tensorAxes, axes, id()));
			double[][] own = groups.meanAndStd(tensor.data());
			double[][] ref = statisticGroups(this, tensor.shape(), tensorAxes, axes, referenceTensor, sampleTensors)
				.meanAndStd(Processing.reference(sampleTensors, referenceTensor, id()).data());
			groups.map(tensor, (x, g) -> (x - own[0][g]) / (own[1][g] + eps) * (ref[1][g] + eps) + ref[0][g]);
		}
	}

	/** {@code e^x / Σ e^x} along one axis (the channel axis by default). */
	record Softmax(String axis) implements ProcessingStep {

		@Override
		public String id() {
			return "softmax";
		}

		@Override
		public void check(long[] shape, List<AxisDescription> tensorAxes, Map<String, FloatTensor> sampleTensors) {
			Processing.axisIndex(tensorAxes, axis, id());
		}

		@Override
		public void apply(FloatTensor tensor, List<AxisDescription> tensorAxes, Map<String, FloatTensor> sampleTensors) {
			boolean[] reduced = new boolean[tensorAxes.size()];
			reduced[Processing.axisIndex(tensorAxes, axis, id())] = true;
			Groups groups = Groups.reducing(tensor.shape(), reduced);
			float[] data = tensor.data();
			double[] max = new double[groups.count];
			Arrays.fill(max, Double.NEGATIVE_INFINITY);
			for (int i = 0; i < data.length; i++)
				max[groups.of(i)] = Math.max(max[groups.of(i)], data[i]);
			double[] sum = new double[groups.count];
			for (int i = 0; i < data.length; i++)
				sum[groups.of(i)] += Math.exp(data[i] - max[groups.of(i)]);
			groups.map(tensor, (x, g) -> Math.exp(x - max[g]) / sum[g]);
		}
	}

	/**
	 * The groups of the tensor whose statistics a step uses: those of the reference tensor when there is
	 * one, which must have the same rank and the same extent along the kept axes.
	 */
	private static Groups statisticGroups(ProcessingStep step, long[] shape, List<AxisDescription> tensorAxes,
		List<String> axes, String referenceTensor, Map<String, FloatTensor> sampleTensors)
	{
		boolean[] reduced = Processing.reduced(tensorAxes, axes, step.id());
		if (referenceTensor == null) return Groups.reducing(shape, reduced);
		long[] refShape = Processing.reference(sampleTensors, referenceTensor, step.id()).shape();
		boolean compatible = refShape.length == shape.length;
		for (int d = 0; compatible && d < shape.length; d++)
			compatible = reduced[d] || refShape[d] == shape[d];
		if (!compatible) throw new VisionJException("The processing step " + step.id() + " takes its statistics from '" +
			referenceTensor + "' of shape " + Arrays.toString(refShape) + ", which does not match this tensor's shape " +
			Arrays.toString(shape) + " along the axes it keeps; fix the step's axes in the model description.");
		return Groups.reducing(refShape, reduced);
	}
}
