package io.github.visionj.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.github.visionj.VisionJException;
import io.github.visionj.image.FloatTensor;

class ClassScoresDecoderTest {

	private final ClassScoresDecoder decoder = new ClassScoresDecoder();
	private final FloatTensor logits = new FloatTensor(new float[] { 0, (float) Math.log(3), (float) Math.log(4) }, 1, 3);

	@Test
	void softmaxForExclusiveClasses() {
		ClassScores s = decoder.decodeScores(logits, DecoderSettings.DEFAULTS, false);
		assertArrayEquals(new float[] { 0.125f, 0.375f, 0.5f }, s.probabilities(), 1e-6f);
		assertEquals(2, s.top());
	}

	@Test
	void sigmoidForMultiLabel() {
		ClassScores s = decoder.decodeScores(new FloatTensor(new float[] { 0, (float) Math.log(3) }, 2),
			DecoderSettings.DEFAULTS.withMultiLabel(true), false);
		assertArrayEquals(new float[] { 0.5f, 0.75f }, s.probabilities(), 1e-6f);
	}

	@Test
	void normalisedScoresAreUsedAsTheyAre() {
		FloatTensor p = new FloatTensor(new float[] { 0.2f, 0.8f }, 1, 2);
		assertArrayEquals(new float[] { 0.2f, 0.8f }, decoder.decodeScores(p, DecoderSettings.DEFAULTS, true).probabilities());
	}

	@Test
	void largeLogitsDoNotOverflow() {
		FloatTensor big = new FloatTensor(new float[] { 1000, 1000 }, 1, 2);
		assertArrayEquals(new float[] { 0.5f, 0.5f }, decoder.decodeScores(big, DecoderSettings.DEFAULTS, false).probabilities());
	}

	@Test
	void mapsAreRefused() {
		VisionJException e = assertThrows(VisionJException.class,
			() -> decoder.decodeScores(FloatTensor.zeros(1, 3, 8, 8), DecoderSettings.DEFAULTS, false));
		assertEquals("Decoder 'class-scores' expects an output of shape [1, K] or [K] (one score per class) but the model gave" +
			" [1, 3, 8, 8]; pick the decoder that matches the model's output.", e.getMessage());
	}
}
