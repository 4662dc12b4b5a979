package io.github.visionj.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.github.visionj.image.FloatTensor;

class LabelImageDecoderTest {

	private final LabelImageDecoder decoder = new LabelImageDecoder();

	@Test
	void idsAreRenumberedInOrderAndKeptWhenDisconnected() {
		FloatTensor maps = new FloatTensor(new float[] {
			7, 7, 0, 3,
			0, 0, 0, 0,
			3, 0, 12, 12 }, 1, 3, 4);
		Instances decoded = decoder.decodeInstances(maps, DecoderSettings.DEFAULTS.withMinSize(2));
		assertArrayEquals(new int[] { 2, 2, 0, 1, 0, 0, 0, 0, 1, 0, 3, 3 }, decoded.labels());
		assertEquals(3, decoded.count());
	}

	@Test
	void roundTripIsExactAndSmallObjectsAreDropped() {
		int[] truth = Synthetic.scene();
		float[] ids = new float[truth.length];
		for (int i = 0; i < ids.length; i++)
			ids[i] = truth[i] == 0 ? 0 : 100 + truth[i];
		ids[0] = 5; // a one-pixel object
		Instances decoded = decoder.decodeInstances(new FloatTensor(ids, 1, Synthetic.HEIGHT, Synthetic.WIDTH),
			DecoderSettings.DEFAULTS);
		assertArrayEquals(truth, decoded.labels());
	}
}
