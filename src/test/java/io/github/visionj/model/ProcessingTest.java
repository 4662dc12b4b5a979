package io.github.visionj.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.visionj.VisionJException;
import io.github.visionj.image.FloatTensor;

/** Each operation on tiny tensors against values computed by hand (percentiles: by NumPy 2.4). */
class ProcessingTest {

	/** Axes b, c, y, x. */
	private static final List<AxisDescription> BCYX = List.of(axis("b", AxisKind.BATCH), axis("c", AxisKind.CHANNEL),
		axis("y", AxisKind.SPACE), axis("x", AxisKind.SPACE));

	private static AxisDescription axis(String id, AxisKind kind) {
		return new AxisDescription(id, kind, new SizeRule.Any(), 0, List.of());
	}

	/** A [1, 2, 2, 4] tensor: two channels of 2 × 4. */
	private static FloatTensor twoChannels() {
		return new FloatTensor(new float[] { 3, 9, 1, 7, 4, 4, 10, 2, -5, 0, 5, 100, 8, 6, 6, 1 }, 1, 2, 2, 4);
	}

	private static float[] apply(ProcessingStep step, FloatTensor t) {
		Processing.apply(List.of(step), t, BCYX, Map.of());
		return t.data();
	}

	private static void assertValues(double[] expected, float[] actual) {
		assertEquals(expected.length, actual.length);
		for (int i = 0; i < expected.length; i++)
			assertEquals(expected[i], actual[i], 1e-5 * Math.max(1, Math.abs(expected[i])), "value " + i);
	}

	@Test
	void zeroMeanUnitVariancePerChannel() {
		// channel 0: mean 5, population std sqrt(10); channel 1: mean 15.125
		FloatTensor t = new FloatTensor(new float[] { 1, 3, 7, 9, 0, 0, 0, 4 }, 1, 2, 2, 2);
		float[] out = apply(new StatisticSteps.ZeroMeanUnitVariance(List.of("x", "y"), 1e-6), t);
		double s0 = Math.sqrt(10), s1 = Math.sqrt(3);
		assertValues(new double[] { -4 / (s0 + 1e-6), -2 / (s0 + 1e-6), 2 / (s0 + 1e-6), 4 / (s0 + 1e-6), -1 / (s1 + 1e-6),
			-1 / (s1 + 1e-6), -1 / (s1 + 1e-6), 3 / (s1 + 1e-6) }, out);
	}

	@Test
	void zeroMeanUnitVarianceOverAllAxesWithEps() {
		float[] out = apply(new StatisticSteps.ZeroMeanUnitVariance(null, 0.5), new FloatTensor(new float[] { 1, 3 }, 1, 1, 1, 2));
		assertValues(new double[] { -1 / 1.5, 1 / 1.5 }, out);
	}

	@Test
	void fixedZeroMeanUnitVariancePerChannel() {
		FloatTensor t = new FloatTensor(new float[] { 1, 3, 10, 18 }, 1, 2, 1, 2);
		float[] out = apply(new ValueSteps.FixedZeroMeanUnitVariance(new AxisValues("c", new double[] { 1, 10 }),
			new AxisValues("c", new double[] { 2, 4 }), 0), t);
		assertValues(new double[] { 0, 1, 0, 2 }, out);
	}

	@Test
	void scaleRangeUsesNumpyLinearPercentilesPerChannel() {
		// numpy.percentile(channel, [10, 90.5]): channel 0 → 1.7, 9.335; channel 1 → -1.5, 38.82
		float[] out = apply(new StatisticSteps.ScaleRange(List.of("y", "x"), 10, 90.5, 1e-6, null), twoChannels());
		assertValues(new double[] { 0.17026848, 0.95612299, -0.09168303, 0.69417149, 0.30124423, 0.30124423, 1.08709874,
			0.03929273, -0.08680555, 0.03720238, 0.16121031, 2.51736105, 0.23561507, 0.1860119, 0.1860119, 0.06200397 }, out);
	}

