package io.github.visionj.pipeline;

import io.github.visionj.decode.ClassScores;
import io.github.visionj.decode.ClassificationDecoder;
import io.github.visionj.decode.DecoderSettings;
import io.github.visionj.image.AxisImage;
import io.github.visionj.model.ProcessingStep;

/** Class probabilities of a whole plane or of a region of it, resized to the model's input. */
public final class Classification {

	private Classification() {}

	/**
	 * @param region x0, y0, width, height in the plane
	 */
	public static ClassScores classify(ModelRunner runner, AxisImage<?> image, Plane plane, long[] region,
		ClassificationDecoder decoder, DecoderSettings settings)
	{
		ModelRunner.Resized r = runner.resized(image, plane, region, false);
		boolean normalised = runner.description().decodedOutput().processing().stream().map(ProcessingStep::id)
			.anyMatch(id -> id.equals("softmax") || id.equals("sigmoid"));
		return decoder.decodeScores(r.output(), settings, normalised);
	}
}
