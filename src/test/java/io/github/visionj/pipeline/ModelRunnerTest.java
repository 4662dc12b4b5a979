package io.github.visionj.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.visionj.VisionJException;
import io.github.visionj.image.Axis;
import io.github.visionj.image.AxisImage;
import io.github.visionj.image.FloatTensor;
import io.github.visionj.model.Npy;
import net.imglib2.type.numeric.real.FloatType;

class ModelRunnerTest {

	private static final List<Axis> XY = List.of(Axis.X, Axis.Y);

	@Test
	void tiledAndUntiledPredictionsAgree() {
		AxisImage<FloatType> image = TestModels.random(1, XY, 70, 45);
		FloatTensor whole = TestModels.runner("tiny-conv", 0).maps(image, new Plane(0, 0), TestModels.CLASS_MAPS);
		List<Long> tiles = new ArrayList<>();
		Progress counting = TestModels.reporting((stage, done, total) -> tiles.add(total));
		FloatTensor tiled = new ModelRunner(TestModels.load("tiny-conv"), new RunOptions(16, false, counting))
			.maps(image, new Plane(0, 0), TestModels.CLASS_MAPS);
		assertArrayEquals(new long[] { 2, 45, 70 }, tiled.shape());
		assertEquals(9 * 6, tiles.get(0)); // 16-pixel tiles with a halo of 4 step by 8: ceil(70/8) x ceil(45/8)
		assertArrayEquals(whole.data(), tiled.data(), 1e-4f);

		AxisImage<FloatType> larger = TestModels.random(9, XY, 300, 260);
		assertArrayEquals(TestModels.runner("tiny-conv", 0).maps(larger, new Plane(0, 0), TestModels.CLASS_MAPS).data(),
			TestModels.runner("tiny-conv", 128).maps(larger, new Plane(0, 0), TestModels.CLASS_MAPS).data(), 1e-4f);
	}

	/**
	 * tiny-grid outputs a value per 2x2 input pixels. Its tiles start on even pixels, so tiled and
	 * untiled outputs agree; an odd-sized plane is padded to even size and its output rounded up.
	 */
	@Test
	void outputsOnACoarserGridAreTiledExactly() throws Exception {
		ModelRunner whole = TestModels.runner("tiny-grid", 0);
		assertEquals(2, whole.grid());
		AxisImage<FloatType> image = TestModels.random(3, XY, 37, 29);
		FloatTensor untiled = whole.maps(image, new Plane(0, 0), TestModels.CLASS_MAPS);
		FloatTensor tiled = TestModels.runner("tiny-grid", 16).maps(image, new Plane(0, 0), TestModels.CLASS_MAPS);
		assertArrayEquals(new long[] { 2, 15, 19 }, tiled.shape());
		assertArrayEquals(untiled.data(), tiled.data(), 1e-5f);

		FloatTensor in = Npy.read(java.nio.file.Path.of("src/test/resources/models/tiny-grid/test_input.npy"));
		FloatTensor ref = Npy.read(java.nio.file.Path.of("src/test/resources/models/tiny-grid/test_output.npy"));
		FloatTensor maps = whole.maps(TestModels.image(in.data(), (int) in.dim(3), (int) in.dim(2)), new Plane(0, 0),
			TestModels.CLASS_MAPS);
		assertArrayEquals(new long[] { 2, 12, 16 }, maps.shape());
		assertArrayEquals(ref.data(), maps.data(), 1e-5f);
		assertEquals(1, TestModels.runner("tiny-conv", 0).grid());
	}

	@Test
	void anUntiledRunReproducesTheModelsTestOutput() throws Exception {
		FloatTensor in = Npy.read(java.nio.file.Path.of("src/test/resources/models/tiny-conv/test_input.npy"));
		FloatTensor ref = Npy.read(java.nio.file.Path.of("src/test/resources/models/tiny-conv/test_output.npy"));
		int h = (int) in.dim(2), w = (int) in.dim(3);
		FloatTensor maps = TestModels.runner("tiny-conv", 0).maps(TestModels.image(in.data(), w, h), new Plane(0, 0),
			TestModels.CLASS_MAPS);
		assertArrayEquals(new long[] { 2, h, w }, maps.shape());
		assertArrayEquals(ref.data(), maps.data(), 1e-5f);
	}

