package io.github.visionj.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.visionj.VisionJException;
import io.github.visionj.engine.LoadedModel;
import io.github.visionj.engine.TestModelCache;
import io.github.visionj.image.Axis;
import io.github.visionj.image.AxisImage;
import io.github.visionj.image.Calibration;
import io.github.visionj.image.FloatTensor;
import io.github.visionj.image.TensorRegions;
import net.imglib2.img.array.ArrayImgs;

/**
 * Output geometries of the bioimage.io format with the tiny models of src/test/resources/models:
 * each reproduces its test output, and its maps tiled equal its maps untiled.
 */
class OutputGeometryTest {

	private static final List<Axis> XY = List.of(Axis.X, Axis.Y);
	private static final Plane PLANE = new Plane(0, 0);

	private static float[] values(long seed, int n) {
		float[] v = new float[n];
		java.util.Random r = new java.util.Random(seed);
		for (int i = 0; i < n; i++)
			v[i] = r.nextFloat();
		return v;
	}

	private static FloatTensor maps(String model, int tileSize, AxisImage<?> image) {
		return TestModels.runner(model, tileSize).maps(image, PLANE, TestModels.CLASS_MAPS);
	}

	/** The test output, then maps of a larger image in tiles of {@code tileSize} equal to those untiled. */
	private static FloatTensor reproduceAndTile(String model, int tileSize, AxisImage<?> image) {
		ExternalModelsTest.reproduce(TestModels.load(model), 0);
		FloatTensor whole = maps(model, 0, image);
		assertArrayEquals(whole.data(), maps(model, tileSize, image).data(), 1e-5f, model + " tiled");
		return whole;
	}

	/** Valid convolutions: the output is 2 px smaller on each side (offset -4); the map covers the image, by reflection. */
	@Test
	void anOutputSmallerByABorderIsAMapAtTheImageSize() {
		float[] pixels = values(2, 45 * 37);
		FloatTensor whole = reproduceAndTile("tiny-valid", 12, TestModels.image(pixels, 45, 37));
		assertArrayEquals(new long[] { 2, 37, 45 }, whole.shape());
		// inside the border, the map is the network's own output on the image
		FloatTensor raw = TestModels.load("tiny-valid").network().predict(new FloatTensor(pixels, 1, 1, 37, 45));
		assertArrayEquals(new long[] { 1, 2, 33, 41 }, raw.shape());
		for (int c = 0; c < 2; c++)
			for (int y = 0; y < 33; y++)
				for (int x = 0; x < 41; x++)
					assertEquals(raw.data()[(c * 33 + y) * 41 + x], whole.data()[(c * 37 + y + 2) * 45 + x + 2], 1e-5f);
	}

	/**
	 * upsample_test_model (bioimage.io example, nearest upsampling by 4): its map has 4 times the
	 * image's size, commutes with mirrors (so augmentation changes nothing), and decoders read it
	 * averaged back to the image's size, which for nearest upsampling is the image itself.
	 */
	@Test
	void aFinerMapHasItsDeclaredSizeAndIsAveragedForDecoders() {
		LoadedModel model = TestModelCache.get(ExternalModelsTest.ROOT.resolve("upsample_test_model").toString());
		float[] pixels = values(8, 15 * 10);
		AxisImage<?> image = TestModels.image(pixels, 15, 10);
		FloatTensor plain = new ModelRunner(model, new RunOptions(0, false, Progress.NONE)).maps(image, PLANE, TestModels.CLASS_MAPS);
		assertArrayEquals(new long[] { 1, 40, 60 }, plain.shape());
		assertArrayEquals(plain.data(), new ModelRunner(model, new RunOptions(0, true, Progress.NONE))
			.maps(image, PLANE, TestModels.CLASS_MAPS).data(), 1e-6f);
		assertArrayEquals(pixels, io.github.visionj.image.Tensors.toPlaneSize(plain, 1, 4, 15, 10).data(), 1e-6f);
	}

