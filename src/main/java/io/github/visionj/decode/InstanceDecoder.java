package io.github.visionj.decode;

import io.github.visionj.image.FloatTensor;

/** Decodes per-pixel output maps of one 2D plane into separate objects. */
public interface InstanceDecoder extends Decoder {

	/**
	 * @param maps the postprocessed output of one plane, shape [C, height, width]
	 */
	Instances decodeInstances(FloatTensor maps, DecoderSettings settings);
}