	@Test
	void volumesGoThroughA3dModelIn3dTiles() {
		AxisImage<FloatType> image = TestModels.random(2, List.of(Axis.X, Axis.Y, Axis.Z), 30, 25, 12);
		ModelRunner whole = TestModels.runner("tiny-3d", 0);
		assertEquals(List.of(new Plane(Plane.ALL, 0)), whole.planes(image));
		FloatTensor a = whole.maps(image, new Plane(Plane.ALL, 0), TestModels.CLASS_MAPS);
		FloatTensor b = TestModels.runner("tiny-3d", 9).maps(image, new Plane(Plane.ALL, 0), TestModels.CLASS_MAPS);
		assertArrayEquals(new long[] { 1, 12, 25, 30 }, b.shape());
		assertArrayEquals(a.data(), b.data(), 1e-5f);
	}

	@Test
	void aStackGoesThroughA2dModelPlaneByPlane() {
		AxisImage<FloatType> stack = TestModels.random(3, List.of(Axis.X, Axis.Y, Axis.Z, Axis.T), 20, 18, 3, 2);
		ModelRunner runner = TestModels.runner("tiny-conv", 0);
		List<Plane> planes = runner.planes(stack);
		assertEquals(6, planes.size());
		assertEquals(new Plane(2, 0), planes.get(2));
		assertEquals(new Plane(0, 1), planes.get(3));
		// plane (z=1, t=1) equals the same pixels run as a 2D image
		float[] plane = new float[20 * 18];
		var ra = stack.data().randomAccess();
		for (int y = 0; y < 18; y++)
			for (int x = 0; x < 20; x++)
				plane[y * 20 + x] = ra.setPositionAndGet(x, y, 1, 1).get();
		assertArrayEquals(runner.maps(TestModels.image(plane, 20, 18), new Plane(0, 0), TestModels.CLASS_MAPS).data(),
			runner.maps(stack, new Plane(1, 1), TestModels.CLASS_MAPS).data(), 0f);
	}

	@Test
	void aLargeImageIsTiledAtTheFixedSizeOfNucleiBroad() {
		AxisImage<FloatType> image = TestModels.random(4, XY, 1300, 700);
		List<Long> totals = new ArrayList<>();
		ModelRunner runner = new ModelRunner(io.github.visionj.engine.TestModelCache.get("nuclei-broad"),
			new RunOptions(0, false, TestModels.reporting((stage, done, total) -> totals.add(total))));
		FloatTensor maps = runner.maps(image, new Plane(0, 0), TestModels.CLASS_MAPS);
		assertArrayEquals(new long[] { 1, 700, 1300 }, maps.shape());
		assertEquals(3 * 2, totals.get(0)); // 512-pixel tiles, 448 inner pixels each: ceil(1300/448) x ceil(700/448)
		for (float v : maps.data())
			if (!(v >= 0 && v <= 1)) throw new AssertionError("not a probability: " + v);
	}

	/**
	 * With augmentation the output is the mean of the predictions for the image and its three
	 * mirror images, each mirrored back: computed here from four plain runs.
	 */
	@Test
	void augmentationAveragesTheMirroredPredictionsMirroredBack() {
		float[] data = randomPlane(10, 23 * 17);
		List<String> stages = new ArrayList<>();
		Progress recording = TestModels.reporting((stage, done, total) -> stages.add(stage + " " + done + "/" + total));
		FloatTensor augmented = new ModelRunner(TestModels.load("tiny-conv"), new RunOptions(0, true, recording))
			.maps(TestModels.image(data, 23, 17), new Plane(0, 0), TestModels.CLASS_MAPS);
		assertEquals(List.of("Predicting tiles (mirror image 1 of 4) 1/1", "Predicting tiles (mirror image 2 of 4) 1/1",
			"Predicting tiles (mirror image 3 of 4) 1/1", "Predicting tiles (mirror image 4 of 4) 1/1"), stages);
		FloatTensor expected = meanOfMirrored(TestModels.runner("tiny-conv", 0), data, 23, 17, 1);
		assertArrayEquals(expected.shape(), augmented.shape());
		assertArrayEquals(expected.data(), augmented.data(), 1e-5f);
		FloatTensor plain = TestModels.runner("tiny-conv", 0).maps(TestModels.image(data, 23, 17), new Plane(0, 0),
			TestModels.CLASS_MAPS);
		assertTrue(maxDifference(plain, augmented) > 1e-3, "tiny-conv is not mirror-symmetric, so averaging changes its output");
	}