	/** v0.4 fixed shapes 32 in, 28 out: a border of 2, tiled at 32 pixels; the same network as tiny-valid. */
	@Test
	void aFixedOutputSmallerThanItsFixedInputIsTiledWithItsBorder() {
		AxisImage<?> image = TestModels.random(3, XY, 70, 50);
		ExternalModelsTest.reproduce(TestModels.load("tiny-valid-fixed-v04"), 0);
		assertArrayEquals(maps("tiny-valid", 0, image).data(), maps("tiny-valid-fixed-v04", 0, image).data(), 1e-5f);
	}

	/** v0.4 {@code scale: [1, 0, null, 1, 1]}: channels from the offset, a new z axis of size 1. */
	@Test
	void aNewAxisOfSizeOneIsASingletonOfTheMap() {
		FloatTensor whole = reproduceAndTile("tiny-new-axis-v04", 8, TestModels.random(4, XY, 30, 21));
		assertArrayEquals(new long[] { 2, 21, 30 }, whole.shape());
	}

	@Test
	void singletonAxesInInputAndOutput() {
		FloatTensor whole = reproduceAndTile("tiny-singleton", 9, TestModels.random(5, XY, 31, 26));
		assertArrayEquals(new long[] { 1, 26, 31 }, whole.shape());
	}

	/** v0.4 {@code scale: 1} on the channel axis: as many output channels as the input has. */
	@Test
	void outputChannelsByReference() {
		float[] pixels = values(6, 9 * 7 * 2);
		AxisImage<?> image = new AxisImage<>(ArrayImgs.floats(pixels, 9, 7, 2), List.of(Axis.X, Axis.Y, Axis.C), Calibration.NONE);
		FloatTensor whole = reproduceAndTile("tiny-channels-by-reference-v04", 4, image);
		assertArrayEquals(new long[] { 2, 7, 9 }, whole.shape());
		for (int i = 0; i < 63; i++) {
			assertEquals(2 * pixels[63 + i], whole.data()[i], 1e-6f);
			assertEquals(2 * pixels[i], whole.data()[63 + i], 1e-6f);
		}
	}

	/** A copy of a test model in {@code dir} with its description's text replaced (pairs of old, new). */
	private static ModelRunner variant(Path dir, String model, String... replacements) throws IOException {
		Path source = Path.of("src", "test", "resources", "models", model);
		Files.copy(source.resolve("weights.pt"), dir.resolve("weights.pt"));
		String yaml = Files.readString(source.resolve("bioimageio.yaml"));
		for (int i = 0; i < replacements.length; i += 2) {
			if (!yaml.contains(replacements[i])) throw new AssertionError(replacements[i]);
			yaml = yaml.replace(replacements[i], replacements[i + 1]);
		}
		Files.writeString(dir.resolve("bioimageio.yaml"), yaml);
		return new ModelRunner(TestModelCache.get(dir.toString()), new RunOptions(0, false, Progress.NONE));
	}

	/**
	 * An image smaller than a tile with its halo (30 px; tiles of 16 + 16n px, a halo of 16 px) is padded by
	 * reflection to the next valid tile (48 px), and its maps cropped back: the same as the maps of the
	 * image padded by hand, in a plane and in a stack.
	 */
	@Test
	void anImageSmallerThanTheHaloIsPaddedByReflection(@TempDir Path dir) throws IOException {
		ModelRunner runner = variant(dir, "tiny-conv", "{min: 8, step: 1}", "{min: 16, step: 16}", "halo: 4", "halo: 16");
		float[] pixels = values(7, 30 * 27);
		FloatTensor maps = runner.maps(TestModels.image(pixels, 30, 27), PLANE, TestModels.CLASS_MAPS);
		assertArrayEquals(new long[] { 2, 27, 30 }, maps.shape());
		FloatTensor padded = FloatTensor.zeros(48, 48);
		TensorRegions.copy(new FloatTensor(pixels, 27, 30), new long[2], padded, new long[2], new long[] { 48, 48 });
		FloatTensor whole = runner.maps(TestModels.image(padded.data(), 48, 48), PLANE, TestModels.CLASS_MAPS);
		for (int c = 0; c < 2; c++)
			for (int y = 0; y < 27; y++)
				for (int x = 0; x < 30; x++)
					assertEquals(whole.data()[(c * 48 + y) * 48 + x], maps.data()[(c * 27 + y) * 30 + x], 1e-5f);
		float[] stack = new float[2 * pixels.length];
		System.arraycopy(pixels, 0, stack, pixels.length, pixels.length);
		assertArrayEquals(maps.data(), runner.maps(TestModels.volume(stack, 30, 27, 2), new Plane(1, 0), TestModels.CLASS_MAPS)
			.data(), 0f);
	}

