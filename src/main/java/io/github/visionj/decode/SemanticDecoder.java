package io.github.visionj.decode;

import io.github.visionj.image.FloatTensor;

/** Decodes per-pixel output maps of one 2D plane into a class per pixel. */
public interface SemanticDecoder extends Decoder {

	/**
	 * @param maps the postprocessed output of one plane, shape [C, height, width]
	 */
	ClassMap decodeClasses(FloatTensor maps, DecoderSettings settings);
}
