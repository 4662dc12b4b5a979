package io.github.visionj.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.github.visionj.VisionJException;
import io.github.visionj.image.FloatTensor;

class ThreeClassDecoderTest {

	private final ThreeClassDecoder decoder = new ThreeClassDecoder();

	@Test
	void roundTripSeparatesObjectsAtTheirBoundaries() {
		int[] truth = Synthetic.scene();
		Instances decoded = decoder.decodeInstances(Synthetic.threeClass(truth), DecoderSettings.DEFAULTS);
		assertEquals(8, decoded.count());
		Synthetic.assertRecovered(truth, decoded.labels(), 0.9);
	}

	@Test
	void semanticIsTheArgmax() {
		FloatTensor maps = new FloatTensor(new float[] {
			0.8f, 0.1f, 0.3f, // background
			0.1f, 0.7f, 0.3f, // interior
			0.1f, 0.2f, 0.4f }, // boundary
			3, 1, 3);
		assertArrayEquals(new int[] { 0, 1, 2 }, decoder.decodeClasses(maps, DecoderSettings.DEFAULTS).classes());
	}

	@Test
	void emptyMapGivesNoObjects() {
		float[] data = new float[3 * 100];
		java.util.Arrays.fill(data, 0, 100, 1f);
		assertEquals(0, decoder.decodeInstances(new FloatTensor(data, 3, 10, 10), DecoderSettings.DEFAULTS).count());
	}

	@Test
	void otherChannelCountsAreNamed() {
		VisionJException e = assertThrows(VisionJException.class,
			() -> decoder.decodeClasses(FloatTensor.zeros(4, 8, 8), DecoderSettings.DEFAULTS));
		assertEquals("Decoder 'three-class' expects an output of shape [3, height, width] (background, interior, boundary)" +
			" but the model gave [4, 8, 8]; pick the decoder that matches the model's output.", e.getMessage());
	}
}
