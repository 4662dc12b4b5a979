package io.github.visionj.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.github.visionj.VisionJException;
import io.github.visionj.image.FloatTensor;

class ForegroundDecoderTest {

	private final ForegroundDecoder decoder = new ForegroundDecoder();

	@Test
	void watershedSplitsTouchingAndOverlappingObjects() {
		int[] truth = Synthetic.scene();
		FloatTensor maps = Synthetic.foreground(truth);
		Instances decoded = decoder.decodeInstances(maps, DecoderSettings.DEFAULTS);
		assertEquals(8, decoded.count());
		Synthetic.assertRecovered(truth, decoded.labels(), 0.9);
		decoded.objects().forEach(o -> assertEquals(1f, o.score()));
	}

	@Test
	void anElongatedObjectIsOneObject() {
		int[] truth = new int[Synthetic.WIDTH * Synthetic.HEIGHT];
		for (int y = 30; y < 38; y++)
			for (int x = 10; x < 90; x++)
				truth[y * Synthetic.WIDTH + x] = 1;
		Synthetic.disk(truth, 40, 30, 4, 1); // a bump on the outline
		Instances decoded = decoder.decodeInstances(Synthetic.foreground(truth), DecoderSettings.DEFAULTS);
		assertEquals(1, decoded.count());
		Synthetic.assertRecovered(truth, decoded.labels(), 1.0);
	}

	@Test
	void smallObjectsAreDroppedAndScoreIsMeanProbability() {
		float[] p = new float[20 * 20];
		for (int y = 2; y < 8; y++)
			for (int x = 2; x < 8; x++)
				p[y * 20 + x] = x < 5 ? 0.6f : 1f; // 36 pixels, mean 0.8
		p[15 * 20 + 15] = 0.9f; // one pixel
		Instances decoded = decoder.decodeInstances(new FloatTensor(p, 1, 20, 20), DecoderSettings.DEFAULTS.withMinSize(2));
		assertEquals(1, decoded.count());
		assertEquals(0.8f, decoded.objects().get(0).score(), 1e-6);
		assertEquals(0, decoded.labels()[15 * 20 + 15]);
	}

	@Test
	void semanticIsTheThresholdedMap() {
		FloatTensor maps = new FloatTensor(new float[] { 0.2f, 0.5f, 0.51f, 0.9f }, 1, 2, 2);
		ClassMap classes = decoder.decodeClasses(maps, DecoderSettings.DEFAULTS);
		assertEquals(java.util.List.of(0, 0, 1, 1), java.util.Arrays.stream(classes.classes()).boxed().toList());
		assertEquals(maps, classes.probabilities());
	}

	@Test
	void emptyMapGivesNoObjects() {
		assertEquals(0, decoder.decodeInstances(FloatTensor.zeros(1, 30, 40), DecoderSettings.DEFAULTS).count());
	}

	@Test
	void distanceTransformIsExact() {
		boolean[] mask = new boolean[7 * 5];
		java.util.Arrays.fill(mask, true);
		mask[0] = false; // background only at (0, 0)
		float[] d = DistanceTransform.of(mask, 7, 5);
		assertEquals(0f, d[0]);
		assertEquals(5f, d[4 * 7 + 3]); // (3, 4): a 3-4-5 triangle
		assertEquals((float) Math.sqrt(6 * 6 + 4 * 4), d[4 * 7 + 6]);
	}

	@Test
	void moreThanOneChannelIsNamed() {
		VisionJException e = assertThrows(VisionJException.class,
			() -> decoder.decodeInstances(FloatTensor.zeros(2, 8, 8), DecoderSettings.DEFAULTS));
		assertEquals("Decoder 'foreground' expects an output of shape [1, height, width] (object probability) but the model gave" +
			" [2, 8, 8]; pick the decoder that matches the model's output.", e.getMessage());
	}
}
