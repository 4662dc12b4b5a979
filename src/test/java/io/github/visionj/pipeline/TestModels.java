package io.github.visionj.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import io.github.visionj.decode.ClassArgmaxDecoder;
import io.github.visionj.decode.Decoder;
import io.github.visionj.decode.Decoders;
import io.github.visionj.engine.LoadedModel;
import io.github.visionj.engine.TestModelCache;
import io.github.visionj.image.Axis;
import io.github.visionj.image.AxisImage;
import io.github.visionj.image.Calibration;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

/** The tiny models of src/test/resources/models and images to run them on. */
final class TestModels {

	private TestModels() {}

	static LoadedModel load(String name) {
		return TestModelCache.get(Path.of("src", "test", "resources", "models", name).toString());
	}

	/** A decoder whose channels stay in place in a mirror image, for models read as class maps. */
	static final Decoder CLASS_MAPS = Decoders.byKey(ClassArgmaxDecoder.KEY);

	/** What a test's {@link Progress} does with each report. */
	interface Reports {
		void report(String stage, long done, long total);
	}

	/** A progress that hands every report to {@code reports} and is never canceled. */
	static Progress reporting(Reports reports) {
		return new Progress() {
			@Override
			public void report(String stage, long done, long total) {
				reports.report(stage, done, total);
			}

			@Override
			public boolean isCanceled() {
				return false;
			}
		};
	}

	static ModelRunner runner(String name, int tileSize) {
		return runner(name, tileSize, false);
	}

	static ModelRunner runner(String name, int tileSize, boolean augment) {
		return new ModelRunner(load(name), new RunOptions(tileSize, augment, Progress.NONE));
	}

	/** Random values in [0, 1) with the given dimensions and axes. */
	static AxisImage<FloatType> random(long seed, List<Axis> axes, long... dims) {
		int n = 1;
		for (long d : dims)
			n *= d;
		float[] data = new float[n];
		Random r = new Random(seed);
		for (int i = 0; i < n; i++)
			data[i] = r.nextFloat();
		return new AxisImage<>(ArrayImgs.floats(data, dims), axes, Calibration.NONE);
	}

	static AxisImage<FloatType> image(float[] data, long width, long height) {
		return new AxisImage<>(ArrayImgs.floats(data, width, height), List.of(Axis.X, Axis.Y), Calibration.NONE);
	}

	static AxisImage<FloatType> volume(float[] data, long width, long height, long depth) {
		return new AxisImage<>(ArrayImgs.floats(data, width, height, depth), List.of(Axis.X, Axis.Y, Axis.Z), Calibration.NONE);
	}
}
