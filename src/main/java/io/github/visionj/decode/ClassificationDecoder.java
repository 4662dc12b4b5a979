package io.github.visionj.decode;

import io.github.visionj.image.FloatTensor;

/** Decodes a classifier's output for one network input into class probabilities. */
public interface ClassificationDecoder extends Decoder {

	/**
	 * @param output the postprocessed output tensor, batch axis included (batch size 1)
	 * @param alreadyNormalised the model's postprocessing already applied softmax or sigmoid
	 */
	ClassScores decodeScores(FloatTensor output, DecoderSettings settings, boolean alreadyNormalised);
}
