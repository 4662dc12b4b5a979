package io.github.visionj.model;

import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

import io.github.visionj.image.FloatTensor;

/** Steps that change each value on its own, with fixed arguments (possibly one per channel). */
final class ValueSteps {

	private ValueSteps() {}

	private static void map(FloatTensor tensor, DoubleUnaryOperator f) {
		float[] data = tensor.data();
		for (int i = 0; i < data.length; i++)
			data[i] = (float) f.applyAsDouble(data[i]);
	}

	/** x → f(x, a, b), with a and b the values of two per-axis lists that hold at each element. */
	private interface WithTwoValues {
		double apply(double x, double a, double b);
	}

	private static void mapWith(FloatTensor tensor, List<AxisDescription> axes, String id, AxisValues a, AxisValues b,
		WithTwoValues f)
	{
		Groups groupsA = a.groups(tensor.shape(), axes, id), groupsB = b.groups(tensor.shape(), axes, id);
		float[] data = tensor.data();
		for (int i = 0; i < data.length; i++)
			data[i] = (float) f.apply(data[i], a.at(groupsA.of(i)), b.at(groupsB.of(i)));
	}

	private static void checkBoth(long[] shape, List<AxisDescription> axes, String id, AxisValues a, AxisValues b) {
		a.groups(shape, axes, id);
		b.groups(shape, axes, id);
	}

	/** {@code 1 / (1 + e^-x)}. */
	record Sigmoid() implements ProcessingStep {

		@Override
		public String id() {
			return "sigmoid";
		}

		@Override
		public void apply(FloatTensor tensor, List<AxisDescription> axes, Map<String, FloatTensor> sampleTensors) {
			map(tensor, x -> 1 / (1 + Math.exp(-x)));
		}
	}

	/** Values below {@code min} become min, above {@code max} become max (±∞ when not given). */
	record Clip(double min, double max) implements ProcessingStep {

		@Override
		public String id() {
			return "clip";
		}

		@Override
		public void apply(FloatTensor tensor, List<AxisDescription> axes, Map<String, FloatTensor> sampleTensors) {
			map(tensor, x -> Math.min(max, Math.max(min, x)));
		}
	}

	/** 1 where the value is above the threshold, else 0. */
	record Binarize(AxisValues threshold) implements ProcessingStep {

		@Override
		public String id() {
			return "binarize";
		}

		@Override
		public void check(long[] shape, List<AxisDescription> axes, Map<String, FloatTensor> sampleTensors) {
			threshold.groups(shape, axes, id());
		}

		@Override
		public void apply(FloatTensor tensor, List<AxisDescription> axes, Map<String, FloatTensor> sampleTensors) {
			// compared in float32, as NumPy compares a float32 tensor with a Python number
			threshold.groups(tensor.shape(), axes, id()).map(tensor, (x, g) -> x > (float) threshold.at(g) ? 1 : 0);
		}
	}

	/** {@code x * gain + offset}. */
	record ScaleLinear(AxisValues gain, AxisValues offset) implements ProcessingStep {

		@Override
		public String id() {
			return "scale_linear";
		}

		@Override
		public void check(long[] shape, List<AxisDescription> axes, Map<String, FloatTensor> sampleTensors) {
			checkBoth(shape, axes, id(), gain, offset);
		}

		@Override
		public void apply(FloatTensor tensor, List<AxisDescription> axes, Map<String, FloatTensor> sampleTensors) {
			mapWith(tensor, axes, id(), gain, offset, (x, g, o) -> x * g + o);
		}
	}

	/** {@code (x - mean) / (std + eps)} with given mean and std. */
	record FixedZeroMeanUnitVariance(AxisValues mean, AxisValues std, double eps) implements ProcessingStep {

		@Override
		public String id() {
			return "fixed_zero_mean_unit_variance";
		}

		@Override
		public void check(long[] shape, List<AxisDescription> axes, Map<String, FloatTensor> sampleTensors) {
			checkBoth(shape, axes, id(), mean, std);
		}

		@Override
		public void apply(FloatTensor tensor, List<AxisDescription> axes, Map<String, FloatTensor> sampleTensors) {
			mapWith(tensor, axes, id(), mean, std, (x, m, sd) -> (x - m) / (sd + eps));
		}
	}

	/**
	 * A cast as NumPy's {@code astype} does it: floats stay as they are; integer types truncate
	 * towards zero and, where NumPy's result is undefined, clamp to the type's range (NaN becomes 0);
	 * bool maps every non-zero value to 1.
	 */
	record EnsureDtype(String dtype) implements ProcessingStep {

		static final List<String> TYPES = List.of("float32", "float64", "bool", "int8", "uint8", "int16", "uint16",
			"int32", "uint32", "int64", "uint64");

		@Override
		public String id() {
			return "ensure_dtype";
		}

		@Override
		public void apply(FloatTensor tensor, List<AxisDescription> axes, Map<String, FloatTensor> sampleTensors) {
			switch (dtype) {
				case "float32", "float64" -> {}
				case "bool" -> map(tensor, x -> x != 0 ? 1 : 0);
				default -> {
					double[] range = integerRange();
					map(tensor, x -> Double.isNaN(x) ? 0 : Math.min(range[1], Math.max(range[0], x < 0 ? Math.ceil(x) : Math.floor(x))));
				}
			}
		}

		private double[] integerRange() {
			boolean unsigned = dtype.startsWith("u");
			int bits = Integer.parseInt(dtype.substring(unsigned ? 4 : 3));
			return unsigned ? new double[] { 0, Math.pow(2, bits) - 1 }
				: new double[] { -Math.pow(2, bits - 1), Math.pow(2, bits - 1) - 1 };
		}
	}
}
