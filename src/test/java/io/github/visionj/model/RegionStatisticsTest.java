package io.github.visionj.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.github.visionj.VisionJException;
import io.github.visionj.image.FloatTensor;

/**
 * Statistics gathered region by region over a plane, applied to each region, give the same values
 * as the steps applied to the whole plane at once.
 */
class RegionStatisticsTest {

	private static final List<AxisDescription> BCYX = List.of(axis("b", AxisKind.BATCH), axis("c", AxisKind.CHANNEL),
		axis("y", AxisKind.SPACE), axis("x", AxisKind.SPACE));
	private static final int C = 2, H = 90, W = 70;

	private static AxisDescription axis(String id, AxisKind kind) {
		return new AxisDescription(id, kind, new SizeRule.Any(), 0, List.of());
	}

	private interface Pixel {
		float value(Random random);
	}

	private static FloatTensor plane(long seed, Pixel pixel) {
		Random random = new Random(seed);
		float[] data = new float[C * H * W];
		for (int i = 0; i < data.length; i++)
			data[i] = pixel.value(random);
		return new FloatTensor(data, 1, C, H, W);
	}

	/** Rows y0..y1 and columns x0..x1 of every channel. */
	private static FloatTensor region(FloatTensor plane, int x0, int y0, int x1, int y1) {
		float[] out = new float[C * (y1 - y0) * (x1 - x0)];
		int i = 0;
		for (int c = 0; c < C; c++)
			for (int y = y0; y < y1; y++)
				for (int x = x0; x < x1; x++)
					out[i++] = plane.data()[(c * H + y) * W + x];
		return new FloatTensor(out, 1, C, y1 - y0, x1 - x0);
	}

	/** Cores of 32 px: a partition of the plane, with a last row and column of other sizes. */
	private static final int[] CUTS_X = { 0, 32, 64, W }, CUTS_Y = { 0, 32, 64, H };

	/**
	 * Gathers over the cores, then checks that each core (and one overlapping region) processed with
	 * them matches the whole, the statistics taken by another instance through Java serialisation
	 * (as a Spark executor takes the driver's).
	 */
	private static int assertSameAsWhole(List<ProcessingStep> steps, FloatTensor raw, double tolerance) {
		RegionStatistics statistics = new RegionStatistics(steps, BCYX, "raw");
		int passes = 0;
		while (!statistics.complete()) {
			RegionStatistics.Pass pass = statistics.pass();
			for (int j = 0; j + 1 < CUTS_Y.length; j++)
				for (int i = 0; i + 1 < CUTS_X.length; i++)
					pass.add(region(raw, CUTS_X[i], CUTS_Y[j], CUTS_X[i + 1], CUTS_Y[j + 1]));
			pass.finish();
			passes++;
		}
		RegionStatistics shipped = new RegionStatistics(steps, BCYX, "raw");
		assertEquals(steps.stream().noneMatch(s -> s instanceof StatisticSteps.Streamable), shipped.complete());
		shipped.restore(serialised(statistics.values()));
		assertTrue(shipped.complete());
		FloatTensor whole = new FloatTensor(raw.data().clone(), raw.shape());
		Processing.apply(steps, whole, BCYX, Map.of());
		for (int[] r : new int[][] { { 0, 0, 32, 32 }, { 20, 40, 70, 90 }, { 0, 0, W, H } }) {
			FloatTensor part = region(raw, r[0], r[1], r[2], r[3]);
			shipped.apply(part);
			float[] expected = region(whole, r[0], r[1], r[2], r[3]).data();
			if (tolerance == 0) assertArrayEquals(expected, part.data());
			else for (int k = 0; k < expected.length; k++)
				assertEquals(expected[k], part.data()[k], tolerance * Math.max(1, Math.abs(expected[k])), "value " + k);
		}
		return passes;
	}

	private static double[][][] serialised(double[][][] values) {
		try {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
				out.writeObject(values);
			}
			try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
				return (double[][][]) in.readObject();
			}
		}
		catch (IOException | ClassNotFoundException e) {
			throw new AssertionError(e);
		}
	}

	private static ProcessingStep scaleRange(List<String> axes) {
		return new StatisticSteps.ScaleRange(axes, 1, 99.8, 1e-6, null);
	}

	@Test
	void percentilesOf8BitPixelsTakeOnePassAndAreExact() {
		FloatTensor raw = plane(1, r -> r.nextInt(256));
		assertEquals(1, assertSameAsWhole(List.of(scaleRange(List.of("c", "y", "x"))), raw, 0));
		assertEquals(1, assertSameAsWhole(List.of(scaleRange(List.of("y", "x"))), raw, 0)); // per channel
	}

	@Test
	void percentilesOf16BitAndFloatPixelsAreExact() {
		assertEquals(2, assertSameAsWhole(List.of(scaleRange(null)), plane(2, r -> r.nextInt(65536)), 0));
		assertEquals(2, assertSameAsWhole(List.of(scaleRange(List.of("y", "x"))), plane(3, r -> (float) r.nextGaussian() * 1000), 0));
		// many equal values and both zeros
		assertSameAsWhole(List.of(scaleRange(null)), plane(4, r -> r.nextInt(3) == 0 ? -0f : r.nextInt(3) == 0 ? 0f : r.nextFloat()), 0);
	}

	@Test
	void meanAndDeviationMatchTheWholePlane() {
		FloatTensor raw = plane(5, r -> 100 + (float) r.nextGaussian() * 20);
		assertSameAsWhole(List.of(new StatisticSteps.ZeroMeanUnitVariance(List.of("y", "x"), 1e-6)), raw, 1e-5);
	}

	@Test
	void aStepAfterAnotherGathersOnItsResult() {
		// zero mean unit variance, then percentiles of the normalised values, then a fixed step
		FloatTensor raw = plane(6, r -> r.nextInt(4096));
		List<ProcessingStep> steps = List.of(new StatisticSteps.ZeroMeanUnitVariance(null, 1e-6), scaleRange(null),
			new ValueSteps.Clip(0, 1));
		assertTrue(assertSameAsWhole(steps, raw, 1e-5) >= 2);
	}

	@Test
	void statisticsPerRowOrFromAnotherTensorAreRefusedWithTheFix() {
		for (ProcessingStep step : List.<ProcessingStep>of(scaleRange(List.of("c", "y")),
			new StatisticSteps.ScaleRange(null, 1, 99, 1e-6, "other"))) {
			VisionJException e = assertThrows(VisionJException.class, () -> new RegionStatistics(List.of(step), BCYX, "raw"));
			assertTrue(e.getMessage().contains("crop the image"), e.getMessage());
		}
	}
}
