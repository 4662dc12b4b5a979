package io.github.visionj.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.github.visionj.VisionJException;
import io.github.visionj.decode.ClassScores;
import io.github.visionj.decode.ClassificationDecoder;
import io.github.visionj.decode.DecoderSettings;
import io.github.visionj.decode.Decoders;
import io.github.visionj.image.PlaneRegion;

/** The mean classifier's logits are [10 m, 10 (1 - m), 0] for the mean m of what it sees. */
class ClassificationTest {

	private static final ClassificationDecoder SCORES = (ClassificationDecoder) Decoders.byKey("class-scores");

	private static float[] softmax(double... logits) {
		double sum = 0;
		for (double l : logits)
			sum += Math.exp(l);
		float[] p = new float[logits.length];
		for (int i = 0; i < p.length; i++)
			p[i] = (float) (Math.exp(logits[i]) / sum);
		return p;
	}

	@Test
	void aWholeImageIsResizedToTheModelInput() {
		float[] pixels = new float[50 * 70];
		java.util.Arrays.fill(pixels, 0.25f);
		ClassScores s = Classification.classify(TestModels.runner("mean-classifier", 0), TestModels.image(pixels, 50, 70),
			new Plane(0, 0), new long[] { 0, 0, 50, 70 }, SCORES, DecoderSettings.DEFAULTS);
		assertArrayEquals(softmax(2.5, 7.5, 0), s.probabilities(), 1e-5f);
		assertEquals(1, s.top());
	}

	@Test
	void aRegionIsCroppedBeforeResizing() {
		float[] pixels = new float[64 * 64];
		for (int y = 0; y < 64; y++)
			for (int x = 0; x < 20; x++)
				pixels[y * 64 + x] = 1;
		ModelRunner runner = TestModels.runner("mean-classifier", 0);
		ClassScores left = Classification.classify(runner, TestModels.image(pixels, 64, 64), new Plane(0, 0),
			new long[] { 2, 5, 16, 40 }, SCORES, DecoderSettings.DEFAULTS);
		assertArrayEquals(softmax(10, 0, 0), left.probabilities(), 1e-5f);
		ClassScores right = Classification.classify(runner, TestModels.image(pixels, 64, 64), new Plane(0, 0),
			new long[] { 30, 0, 34, 64 }, SCORES, DecoderSettings.DEFAULTS);
		assertArrayEquals(softmax(0, 10, 0), right.probabilities(), 1e-5f);
		assertEquals("The region 10x10 at (60, 0) is not inside the 64x64 image; select a region within the image.",
			assertThrows(VisionJException.class, () -> Classification.classify(runner, TestModels.image(pixels, 64, 64),
				new Plane(0, 0), new long[] { 60, 0, 10, 10 }, SCORES, DecoderSettings.DEFAULTS)).getMessage());
	}

	@Test
	void multiLabelScoresAreIndependentSigmoids() {
		float[] pixels = new float[32 * 32];
		java.util.Arrays.fill(pixels, 0.5f);
		ClassScores s = Classification.classify(TestModels.runner("mean-classifier", 0), TestModels.image(pixels, 32, 32),
			new Plane(0, 0), new long[] { 0, 0, 32, 32 }, SCORES, DecoderSettings.DEFAULTS.withMultiLabel(true));
		float sig5 = (float) (1 / (1 + Math.exp(-5)));
		assertArrayEquals(new float[] { sig5, sig5, 0.5f }, s.probabilities(), 1e-5f);
	}

	@Test
	void everyPlaneIsClassifiedWithProgressPerPlane() {
		float[] pixels = new float[2 * 32 * 32];
		java.util.Arrays.fill(pixels, 0, 32 * 32, 0.25f);
		java.util.Arrays.fill(pixels, 32 * 32, pixels.length, 0.75f);
		java.util.List<String> stages = new java.util.ArrayList<>();
		Progress progress = TestModels.reporting((stage, done, total) -> {
			if (stage.startsWith("Classifying")) stages.add(stage);
		});
		ModelRunner runner = new ModelRunner(TestModels.load("mean-classifier"), new RunOptions(0, false, progress));
		java.util.List<PlaneResult<ClassScores>> planes = Classification.planes(runner, TestModels.volume(pixels, 32, 32, 2),
			SCORES, DecoderSettings.DEFAULTS, 3);
		assertEquals(java.util.List.of(new Plane(0, 0), new Plane(1, 0)), planes.stream().map(PlaneResult::plane).toList());
		assertArrayEquals(softmax(2.5, 7.5, 0), planes.get(0).result().probabilities(), 1e-5f);
		assertArrayEquals(softmax(7.5, 2.5, 0), planes.get(1).result().probabilities(), 1e-5f);
		assertEquals(2, stages.size(), stages.toString());
		assertEquals("Classifying plane 2 of 2", stages.get(1));
		assertEquals("Model 'mean-classifier' gives 3 class scores but names 2 classes in config.visionj.classes; fix the model " +
			"description.", assertThrows(VisionJException.class, () -> Classification.planes(runner, TestModels.volume(pixels, 32,
				32, 2), SCORES, DecoderSettings.DEFAULTS, 2)).getMessage());
	}

	@Test
	void aRegionIsClassifiedByItsPartInsideTheImage() {
		PlaneRegion across = new PlaneRegion("cell", 0, 0, -5, 50, 20, 30);
		assertArrayEquals(new long[] { 0, 50, 15, 14 }, Classification.inside(across, 40, 64));
		assertArrayEquals(new long[] { 3, 4, 5, 6 }, Classification.inside(new PlaneRegion("in", 0, 0, 3, 4, 5, 6), 40, 64));
		assertEquals("ROI 'far' lies outside the 40x64 image; remove it or choose the image it belongs to.", assertThrows(
			VisionJException.class, () -> Classification.inside(new PlaneRegion("far", 0, 0, 40, 0, 5, 5), 40, 64)).getMessage());

		float[] pixels = new float[64 * 64];
		for (int y = 0; y < 64; y++)
			for (int x = 0; x < 20; x++)
				pixels[y * 64 + x] = 1;
		java.util.List<ClassScores> s = Classification.regions(TestModels.runner("mean-classifier", 0), TestModels.image(pixels,
			64, 64), java.util.List.of(new PlaneRegion("left", 0, 0, -10, 0, 30, 64), new PlaneRegion("right", 0, 0, 30, -3, 40, 70)),
			SCORES, DecoderSettings.DEFAULTS, 3);
		assertArrayEquals(softmax(10, 0, 0), s.get(0).probabilities(), 1e-5f);
		assertArrayEquals(softmax(0, 10, 0), s.get(1).probabilities(), 1e-5f);
	}
}
