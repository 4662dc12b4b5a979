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
}
