package io.github.visionj.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.visionj.engine.LoadedModel;
import io.github.visionj.engine.TestModelCache;
import io.github.visionj.image.Axis;
import io.github.visionj.image.AxisImage;
import io.github.visionj.image.FloatTensor;
import io.github.visionj.model.Processing;
import io.github.visionj.model.TensorDescription;
import io.github.visionj.model.WeightsFormat;
import net.imglib2.type.numeric.real.FloatType;

/** ONNX weights run through the same tiling and processing as TorchScript ones. */
class WeightsFormatsTest {

	private static final List<Axis> XY = List.of(Axis.X, Axis.Y);

	private static ModelRunner runner(WeightsFormat format) {
		return new ModelRunner(TestModelCache.get("nuclei-broad", format), new RunOptions(0, false, Progress.NONE));
	}

	@Test
	void onnxAndTorchScriptGiveTheSameTiledMaps() {
		AxisImage<FloatType> image = TestModels.random(4, XY, 1000, 600);
		FloatTensor onnx = runner(WeightsFormat.ONNX).maps(image, new Plane(0, 0), TestModels.CLASS_MAPS);
		FloatTensor torchscript = runner(WeightsFormat.TORCHSCRIPT).maps(image, new Plane(0, 0), TestModels.CLASS_MAPS);
		assertArrayEquals(new long[] { 1, 600, 1000 }, onnx.shape());
		assertTrue(maxDifference(onnx.data(), torchscript.data()) <= 1e-4, "max |difference| " +
			maxDifference(onnx.data(), torchscript.data()));
	}

	/**
	 * In a 600 x 560 image the first 512 x 512 tile answers for its first 512 - 2 x 32 (halo) pixels per axis:
	 * there the stitched maps equal one untiled run of the network on that tile of the normalised image.
	 */
	@Test
	void aTiledOnnxRunEqualsAnUntiledOneWhereTheFirstTileAnswers() {
		int w = 600, h = 560, tile = 512, inner = tile - 2 * 32;
		AxisImage<FloatType> image = TestModels.random(5, XY, w, h);
		FloatTensor tiled = runner(WeightsFormat.ONNX).maps(image, new Plane(0, 0), TestModels.CLASS_MAPS);

		LoadedModel model = TestModelCache.get("nuclei-broad", WeightsFormat.ONNX);
		TensorDescription in = model.description().inputs().get(0), out = model.description().outputs().get(0);
		float[] plane = new float[w * h];
		var ra = image.data().randomAccess();
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				plane[y * w + x] = ra.setPositionAndGet(x, y).get();
		FloatTensor whole = new FloatTensor(plane, 1, 1, h, w);
		Processing.apply(in.processing(), whole, in.axes(), Map.of());
		float[] crop = new float[tile * tile];
		for (int y = 0; y < tile; y++)
			System.arraycopy(plane, y * w, crop, y * tile, tile);
		FloatTensor untiled = model.network().predict(new FloatTensor(crop, 1, 1, tile, tile));
		Processing.apply(out.processing(), untiled, out.axes(), Map.of());

		float[] a = new float[inner * inner], b = new float[inner * inner];
		for (int y = 0; y < inner; y++) {
			System.arraycopy(tiled.data(), y * w, a, y * inner, inner);
			System.arraycopy(untiled.data(), y * tile, b, y * inner, inner);
		}
		assertTrue(maxDifference(a, b) <= 1e-6, "max |difference| " + maxDifference(a, b));
	}

	private static double maxDifference(float[] a, float[] b) {
		double max = 0;
		for (int i = 0; i < a.length; i++)
			max = Math.max(max, Math.abs(a[i] - b[i]));
		return max;
	}
}
