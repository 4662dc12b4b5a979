package io.github.visionj.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.visionj.VisionJException;
import io.github.visionj.decode.DecoderSettings;
import io.github.visionj.decode.Decoders;
import io.github.visionj.decode.InstanceDecoder;
import io.github.visionj.decode.SemanticDecoder;
import io.github.visionj.evaluate.InstanceMatching;
import io.github.visionj.evaluate.Scores;
import io.github.visionj.image.Axis;
import io.github.visionj.image.AxisImage;
import io.github.visionj.image.Calibration;
import io.github.visionj.image.FloatTensor;
import net.imglib2.img.array.ArrayImgs;

/** Instance segmentation through the "identity" model, whose output is its input: known objects in, known objects out. */
class SegmentationTest {

	private static final InstanceDecoder FOREGROUND = (InstanceDecoder) Decoders.byKey("foreground");
	private static final DecoderSettings SETTINGS = DecoderSettings.DEFAULTS.withMinSize(4);

	/** Disks of radius 6 painted into a label image and an image (1 inside, 0 outside). */
	private static int[] disks(float[] image, int width, int[][] centres) {
		int[] truth = new int[image.length];
		for (int k = 0; k < centres.length; k++)
			for (int i = 0; i < image.length; i++) {
				int dx = i % width - centres[k][0], dy = i / width - centres[k][1];
				if (dx * dx + dy * dy <= 36) {
					image[i] = 1;
					truth[i] = k + 1;
				}
			}
		return truth;
	}

	private static int[] labels(InstanceStack stack, int plane) {
		return stack.planes().get(plane).labels();
	}

	@Test
	void objectsOnTileBordersComeOutOnceAndWhole() {
		// 64-pixel tiles with a halo of 8 contribute 48 pixels each: inner borders at x, y = 48, 96, 144
		int[][] centres = { { 48, 48 }, { 96, 30 }, { 144, 100 }, { 20, 96 }, { 170, 130 }, { 47, 97 } };
		float[] image = new float[200 * 150];
		int[] truth = disks(image, 200, centres);
		AxisImage<?> input = TestModels.image(image, 200, 150);
		InstanceStack tiled = Segmentation.instances(TestModels.runner("identity", 64), input, FOREGROUND, SETTINGS, false, 0.5);
		InstanceStack whole = Segmentation.instances(TestModels.runner("identity", 0), input, FOREGROUND, SETTINGS, false, 0.5);
		assertEquals(centres.length, tiled.count());
		assertEquals(java.util.Arrays.toString(labels(whole, 0)), java.util.Arrays.toString(labels(tiled, 0)));
		Scores s = InstanceMatching.scores(truth, labels(tiled, 0), 200, 150, 0.95).get(0);
		assertEquals(centres.length, s.tp()); // every disk found whole (IoU >= 0.95), none split or doubled
		assertEquals(0, s.fp());
	}

	@Test
	void aMapOnACoarserGridIsInterpolatedToTheImageForSemanticSegmentation() {
		ModelRunner runner = TestModels.runner("tiny-grid", 0);
		AxisImage<?> image = TestModels.random(1, List.of(Axis.X, Axis.Y), 16, 12);
		FloatTensor maps = runner.maps(image, new Plane(0, 0), TestModels.CLASS_MAPS); // [2, 6, 8]
		int[] classes = Segmentation.semantic(runner, image, (SemanticDecoder) Decoders.byKey("class-argmax"), DecoderSettings.DEFAULTS)
			.get(0).result().classes();
		assertEquals(16 * 12, classes.length);
		for (int y = 0; y < 12; y++)
			for (int x = 0; x < 16; x++) {
				// plane pixel (x, y) lies at map pixel (x / 2, y / 2): on the grid it is that map pixel, between grid pixels their mean
				double[] v = new double[2];
				for (int c = 0; c < 2; c++)
					v[c] = bilinear(maps.data(), c, 6, 8, y / 2.0, x / 2.0);
				assertEquals(v[1] > v[0] ? 1 : 0, classes[y * 16 + x], "at " + x + ", " + y);
			}
	}

	private static double bilinear(float[] m, int c, int h, int w, double y, double x) {
		int y0 = (int) Math.min(y, h - 1), x0 = (int) Math.min(x, w - 1), y1 = Math.min(y0 + 1, h - 1), x1 = Math.min(x0 + 1, w - 1);
		double fy = Math.min(y, h - 1) - y0, fx = Math.min(x, w - 1) - x0;
		double top = m[(c * h + y0) * w + x0] * (1 - fx) + m[(c * h + y0) * w + x1] * fx;
		double bottom = m[(c * h + y1) * w + x0] * (1 - fx) + m[(c * h + y1) * w + x1] * fx;
		return top * (1 - fy) + bottom * fy;
	}

	@Test
	void anEmptyImageHasNoObjectsAndIsNoError() {
		InstanceStack stack = Segmentation.instances(TestModels.runner("identity", 0), TestModels.image(new float[64 * 48], 64, 48),
			FOREGROUND, SETTINGS, false, 0.5);
		assertEquals(0, stack.count());
		assertTrue(java.util.Arrays.stream(labels(stack, 0)).allMatch(v -> v == 0));
	}

	/**
	 * 100,000 objects in a stack of 10 planes: labels stay unique across the stack (beyond the
	 * 16-bit range) and memory holds the label planes, not every plane's network output.
	 */
	@Test
	void aStackOf100kObjectsKeepsMemoryBounded() {
		int w = 1000, h = 1000, planes = 10;
		float[] data = new float[w * h * planes];
		for (int p = 0; p < planes; p++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					if (x % 10 < 3 && y % 10 < 3) data[p * w * h + y * w + x] = 1; // 3x3 squares on a 10-pixel grid
		AxisImage<?> stack = new AxisImage<>(ArrayImgs.floats(data, w, h, planes), List.of(Axis.X, Axis.Y, Axis.Z), Calibration.NONE);
		Runtime rt = Runtime.getRuntime();
		System.gc();
		long before = rt.totalMemory() - rt.freeMemory();
		InstanceStack result = Segmentation.instances(TestModels.runner("identity", 0), stack, FOREGROUND, SETTINGS, false, 0.5);
		System.gc();
		long after = rt.totalMemory() - rt.freeMemory();
		assertEquals(100_000, result.count());
		assertEquals(100_000, java.util.Arrays.stream(labels(result, 9)).max().getAsInt());
		// the result itself: 10 label planes of 4 MB and 100k small records
		assertTrue(after - before < 120L << 20, "memory grew by " + ((after - before) >> 20) + " MB");
	}
}
