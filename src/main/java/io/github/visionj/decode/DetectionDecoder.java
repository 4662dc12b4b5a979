package io.github.visionj.decode;

import java.util.List;

import io.github.visionj.image.FloatTensor;

/** Decodes a detector's raw output for one network input into boxes. */
public interface DetectionDecoder extends Decoder {

	/**
	 * @param output the postprocessed output tensor, batch axis included (batch size 1)
	 * @return boxes in the coordinates of the network input, above the score threshold, after
	 *         class-wise non-maximum suppression, best first, at most {@code maxDetections}
	 */
	List<Detection> decodeDetections(FloatTensor output, DecoderSettings settings);
}