	/** The bundled nuclei model (tiles of 16 + 16n px, a halo of 32 px) on 61x57 planes, alone and in a stack. */
	@Test
	void theNucleiModelRunsOnPlanesSmallerThanItsHalo() {
		ModelRunner runner = new ModelRunner(TestModelCache.get("nuclei"), new RunOptions(0, false, Progress.NONE));
		AxisImage<?> stack = TestModels.random(9, List.of(Axis.X, Axis.Y, Axis.Z), 61, 57, 2);
		InputCheck.check(runner, stack);
		FloatTensor maps = runner.maps(stack, new Plane(1, 0), TestModels.CLASS_MAPS);
		assertArrayEquals(new long[] { 33, 29, 31 }, maps.shape()); // probability and 32 rays on the 2 x 2 grid
	}

	/** A classifier's weights under a description of a map: the output's shape is checked before it is read. */
	@Test
	void aClassifierUnderASemanticDescriptionIsReportedByItsShape(@TempDir Path dir) throws IOException {
		ModelRunner runner = variant(dir, "mean-classifier", "      - {type: channel, channel_names: [bright, dark, never]}\n",
			"      - {type: channel, channel_names: [bright, dark, never]}\n" +
				"      - {type: space, id: y, size: {tensor_id: image, axis_id: y}}\n" +
				"      - {type: space, id: x, size: {tensor_id: image, axis_id: x}}\n");
		assertEquals("Model 'mean-classifier' returned a tensor of shape [1, 3] as output 'logits' for an input of shape " +
			"[1, 1, 32, 32]: it has 2 axes but the description names 4 [b, c, y, x]; the description or the weights are wrong.",
			assertThrows(VisionJException.class, () -> runner.maps(TestModels.random(1, XY, 32, 32), PLANE, TestModels.CLASS_MAPS))
				.getMessage());
	}

	@Test
	void unsupportedGeometriesAreNamed(@TempDir Path dir) throws IOException {
		String y = "{type: space, id: y, size: {tensor_id: raw, axis_id: y}, halo: 4}";
		assertEquals("axis y of output 'scores' has 1.5 output pixels per input pixel; VisionJ reads integer scales (2, 4, …) " +
			"and their inverses (1/2, 1/4, …).", refusal(dir.resolve("a"), y, "{type: space, id: y, size: {tensor_id: raw, axis_id: y}, scale: 0.6666666666666666}"));
		assertEquals("The size of axis y of output 'scores' is the input's plus 2 pixels; VisionJ reads outputs smaller than the " +
			"input by an even number of pixels (a border on each side).",
			refusal(dir.resolve("b"), y, "{type: space, id: y, size: {tensor_id: raw, axis_id: y, offset: 2}}"));
		assertEquals("axis y of output 'scores' has no size that follows the input's (min 8, step 4); VisionJ reads outputs " +
			"whose size is fixed or refers to the input.", refusal(dir.resolve("c"), y, "{type: space, id: y, size: {min: 8, step: 4}}"));
		assertEquals("axis x of output 'scores' is one output pixel per 2 input pixels while the other spatial axes are of the " +
			"input's size; VisionJ reads outputs with the same scale and border along every spatial axis.",
			refusal(dir.resolve("d"), "{type: space, id: x, size: {tensor_id: raw, axis_id: x}, halo: 4}",
				"{type: space, id: x, size: {tensor_id: raw, axis_id: x}, scale: 2}"));
	}

	private static String refusal(Path dir, String axis, String replacement) throws IOException {
		Files.createDirectories(dir);
		ModelRunner runner = variant(dir, "tiny-conv", axis, replacement);
		return assertThrows(VisionJException.class, () -> runner.maps(TestModels.random(1, XY, 16, 16), PLANE, TestModels.CLASS_MAPS))
			.getMessage();
	}
}
