package io.github.visionj.decode;

import java.util.Set;

import org.scijava.plugin.SciJavaPlugin;

/**
 * Turns a network's output into results. A new kind of model output is one class implementing
 * this interface and one or more of {@link InstanceDecoder}, {@link SemanticDecoder},
 * {@link DetectionDecoder} and {@link ClassificationDecoder}, annotated
 * {@code @Plugin(type = Decoder.class, name = KEY)}; the model's {@code config.visionj.decoder}
 * names the key. Decoders hold no state between calls.
 */
public interface Decoder extends SciJavaPlugin {

	/** The stable key a model description uses to pick this decoder. */
	String key();

	/**
	 * The settings this decoder reads; a user's value for any other one has no effect, which the
	 * commands say rather than ignore silently.
	 */
	Set<DecoderSettings.Setting> settingsRead();

	/**
	 * For averaging a dense model's output over mirror images of the input (test-time
	 * augmentation): {@code source[c]} is the channel that holds channel c's value once the output
	 * for the input mirrored along x and/or y has been mirrored back. The identity suits channels
	 * that are numbers per pixel (probabilities, class scores); a decoder whose channels are
	 * directions permutes them, and one whose output cannot be averaged (object ids) throws a
	 * {@link io.github.visionj.VisionJException}.
	 */
	default int[] channelsUnderFlip(int channels, boolean flipX, boolean flipY) {
		return java.util.stream.IntStream.range(0, channels).toArray();
	}
}