	@Test
	void percentilesMatchNumpyAtTheEndsAndBetweenRanks() {
		Groups all = Groups.all(new long[] { 1, 2, 2, 4 });
		double[][] p = all.percentiles(twoChannels().data(), 0, 100, 33);
		// numpy.percentile(x, [0, 100, 33]) = [-5, 100, 2.95]
		assertEquals(-5, p[0][0]);
		assertEquals(100, p[1][0]);
		assertEquals(2.95, p[2][0], 1e-12);
	}

	@Test
	void scaleRangeTakesItsPercentilesFromTheReferenceTensor() {
		FloatTensor reference = new FloatTensor(new float[] { 0, 10 }, 1, 1, 1, 2);
		FloatTensor t = new FloatTensor(new float[] { 5, 20 }, 1, 1, 1, 2);
		Processing.apply(List.of(new StatisticSteps.ScaleRange(null, 0, 100, 0, "raw")), t, BCYX, Map.of("raw", reference));
		assertValues(new double[] { 0.5, 2 }, t.data());
	}

	@Test
	void scaleMeanVarianceMatchesTheReference() {
		FloatTensor reference = new FloatTensor(new float[] { 10, 14 }, 1, 1, 1, 2); // mean 12, std 2
		FloatTensor t = new FloatTensor(new float[] { 0, 1 }, 1, 1, 1, 2); // mean 0.5, std 0.5
		Processing.apply(List.of(new StatisticSteps.ScaleMeanVariance(null, "ref", 0)), t, BCYX, Map.of("ref", reference));
		assertValues(new double[] { 10, 14 }, t.data());
	}

	@Test
	void scaleLinearWithScalarsAndPerChannelValues() {
		assertValues(new double[] { 7, 9 }, apply(new ValueSteps.ScaleLinear(AxisValues.scalar(2), AxisValues.scalar(5)),
			new FloatTensor(new float[] { 1, 2 }, 1, 1, 1, 2)));
		assertValues(new double[] { 2, 4, 30, 40 }, apply(new ValueSteps.ScaleLinear(new AxisValues("c", new double[] { 2, 10 }),
			AxisValues.scalar(0)), new FloatTensor(new float[] { 1, 2, 3, 4 }, 1, 2, 1, 2)));
	}

	@Test
	void clipBinarizeAndSigmoid() {
		assertValues(new double[] { 0, 0.5, 1 }, apply(new ValueSteps.Clip(0, 1),
			new FloatTensor(new float[] { -3, 0.5f, 7 }, 1, 1, 1, 3)));
		assertValues(new double[] { -3, 0.5, 1 }, apply(new ValueSteps.Clip(Double.NEGATIVE_INFINITY, 1),
			new FloatTensor(new float[] { -3, 0.5f, 7 }, 1, 1, 1, 3)));
		// per channel thresholds 0.2 and 0.8; a value equal to the threshold is not above it
		assertValues(new double[] { 1, 0, 0, 1 }, apply(new ValueSteps.Binarize(new AxisValues("c", new double[] { 0.2, 0.8 })),
			new FloatTensor(new float[] { 0.5f, 0.2f, 0.5f, 0.9f }, 1, 2, 1, 2)));
		assertValues(new double[] { 0.5, 0.75, 0.25 }, apply(new ValueSteps.Sigmoid(),
			new FloatTensor(new float[] { 0, (float) Math.log(3), (float) -Math.log(3) }, 1, 1, 1, 3)));
	}

	@Test
	void softmaxAlongTheChannelAxis() {
		// pixel 0: channels (0, ln 3) → (0.25, 0.75); pixel 1: equal → (0.5, 0.5), even for large values
		float[] out = apply(new StatisticSteps.Softmax("c"),
			new FloatTensor(new float[] { 0, 1000, (float) Math.log(3), 1000 }, 1, 2, 1, 2));
		assertValues(new double[] { 0.25, 0.5, 0.75, 0.5 }, out);
	}