	/** A 3D model's volume is mirrored along x and y, every slice alike. */
	@Test
	void augmentationMirrorsAVolumeAlongXAndY() {
		float[] volume = randomPlane(13, 14 * 11 * 6);
		FloatTensor augmented = TestModels.runner("tiny-3d", 0, true).maps(TestModels.volume(volume, 14, 11, 6),
			new Plane(Plane.ALL, 0), TestModels.CLASS_MAPS);
		assertArrayEquals(new long[] { 1, 6, 11, 14 }, augmented.shape());
		assertArrayEquals(meanOfMirrored(TestModels.runner("tiny-3d", 0), volume, 14, 11, 6).data(), augmented.data(), 1e-5f);
	}

	/**
	 * On tiny-grid's 2x2 grid, output pixel i belongs to input pixel 2i. In a plane of odd size
	 * (2k + 1) the mirror maps input pixel 2i to 2(k - i), a grid pixel again, so mirroring the
	 * output back is reversing it. A plane of even size is first extended by one reflected pixel.
	 */
	@Test
	void augmentationKeepsACoarserOutputGridAligned() {
		float[] odd = randomPlane(11, 37 * 29);
		FloatTensor augmented = TestModels.runner("tiny-grid", 0, true).maps(TestModels.image(odd, 37, 29), new Plane(0, 0),
			TestModels.CLASS_MAPS);
		assertArrayEquals(new long[] { 2, 15, 19 }, augmented.shape());
		assertArrayEquals(meanOfMirrored(TestModels.runner("tiny-grid", 0), odd, 37, 29, 1).data(), augmented.data(), 1e-5f);
		assertArrayEquals(augmented.data(), TestModels.runner("tiny-grid", 16, true).maps(TestModels.image(odd, 37, 29),
			new Plane(0, 0), TestModels.CLASS_MAPS).data(), 1e-5f, "mirrored copies are tiled exactly too");

		// A 36 x 28 plane, and the 37 x 29 plane it becomes when extended by reflection (column 36 = column 34).
		float[] even = randomPlane(12, 36 * 28), extendedPlane = new float[37 * 29];
		for (int y = 0; y < 29; y++)
			for (int x = 0; x < 37; x++)
				extendedPlane[y * 37 + x] = even[(y == 28 ? 26 : y) * 36 + (x == 36 ? 34 : x)];
		FloatTensor extended = TestModels.runner("tiny-grid", 0, true).maps(TestModels.image(extendedPlane, 37, 29), new Plane(0, 0),
			TestModels.CLASS_MAPS);
		FloatTensor evenAugmented = TestModels.runner("tiny-grid", 0, true).maps(TestModels.image(even, 36, 28),
			new Plane(0, 0), TestModels.CLASS_MAPS);
		assertArrayEquals(new long[] { 2, 14, 18 }, evenAugmented.shape());
		for (int c = 0; c < 2; c++)
			for (int y = 0; y < 14; y++)
				for (int x = 0; x < 18; x++)
					assertEquals(extended.data()[(c * 15 + y) * 19 + x], evenAugmented.data()[(c * 14 + y) * 18 + x], 1e-5f);
	}

	@Test
	void augmentationIsRefusedWhereItCannotBeUndone() {
		AxisImage<FloatType> image = TestModels.random(12, XY, 64, 64);
		assertEquals("Decoder 'label-image' reads object ids, and ids from mirrored copies of the image cannot be averaged; " +
			"run this model without augmentation.", assertThrows(VisionJException.class, () -> TestModels.runner("tiny-conv", 0,
				true).maps(image, new Plane(0, 0), io.github.visionj.decode.Decoders.byKey("label-image"))).getMessage());
		assertEquals("Model 'fixed-boxes-yolov8' outputs a list of boxes, which VisionJ averages over mirror images only " +
			"for outputs that are images; run it without augmentation.", assertThrows(VisionJException.class,
				() -> TileOutput.of(TestModels.runner("fixed-boxes-yolov8", 0, true), image, new Plane(0, 0))).getMessage());
	}

