package io.github.visionj.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
		FloatTensor whole = TestModels.runner("tiny-conv", 0).maps(image, new Plane(0, 0));
		List<Long> tiles = new ArrayList<>();
		Progress counting = new Progress() {
			@Override
			public void report(String stage, long done, long total) {
				tiles.add(total);
			}

			@Override
			public boolean isCanceled() {
				return false;
			}
		};
		FloatTensor tiled = new ModelRunner(TestModels.load("tiny-conv"), new RunOptions(16, counting)).maps(image, new Plane(0, 0));
		assertArrayEquals(new long[] { 2, 45, 70 }, tiled.shape());
		assertEquals(9 * 6, tiles.get(0)); // 16-pixel tiles with a halo of 4 step by 8: ceil(70/8) x ceil(45/8)
		assertArrayEquals(whole.data(), tiled.data(), 1e-4f);

		AxisImage<FloatType> larger = TestModels.random(9, XY, 300, 260);
		assertArrayEquals(TestModels.runner("tiny-conv", 0).maps(larger, new Plane(0, 0)).data(),
			TestModels.runner("tiny-conv", 128).maps(larger, new Plane(0, 0)).data(), 1e-4f);
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
		FloatTensor untiled = whole.maps(image, new Plane(0, 0));
		FloatTensor tiled = TestModels.runner("tiny-grid", 16).maps(image, new Plane(0, 0));
		assertArrayEquals(new long[] { 2, 15, 19 }, tiled.shape());
		assertArrayEquals(untiled.data(), tiled.data(), 1e-5f);

		FloatTensor in = Npy.read(java.nio.file.Path.of("src/test/resources/models/tiny-grid/test_input.npy"));
		FloatTensor ref = Npy.read(java.nio.file.Path.of("src/test/resources/models/tiny-grid/test_output.npy"));
		FloatTensor maps = whole.maps(TestModels.image(in.data(), (int) in.dim(3), (int) in.dim(2)), new Plane(0, 0));
		assertArrayEquals(new long[] { 2, 12, 16 }, maps.shape());
		assertArrayEquals(ref.data(), maps.data(), 1e-5f);
		assertEquals(1, TestModels.runner("tiny-conv", 0).grid());
	}

	@Test
	void anUntiledRunReproducesTheModelsTestOutput() throws Exception {
		FloatTensor in = Npy.read(java.nio.file.Path.of("src/test/resources/models/tiny-conv/test_input.npy"));
		FloatTensor ref = Npy.read(java.nio.file.Path.of("src/test/resources/models/tiny-conv/test_output.npy"));
		int h = (int) in.dim(2), w = (int) in.dim(3);
		FloatTensor maps = TestModels.runner("tiny-conv", 0).maps(TestModels.image(in.data(), w, h), new Plane(0, 0));
		assertArrayEquals(new long[] { 2, h, w }, maps.shape());
		assertArrayEquals(ref.data(), maps.data(), 1e-5f);
	}

	@Test
	void volumesGoThroughA3dModelIn3dTiles() {
		AxisImage<FloatType> image = TestModels.random(2, List.of(Axis.X, Axis.Y, Axis.Z), 30, 25, 12);
		ModelRunner whole = TestModels.runner("tiny-3d", 0);
		assertEquals(List.of(new Plane(Plane.ALL, 0)), whole.planes(image));
		FloatTensor a = whole.maps(image, new Plane(Plane.ALL, 0));
		FloatTensor b = TestModels.runner("tiny-3d", 9).maps(image, new Plane(Plane.ALL, 0));
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
		assertArrayEquals(runner.maps(TestModels.image(plane, 20, 18), new Plane(0, 0)).data(),
			runner.maps(stack, new Plane(1, 1)).data(), 0f);
	}

	@Test
	void aLargeImageIsTiledAtTheFixedSizeOfNucleiBroad() {
		AxisImage<FloatType> image = TestModels.random(4, XY, 1300, 700);
		List<Long> totals = new ArrayList<>();
		ModelRunner runner = new ModelRunner(io.github.visionj.engine.ModelCache.get("nuclei-broad"), new RunOptions(0, new Progress() {
			@Override
			public void report(String stage, long done, long total) {
				totals.add(total);
			}

			@Override
			public boolean isCanceled() {
				return false;
			}
		}));
		FloatTensor maps = runner.maps(image, new Plane(0, 0));
		assertArrayEquals(new long[] { 1, 700, 1300 }, maps.shape());
		assertEquals(3 * 2, totals.get(0)); // 512-pixel tiles, 448 inner pixels each: ceil(1300/448) x ceil(700/448)
		for (float v : maps.data())
			if (!(v >= 0 && v <= 1)) throw new AssertionError("not a probability: " + v);
	}

	@Test
	void badImagesAreRefusedWithAClearMessage() {
		ModelRunner runner = TestModels.runner("tiny-conv", 0);
		AxisImage<FloatType> rgb = TestModels.random(5, List.of(Axis.X, Axis.Y, Axis.C), 20, 20, 3);
		assertEquals("Model 'tiny-conv' expects 1 channel but the image has 3; convert it to 8-bit or 16-bit first " +
			"(Image › Type) or split the channels.", assertThrows(VisionJException.class, () -> runner.check(rgb)).getMessage());
		AxisImage<FloatType> tiny = TestModels.random(6, XY, 3, 3);
		assertEquals("The image is 3x3 pixels, too small for model 'tiny-conv', which needs at least 8 pixels along y; " +
			"use a larger image.", assertThrows(VisionJException.class, () -> runner.check(tiny)).getMessage());
		float[] data = new float[400];
		data[5 * 20 + 7] = Float.NaN;
		assertEquals("The image has a NaN pixel at x=7, y=5; replace NaNs first (Process › Math › Remove NaNs…).",
			assertThrows(VisionJException.class, () -> runner.maps(TestModels.image(data, 20, 20), new Plane(0, 0))).getMessage());
		AxisImage<FloatType> flat = TestModels.random(7, XY, 20, 20);
		assertEquals("Model 'tiny-3d' is a 3D model but the image has no Z slices; give it a Z stack or use a 2D model.",
			assertThrows(VisionJException.class, () -> TestModels.runner("tiny-3d", 0).check(flat)).getMessage());
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
		ModelRunner runner = new ModelRunner(TestModels.load("tiny-conv"), new RunOptions(16, cancelAfterFirst));
		assertThrows(java.util.concurrent.CancellationException.class,
			() -> runner.maps(TestModels.random(8, XY, 64, 64), new Plane(0, 0)));
	}
}
