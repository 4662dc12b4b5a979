package io.github.visionj.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.visionj.engine.TestModelCache;
import io.github.visionj.image.Axis;
import io.github.visionj.image.AxisImage;
import io.github.visionj.image.FloatTensor;
import net.imglib2.type.numeric.real.FloatType;

class BatchedPlanesTest {

	/** PyTorch's convolutions round a batch of several samples differently in the last bit of a float. */
	private static final float ROUNDING = 1e-6f;

	/** Tile positions predicted: one network call each. */
	private static final class Calls implements Progress {
		final List<Long> reports = new ArrayList<>();

		@Override
		public void report(String stage, long done, long total) {
			if (stage.equals("Predicting tiles")) reports.add(done);
		}

		@Override
		public boolean isCanceled() {
			return false;
		}
	}

	/**
	 * tiny-conv with percentile normalisation of each plane, on a stack whose planes differ in
	 * brightness: batched maps equal plane-by-plane maps only if each plane is normalised on its own.
	 */
	@Test
	void planesPredictedTogetherGiveThePlaneByPlaneMaps(@TempDir Path dir) throws Exception {
		Path model = ModelCopies.copy(Path.of("src", "test", "resources", "models", "tiny-conv"), dir);
		Path yaml = model.resolve("bioimageio.yaml");
		Files.writeString(yaml, Files.readString(yaml).replaceFirst("    test_tensor: \\{source: test_input.npy\\}\n",
			"    test_tensor: {source: test_input.npy}\n    preprocessing:\n      - id: scale_range\n" +
				"        kwargs: {axes: [channel, y, x], min_percentile: 1.0, max_percentile: 99.8, eps: 1.0e-06}\n"));
		AxisImage<FloatType> stack = TestModels.random(5, List.of(Axis.X, Axis.Y, Axis.Z), 101, 97, 31);
		var cursor = stack.data().localizingCursor();
		while (cursor.hasNext())
			cursor.next().mul(1 + cursor.getIntPosition(2));

		Calls calls = new Calls();
		ModelRunner runner = new ModelRunner(TestModelCache.get(model.toString()), new RunOptions(0, false, calls));
		List<Plane> planes = runner.planes(stack);
		assertEquals(31, planes.size());
		assertEquals(1024 * 1024 / (101 * 97), runner.planesPerCall(stack));
		List<List<FloatTensor>> batched = runner.allMaps(stack, planes, TestModels.CLASS_MAPS);
		assertEquals(List.of(1L), calls.reports);
		calls.reports.clear();
		for (int z = 0; z < planes.size(); z++)
			assertArrayEquals(runner.allMaps(stack, planes.get(z), TestModels.CLASS_MAPS).get(0).data(),
				batched.get(z).get(0).data(), ROUNDING, "plane " + z);
		assertEquals(31, calls.reports.size());
	}

	@Test
	void tiledPlanesAreBatchedPerTilePosition() {
		AxisImage<FloatType> stack = TestModels.random(6, List.of(Axis.X, Axis.Y, Axis.Z), 40, 30, 3);
		Calls calls = new Calls();
		ModelRunner runner = new ModelRunner(TestModels.load("tiny-conv"), new RunOptions(16, false, calls));
		assertEquals(1, runner.planesPerCall(stack)); // a tile of 16 x 16 holds no more than one plane's tile
		List<List<FloatTensor>> batched = runner.allMaps(stack, runner.planes(stack), TestModels.CLASS_MAPS);
		assertEquals(5 * 4, calls.reports.size()); // 16-pixel tiles with a halo of 4 step by 8: ceil(40/8) x ceil(30/8)
		for (int z = 0; z < 3; z++)
			assertArrayEquals(runner.maps(stack, new Plane(z, 0), TestModels.CLASS_MAPS).data(), batched.get(z).get(0).data(), ROUNDING);
	}

	@Test
	void aBatchAxisOfSizeOneA3dModelAndMirrorAveragingGoPlaneByPlane(@TempDir Path dir) throws Exception {
		Path model = ModelCopies.copy(Path.of("src", "test", "resources", "models", "tiny-conv"), dir);
		Path yaml = model.resolve("bioimageio.yaml");
		Files.writeString(yaml, Files.readString(yaml).replaceFirst("\\{type: batch\\}", "{type: batch, size: 1}"));
		AxisImage<FloatType> stack = TestModels.random(7, List.of(Axis.X, Axis.Y, Axis.Z), 32, 32, 3);
		Calls calls = new Calls();
		ModelRunner runner = new ModelRunner(TestModelCache.get(model.toString()), new RunOptions(0, false, calls));
		assertEquals(1, runner.planesPerCall(stack));
		runner.allMaps(stack, runner.planes(stack), TestModels.CLASS_MAPS);
		assertEquals(3, calls.reports.size());
		assertEquals(1, TestModels.runner("tiny-3d", 0).planesPerCall(stack));
		assertEquals(1, TestModels.runner("tiny-conv", 0, true).planesPerCall(stack));
		assertEquals(1024 * 1024 / (32 * 32), TestModels.runner("tiny-conv", 0).planesPerCall(stack));
	}
}