	@Test
	void ensureDtypeCastsLikeNumpy() {
		float[] values = { -1.7f, 2.7f, 300, Float.NaN, 0 };
		assertValues(new double[] { 0, 2, 255, 0, 0 }, apply(new ValueSteps.EnsureDtype("uint8"), tensor(values)));
		assertValues(new double[] { -1, 2, 127, 0, 0 }, apply(new ValueSteps.EnsureDtype("int8"), tensor(values)));
		assertValues(new double[] { 1, 1, 1, 1, 0 }, apply(new ValueSteps.EnsureDtype("bool"), tensor(values)));
		assertArrayEquals(values, apply(new ValueSteps.EnsureDtype("float32"), tensor(values)));
	}

	private static FloatTensor tensor(float[] values) {
		return new FloatTensor(values.clone(), 1, 1, 1, values.length);
	}

	@Test
	void aFailingStepLeavesTheTensorUnchanged() {
		FloatTensor t = twoChannels();
		float[] before = t.data().clone();
		List<ProcessingStep> steps = List.of(new ValueSteps.Sigmoid(), new StatisticSteps.ScaleRange(null, 1, 99, 1e-6, "raw"));
		VisionJException e = assertThrows(VisionJException.class, () -> Processing.apply(steps, t, BCYX, Map.of()));
		assertEquals("The processing step scale_range needs the tensor 'raw' but the sample has only []; fix the step's " +
			"reference_tensor in the model description.", e.getMessage());
		assertArrayEquals(before, t.data());
	}

	@Test
	void aPerChannelListOfTheWrongLength() {
		FloatTensor t = twoChannels();
		VisionJException e = assertThrows(VisionJException.class, () -> apply(new ValueSteps.ScaleLinear(
			new AxisValues("c", new double[] { 1, 2, 3 }), AxisValues.scalar(0)), t));
		assertEquals("The processing step scale_linear gives 3 values [1.0, 2.0, 3.0] along the axis 'c' but that axis has " +
			"2 entries; give one value per entry in the model description.", e.getMessage());
	}

	@Test
	void aStepOnAnAxisTheTensorLacks() {
		VisionJException e = assertThrows(VisionJException.class,
			() -> apply(new StatisticSteps.ZeroMeanUnitVariance(List.of("z"), 1e-6), twoChannels()));
		assertEquals("The processing step zero_mean_unit_variance names the axis 'z' but the tensor's axes are [b, c, y, x]; " +
			"fix the step's axes in the model description.", e.getMessage());
	}

	@Test
	void v04StepsAreReadWithModeAndPerChannelLists() {
		ModelDescription d = ModelDescription.load(ModelDescriptionTest.fixture("v04-parameterized"));
		List<ProcessingStep> pre = d.inputs().get(0).processing();
		List<AxisDescription> bczyx = d.inputs().get(0).axes();
		// channel 0: (x - 1.5) / 0.5 then scale_range then × 2 + 1; constant channels end at 1 (range 0 + eps)
		FloatTensor t = new FloatTensor(new float[] { 1.5f, 2, 2.5f, 4 }, 1, 2, 1, 1, 2);
		Processing.apply(List.of(pre.get(0)), t, bczyx, Map.of());
		assertValues(new double[] { 0, 1, 0, 1 }, t.data());
		Processing.apply(pre.subList(1, 3), t, bczyx, Map.of());
		// percentiles 1 and 99 of (0, 1): 0.01 and 0.99
		double low = (0 - 0.01) / (0.98 + 1e-6), high = (1 - 0.01) / (0.98 + 1e-6);
		assertValues(new double[] { 2 * low + 1, 2 * high + 1, 3 * low + 1, 3 * high + 1 }, t.data());
	}
}
