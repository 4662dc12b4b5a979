package io.github.visionj.output;

import java.util.List;

import io.github.visionj.decode.ClassScores;

/**
 * The predicted class of one image, plane or ROI.
 *
 * @param source what was classified: an image title, a plane or a ROI name
 * @param probabilities one per class, in the model's class order
 */
public record ClassificationRow(String source, String className, double probability, float[] probabilities) {

	public static ClassificationRow of(String source, ClassScores scores, List<String> classNames) {
		int top = scores.top();
		return new ClassificationRow(source, classNames.get(top), scores.probabilities()[top],
			scores.probabilities().clone());
	}
}
