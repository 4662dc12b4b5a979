package io.github.visionj.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.visionj.engine.LoadedModel;
import io.github.visionj.engine.TestModelCache;
import io.github.visionj.image.FloatTensor;
import io.github.visionj.model.ModelDescription;
import io.github.visionj.model.Npy;

/**
 * The example models of the bioimage.io specification (src/test/resources/models-external, see its
 * README) reproduce their test outputs through {@link ModelRunner#predict}, from a folder and from a
 * zip, within bioimage.io's default tolerance (|a − b| ≤ 1e-4 + 1e-3 |b|).
 */
class ExternalModelsTest {

	static final Path ROOT = Path.of("src", "test", "resources", "models-external");

	@TempDir
	static Path cache;

	@BeforeAll
	static void isolateCache() {
		System.setProperty("visionj.cache", cache.toString());
	}

	/** Runs the model's test inputs and compares every output with its test output; returns the outputs. */
	static List<FloatTensor> reproduce(LoadedModel model, int tileSize) {
		ModelDescription d = model.description();
		List<FloatTensor> outputs = new ModelRunner(model, new RunOptions(tileSize, false, Progress.NONE))
			.predict(d.testInputs().stream().map(Npy::read).toList());
		assertEquals(d.outputs().size(), outputs.size());
		for (int j = 0; j < outputs.size(); j++)
			assertClose(Npy.read(d.testOutputs().get(j)), outputs.get(j), d.name() + " output " + j);
		return outputs;
	}

	static void assertClose(FloatTensor expected, FloatTensor actual, String what) {
		assertArrayEquals(expected.shape(), actual.shape(), what);
		float[] e = expected.data(), a = actual.data();
		for (int i = 0; i < e.length; i++)
			if (!(Math.abs(a[i] - e[i]) <= 1e-4 + 1e-3 * Math.abs(e[i])))
				throw new AssertionError(what + " differs at " + i + ": " + a[i] + " instead of " + e[i]);
	}

	private static void reproduceFromFolderAndZip(String name, Path dir) throws IOException {
		Path folder = ROOT.resolve(name);
		reproduce(TestModelCache.get(folder.toString()), 0);
		Path zip = dir.resolve(name + ".zip");
		try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file);
			Stream<Path> files = Files.list(folder))
		{
			for (Path f : files.sorted().toList()) {
				out.putNextEntry(new ZipEntry(f.getFileName().toString()));
				Files.copy(f, out);
			}
		}
		reproduce(TestModelCache.get(zip.toString()), 0);
	}

	@Test
	void fixedShape(@TempDir Path dir) throws IOException {
		reproduceFromFolderAndZip("unet2d_fixed_shape", dir);
	}

	@Test
	void outputAtHalfTheInputSize(@TempDir Path dir) throws IOException {
		reproduceFromFolderAndZip("unet2d_diff_output_shape", dir);
	}

	@Test
	void outputAtFourTimesTheInputSize(@TempDir Path dir) throws IOException {
		reproduceFromFolderAndZip("upsample_test_model", dir);
	}

	@Test
	void twoInputsAndTwoOutputs(@TempDir Path dir) throws IOException {
		reproduceFromFolderAndZip("unet2d_multi_tensor", dir);
	}

	/** Nearest upsampling is per pixel, so tiles of 5 pixels (the model's minimum) give the untiled output exactly. */
	@Test
	void anUpsamplingModelTiledAgreesWithUntiled() {
		LoadedModel model = TestModelCache.get(ROOT.resolve("upsample_test_model").toString());
		assertArrayEquals(reproduce(model, 0).get(0).data(), reproduce(model, 5).get(0).data(), 0f);
	}
}
