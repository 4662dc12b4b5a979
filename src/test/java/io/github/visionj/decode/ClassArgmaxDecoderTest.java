package io.github.visionj.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.visionj.image.FloatTensor;

class ClassArgmaxDecoderTest {

	private final ClassArgmaxDecoder decoder = new ClassArgmaxDecoder();

	/** Row of 6 pixels: background, class 1, class 1, class 2, background, class 1. */
	private static FloatTensor maps() {
		return new FloatTensor(new float[] {
			0.9f, 0.1f, 0.2f, 0.1f, 0.8f, 0.3f, // background
			0.05f, 0.8f, 0.6f, 0.2f, 0.1f, 0.5f, // class 1
			0.05f, 0.1f, 0.2f, 0.7f, 0.1f, 0.2f }, // class 2
			3, 1, 6);
	}

	@Test
	void semanticIsTheArgmax() {
		assertArrayEquals(new int[] { 0, 1, 1, 2, 0, 1 }, decoder.decodeClasses(maps(), DecoderSettings.DEFAULTS).classes());
	}

	@Test
	void instancesAreComponentsPerClassEvenWhenTouching() {
		Instances decoded = decoder.decodeInstances(maps(), DecoderSettings.DEFAULTS.withMinSize(0));
		assertArrayEquals(new int[] { 0, 1, 1, 3, 0, 2 }, decoded.labels());
		assertEquals(List.of(0, 0, 1), decoded.objects().stream().map(Instance::classIndex).toList());
		float[] means = { 0.7f, 0.5f, 0.7f };
		for (int i = 0; i < 3; i++)
			assertEquals(means[i], decoded.objects().get(i).score(), 1e-6);
	}
}