	/**
	 * The mean over the four mirror images (along x and y) of {@code runner}'s plain output,
	 * mirrored back; {@code data} is one plane of w x h, or a volume of {@code depth} such planes.
	 */
	private static FloatTensor meanOfMirrored(ModelRunner runner, float[] data, int w, int h, int depth) {
		FloatTensor sum = null;
		for (int copy = 0; copy < 4; copy++) {
			boolean fx = (copy & 1) != 0, fy = (copy & 2) != 0;
			float[] mirrored = new float[data.length];
			for (int i = 0; i < data.length; i++) {
				int x = i % w, y = i / w % h, z = i / (w * h);
				mirrored[(z * h + (fy ? h - 1 - y : y)) * w + (fx ? w - 1 - x : x)] = data[i];
			}
			FloatTensor out = depth == 1 ? runner.maps(TestModels.image(mirrored, w, h), new Plane(0, 0), TestModels.CLASS_MAPS)
				: runner.maps(TestModels.volume(mirrored, w, h, depth), new Plane(Plane.ALL, 0), TestModels.CLASS_MAPS);
			int oh = (int) out.dim(out.rank() - 2), ow = (int) out.dim(out.rank() - 1), planes = out.data().length / (oh * ow);
			if (sum == null) sum = FloatTensor.zeros(out.shape());
			for (int p = 0; p < planes; p++)
				for (int y = 0; y < oh; y++)
					for (int x = 0; x < ow; x++)
						sum.data()[(p * oh + y) * ow + x] += out.data()[(p * oh + (fy ? oh - 1 - y : y)) * ow +
							(fx ? ow - 1 - x : x)] / 4;
		}
		return sum;
	}

	private static float[] randomPlane(long seed, int n) {
		java.util.Random r = new java.util.Random(seed);
		float[] data = new float[n];
		for (int i = 0; i < n; i++)
			data[i] = r.nextFloat();
		return data;
	}

	private static double maxDifference(FloatTensor a, FloatTensor b) {
		double max = 0;
		for (int i = 0; i < a.data().length; i++)
			max = Math.max(max, Math.abs(a.data()[i] - b.data()[i]));
		return max;
	}

	@Test
	void badImagesAreRefusedWithAClearMessage() {
		ModelRunner runner = TestModels.runner("tiny-conv", 0);
		AxisImage<FloatType> rgb = TestModels.random(5, List.of(Axis.X, Axis.Y, Axis.C), 20, 20, 3);
		assertEquals("Model 'tiny-conv' expects 1 channel but the image has 3; convert it to 8-bit or 16-bit first " +
			"(Image › Type) or split the channels.",
			assertThrows(VisionJException.class, () -> InputCheck.check(runner, rgb)).getMessage());
		AxisImage<FloatType> tiny = TestModels.random(6, XY, 3, 3);
		assertEquals("The image is 3x3 pixels, too small for model 'tiny-conv', which needs at least 8 pixels along y; " +
			"use a larger image.", assertThrows(VisionJException.class, () -> InputCheck.check(runner, tiny)).getMessage());
		float[] data = new float[400];
		data[5 * 20 + 7] = Float.NaN;
		assertEquals("The image has a NaN pixel at x=7, y=5; replace NaNs first (Process › Math › Remove NaNs…).",
			assertThrows(VisionJException.class,
				() -> runner.maps(TestModels.image(data, 20, 20), new Plane(0, 0), TestModels.CLASS_MAPS)).getMessage());
		AxisImage<FloatType> flat = TestModels.random(7, XY, 20, 20);
		assertEquals("Model 'tiny-3d' is a 3D model but the image has no Z slices; give it a Z stack or use a 2D model.",
			assertThrows(VisionJException.class, () -> InputCheck.check(TestModels.runner("tiny-3d", 0), flat)).getMessage());
	}

	@Test
	void cancelingStopsBetweenTiles() {
		Progress cancelAfterFirst = new Progress() {
			int n;

			@Override
			public void report(String stage, long done, long total) {
				n++;
			}

			@Override
			public boolean isCanceled() {
				return n >= 1;
			}
		};
		ModelRunner runner = new ModelRunner(TestModels.load("tiny-conv"), new RunOptions(16, false, cancelAfterFirst));
		assertThrows(java.util.concurrent.CancellationException.class,
			() -> runner.maps(TestModels.random(8, XY, 64, 64), new Plane(0, 0), TestModels.CLASS_MAPS));
	}
}
