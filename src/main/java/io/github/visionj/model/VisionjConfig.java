package io.github.visionj.model;

import java.util.List;

import io.github.visionj.decode.DecoderSettings;

/**
 * What the {@code config: visionj:} section of a description says about the model's output
 * (see docs/model-format.md). Keys the description leaves out are null (task, decoder), empty
 * (classes) or {@link DecoderSettings#DEFAULTS}; unknown task and decoder strings are kept as given.
 *
 * @param task classify, detect, semantic or instance; null when not said
 * @param decoder key of the decoder of the output it reads; null when not said
 * @param classes names of the object or image classes
 * @param objectName prefix of ROI names; the single class name, or "object" when not said
 * @param grayToRgb a one-channel image is repeated into the model's three channels
 * @param defaults decoder settings the model's authors chose
 * @param output id of the output the decoder reads; null: the first
 */
public record VisionjConfig(String task, String decoder, List<String> classes, String objectName, boolean grayToRgb,
	DecoderSettings defaults, String output)
{

	/** What a description without a {@code config: visionj:} section says. */
	public static final VisionjConfig NONE = new VisionjConfig(null, null, List.of(), "object", false,
		DecoderSettings.DEFAULTS, null);

	public VisionjConfig {
		classes = List.copyOf(classes);
	}
}
