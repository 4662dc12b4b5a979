package io.github.visionj.decode;

import java.util.EnumSet;
import java.util.Set;

import java.util.Arrays;

import org.scijava.plugin.Plugin;

import io.github.visionj.VisionJException;
import io.github.visionj.decode.DecoderSettings.Setting;
import io.github.visionj.image.FloatTensor;

/**
 * A classifier's K scores, [1, K] or [K]: softmax when the classes exclude each other, a sigmoid
 * per class when {@code multiLabel}, unchanged when the model's postprocessing already did either.
 */
@Plugin(type = Decoder.class, name = ClassScoresDecoder.KEY)
public class ClassScoresDecoder implements ClassificationDecoder {

	public static final String KEY = "class-scores";

	@Override
	public String key() {
		return KEY;
	}

	@Override
	public Set<Setting> settingsRead() {
		return EnumSet.of(Setting.MULTI_LABEL);
	}

	@Override
	public ClassScores decodeScores(FloatTensor output, DecoderSettings settings, boolean alreadyNormalised) {
		long[] shape = output.shape();
		if (!(shape.length == 1 || shape.length == 2 && shape[0] == 1) || output.data().length == 0)
			throw new VisionJException("Decoder '" + KEY + "' expects an output of shape [1, K] or [K] (one score per class) but the model gave " +
				Arrays.toString(shape) + "; pick the decoder that matches the model's output.");
		float[] scores = output.data().clone();
		if (alreadyNormalised) return new ClassScores(scores);
		if (settings.multiLabel()) {
			for (int k = 0; k < scores.length; k++)
				scores[k] = (float) (1 / (1 + Math.exp(-scores[k])));
			return new ClassScores(scores);
		}
		float max = Float.NEGATIVE_INFINITY;
		for (float s : scores)
			max = Math.max(max, s);
		double sum = 0;
		for (int k = 0; k < scores.length; k++) {
			scores[k] = (float) Math.exp(scores[k] - max); // shifted by the maximum so exp cannot overflow
			sum += scores[k];
		}
		for (int k = 0; k < scores.length; k++)
			scores[k] /= sum;
		return new ClassScores(scores);
	}
}
